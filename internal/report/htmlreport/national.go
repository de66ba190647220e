package htmlreport

import (
	_ "embed"
	"html/template"
	"io"

	"jixiao/internal/eval"
	"jixiao/internal/report/form"
)

//go:embed national.html
var nationalHTML string

var nationalPage = template.Must(template.New("national").Parse(nationalHTML))

// htmlCell is a cell that is printed, with its row and column spans.
type htmlCell struct {
	form.GridCell
	Row, Col int
}

// writeNational writes the 附件1 form as one table with rowspan and
// colspan where the template merges cells.
func writeNational(w io.Writer, r *eval.Report, c *checkView) error {
	g := form.National(r)
	rows := make([][]htmlCell, len(g.Rows))
	for i, row := range g.Rows {
		for j, x := range row {
			if x.Covered {
				continue
			}
			hc := htmlCell{GridCell: x, Row: 1, Col: 1}
			if m, ok := g.MergeAt(i, j); ok {
				hc.Row, hc.Col = m.Bottom-m.Top+1, m.Right-m.Left+1
			}
			rows[i] = append(rows[i], hc)
		}
	}
	return nationalPage.Execute(w, struct {
		G     *form.GridForm
		Rows  [][]htmlCell
		Check *checkView
	}{g, rows, c})
}
