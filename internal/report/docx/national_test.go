package docx

import (
	"bytes"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// TestNationalDOCX reads the 附件1 form and the Sichuan layout as Word
// files: the title in paragraphs above the table, vMerge and gridSpan,
// the signature line below, and the form split over two tables by a page
// break. Clean forms give no error finding; planted errors are all found.
func TestNationalDOCX(t *testing.T) {
	forms := []func(bool) *reporttest.FormSpec{reporttest.NationalForm, reporttest.SichuanForm, reporttest.DepartmentForm, reporttest.TransferForm}
	for fi, form := range forms {
		for _, planted := range []bool{false, true} {
			for _, split := range []int{0, 1} {
				spec := form(planted)
				at := 0
				if split > 0 {
					at = len(spec.Cells) - spec.Below - 4 // a page break near the end of the indicators
				}
				b := docxWith(t, spec.WordDocument(at))
				imp, err := Read("unit.docx", bytes.NewReader(b), int64(len(b)), report.Options{})
				if err != nil {
					t.Fatalf("form %d planted=%v split=%d: %v", fi, planted, at, err)
				}
				r := imp.Reports[0]
				if r.Year != 2023 || fi < 2 && (r.Code == "" || strings.Contains(r.Project, r.Code) || r.Sheet.Execution == nil || len(r.Sheet.Rows) != 5) || fi >= 2 && len(r.Sheet.Rows) != 4 {
					t.Fatalf("form %d split=%d: year %d code %q project %q execution %+v rows %d", fi, at, r.Year, r.Code, r.Project, r.Sheet.Execution, len(r.Sheet.Rows))
				}
				res := eval.Check(r, nil)
				got := map[string]bool{}
				for _, f := range res.Findings {
					got[f.Rule] = true
					if !planted && f.Severity == eval.SevError {
						t.Errorf("form %d split=%d: false error %s: %s", fi, at, f.Rule, f.MessageZH)
					}
				}
				for _, p := range spec.Planted {
					if !got[p] {
						t.Errorf("form %d split=%d: planted %s not found: %v", fi, at, p, res.Findings)
					}
				}
			}
		}
	}
}

// TestNationalRoundTrip: a national form read, written in the 附件1
// layout and read again gives the same report.
func TestNationalRoundTrip(t *testing.T) {
	for _, form := range []func(bool) *reporttest.FormSpec{reporttest.NationalForm, reporttest.SichuanForm, reporttest.DepartmentForm, reporttest.TransferForm} {
		b := docxWith(t, form(false).WordDocument(0))
		imp, err := Read("in.docx", bytes.NewReader(b), int64(len(b)), report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r1 := imp.Reports[0]
		if r1.Layout != eval.LayoutNational {
			t.Fatalf("layout %q", r1.Layout)
		}
		var out bytes.Buffer
		if err := Write(&out, r1, eval.Check(r1, nil)); err != nil {
			t.Fatal(err)
		}
		imp2, err := Read("out.docx", bytes.NewReader(out.Bytes()), int64(out.Len()), report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d := reporttest.Diff(r1, imp2.Reports[0]); d != nil {
			t.Errorf("round trip:\n%s", strings.Join(d, "\n"))
		}
		if !strings.Contains(out.String(), "") {
			t.Fatal()
		}
	}
}
