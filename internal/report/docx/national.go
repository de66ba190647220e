package docx

import (
	"fmt"

	"jixiao/internal/report/form"
)

// nationalXML writes the 附件1 form: 附件1, the title and the year line as
// paragraphs, the form as one table with the template's merged cells
// (w:gridSpan across, w:vMerge down), the 绩效指标 header repeated on each
// page, the signature line below.
func nationalXML(g *form.GridForm) string {
	d := &doc{}
	d.w(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	for i, t := range g.Above {
		switch i {
		case 0:
			d.para("Field", t, `<w:b/>`)
		case 1:
			d.para("Title", t, "")
		default:
			d.w(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
			d.run(t, "")
			d.w("</w:p>")
		}
	}
	widths := make([]int, len(g.Widths))
	for i, w := range g.Widths {
		widths[i] = textWidth * w / 100
	}
	tableStart(d, widths)
	for r, row := range g.Rows {
		rowStart(d, r == g.HeaderRow)
		for c := 0; c < len(row); {
			vm := ""
			span := 1
			for _, m := range g.Merges {
				if m.Left == c && m.Top <= r && r <= m.Bottom {
					span = m.Right - m.Left + 1
					if m.Bottom > m.Top {
						vm = "continue"
						if r == m.Top {
							vm = "restart"
						}
					}
				}
			}
			w := 0
			for k := c; k < c+span && k < len(widths); k++ {
				w += widths[k]
			}
			style := "TableCell"
			if row[c].Label {
				style = "TableHead"
			}
			text := row[c].Text
			if vm == "continue" {
				text = ""
			}
			cell(d, w, text, span, vm, style)
			c += span
		}
		d.w("</w:tr>")
	}
	d.w("</w:tbl>")
	for _, t := range g.Below {
		d.para("Field", t, "")
	}
	d.w(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>`,
		fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/>`,
			pageW, pageH, marginT, marginR, marginB, marginL),
		`<w:docGrid w:type="lines" w:linePitch="560"/></w:sectPr></w:body></w:document>`)
	return d.b.String()
}
