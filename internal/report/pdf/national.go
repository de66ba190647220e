package pdf

import (
	"jixiao/internal/report/form"
)

// national draws the 附件1 form: 附件1, title and year line, then the form
// cell by cell with the template's merged cells. Rows are laid out on
// pages first; a merged cell that runs over a page break is drawn on each
// page it covers, its text on the first piece (a 绩效指标 or 一级 label is
// repeated on the next page).
func (w *writer) national(g *form.GridForm) {
	w.newPage()
	w.headFont(14)
	w.p.SetXY(marginL, w.y)
	w.p.CellFormat(textW, lineH(14), g.Above[0], "", 0, "L", false, 0, "")
	w.bold(false)
	w.y += lineH(14)
	w.title(g.Above[1])
	w.p.SetFont(family, "", sizeField)
	w.p.SetXY(marginL, w.y)
	w.p.CellFormat(textW, lineH(sizeField), g.Above[2], "", 0, "C", false, 0, "")
	w.y += lineH(sizeField) + 2
	w.p.SetFont(family, "", sizeTable)

	widths := make([]float64, len(g.Widths))
	xs := make([]float64, len(g.Widths)+1)
	xs[0] = marginL
	for i, p := range g.Widths {
		widths[i] = textW * float64(p) / 100
		xs[i+1] = xs[i] + widths[i]
	}
	span := func(r, c int) form.GridMerge {
		if m, ok := g.MergeAt(r, c); ok {
			return m
		}
		return form.GridMerge{Top: r, Left: c, Bottom: r, Right: c}
	}
	// Row heights: one-row cells set them; a taller merged cell stretches
	// its last row.
	hs := make([]float64, len(g.Rows))
	for r, row := range g.Rows {
		hs[r] = 7
		for c, x := range row {
			if x.Covered {
				continue
			}
			m := span(r, c)
			if m.Bottom == r {
				hs[r] = max(hs[r], w.cellHeight(x.Text, xs[m.Right+1]-xs[m.Left]))
			}
		}
	}
	for r, row := range g.Rows {
		for c, x := range row {
			if m := span(r, c); !x.Covered && m.Bottom > r {
				need, have := w.cellHeight(x.Text, xs[m.Right+1]-xs[m.Left]), 0.0
				for k := r; k <= m.Bottom; k++ {
					have += hs[k]
				}
				if need > have {
					hs[m.Bottom] += need - have
				}
			}
		}
	}
	// Pages: the y of each row and the page it is on.
	ys, page := make([]float64, len(g.Rows)), make([]int, len(g.Rows))
	y, pg := w.y, 0
	for r := range g.Rows {
		if y+hs[r] > bottomY && y > marginT {
			pg++
			y = marginT
		}
		ys[r], page[r] = y, pg
		y += hs[r]
	}
	for p := 0; p <= pg; p++ {
		if p > 0 {
			w.newPage()
			w.p.SetFont(family, "", sizeTable)
		}
		for r, row := range g.Rows {
			if page[r] != p {
				continue
			}
			for c := range row {
				// The cell that covers (r, c), drawn where it starts or
				// where it continues at the top of this page.
				top, left := r, c
				for _, m := range g.Merges {
					if m.Top <= r && r <= m.Bottom && m.Left <= c && c <= m.Right {
						top, left = m.Top, m.Left
					}
				}
				if left != c || top != r && !(page[top] != p && (r == 0 || page[r-1] != p)) {
					continue
				}
				m := span(top, left)
				h := 0.0
				for k := r; k <= m.Bottom && page[k] == p; k++ {
					h += hs[k]
				}
				x := g.Rows[top][left]
				align := "L"
				if x.Label || x.Number {
					align = "C"
				}
				if x.Label {
					w.p.SetFillColor(237, 237, 237)
					w.p.Rect(xs[m.Left], ys[r], xs[m.Right+1]-xs[m.Left], h, "F")
				}
				w.cellBox(xs[m.Left], ys[r], xs[m.Right+1]-xs[m.Left], h, x.Text, align, x.Label)
			}
		}
	}
	w.y = y
	w.p.SetFont(family, "", sizeField)
	for _, t := range g.Below {
		w.ensure(lineH(sizeField))
		w.y += 2
		w.p.SetXY(marginL, w.y)
		w.p.CellFormat(textW, lineH(sizeField), t, "", 0, "L", false, 0, "")
		w.y += lineH(sizeField)
	}
}
