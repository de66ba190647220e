package table

import (
	"regexp"
	"strconv"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/report"
)

var (
	reNarrTitle   = regexp.MustCompile(`(?:自评报告|绩效评价报告|自评情况报告|绩效自评情况)`)
	reNarrHeading = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))\s*(.{0,20})$`)
)

// narrativeKeys maps a heading of a narrative 自评报告 to its section.
var narrativeKeys = []struct{ word, key string }{
	{"存在", "problems"}, {"问题", "problems"}, {"改进", "measures"}, {"整改", "measures"}, {"建议", "measures"},
	{"结论", "conclusion"}, {"绩效目标", "goal"}, {"实施", "implementation"}, {"资金", "implementation"},
	{"立项", "basis"}, {"依据", "basis"},
}

// ReadNarrative reads a 自评报告 written as prose with no table (the
// figures stand in the sentences: "全年预算数…执行数…执行率95.61%"): the
// title gives year and project, a 单位 line the unit, headings (一、… /
// （一）…) split the sections. The report has no 评分表; the checks then
// compare the rates the prose states with its amounts. ok is false when
// the text has no such title in its first lines; a title with next to no
// text under it (a cover page) is an error saying so.
func ReadNarrative(name, text string) (imp *report.Import, ok bool, err error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	title := -1
	seen := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if seen++; seen > 12 {
			break
		}
		if reNarrTitle.MatchString(t) && len([]rune(t)) <= 80 {
			title = i
			break
		}
	}
	if title < 0 {
		return nil, false, nil
	}
	t := strings.TrimSpace(lines[title])
	r := &eval.Report{Source: name, Line: title + 1, Layout: eval.LayoutReport}
	if m := reYear.FindStringSubmatch(t); m != nil {
		r.Year, _ = strconv.Atoi(m[1])
	}
	p := reYear.ReplaceAllString(t, "")
	p = strings.TrimPrefix(strings.TrimSpace(p), "度")
	for _, suf := range []string{"项目支出绩效自评报告", "项目绩效自评报告", "绩效自评报告", "项目支出绩效评价报告", "绩效评价报告", "自评报告", "绩效自评情况"} {
		if s, ok := strings.CutSuffix(p, suf); ok {
			p = s
			break
		}
	}
	r.Project = strings.TrimSpace(p)
	secs := map[string]*eval.Passage{}
	for _, s := range r.Narrative.Sections() {
		secs[s.Key] = s.Text
	}
	var cur *eval.Passage
	for i := title + 1; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			continue
		}
		if f := ParseLabelled(l); f["填报单位"] != "" || f["单位名称"] != "" || f["实施单位"] != "" {
			for _, k := range []string{"填报单位", "单位名称", "实施单位"} {
				if f[k] != "" && r.Unit == "" {
					r.Unit = f[k]
				}
			}
			continue
		}
		if m := reNarrHeading.FindStringSubmatch(l); m != nil {
			cur = nil
			for _, nk := range narrativeKeys {
				if strings.Contains(m[1], nk.word) && secs[nk.key].Text == "" {
					cur = secs[nk.key]
					cur.Line = i + 1
					break
				}
			}
			if cur == nil {
				r.Narrative.Other = append(r.Narrative.Other, eval.Passage{Line: i + 1})
				cur = &r.Narrative.Other[len(r.Narrative.Other)-1]
			}
			continue
		}
		if cur == nil {
			r.Narrative.Other = append(r.Narrative.Other, eval.Passage{Line: i + 1})
			cur = &r.Narrative.Other[len(r.Narrative.Other)-1]
		}
		if cur.Text != "" {
			cur.Text += "\n"
		}
		cur.Text += l
	}
	body := 0
	for _, p := range r.Narrative.Text() {
		body += len([]rune(p.Text))
	}
	if body < 40 {
		return nil, true, report.Errorf(report.Pos{File: name, Row: title + 1},
			"这是封面或目录：有标题“%s”，但没有自评表格或自评内容 (a cover page: a title and no self-evaluation)", clip(t, 40))
	}
	imp = &report.Import{Reports: []*eval.Report{r}}
	imp.Notes = append(imp.Notes, report.Note{Pos: report.Pos{File: name, Row: title + 1},
		Message: "叙述式自评报告：没有评分表，只核对叙述中的金额和比率 (a narrative report with no score sheet: only the amounts and rates in the prose are checked)"})
	return imp, true, nil
}
