// Package table recognises the parts of a self-evaluation in a grid of
// cells — a worksheet or a Word table: the 评分表 with its header row, the
// funds block, labelled header fields (填报单位 …) and narrative rows. It
// knows the layout jixiao writes and the common variants units use:
// merged or repeated 一级/二级 names, one combined target cell or separate
// 指标性质 / 指标值 / 度量单位 columns, title lines above the header, extra
// reason columns, a funds block with 年初预算数 / 全年预算数 / 全年执行数.
//
// The package is pure: the xlsx and docx readers build a Grid and hand it
// over. Every problem is reported with sheet, row, column and reason, and
// a grid that cannot be read completely yields no report at all.
package table

import (
	"strings"

	"jixiao/internal/eval"
)

// Grid is a rectangle of cell texts as a reader found them.
type Grid struct {
	// Name is the sheet's name, or "表格 1" for a Word table.
	Name string
	// Cells are row-major; rows may be ragged. Cells[i][j] is row
	// RowNum(i), column j+1.
	Cells [][]string
	// RowNums are the 1-based row numbers of Cells in the source, when rows
	// were skipped; nil means row i is number i+1.
	RowNums []int
	// Merges are the merged ranges, 0-based and inclusive, in Cells indexes.
	Merges []Merge
	// Formatted returns a cell's text as displayed (number formats
	// applied), when Cells holds raw values; nil when Cells are displayed
	// text already. It is asked only for a few cells.
	Formatted func(row, col int) string
	// Formula returns the formula of a cell whose value is empty, or "".
	// nil when the source has no formulas.
	Formula func(row, col int) string

	// cover maps each cell to the index of the merge covering it, -1 for
	// none; built on first use.
	cover [][]int32
}

// Merge is a merged range of cells, 0-based, inclusive.
type Merge struct {
	Top, Left, Bottom, Right int
}

// RowNum is the source row number of row i.
func (g *Grid) RowNum(i int) int {
	if i >= 0 && i < len(g.RowNums) {
		return g.RowNums[i]
	}
	return i + 1
}

// At returns the trimmed text of a cell, "" outside the grid.
func (g *Grid) At(r, c int) string {
	if r < 0 || r >= len(g.Cells) || c < 0 || c >= len(g.Cells[r]) {
		return ""
	}
	return strings.TrimSpace(g.Cells[r][c])
}

// display returns the cell as shown to a person.
func (g *Grid) display(r, c int) string {
	if g.Formatted != nil {
		if s := strings.TrimSpace(g.Formatted(r, c)); s != "" {
			return s
		}
	}
	return g.At(r, c)
}

// width is the widest row.
func (g *Grid) width() int {
	w := 0
	for _, r := range g.Cells {
		if len(r) > w {
			w = len(r)
		}
	}
	return w
}

// mergeAt returns the merge covering (r, c), if any.
func (g *Grid) mergeAt(r, c int) (Merge, bool) {
	if len(g.Merges) == 0 {
		return Merge{}, false
	}
	g.index()
	if r < 0 || r >= len(g.cover) || c < 0 || c >= len(g.cover[r]) || g.cover[r][c] < 0 {
		return Merge{}, false
	}
	return g.Merges[g.cover[r][c]], true
}

// index builds the cell → merge map, clipped to the grid. Where merges
// overlap (a broken file) the first one wins, and filling a merge stops at
// the first covered cell, so the work is bounded by the grid's area plus
// the number of merges.
func (g *Grid) index() {
	if g.cover != nil {
		return
	}
	w := g.width()
	g.cover = make([][]int32, len(g.Cells))
	for i := range g.cover {
		row := make([]int32, w)
		for j := range row {
			row[j] = -1
		}
		g.cover[i] = row
	}
	for mi, m := range g.Merges {
		if m.Top < 0 || m.Left < 0 {
			continue
		}
	fill:
		for r := m.Top; r <= m.Bottom && r < len(g.cover); r++ {
			for c := m.Left; c <= m.Right && c < w; c++ {
				if g.cover[r][c] >= 0 {
					break fill
				}
				g.cover[r][c] = int32(mi)
			}
		}
	}
}

// sameMerge reports whether (r, c2) lies in the merge that covers (r, c).
func (g *Grid) sameMerge(r, c, c2 int) bool {
	m, ok := g.mergeAt(r, c)
	return ok && c2 >= m.Left && c2 <= m.Right && r >= m.Top && r <= m.Bottom
}

// filled returns a cell's text with merged ranges filled from their
// top-left cell, as a person reads a header.
func (g *Grid) filled(r, c int) string {
	if m, ok := g.mergeAt(r, c); ok {
		return g.At(m.Top, m.Left)
	}
	return g.At(r, c)
}

// rowEmpty reports whether row r has no text.
func (g *Grid) rowEmpty(r int) bool {
	if r < 0 || r >= len(g.Cells) {
		return true
	}
	for c := range g.Cells[r] {
		if g.At(r, c) != "" {
			return false
		}
	}
	return true
}

// rowText joins the non-empty cells of a row with spaces.
func (g *Grid) rowText(r int) string {
	var parts []string
	seen := map[string]bool{}
	for c := range g.Cells[r] {
		s := g.filled(r, c)
		if s != "" && !seen[s] {
			parts = append(parts, s)
			seen[s] = true
		}
	}
	return strings.Join(parts, " ")
}

// norm folds widths and removes spaces for matching labels.
func norm(s string) string { return eval.Normalize(s) }

// empty reports a grid with no text at all.
func (g *Grid) empty() bool {
	for r := range g.Cells {
		if !g.rowEmpty(r) {
			return false
		}
	}
	return true
}
