package table

import (
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// SectionsHeader are the two column titles of the narrative block jixiao
// writes into a workbook: one row per section, its title and its text.
var SectionsHeader = [2]string{"章节", "内容"}

// OtherSection titles a passage outside the named sections.
const OtherSection = "其他"

// Continued marks a continuation row of a section whose text was split
// because a spreadsheet cell holds at most 32,767 characters.
const Continued = "（续）"

// ReadSections reads the narrative block (see SectionsHeader) of g into
// r.Narrative. found is false when g has none.
func ReadSections(g *Grid, file string, r *eval.Report) (found bool, err error) {
	var errs report.Errors
	byTitle := map[string]*eval.Passage{}
	for _, s := range r.Narrative.Sections() {
		byTitle[s.TitleZH] = s.Text
	}
	for h := range g.Cells {
		if g.At(h, 0) != SectionsHeader[0] || g.At(h, 1) != SectionsHeader[1] {
			continue
		}
		found = true
		var last *eval.Passage
		for i := h + 1; i < len(g.Cells); i++ {
			title, text := g.At(i, 0), ""
			if i < len(g.Cells) && len(g.Cells[i]) > 1 {
				text = g.Cells[i][1] // untrimmed: the passage as written
			}
			if title == "" && text == "" {
				break
			}
			if t, ok := strings.CutSuffix(title, Continued); ok && last != nil && t != "" {
				last.Text += text
				continue
			}
			if title == OtherSection {
				r.Narrative.Other = append(r.Narrative.Other, eval.Passage{Text: text, Line: g.RowNum(i)})
				last = &r.Narrative.Other[len(r.Narrative.Other)-1]
				continue
			}
			p, ok := byTitle[title]
			if !ok {
				errs.Add(report.Errorf(report.Pos{File: file, Sheet: g.Name, Row: g.RowNum(i), Col: 1, Field: SectionsHeader[0]},
					"未知章节“%s” (unknown section)", clip(title, 30)))
				continue
			}
			p.Text, p.Line = text, g.RowNum(i)
			last = p
		}
		break
	}
	return found, errs.Err()
}
