package docx

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// rowsOf is the part of a form from row from to row to (exclusive), with
// the merges inside it, as a form of its own with no title or lines below.
func rowsOf(s *reporttest.FormSpec, from, to int) *reporttest.FormSpec {
	out := &reporttest.FormSpec{Name: s.Name, Cells: s.Cells[from:to]}
	for _, m := range s.Merges {
		if m.Top >= from && m.Bottom < to {
			out.Merges = append(out.Merges, reporttest.Span{Top: m.Top - from, Left: m.Left, Bottom: m.Bottom - from, Right: m.Right})
		}
	}
	return out
}

func para(s string) string { return `<w:p><w:r><w:t>` + html.EscapeString(s) + `</w:t></w:r></w:p>` }

// nestedDocuments lays a form out with nested tables, as Word users do:
// the whole form inside the one cell of a frame table (title paragraphs
// too), and the 绩效指标 part as a table inside the last cell of the
// outer form.
func nestedDocuments(s *reporttest.FormSpec) map[string]string {
	doc := func(body string) string {
		return `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`
	}
	var titles, below string
	for r := 0; r < s.Titles; r++ {
		titles += para(strings.Join(s.Cells[r], ""))
	}
	for r := len(s.Cells) - s.Below; r < len(s.Cells); r++ {
		below += para(strings.Join(s.Cells[r], " "))
	}
	frame := `<w:tbl><w:tr><w:tc>` + titles + s.WordTable(0) + below + `</w:tc></w:tr></w:tbl>`
	ht := 0
	for r, row := range s.Cells {
		for _, c := range row {
			if c == "一级指标" && ht == 0 {
				ht = r
			}
		}
	}
	top := rowsOf(s, s.Titles, ht)
	inner := rowsOf(s, ht, len(s.Cells)-s.Below)
	outer := strings.TrimSuffix(top.WordTable(0), "</w:tbl>") +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="` + itoa(s.Width()) + `"/></w:tcPr>` + inner.WordTable(0) + `<w:p/></w:tc></w:tr></w:tbl>`
	return map[string]string{"frame": doc(frame), "indicators nested": doc(titles + outer + below)}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestNestedTables: a form inside a frame table, and its 绩效指标 as a
// table in a cell of the outer form, read to the same report as the plain
// Word form; the planted errors are found and the clean form has none.
func TestNestedTables(t *testing.T) {
	for _, form := range []func(bool) *reporttest.FormSpec{reporttest.NationalForm, reporttest.SichuanForm} {
		for _, planted := range []bool{false, true} {
			spec := form(planted)
			b := docxWith(t, spec.WordDocument(0))
			want, err := Read("plain.docx", bytes.NewReader(b), int64(len(b)), report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for shape, d := range nestedDocuments(spec) {
				b := docxWith(t, d)
				imp, err := Read("nested.docx", bytes.NewReader(b), int64(len(b)), report.Options{})
				if err != nil {
					t.Errorf("%s planted=%v %s: %v", spec.Name, planted, shape, err)
					continue
				}
				if d := reporttest.Diff(want.Reports[0], imp.Reports[0]); d != nil {
					t.Errorf("%s planted=%v %s: differs from the plain form:\n%s", spec.Name, planted, shape, strings.Join(d, "\n"))
				}
				got := map[string]bool{}
				for _, f := range eval.Check(imp.Reports[0], nil).Findings {
					if f.Severity == eval.SevError {
						got[f.Rule] = true
					}
				}
				for _, p := range spec.Planted {
					if !got[p] {
						t.Errorf("%s %s: planted %s not found", spec.Name, shape, p)
					}
				}
				if !planted && len(got) > 0 {
					t.Errorf("%s %s: false errors %v", spec.Name, shape, got)
				}
			}
		}
	}
}
