package web

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/monitor"
)

// The page's own words are translated; data (names of people, units,
// towns, projects and indicators, what users wrote) is printed as it is
// and marked translate="no", as HTML marks text a translator leaves alone
// (walk_language_test.go relies on the mark).

// data marks s as data.
func data(s string) template.HTML {
	if s == "" {
		return ""
	}
	return template.HTML(`<span translate="no">` + template.HTMLEscapeString(s) + `</span>`)
}

// projectFields are the project-level fields the change history names
// (store.diffSheet), keys of the catalogue.
var projectFields = map[string]bool{
	"项目名称": true, "年度": true, "开始": true, "结束": true, "立项依据": true, "基本性质与内容": true, "涉及范围": true,
	"预算(上级)": true, "预算(本级)": true, "预算(其他)": true, "状态": true, "绩效目标已申报": true, "监控日期": true,
	"监控偏差原因": true, "评分规则": true, "事前绩效评估": true, "预算清单": true, "结果应用": true, "绩效目标审核": true,
}

// indicatorFields are the per-indicator fields ("<三级指标>.<field>").
var indicatorFields = map[string]bool{
	"一级": true, "二级": true, "三级": true, "年初指标值": true, "方向": true, "权重": true, "实际完成值": true,
	"得分": true, "评分依据": true, "复核得分": true, "复核意见": true, "监控进度": true, "偏差原因": true,
}

// EventField names a change-history field in the page's language: a
// project field by its name, a narrative section by its title, an
// indicator's field as the indicator (data) and the field's name.
func (pg Page) EventField(field string) template.HTML {
	if projectFields[field] {
		return template.HTML(template.HTMLEscapeString(pg.T(field)))
	}
	if k, ok := strings.CutPrefix(field, "叙述."); ok {
		var n eval.Narrative
		for _, sec := range n.Sections() {
			if sec.Key == k {
				return template.HTML(template.HTMLEscapeString(pg.T("自评报告") + " · " + pg.Pick(sec.TitleZH, sec.TitleEN)))
			}
		}
	}
	if i := strings.LastIndexByte(field, '.'); i > 0 && indicatorFields[field[i+1:]] {
		return data(field[:i]) + template.HTML(" · "+template.HTMLEscapeString(pg.T(field[i+1:])))
	}
	return data(field)
}

// The indicator lines the change history writes when a row is added or
// removed (store.diffSheet).
var (
	addedRow   = regexp.MustCompile(`^新增指标 (.*) 目标 (.*) 权重 (\S*)$`)
	removedRow = regexp.MustCompile(`^删除指标 (.*) 目标 (.*) 方向 (.*) 权重 (\S*) 实际 (.*) 得分 (\S*) 依据 (.*) 复核得分 (\S*)$`)
)

// EventValue shows a change-history value: statuses and yes/no by name,
// the added and removed rows in the page's language, anything else as data.
func (pg Page) EventValue(field, v string) template.HTML {
	text := func(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }
	switch {
	case field == "状态":
		if n, ok := statusNames[v]; ok {
			return text(pg.T(n))
		}
	case v == "true":
		return text(pg.T("是"))
	case v == "false":
		return text(pg.T("否"))
	}
	if m := addedRow.FindStringSubmatch(v); m != nil {
		return text(pg.T("新增指标")+" ") + data(m[1]) + text(" · "+pg.T("目标")+" ") + data(m[2]) + text(" · "+pg.T("权重")+" "+m[3])
	}
	if m := removedRow.FindStringSubmatch(v); m != nil {
		out := text(pg.T("删除指标")+" ") + data(m[1]) + text(" · "+pg.T("目标")+" ") + data(m[2])
		if m[3] != "" {
			out += text(" · "+pg.T("方向")+" ") + text(pg.T(m[3]))
		}
		out += text(" · "+pg.T("权重")+" "+m[4]+" · "+pg.T("实际完成值")+" ") + data(m[5]) + text(" · "+pg.T("得分")+" "+m[6])
		if m[7] != "" {
			out += text(" · "+pg.T("评分依据")+" ") + data(m[7])
		}
		if m[8] != "" {
			out += text(" · " + pg.T("复核得分") + " " + m[8])
		}
		return out
	}
	return data(v)
}

// The notes the recovery cases write (auditdb): opened, repaid, written
// off, reversed.
var (
	caseOpened   = regexp.MustCompile(`^立案 (\S+) 应追回 (\S+) 元$`)
	caseRepaid   = regexp.MustCompile(`^还款 (\S+) 元 (\S+) (.*)$`)
	caseWriteOff = regexp.MustCompile(`^(核销|撤销核销)：(.*)$`)
)

// TrailNote shows a suspect's or a case's trail note: the notes the
// application writes in the page's language (the catalogue's bilingual
// ones and the case notes), what a person wrote as data.
func (pg Page) TrailNote(note string) template.HTML {
	text := func(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }
	if m := caseOpened.FindStringSubmatch(note); m != nil {
		return text(pg.P.Tf("立案：%s，应追回 %s 元", pg.T(m[1]), group(m[2])))
	}
	if m := caseRepaid.FindStringSubmatch(note); m != nil {
		return text(pg.P.Tf("还款 %s 元（%s，%s）", group(m[1]), m[2], pg.T(m[3])))
	}
	if m := caseWriteOff.FindStringSubmatch(note); m != nil {
		return text(pg.T(m[1])+pg.T("：")) + data(m[2])
	}
	if t := pg.T(note); t != note || !hasHanText(note) || strings.Contains(note, " (") {
		return text(t)
	}
	return data(note)
}

func hasHanText(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) >= 0
}

// CodeTf translates a format whose arguments are code — a command, a file
// name — and sets each in <code translate="no">, the same in every language.
func (pg Page) CodeTf(zh string, code ...string) template.HTML {
	args := make([]any, len(code))
	for i, c := range code {
		args[i] = `<code translate="no">` + template.HTMLEscapeString(c) + `</code>`
	}
	return template.HTML(fmt.Sprintf(template.HTMLEscapeString(pg.T(zh)), args...))
}

// RuleSetName names a scoring rule set: a built-in one by its description
// in the page's language, a rule file by its name (data).
func (pg Page) RuleSetName(name string) template.HTML {
	if rs, ok := eval.BuiltinRuleSets()[name]; ok {
		return template.HTML(template.HTMLEscapeString(pg.T(rs.Description)))
	}
	return data(name)
}

// lightNames names the monitoring lights.
var lightNames = map[monitor.Light]string{
	monitor.LightRed: "红灯：严重滞后", monitor.LightYellow: "黄灯：略有滞后", monitor.LightGreen: "绿灯：正常",
	monitor.LightBlue: "蓝灯：超进度", monitor.LightNone: "尚无可比进度",
}

// LightDot draws a monitoring light with its name as the tooltip.
func (pg Page) LightDot(l monitor.Light) template.HTML {
	c := string(l)
	if c == "" {
		c = "none"
	}
	return template.HTML(`<span class="light light-` + template.HTMLEscapeString(c) + `" title="` +
		template.HTMLEscapeString(pg.T(lightNames[l])) + `" role="img" aria-label="` + template.HTMLEscapeString(pg.T(lightNames[l])) + `"></span>`)
}

// runFileEnglish puts the notes stored with an audit run's input files
// (rollfile.Report.HeaderSummary, auditdb's skipped-rows note) into
// English, one pattern at a time; the sheet and column names stay quoted.
var runFileEnglish = []struct {
	re *regexp.Regexp
	en string
}{
	{regexp.MustCompile(`表头上方 (\d+)、表头 (\d+)、空行 (\d+)、合计/签名行 (\d+)、未用工作表 (\d+)`),
		"above the header $1, header rows $2, blank $3, total/signature rows $4, unused sheets $5"},
	{regexp.MustCompile(`；死亡日期取自“([^”]*)”列`), "; date of death from column “$1”"},
	{regexp.MustCompile(`第(\d+)–(\d+)行（两行表头）`), "rows $1–$2 (two header rows)"},
	{regexp.MustCompile(`工作表“([^”]*)”第(\d+)行`), "sheet “$1” row $2"},
	{regexp.MustCompile(`第(\d+)行`), "row $1"},
	{regexp.MustCompile(`、`), ", "},
}

// RunFileNote shows an input file's header or skipped-rows note in the
// page's language.
func (pg Page) RunFileNote(s string) string {
	if !pg.P.IsEN() {
		return s
	}
	for _, x := range runFileEnglish {
		s = x.re.ReplaceAllString(s, x.en)
	}
	return s
}
