package reporttest

import (
	"reflect"
	"testing"

	"jixiao/internal/eval"
)

// nonZero sets v (settable) to a value other than its zero value.
func nonZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		nonZero(v.Index(0))
	case reflect.Array:
		return nonZero(v.Index(0))
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && nonZero(v.Field(i)) {
				return true
			}
		}
		return false
	default:
		return false
	}
	return true
}

// TestDiffSeesEveryField: every field of a report, and of its 评分表, is
// compared by Diff (so a round trip that drops one fails), except where
// the report came from.
func TestDiffSeesEveryField(t *testing.T) {
	// Sign, the documents' signature block, is written from the unit's
	// settings and not read back from a form.
	skip := map[string]bool{"Source": true, "Line": true, "Notes": true, "Sheet": true, "Sign": true}
	check := func(name string, set func(r *eval.Report) reflect.Value) {
		var a, b eval.Report
		if !nonZero(set(&b)) {
			t.Fatalf("%s: no value to set", name)
		}
		if Diff(&a, &b) == nil {
			t.Errorf("Diff does not compare %s", name)
		}
	}
	rt := reflect.TypeOf(eval.Report{})
	for i := 0; i < rt.NumField(); i++ {
		if f := rt.Field(i); !skip[f.Name] {
			check(f.Name, func(r *eval.Report) reflect.Value { return reflect.ValueOf(r).Elem().Field(i) })
		}
	}
	st := reflect.TypeOf(eval.Sheet{})
	for i := 0; i < st.NumField(); i++ {
		check("Sheet."+st.Field(i).Name, func(r *eval.Report) reflect.Value { return reflect.ValueOf(&r.Sheet).Elem().Field(i) })
	}
}
