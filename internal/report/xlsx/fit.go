package xlsx

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"jixiao/internal/money"
)

// Column widths and row heights of the list workbooks (the summary, the
// review desk, the result-use table): every header fits on one line, every
// number fits its column (no ####), short text fits, and text longer than
// maxFitWidth wraps inside its cell with the row made tall enough, so no
// cell spills over its neighbour or is cut off.

// maxFitWidth is the widest a column grows to fit its text; longer text wraps.
const maxFitWidth = 60

// lineHeight is one line of the body font (11 pt) in points.
const lineHeight = 15.0

// textWidth is s's width in Excel's character units: a full-width (CJK)
// character counts two, others one; the longest line of a multi-line text.
func textWidth(s string) float64 {
	best, cur := 0.0, 0.0
	for _, r := range s {
		switch {
		case r == '\n':
			best, cur = math.Max(best, cur), 0
		case unicode.Is(unicode.Han, r) || r >= 0xFF00 && r <= 0xFFEF || r >= 0x3000 && r <= 0x303F:
			cur += 2
		default:
			cur++
		}
	}
	return math.Max(best, cur)
}

// cellText is how a cell's value prints, to measure it.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case money.Fen:
		return x.WanText()
	case Yuan:
		return money.Fen(x).Yuan()
	case float64:
		return money.Group(fmt.Sprintf("%.2f", x))
	}
	return fmt.Sprint(v)
}

// fitWidths returns the columns' widths: at least the given width, wide
// enough for the header on one line and for the widest value up to
// maxFitWidth, plus a margin.
func fitWidths(given []float64, header []string, rows [][]any) []float64 {
	out := make([]float64, len(header))
	for c, h := range header {
		w := 12.0
		if c < len(given) {
			w = given[c]
		}
		need := textWidth(h)
		for _, row := range rows {
			if c < len(row) {
				need = math.Max(need, math.Min(textWidth(cellText(row[c])), maxFitWidth))
			}
		}
		out[c] = math.Max(w, math.Ceil(need)+2)
	}
	return out
}

// rowLines is how many lines the row's tallest cell wraps to in columns of
// the given widths.
func rowLines(widths []float64, row []any) int {
	lines := 1
	for c, v := range row {
		if c >= len(widths) {
			break
		}
		n := 0
		for _, l := range strings.Split(cellText(v), "\n") {
			n += max(1, int(math.Ceil(textWidth(l)/math.Max(widths[c]-2, 1))))
		}
		lines = max(lines, n)
	}
	return lines
}

// fit sets the sheet's column widths for header and rows (data from
// sheet row first) and the height of every data row that wraps.
func (w *writer) fit(sheet string, given []float64, header []string, rows [][]any, first int) {
	widths := fitWidths(given, header, rows)
	for c, width := range widths {
		if w.err == nil {
			w.err = w.f.SetColWidth(sheet, report0(c+1), report0(c+1), width)
		}
	}
	for i, row := range rows {
		if n := rowLines(widths, row); n > 1 && w.err == nil {
			w.err = w.f.SetRowHeight(sheet, first+i, math.Min(float64(n)*lineHeight, 409))
		}
	}
}
