package xlsx

import (
	"io"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/money"
)

// Table is one worksheet of plain rows: a title row, a header row and the
// data. Cells hold string, int, int64, float64, money.Fen (an amount
// printed in 万元) or Yuan (an amount in 元), nil for an empty cell.
type Table struct {
	Name    string // worksheet name (≤ 31 characters)
	Title   string
	Columns []string
	Widths  []float64 // column widths; missing ones are 12
	Rows    [][]any
}

// Yuan is a cell holding an amount in 元: a number cell with two
// decimals and thousands separators, written from the amount's exact
// decimal text (money.Fen.String), never through float64.
type Yuan money.Fen

// WriteTables writes tables as one workbook, each on its own worksheet with
// the header row repeated on printed pages, A4 landscape. The review desk's
// ranking, findings and 抽评 work list use it.
func WriteTables(w io.Writer, tables []Table) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	ww := &writer{f: f, st: st}
	for k, t := range tables {
		if k == 0 {
			ww.err = f.SetSheetName("Sheet1", t.Name)
		} else if ww.err == nil {
			_, ww.err = f.NewSheet(t.Name)
		}
		ww.fit(t.Name, t.Widths, t.Columns, t.Rows, 3)
		ww.set(t.Name, 1, 1, t.Title, 0)
		ww.merge(t.Name, 1, 1, max(1, len(t.Columns)), 1, st.title)
		for c, h := range t.Columns {
			ww.set(t.Name, c+1, 2, h, st.head)
		}
		for r, row := range t.Rows {
			for c := range t.Columns {
				var v any
				if c < len(row) {
					v = row[c]
				}
				style := st.cellLeft
				switch x := v.(type) {
				case int, int64, float64:
					style = st.cell
				case money.Fen: // an amount in 万元, as a number with its decimals
					v, style = ww.wanValue(x)
				case Yuan:
					v, style = numText(money.Fen(x).String()), st.wan[2]
				}
				ww.set(t.Name, c+1, r+3, v, style)
			}
		}
		ww.page(t.Name, "$2:$2")
		land := "landscape"
		if ww.err == nil {
			ww.err = f.SetPageLayout(t.Name, &excelize.PageLayoutOptions{Orientation: &land})
		}
	}
	if ww.err != nil {
		return ww.err
	}
	_, err = f.WriteTo(w)
	return err
}
