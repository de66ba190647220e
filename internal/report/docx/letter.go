package docx

import (
	"archive/zip"
	"io"
	"time"

	"jixiao/internal/report/form"
)

// Letter is a plain official document (form.Letter): a title, body
// paragraphs, one table and closing lines. It uses the package's styles
// (仿宋 body, 黑体 title, 宋体 table).
type Letter = form.Letter

// WriteLetter writes the letter as a .docx.
func WriteLetter(w io.Writer, l Letter) error {
	d := &doc{}
	d.w(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	d.para("Title", l.Title, "")
	for _, p := range l.Before {
		d.para("BodyText", p, "")
	}
	if len(l.Columns) > 0 {
		if l.Caption != "" {
			d.para("Caption", l.Caption, "")
		}
		widths := l.Widths
		if len(widths) != len(l.Columns) {
			widths = make([]int, len(l.Columns))
			for i := range widths {
				widths[i] = textWidth / len(l.Columns)
			}
		}
		tableStart(d, widths)
		rowStart(d, true)
		for i, c := range l.Columns {
			cell(d, widths[i], c, 1, "", "TableHead")
		}
		d.w("</w:tr>")
		for r, row := range l.Rows {
			rowStart(d, false)
			for i := range l.Columns {
				v := ""
				if i < len(row) {
					v = row[i]
				}
				style := "TableCell"
				if i == 0 {
					style = "TableLeft"
				}
				if l.Bold[r] {
					style = "TableHead"
				}
				cell(d, widths[i], v, 1, "", style)
			}
			d.w("</w:tr>")
		}
		d.w("</w:tbl>")
	}
	for _, p := range l.After {
		d.para("BodyText", p, "")
	}
	for _, f := range l.Fields {
		d.para("Field", f, "")
	}
	d.w(`<w:p/>`) // Word wants the body to end with a paragraph
	d.w(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` +
		esc(l.Title) + `</dc:title><dc:creator>` + esc(l.Author) + `</dc:creator></cp:coreProperties>`
	zw := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", core},
		{"docProps/app.xml", appProps},
		{"word/_rels/document.xml.rels", docRels},
		{"word/styles.xml", stylesXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/settings.xml", settingsXML},
		{"word/footer1.xml", footerXML},
		{"word/document.xml", d.b.String()},
	}
	modified := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
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
