package cnid

import (
	"slices"
	"testing"
)

func TestDiagnose(t *testing.T) {
	const real = "320682196012086606" // valid
	if !Valid18(real) {
		t.Fatal("fixture ID invalid")
	}
	for _, c := range []struct {
		raw, id                 string
		damaged, maybe, cleaned bool
	}{
		{real, real, false, false, false},
		{"'" + real, real, false, false, false},
		{"３２０６８２１９６０１２０８６６０６", real, false, false, false},
		{"身份证：" + real, real, false, false, true},
		{"身份证号:" + real, real, false, false, true},
		{`="` + real + `"`, real, false, false, true},
		{"3.20682196012087E+17", "", true, false, false},
		{"3.20682E+17", "", true, false, false},
		{"320682196012087000", "", true, false, false},
		{"3.20682601208660E+14", "320682601208660", false, false, true},
		{"20682196012086606", "", true, false, false},
		{"32068219601208660", "", true, false, false},
	} {
		id, d, cleaned := Diagnose(c.raw)
		if d != nil && d.Maybe && id == c.raw {
			continue // valid as written, and marked as possibly cut
		}
		if id != c.id || (d != nil) != c.damaged && !(d != nil && d.Maybe) || cleaned != c.cleaned {
			t.Errorf("Diagnose(%q) = %q, %+v, %v", c.raw, id, d, cleaned)
			continue
		}
		if d != nil && !d.Fits(real) {
			t.Errorf("Diagnose(%q): damage %+v does not fit the true ID", c.raw, d)
		}
	}
	// Excel rounds up: the birth date may carry (…0899|9 → …0900)
	_, d, _ := Diagnose("3.20682196012090E+17")
	if d == nil || !d.Fits("320682196012089960") && !d.Fits("32068219601208996X") {
		t.Errorf("carry: %+v", d)
	}
	if b := d.Births(); !slices.Contains(b, 19601208) {
		t.Errorf("births %v", b)
	}
	_, d, _ = Diagnose("3.20682E+17")
	if d.Births() != nil {
		t.Errorf("6 digits left should give no birth date: %v", d.Births())
	}
	if d.Fits("110105194912310002") {
		t.Error("another region fits")
	}
}
