package table

import (
	"strings"

	"jixiao/internal/eval"
)

// goalHeaderKind tells the two column titles of the 年度总体目标 block:
// 预期目标 (or 年度目标, 项目年度目标, 绩效目标) and 实际完成情况 (or
// 年度目标完成情况, 实际完成).
func goalHeaderKind(s string) int {
	n := reBracket.ReplaceAllString(norm(s), "")
	switch {
	case strings.Contains(n, "完成情况") || n == "实际完成":
		return 2
	case n == "预期目标" || n == "年度目标" || n == "项目年度目标" || n == "年度绩效目标" || n == "绩效目标" ||
		n == "部门整体绩效目标" || n == "区域年度总体目标" || n == "年度总体目标预期目标" || n == "年初设定目标" || n == "年度设定目标":
		return 1
	}
	return 0
}

// ReadGoals reads the 年度总体目标 block of the 附件1 form and its
// variants: a row with 预期目标 and 实际完成情况 side by side and the texts
// in the row below. It fills r.Goals when empty; found is false when g has
// no such block.
func ReadGoals(g *Grid, r *eval.Report) bool {
	if r.Goals.Expected != "" || r.Goals.Actual != "" {
		return false
	}
	for h := 0; h+1 < len(g.Cells); h++ {
		exp, act := -1, -1
		for c := range g.Cells[h] {
			if g.At(h, c) == "" {
				continue
			}
			switch goalHeaderKind(g.At(h, c)) {
			case 1:
				if act < 0 { // the last before 实际完成情况: "部门整体绩效目标 | 预期目标"
					exp = c
				}
			case 2:
				if act < 0 && exp >= 0 {
					act = c
				}
			}
		}
		if exp < 0 || act < 0 {
			continue
		}
		for i := h + 1; i < len(g.Cells) && i <= h+3; i++ {
			e, a := g.filled(i, exp), g.filled(i, act)
			if e == "" && a == "" || goalHeaderKind(e) != 0 {
				continue
			}
			if isInstruction(e) {
				e = ""
			}
			if isInstruction(a) {
				a = ""
			}
			r.Goals = eval.AnnualGoal{Expected: e, Actual: a, Line: g.RowNum(i)}
			return true
		}
		return false
	}
	return false
}

// labelledSections are narrative rows of the provincial forms: a label
// cell and the text beside it.
var labelledSections = map[string]string{
	"评价结论": "conclusion", "自评结论": "conclusion", "总体评价": "conclusion",
	"存在问题": "problems", "存在的问题": "problems", "问题及原因": "problems",
	"改进措施": "measures", "整改措施": "measures", "有关建议": "measures", "改进措施及建议": "measures",
	"项目实施内容及过程概述": "implementation", "2.项目实施内容及过程概述": "implementation",
}

// ReadLabelledSections reads rows such as "评价结论 | text" into the
// narrative, where the section is still empty. Template instructions
// ("…(200字以内)") are not text.
func ReadLabelledSections(g *Grid, r *eval.Report) {
	secs := map[string]*eval.Passage{}
	titles := map[string]string{}
	for _, s := range r.Narrative.Sections() {
		secs[s.Key] = s.Text
		titles[norm(s.TitleZH)] = s.Key
	}
	for i := range g.Cells {
		first := -1
		for c := range g.Cells[i] {
			if g.At(i, c) != "" {
				first = c
				break
			}
		}
		if first < 0 {
			continue
		}
		label := norm(g.At(i, first))
		key, ok := labelledSections[reBracket.ReplaceAllString(label, "")]
		if !ok {
			key, ok = titles[label]
		}
		if !ok && label == "其他说明" {
			key, ok = "other", true
		}
		if !ok {
			continue
		}
		text := ""
		for c := first + 1; c < len(g.Cells[i]); c++ {
			if t := g.At(i, c); t != "" {
				text = t
				break
			}
		}
		if text == "" && i+1 < len(g.Cells) && key == "implementation" {
			text = g.filled(i+1, first)
		}
		if text == "" || isInstruction(text) {
			continue
		}
		if key == "other" {
			r.Narrative.Other = append(r.Narrative.Other, eval.Passage{Text: text, Line: g.RowNum(i)})
			continue
		}
		if p := secs[key]; p != nil && p.Text == "" {
			p.Text, p.Line = text, g.RowNum(i)
		}
	}
}
