// Package htmlreport renders a self-evaluation as one printable HTML page:
// the narrative and the 评分表 with merged 一级/二级 cells, A4 print CSS,
// the table header repeated on each printed page, Chinese fonts named with
// fallbacks. The page is self-contained (no scripts, no external files),
// so the web application can serve it and a browser can print it.
package htmlreport

import (
	_ "embed"
	"html/template"
	"io"

	"jixiao/internal/eval"
	"jixiao/internal/report/form"
)

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"wan": func(a eval.Amount) string {
		if !a.Set {
			return ""
		}
		return form.WanText(a.Fen)
	},
}).Parse(pageHTML))

// checkView is the screen-only summary of the checker's result.
type checkView struct {
	Total, Grade     string
	Errors, Warnings int
}

type view struct {
	Doc                     *form.Document
	Rest                    []string // score-sheet columns after the three levels
	Dir                     bool
	TotalWeight, TotalScore string
	TotalRest               []struct{}
	Check                   *checkView
	ColWidths               []int // percent of the table width, as the PDF sets them
}

// Write writes one evaluation as a printable HTML page. When res holds
// a checked result (it has a grade), a screen-only line states the
// recomputed total and the number of findings; it is hidden in print.
func Write(w io.Writer, r *eval.Report, res eval.Result) error {
	if r.Layout == eval.LayoutNational {
		return writeNational(w, r, checkOf(res))
	}
	d := form.Build(r)
	v := view{Doc: d, Dir: d.Sheet.HasDirection}
	cols := form.SheetColumns
	if v.Dir {
		cols = append(append([]string(nil), cols...), form.DirectionColumn)
	}
	v.Rest = cols[3:]
	v.ColWidths = []int{10, 12, 20, 12, 12, 7, 7, 20}
	if v.Dir {
		v.ColWidths = []int{10, 12, 19, 12, 12, 7, 7, 14, 7}
	}
	v.TotalWeight, v.TotalScore = d.Sheet.TotalCells()
	v.TotalRest = make([]struct{}, len(cols)-7)
	v.Check = checkOf(res)
	return page.Execute(w, v)
}

// checkOf is the screen-only summary of a checked result, nil when res
// was not checked.
func checkOf(res eval.Result) *checkView {
	if res.Grade == "" {
		return nil
	}
	c := &checkView{Total: res.ComputedTotal.String(), Grade: res.Grade}
	for _, f := range res.Findings {
		switch f.Severity {
		case eval.SevError:
			c.Errors++
		case eval.SevWarning:
			c.Warnings++
		}
	}
	return c
}
