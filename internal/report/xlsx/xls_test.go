package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/xlsfile"
)

// specXLS writes test forms as an Excel 97–2003 workbook (the xlsfile
// fixture writer: texts and numbers, no merges; "95%" as Excel stores what
// a person types so, the ratio 0.95 in a %-formatted cell).
func specXLS(t *testing.T, specs ...*reporttest.FormSpec) []byte {
	t.Helper()
	var sheets []xlsfile.SheetData
	for _, s := range specs {
		sd := xlsfile.SheetData{Name: s.Name}
		for r, row := range s.Cells {
			var out []any
			for c, v := range row {
				if s.Percent[[2]int{r, c}] || strings.HasSuffix(v, "%") {
					if n, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil {
						out = append(out, xlsfile.Percent(n/100))
						continue
					}
				}
				if n, err := strconv.ParseFloat(v, 64); err == nil {
					out = append(out, n)
					continue
				}
				out = append(out, v)
			}
			sd.Rows = append(sd.Rows, out)
		}
		sheets = append(sheets, sd)
	}
	var buf bytes.Buffer
	if err := xlsfile.WriteXLS(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNationalXLS reads the national and Sichuan forms as .xls: clean
// twins give no error, planted errors are all found.
func TestNationalXLS(t *testing.T) {
	for _, form := range []func(bool) *reporttest.FormSpec{reporttest.NationalForm, reporttest.SichuanForm, reporttest.DepartmentForm, reporttest.TransferForm} {
		for _, planted := range []bool{false, true} {
			spec := form(planted)
			b := specXLS(t, spec)
			imp, err := ReadXLS("unit.xls", bytes.NewReader(b), int64(len(b)), report.Options{})
			if err != nil {
				t.Fatalf("%s planted=%v: %v", spec.Name, planted, err)
			}
			r := imp.Reports[0]
			if r.Year != 2023 || r.Layout != eval.LayoutNational || len(r.Sheet.Rows) < 4 {
				t.Fatalf("%s: year %d code %q rows %d execution %+v layout %q", spec.Name, r.Year, r.Code, len(r.Sheet.Rows), r.Sheet.Execution, r.Layout)
			}
			if r.Sheet.Rows[1].Level1 != "产出指标" || r.Sheet.Rows[len(r.Sheet.Rows)-1].Level1 != "满意度指标" {
				t.Errorf("levels filled down: %+v", r.Sheet.Rows)
			}
			checkPlanted(t, spec.Name+" xls", r, spec.Planted)
			// The same report as the .xlsx of the form: 95% typed in a
			// cell is 95%, not the ratio Excel stores.
			want, err := readBytes(specBook(t, specOpts{}, spec), report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := reporttest.Diff(want.Reports[0], r); d != nil {
				t.Errorf("%s planted=%v: .xls and .xlsx differ:\n%s", spec.Name, planted, strings.Join(d, "\n"))
			}
		}
	}
	if _, err := ReadXLS("bad.xls", bytes.NewReader([]byte("\xd0\xcf\x11\xe0garbage")), 12, report.Options{}); err == nil || !strings.Contains(err.Error(), "bad.xls") {
		t.Errorf("a broken .xls: %v", err)
	}
}
