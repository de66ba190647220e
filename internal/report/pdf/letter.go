package pdf

import (
	"io"

	"jixiao/internal/report/form"
)

// WriteLetter sets a plain official document (form.Letter) as an A4 PDF:
// the title, the paragraphs before the table, the table with its header
// repeated on each page (rows in l.Bold drawn bold), the paragraphs after
// it and the closing field lines. It fails with ErrNoFont when no Chinese
// TrueType font is found.
func WriteLetter(out io.Writer, l form.Letter) error {
	w, err := newWriter(l.Title, l.Author)
	if err != nil {
		return err
	}
	w.newPage()
	w.title(l.Title)
	for _, p := range l.Before {
		w.paragraph("", p, sizeBody)
	}
	if len(l.Columns) > 0 {
		w.letterTable(l)
	}
	for _, p := range l.After {
		w.paragraph("", p, sizeBody)
	}
	w.signature(l.Fields)
	return w.output(out)
}

// letterTable draws the letter's table, columns as wide as l.Widths says
// in proportion (equal shares without them).
func (w *writer) letterTable(l form.Letter) {
	widths := make([]float64, len(l.Columns))
	total := 0
	if len(l.Widths) == len(l.Columns) {
		for _, x := range l.Widths {
			total += x
		}
	}
	for i := range widths {
		if total > 0 {
			widths[i] = textW * float64(l.Widths[i]) / float64(total)
		} else {
			widths[i] = textW / float64(len(widths))
		}
	}
	if l.Caption != "" {
		w.y += 2
		w.p.SetFont(family, "", sizeField)
		w.p.SetXY(marginL, w.y)
		w.p.CellFormat(textW, lineH(sizeField), l.Caption, "", 0, "C", false, 0, "")
		w.y += lineH(sizeField)
	}
	w.p.SetFont(family, "", sizeTable)
	w.ensure(30)
	w.letterHead(l.Columns, widths)
	for k, cells := range l.Rows {
		h := 0.0
		for i := range widths {
			h = max(h, w.cellHeight(cellOf(cells, i), widths[i]))
		}
		if w.ensure(h) {
			w.p.SetFont(family, "", sizeTable)
			w.letterHead(l.Columns, widths)
		}
		x := marginL
		for i := range widths {
			align := "L"
			if i == 0 {
				align = "C"
			}
			w.cellBox(x, w.y, widths[i], h, cellOf(cells, i), align, l.Bold[k])
			x += widths[i]
		}
		w.y += h
	}
	w.y += 3
}

// letterHead repeats the header row on a new page.
func (w *writer) letterHead(cols []string, widths []float64) {
	h := 0.0
	for i := range widths {
		h = max(h, w.cellHeight(cols[i], widths[i]))
	}
	w.p.SetFillColor(237, 237, 237)
	w.p.Rect(marginL, w.y, sum(widths), h, "F")
	x := marginL
	for i := range widths {
		w.cellBox(x, w.y, widths[i], h, cols[i], "C", true)
		x += widths[i]
	}
	w.y += h
}

func cellOf(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}
