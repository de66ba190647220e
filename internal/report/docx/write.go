// Package docx writes a self-evaluation as a Word document and reads one
// back. The writer is templated WordprocessingML with no dependency: a
// fixed package (styles, font table, footer with page numbers) and a
// document.xml built from the layout in package form. It opens in
// Microsoft Word, WPS and LibreOffice: A4, 仿宋 body text with 黑体
// headings and a 宋体 table, the 评分表 as a real table with 一级/二级
// cells merged down, header rows repeated on every page and a 总计 row.
//
// Each narrative section is wrapped in a hidden bookmark (_jx_basis …), so
// a document jixiao wrote reads back exactly; other documents are read by
// their headings.
package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/report/form"
)

// BookmarkPrefix starts the hidden bookmark around each narrative section.
const BookmarkPrefix = "_jx_"

// Page geometry in twips (1/20 pt): A4 with the margins of GB/T 9704
// (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
const (
	pageW, pageH                  = 11906, 16838
	marginT, marginB              = 2098, 1984
	marginL, marginR              = 1588, 1474
	textWidth                     = pageW - marginL - marginR // 8844
	fontBody, fontHead, fontTable = "仿宋", "黑体", "宋体"
)

// Write writes one evaluation as a .docx. res is accepted for a common
// writer signature; the official form prints the figures as the unit wrote
// them, not the checker's.
func Write(w io.Writer, r *eval.Report, res eval.Result) error {
	if r.Layout == eval.LayoutNational {
		return writePackage(w, r, nationalXML(form.National(r)))
	}
	return writePackage(w, r, documentXML(form.Build(r)))
}

// writePackage writes the fixed package parts around a document.xml.
func writePackage(w io.Writer, r *eval.Report, document string) error {
	zw := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(r)},
		{"docProps/app.xml", appProps},
		{"word/_rels/document.xml.rels", docRels},
		{"word/styles.xml", stylesXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/settings.xml", settingsXML},
		{"word/footer1.xml", footerXML},
		{"word/document.xml", document},
	}
	modified := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // stable bytes for golden tests
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	return zw.Close()
}

// esc escapes text for an XML element or attribute, dropping characters
// XML 1.0 forbids.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// doc builds document.xml.
type doc struct {
	b      strings.Builder
	markID int
}

func (d *doc) w(s ...string) {
	for _, x := range s {
		d.b.WriteString(x)
	}
}

// run writes a text run; props are run properties (may be "").
func (d *doc) run(text, props string) {
	if text == "" {
		return
	}
	d.w("<w:r>")
	if props != "" {
		d.w("<w:rPr>", props, "</w:rPr>")
	}
	d.w(`<w:t xml:space="preserve">`, esc(text), "</w:t></w:r>")
}

// para writes a paragraph of one run with a paragraph style.
func (d *doc) para(style, text, runProps string) {
	d.w("<w:p>")
	if style != "" {
		d.w(`<w:pPr><w:pStyle w:val="`, style, `"/></w:pPr>`)
	}
	d.run(text, runProps)
	d.w("</w:p>")
}

func (d *doc) pageBreak() {
	d.w(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
}

func documentXML(f *form.Document) string {
	d := &doc{}
	d.w(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	d.para("Title", f.Title, "")
	for _, fl := range f.Header {
		d.w(`<w:p><w:pPr><w:pStyle w:val="Field"/></w:pPr>`)
		d.run(fl.Label+"：", `<w:b/>`)
		d.run(fl.Value, "")
		d.w("</w:p>")
	}
	if f.Funds != nil {
		d.para("Caption", "项目资金情况（万元）", "")
		fundsTable(d, f.Funds)
	}
	if f.Layout == eval.LayoutSituation {
		d.para("Heading1", "项目自我评价情况", "")
	}
	others := 0
	for _, ch := range f.Chapters {
		d.para("Heading1", ch.Number+ch.Title, "")
		for _, it := range ch.Items {
			name := BookmarkPrefix + it.Key
			if it.Key == "other" {
				others++
				name = fmt.Sprintf("%sother_%d", BookmarkPrefix, others)
			}
			section(d, it, name)
		}
	}
	d.pageBreak()
	d.para("Title", f.SheetTitle, "")
	// One line per field, so a long project name does not break the unit's.
	if unit, project, ok := strings.Cut(f.SheetHeader, " 项目名称："); ok {
		d.para("Field", unit, "")
		d.para("Field", "项目名称："+project, "")
	} else {
		d.para("Field", f.SheetHeader, "")
	}
	scoreTable(d, f.Sheet)
	signature(d, f.Signature)
	// Word wants the body to end with a paragraph, not a table.
	d.w(`<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:p>`)
	d.w(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>`,
		fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/>`,
			pageW, pageH, marginT, marginR, marginB, marginL),
		`<w:docGrid w:type="lines" w:linePitch="560"/></w:sectPr></w:body></w:document>`)
	return d.b.String()
}

// section writes one narrative item: the run-in lead in bold, then the
// text, inside a hidden bookmark that covers the text only.
func section(d *doc, it form.Item, bookmark string) {
	d.markID++
	id := fmt.Sprint(d.markID)
	paras := it.Paragraphs
	if len(paras) == 0 {
		paras = []string{""}
	}
	for i, p := range paras {
		d.w(`<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>`)
		if i == 0 {
			d.run(it.Lead, `<w:b/>`)
			d.w(`<w:bookmarkStart w:id="`, id, `" w:name="`, bookmark, `"/>`)
		}
		d.run(p, "")
		if i == len(paras)-1 {
			d.w(`<w:bookmarkEnd w:id="`, id, `"/>`)
		}
		d.w("</w:p>")
	}
}

// cell writes a table cell. span > 1 spans columns; vmerge is "restart",
// "continue" or "".
func cell(d *doc, width int, text string, span int, vmerge string, style string) {
	d.w("<w:tc><w:tcPr>", fmt.Sprintf(`<w:tcW w:w="%d" w:type="dxa"/>`, width))
	if span > 1 {
		d.w(fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, span))
	}
	switch vmerge {
	case "restart":
		d.w(`<w:vMerge w:val="restart"/>`)
	case "continue":
		d.w(`<w:vMerge/>`)
	}
	d.w(`<w:vAlign w:val="center"/></w:tcPr>`)
	// Line breaks inside a cell become separate paragraphs.
	lines := strings.Split(text, "\n")
	for _, l := range lines {
		d.w(`<w:p><w:pPr><w:pStyle w:val="`, style, `"/></w:pPr>`)
		d.run(l, "")
		d.w("</w:p>")
	}
	d.w("</w:tc>")
}

func tableStart(d *doc, widths []int) {
	d.w(`<w:tbl><w:tblPr><w:tblW w:w="`, fmt.Sprint(sum(widths)), `" w:type="dxa"/><w:jc w:val="center"/>`,
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>`,
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>`,
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>`,
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		d.w(fmt.Sprintf(`<w:gridCol w:w="%d"/>`, w))
	}
	d.w("</w:tblGrid>")
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// rowStart opens a table row; header rows repeat on every page and no row
// splits across pages.
func rowStart(d *doc, header bool) {
	d.w("<w:tr><w:trPr><w:cantSplit/>")
	if header {
		d.w("<w:tblHeader/>")
	}
	d.w("</w:trPr>")
}

// Column widths of the 评分表 in twips; they add up to the text width.
var scoreWidths = []int{1000, 1080, 1900, 960, 960, 600, 600, 1744}

func scoreTable(d *doc, t form.Table) {
	widths := append([]int(nil), scoreWidths...)
	cols := append([]string(nil), form.SheetColumns...)
	if t.HasDirection {
		widths[7] -= 700
		widths = append(widths, 700)
		cols = append(cols, form.DirectionColumn)
	}
	tableStart(d, widths)
	// Header row 1: 评价指标 over three columns, the rest merged down.
	rowStart(d, true)
	cell(d, widths[0]+widths[1]+widths[2], "评价指标", 3, "", "TableHead")
	for c := 3; c < len(cols); c++ {
		cell(d, widths[c], cols[c], 1, "restart", "TableHead")
	}
	d.w("</w:tr>")
	rowStart(d, true)
	for c := 0; c < 3; c++ {
		cell(d, widths[c], cols[c], 1, "", "TableHead")
	}
	for c := 3; c < len(cols); c++ {
		cell(d, widths[c], "", 1, "continue", "TableHead")
	}
	d.w("</w:tr>")
	for _, tr := range t.Rows {
		rowStart(d, false)
		m1, m2 := "continue", "continue"
		if tr.Span1 > 0 {
			m1 = "restart"
		}
		if tr.Span2 > 0 {
			m2 = "restart"
		}
		l1, l2 := tr.Level1, tr.Level2
		if tr.Span1 == 0 {
			l1 = ""
		}
		if tr.Span2 == 0 {
			l2 = ""
		}
		cell(d, widths[0], l1, 1, m1, "TableCell")
		cell(d, widths[1], l2, 1, m2, "TableCell")
		for i, v := range tr.Cells(t.HasDirection) {
			style := "TableCell"
			if i == 0 || i == 5 {
				style = "TableLeft"
			}
			cell(d, widths[i+2], v, 1, "", style)
		}
		d.w("</w:tr>")
	}
	rowStart(d, false)
	wt, sc := t.TotalCells()
	cell(d, sum(widths[:5]), "总计", 5, "", "TableHead")
	cell(d, widths[5], wt, 1, "", "TableCell")
	cell(d, widths[6], sc, 1, "", "TableCell")
	for c := 7; c < len(widths); c++ {
		cell(d, widths[c], "", 1, "", "TableCell")
	}
	d.w("</w:tr></w:tbl>")
}

// signature writes the signature block under the 评分表: a blank line,
// then one paragraph per line, kept together on one page.
func signature(d *doc, lines []string) {
	if len(lines) == 0 {
		return
	}
	d.w(`<w:p/>`)
	for i, l := range lines {
		keep := `<w:keepNext/>`
		if i == len(lines)-1 {
			keep = ""
		}
		d.w(`<w:p><w:pPr><w:pStyle w:val="Field"/>` + keep + `<w:spacing w:before="240"/></w:pPr>`)
		d.run(l, "")
		d.w("</w:p>")
	}
}

var fundsWidths = []int{2044, 1700, 1700, 1700, 1700}

func fundsTable(d *doc, f *form.FundsTable) {
	tableStart(d, fundsWidths)
	rowStart(d, true)
	for c, h := range f.Columns {
		cell(d, fundsWidths[c], h, 1, "", "TableHead")
	}
	d.w("</w:tr>")
	for _, r := range f.Rows {
		rowStart(d, false)
		cell(d, fundsWidths[0], r.Label, 1, "", "TableLeft")
		for i, v := range r.Cells() {
			cell(d, fundsWidths[i+1], v, 1, "", "TableCell")
		}
		d.w("</w:tr>")
	}
	d.w("</w:tbl>")
}

func coreProps(r *eval.Report) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` +
		esc(form.Title(r)) + `</dc:title><dc:creator>` + esc(r.Unit) + `</dc:creator></cp:coreProperties>`
}
