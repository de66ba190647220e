// Package indicator holds the templates that start a project's indicator
// sheet (绩效目标) and the library of typical 三级 indicators of a social
// insurance fund center, searchable when a row is added. It is pure data.
package indicator

import (
	"strings"

	"jixiao/internal/eval"
)

// Row is one indicator of a template or the library.
type Row struct {
	Level1, Level2, Level3 string
	Target                 string // example 年初指标值
	Weight                 int64  // whole points; 0 in the library
	Direction              eval.Direction
	Unit                   string
	Note                   string // what it measures
}

// Template is a named starting sheet.
type Template struct {
	Key     string
	NameZH  string
	NameEN  string
	Rows    []Row
	NoteZH  string
	NoteEN  string
	RuleSet string
}

// Templates lists the built-in templates.
func Templates() []Template {
	return []Template{framework(), selfEval()}
}

// Find returns the template with the key.
func Find(key string) (Template, bool) {
	for _, t := range Templates() {
		if t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}

// framework is the 决策/过程/产出/效益/满意度 sheet of the seed reports:
// 12 / 18 / 30 / 30 / 10.
func framework() Template {
	q := eval.DirQualitative
	p := eval.DirPositive
	n := eval.DirNegative
	return Template{
		Key: "framework", NameZH: "评价指标体系框架（决策12/过程18/产出30/效益30/满意度10）",
		NameEN:  "Evaluation framework (decision 12 / process 18 / output 30 / outcome 30 / satisfaction 10)",
		NoteZH:  "如皋市被征地农民基本生活保障资金管理中心历年自评采用的三级指标体系。",
		NoteEN:  "The three-level framework the fund center's self-evaluations use.",
		RuleSet: "caiyu-2020-10",
		Rows: []Row{
			{"决策指标", "项目立项", "立项依据充分性", "充分", 2, q, "", ""},
			{"决策指标", "项目立项", "立项程序规范性", "规范", 2, q, "", ""},
			{"决策指标", "绩效目标", "绩效目标合理性", "合理", 2, q, "", ""},
			{"决策指标", "绩效目标", "绩效指标明确性", "明确", 2, q, "", ""},
			{"决策指标", "资金投入", "预算编制科学性", "科学", 2, q, "", ""},
			{"决策指标", "资金投入", "资金分配合理性", "合理", 2, q, "", ""},
			{"过程指标", "资金管理", "资金到位率", "100%", 3, p, "%", ""},
			{"过程指标", "资金管理", "预算执行率", "100%", 3, p, "%", ""},
			{"过程指标", "资金管理", "资金使用合规性", "合规", 4, q, "", ""},
			{"过程指标", "组织实施", "制度是否健全", "健全", 2, q, "", ""},
			{"过程指标", "组织实施", "制度执行有效性", "有效", 6, q, "", ""},
			{"产出指标", "数量指标", "发放率", "100%", 9, p, "%", ""},
			{"产出指标", "质量指标", "足额发放率", "100%", 8, p, "%", ""},
			{"产出指标", "时效指标", "发放及时性", "及时", 8, p, "", ""},
			{"产出指标", "成本指标", "是否超出预算", "否", 5, n, "", ""},
			{"效益指标", "经济效益指标", "保障基金安全", "是", 10, p, "", ""},
			{"效益指标", "社会效益指标", "促进社会和谐发展", "是", 10, p, "", ""},
			{"效益指标", "可持续发展指标", "制度执行的可持续性", "是", 10, p, "", ""},
			{"满意度指标", "满意度指标", "服务对象满意度", "≥95%", 10, p, "%", ""},
		},
	}
}

// selfEval is the 财预〔2020〕10号 self-evaluation default: 产出 50,
// 效益 30, 满意度 10, 预算执行率 10.
func selfEval() Template {
	p := eval.DirPositive
	n := eval.DirNegative
	return Template{
		Key: "caiyu2020", NameZH: "财预〔2020〕10号 自评默认（产出50/效益30/满意度10/预算执行率10）",
		NameEN:  "MoF 2020 No.10 self-evaluation default (output 50 / outcome 30 / satisfaction 10 / execution 10)",
		NoteZH:  "《项目支出绩效评价管理办法》单位自评原则上的一级指标权重。",
		NoteEN:  "The default level-1 weights of the 2020 self-evaluation rule.",
		RuleSet: "caiyu-2020-10",
		Rows: []Row{
			{"产出指标", "数量指标", "发放率", "100%", 20, p, "%", ""},
			{"产出指标", "质量指标", "足额发放率", "100%", 15, p, "%", ""},
			{"产出指标", "时效指标", "发放及时性", "及时", 10, p, "", ""},
			{"产出指标", "成本指标", "是否超出预算", "否", 5, n, "", ""},
			{"效益指标", "社会效益指标", "保障对象基本生活", "是", 20, p, "", ""},
			{"效益指标", "可持续影响指标", "制度执行的可持续性", "是", 10, p, "", ""},
			{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%", 10, p, "%", ""},
			{"预算执行", "预算执行率", "预算执行率", "100%", 10, p, "%", ""},
		},
	}
}

// Library lists typical 三级 indicators of this field.
func Library() []Row {
	p, n, q := eval.DirPositive, eval.DirNegative, eval.DirQualitative
	return []Row{
		{"产出指标", "数量指标", "发放率", "100%", 0, p, "%", "应发人数中实际发放的比例"},
		{"产出指标", "数量指标", "应发尽发率", "100%", 0, p, "%", "符合条件者全部发放"},
		{"产出指标", "数量指标", "参保率", "≥95%", 0, p, "%", "应参保人员中已参保的比例"},
		{"产出指标", "数量指标", "代缴率", "100%", 0, p, "%", "困难群体代缴覆盖"},
		{"产出指标", "数量指标", "代缴人数", "≥1000人", 0, p, "人", "政府代缴的困难人员人数"},
		{"产出指标", "数量指标", "追回率", "100%", 0, p, "%", "冒领、多领资金追回比例"},
		{"产出指标", "数量指标", "生存认证率", "≥98%", 0, p, "%", "领取人员资格认证比例"},
		{"产出指标", "数量指标", "稽核比对次数", "≥12次", 0, p, "次", "每月死亡数据比对"},
		{"产出指标", "质量指标", "足额追回率", "100%", 0, p, "%", "应追回金额中已追回的比例"},
		{"产出指标", "质量指标", "足额发放率", "100%", 0, p, "%", "按标准足额发放"},
		{"产出指标", "质量指标", "差错率", "≤0.1%", 0, n, "%", "发放差错笔数比例（反向）"},
		{"产出指标", "质量指标", "冒领发生率", "≤0.05%", 0, n, "%", "冒领人数占领取人数（反向）"},
		{"产出指标", "时效指标", "发放及时性", "及时", 0, p, "", "按月按时发放"},
		{"产出指标", "时效指标", "及时追回率", "≥90%", 0, p, "%", "发现后三个月内追回"},
		{"产出指标", "时效指标", "办结时限", "≤5天", 0, n, "天", "业务办结天数（反向）"},
		{"产出指标", "成本指标", "是否超出预算", "否", 0, n, "", "支出不超预算"},
		{"产出指标", "成本指标", "人均经办成本", "≤50元", 0, n, "元", "（反向）"},
		{"效益指标", "经济效益指标", "保障基金安全", "是", 0, p, "", ""},
		{"效益指标", "社会效益指标", "保障对象基本生活", "有效", 0, q, "", ""},
		{"效益指标", "社会效益指标", "政策知晓率", "≥90%", 0, p, "%", ""},
		{"效益指标", "可持续影响指标", "制度执行的可持续性", "是", 0, p, "", ""},
		{"满意度指标", "满意度指标", "服务对象满意度", "≥95%", 0, p, "%", "问卷调查"},
		{"满意度指标", "满意度指标", "投诉率", "≤1%", 0, n, "%", "（反向）"},
		{"过程指标", "资金管理", "资金到位率", "100%", 0, p, "%", "到位/预算"},
		{"过程指标", "资金管理", "预算执行率", "100%", 0, p, "%", "支出/预算"},
		{"过程指标", "资金管理", "资金使用合规性", "合规", 0, q, "", ""},
		{"过程指标", "组织实施", "制度执行有效性", "有效", 0, q, "", ""},
	}
}

// Search returns library rows whose name, levels or note contain every
// space-separated word of q. An empty query returns the whole library.
func Search(q string) []Row {
	words := strings.Fields(q)
	var out []Row
	for _, r := range Library() {
		hay := r.Level1 + r.Level2 + r.Level3 + r.Note + r.Unit
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}
