// Package pdf sets a self-evaluation as an A4 PDF with fpdf
// (codeberg.org/go-pdf/fpdf, pure Go) and an embedded, subset TrueType
// Chinese font: the narrative with numbered chapters, then the 评分表 drawn
// as the seeds print it — 评价指标 over three levels, 一级/二级 cells
// merged down, the header repeated on each page, a 总计 row — and page
// numbers in the footer.
//
// fpdf has no Chinese line breaking, so this package wraps lines itself
// and lets closing punctuation hang into the margin rather than start a
// line (避头尾).
package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"jixiao/internal/eval"
	"jixiao/internal/report/form"
)

// Page geometry in mm (A4, GB/T 9704-like margins).
const (
	pageW, pageH     = 210.0, 297.0
	marginL, marginR = 28.0, 26.0
	marginT, marginB = 30.0, 25.0
	textW            = pageW - marginL - marginR
	bottomY          = pageH - marginB
)

// Font sizes in points.
const (
	sizeTitle   = 20
	sizeHeading = 15
	sizeBody    = 13
	sizeField   = 12
	sizeTable   = 9.5
	family      = "cjk" // body: 仿宋 when found (GB/T 9704)
	familyHead  = "hei" // title and headings: 黑体 when found
)

// Write writes one evaluation as a PDF, the body in the body face and the
// title and headings in the heading face (FindFonts). It fails with
// ErrNoFont when no Chinese TrueType font is found. res is accepted for a
// common writer signature; the form prints the figures as the unit wrote
// them.
func Write(w io.Writer, r *eval.Report, res eval.Result) error {
	d := form.Build(r)
	pw, err := newWriter(d.Title, r.Unit)
	if err != nil {
		return err
	}
	if r.Layout == eval.LayoutNational {
		pw.national(form.National(r))
	} else {
		pw.narrative(d)
		pw.sheet(d)
		pw.signature(d.Signature)
	}
	return pw.output(w)
}

// newWriter starts an A4 document with the Chinese fonts (FindFonts),
// fixed dates (the same input gives the same bytes), and page numbers in
// the footer.
func newWriter(title, author string) (*writer, error) {
	fonts, err := FindFonts()
	if err != nil {
		return nil, err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	stamp := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p.SetCreationDate(stamp)
	p.SetModificationDate(stamp)
	p.SetTitle(title, true)
	p.SetAuthor(author, true)
	p.SetCreator("jixiao", true)
	p.SetLang("zh-CN")
	p.AddUTF8FontFromBytes(family, "", fonts.Body.Data)
	sameFace := fonts.Heading.Path == fonts.Body.Path
	if !sameFace {
		p.AddUTF8FontFromBytes(familyHead, "", fonts.Heading.Data)
	}
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(false, marginB)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetFont(family, "", 10.5)
		p.SetXY(marginL, pageH-marginB+8)
		p.CellFormat(textW, 6, fmt.Sprintf("— %d / {nb} —", p.PageNo()), "", 0, "C", false, 0, "")
	})
	return &writer{p: p, sameFace: sameFace}, nil
}

// output writes the finished document.
func (w *writer) output(out io.Writer) error {
	if err := w.p.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return w.p.Output(out)
}

type writer struct {
	p        *fpdf.Fpdf
	y        float64
	sameFace bool // no 黑体: headings are the body face drawn bold
}

// headFont selects the heading face; without a 黑体 the body face is drawn
// bold instead.
func (w *writer) headFont(size float64) {
	if w.sameFace {
		w.p.SetFont(family, "", size)
		w.bold(true)
		return
	}
	w.p.SetFont(familyHead, "", size)
}

func (w *writer) newPage() {
	w.p.AddPage()
	w.y = marginT
}

// ensure starts a new page when h mm do not fit.
func (w *writer) ensure(h float64) bool {
	if w.y+h > bottomY {
		w.newPage()
		return true
	}
	return false
}

// bold draws text with a fill-and-stroke outline, as fpdf has only the
// regular face of the font.
func (w *writer) bold(on bool) {
	if on {
		w.p.SetLineWidth(0.18)
		w.p.SetTextRenderingMode(2)
	} else {
		w.p.SetTextRenderingMode(0)
		w.p.SetLineWidth(0.2)
	}
}

// noStart are characters that must not begin a line; they hang at the end
// of the previous one instead.
const noStart = "，。、；：？！）》」』”’%．,.;:?!)]}…—·"

// wrap breaks text into lines no wider than width at the current font.
// Latin words stay whole where they fit.
func (w *writer) wrap(text string, width float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		rs := []rune(para)
		start := 0
		cur := 0.0
		for i := 0; i < len(rs); i++ {
			cw := w.p.GetStringWidth(string(rs[i]))
			if cur+cw > width && i > start {
				if strings.ContainsRune(noStart, rs[i]) {
					// Hang the punctuation, then break after it.
					lines = append(lines, string(rs[start:i+1]))
					start, cur = i+1, 0
					continue
				}
				brk := i
				// Keep a Latin word or number together.
				if isWordRune(rs[i]) {
					j := i
					for j > start && isWordRune(rs[j-1]) {
						j--
					}
					if j > start {
						brk = j
					}
				}
				lines = append(lines, string(rs[start:brk]))
				start = brk
				cur = w.p.GetStringWidth(string(rs[brk:i]))
			}
			cur += cw
		}
		lines = append(lines, string(rs[start:]))
	}
	return lines
}

func isWordRune(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '%')
}

// lineH is the line height in mm for a font size in points.
func lineH(pt float64) float64 { return pt * 0.3528 * 1.55 }

// paragraph sets text with a first-line indent of two characters.
func (w *writer) paragraph(lead, text string, size float64) {
	w.p.SetFont(family, "", size)
	indent := "　　"
	lh := lineH(size)
	lines := w.wrap(indent+lead+text, textW)
	for i, l := range lines {
		w.ensure(lh)
		x := marginL
		if i == 0 && lead != "" {
			// The lead in bold, then the rest of the first line.
			prefix := indent + lead
			if strings.HasPrefix(l, prefix) {
				w.p.SetXY(x, w.y)
				w.bold(true)
				w.p.CellFormat(w.p.GetStringWidth(prefix), lh, prefix, "", 0, "L", false, 0, "")
				w.bold(false)
				x += w.p.GetStringWidth(prefix)
				l = strings.TrimPrefix(l, prefix)
			}
		}
		w.p.SetXY(x, w.y)
		w.p.CellFormat(0, lh, l, "", 0, "L", false, 0, "")
		w.y += lh
	}
}

func (w *writer) title(s string) {
	w.headFont(sizeTitle)
	lh := lineH(sizeTitle)
	for _, l := range w.wrap(s, textW) {
		w.ensure(lh)
		w.p.SetXY(marginL, w.y)
		w.p.CellFormat(textW, lh, l, "", 0, "C", false, 0, "")
		w.y += lh
	}
	w.bold(false)
	w.y += 4
}

func (w *writer) narrative(d *form.Document) {
	w.newPage()
	w.title(d.Title)
	w.p.SetFont(family, "", sizeField)
	for _, f := range d.Header {
		if f.Value == "" {
			continue // a blank field is for filling in by hand: not printed
		}
		lh := lineH(sizeField)
		for _, l := range w.wrap(f.Label+"："+f.Value, textW) {
			w.ensure(lh)
			w.p.SetXY(marginL, w.y)
			w.p.CellFormat(textW, lh, l, "", 0, "L", false, 0, "")
			w.y += lh
		}
	}
	w.y += 3
	if d.Funds != nil {
		w.funds(d.Funds)
	}
	if d.Layout == eval.LayoutSituation {
		w.heading("项目自我评价情况")
	}
	for _, ch := range d.Chapters {
		w.heading(ch.Number + ch.Title)
		for _, it := range ch.Items {
			for i, para := range it.Paragraphs {
				lead := ""
				if i == 0 {
					lead = it.Lead
				}
				w.paragraph(lead, para, sizeBody)
			}
		}
	}
}

func (w *writer) heading(s string) {
	lh := lineH(sizeHeading)
	w.ensure(lh * 3) // keep a heading with the first lines after it
	w.y += 1.5
	w.headFont(sizeHeading)
	w.p.SetXY(marginL, w.y)
	w.p.CellFormat(textW, lh, "　　"+s, "", 0, "L", false, 0, "")
	w.bold(false)
	w.y += lh
}

// cellBox draws a bordered box and centres wrapped text in it.
func (w *writer) cellBox(x, y, wd, h float64, text string, align string, boldText bool) {
	w.p.Rect(x, y, wd, h, "D")
	if text == "" {
		return
	}
	lh := lineH(sizeTable) * 0.85
	lines := w.wrap(text, wd-2)
	top := y + (h-float64(len(lines))*lh)/2
	if boldText {
		w.bold(true)
	}
	for i, l := range lines {
		w.p.SetXY(x+1, top+float64(i)*lh)
		w.p.CellFormat(wd-2, lh, l, "", 0, align, false, 0, "")
	}
	if boldText {
		w.bold(false)
	}
}

// cellHeight is the height a text needs in a column.
func (w *writer) cellHeight(text string, wd float64) float64 {
	lh := lineH(sizeTable) * 0.85
	n := len(w.wrap(text, wd-2))
	return max(float64(n)*lh+2, 7.5)
}

// Score-sheet column widths in mm; they add up to textW.
var colW = []float64{16, 19, 31, 19, 19, 10, 10, 32}

func (w *writer) sheetHeader(cols []string, widths []float64) {
	h := 7.5
	x := marginL
	w.p.SetFillColor(237, 237, 237)
	w.p.Rect(marginL, w.y, sum(widths), 2*h, "F")
	w.cellBox(x, w.y, widths[0]+widths[1]+widths[2], h, "评价指标", "C", true)
	for c := 0; c < 3; c++ {
		w.cellBox(x, w.y+h, widths[c], h, cols[c], "C", true)
		x += widths[c]
	}
	for c := 3; c < len(cols); c++ {
		w.cellBox(x, w.y, widths[c], 2*h, cols[c], "C", true)
		x += widths[c]
	}
	w.y += 2 * h
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func (w *writer) sheet(d *form.Document) {
	// No forced page break: the 评分表 follows the narrative on the same
	// page when its title, header and first rows fit (ensure below keeps the
	// table's header row with its first row); else it starts a new page.
	w.y += 6
	w.ensure(lineH(sizeTitle)*2 + lineH(sizeField)*2 + 40)
	w.title(d.SheetTitle)
	w.p.SetFont(family, "", sizeField)
	header := []string{d.SheetHeader}
	if w.p.GetStringWidth(d.SheetHeader) > textW {
		// One line per field rather than a name broken in the middle.
		if i := strings.Index(d.SheetHeader, " 项目名称："); i > 0 {
			header = []string{d.SheetHeader[:i], d.SheetHeader[i+1:]}
		}
	}
	for _, l := range w.wrap(strings.Join(header, "\n"), textW) {
		w.p.SetXY(marginL, w.y)
		w.p.CellFormat(textW, lineH(sizeField), l, "", 0, "L", false, 0, "")
		w.y += lineH(sizeField)
	}
	w.y += 2
	t := d.Sheet
	cols := append([]string(nil), form.SheetColumns...)
	widths := append([]float64(nil), colW...)
	if t.HasDirection {
		widths[7] -= 12
		widths = append(widths, 12)
		cols = append(cols, form.DirectionColumn)
	}
	w.p.SetFont(family, "", sizeTable)
	// Row heights: the tallest cell; a merged 一级/二级 cell stretches its
	// group's last row when the group is too short for its label.
	heights := make([]float64, len(t.Rows))
	for i, tr := range t.Rows {
		for c, v := range tr.Cells(t.HasDirection) {
			heights[i] = max(heights[i], w.cellHeight(v, widths[c+2]))
		}
	}
	for i, tr := range t.Rows {
		for c, span := range []int{tr.Span1, tr.Span2} {
			if span == 0 {
				continue
			}
			label := tr.Level1
			if c == 1 {
				label = tr.Level2
			}
			need := w.cellHeight(label, widths[c])
			got := 0.0
			for k := i; k < i+span; k++ {
				got += heights[k]
			}
			if need > got {
				heights[i+span-1] += need - got
			}
		}
	}
	w.ensure(15 + heights[0])
	w.sheetHeader(cols, widths)
	type seg struct {
		top  float64
		text string
		open bool
	}
	var segs [2]seg
	closeSeg := func(c int) {
		if segs[c].open {
			x := marginL
			if c == 1 {
				x += widths[0]
			}
			w.cellBox(x, segs[c].top, widths[c], w.y-segs[c].top, segs[c].text, "C", false)
			segs[c].open = false
		}
	}
	for i, tr := range t.Rows {
		h := heights[i]
		if w.y+h > bottomY {
			closeSeg(0)
			closeSeg(1)
			w.newPage()
			w.p.SetFont(family, "", sizeTable)
			w.sheetHeader(cols, widths)
			segs[0].top, segs[0].open = w.y, true // continue the group on the new page
			segs[1].top, segs[1].open = w.y, true
		}
		if tr.Span1 > 0 {
			closeSeg(0)
			segs[0] = seg{top: w.y, text: tr.Level1, open: true}
		}
		if tr.Span2 > 0 {
			closeSeg(1)
			segs[1] = seg{top: w.y, text: tr.Level2, open: true}
		}
		x := marginL + widths[0] + widths[1]
		for c, v := range tr.Cells(t.HasDirection) {
			align := "C"
			if c == 0 || c == 5 {
				align = "L"
			}
			w.cellBox(x, w.y, widths[c+2], h, v, align, false)
			x += widths[c+2]
		}
		w.y += h
	}
	closeSeg(0)
	closeSeg(1)
	// 总计
	h := 8.0
	if w.y+h > bottomY {
		w.newPage()
		w.p.SetFont(family, "", sizeTable)
		w.sheetHeader(cols, widths)
	}
	wt, sc := t.TotalCells()
	x := marginL
	w.cellBox(x, w.y, sum(widths[:5]), h, "总计", "C", true)
	x += sum(widths[:5])
	w.cellBox(x, w.y, widths[5], h, wt, "C", true)
	x += widths[5]
	w.cellBox(x, w.y, widths[6], h, sc, "C", true)
	x += widths[6]
	for c := 7; c < len(widths); c++ {
		w.cellBox(x, w.y, widths[c], h, "", "C", false)
		x += widths[c]
	}
	w.y += h
}

// signature draws the signature block under the 评分表, kept on one page.
func (w *writer) signature(lines []string) {
	if len(lines) == 0 {
		return
	}
	lh := lineH(sizeField) * 1.8
	w.ensure(6 + lh*float64(len(lines)))
	w.y += 6
	w.p.SetFont(family, "", sizeField)
	for _, l := range lines {
		w.p.SetXY(marginL, w.y)
		w.p.CellFormat(textW, lh, l, "", 0, "L", false, 0, "")
		w.y += lh
	}
}

var fundsW = []float64{40, 29, 29, 29, 29}

func (w *writer) funds(f *form.FundsTable) {
	w.p.SetFont(family, "", sizeTable)
	h := 8.0
	w.ensure(h * float64(len(f.Rows)+2))
	w.p.SetFont(family, "", sizeField)
	w.p.SetXY(marginL, w.y)
	w.p.CellFormat(textW, lineH(sizeField), "项目资金情况（万元）", "", 0, "C", false, 0, "")
	w.y += lineH(sizeField)
	w.p.SetFont(family, "", sizeTable)
	x := marginL
	for c, col := range f.Columns {
		w.cellBox(x, w.y, fundsW[c], h, strings.TrimSuffix(col, "（万元）"), "C", true)
		x += fundsW[c]
	}
	w.y += h
	for _, r := range f.Rows {
		x = marginL
		amounts := r.Cells()
		cells := append([]string{r.Label}, amounts[:]...)
		for c, v := range cells {
			align := "C"
			if c == 0 {
				align = "L"
			}
			w.cellBox(x, w.y, fundsW[c], h, v, align, false)
			x += fundsW[c]
		}
		w.y += h
	}
	w.y += 4
}
