package targetcheck

import (
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/report/reporttest"
)

func examplesByName(t *testing.T) map[string]*eval.Report {
	t.Helper()
	out := map[string]*eval.Report{}
	for _, r := range reporttest.Examples(t) {
		out[r.Project] = r
	}
	return out
}

func clone(r *eval.Report) *eval.Report {
	c := *r
	c.Sheet.Rows = append([]eval.Row(nil), r.Sheet.Rows...)
	return &c
}

// rules maps rule → indicators found (one "" for a sheet-level finding).
func rules(fs []eval.Finding) map[string][]string {
	out := map[string][]string{}
	for _, f := range fs {
		out[f.Rule] = append(out[f.Rule], f.Indicator)
	}
	return out
}

func row(r *eval.Report, name string) *eval.Row {
	for k := range r.Sheet.Rows {
		if r.Sheet.Rows[k].Level3 == name {
			return &r.Sheet.Rows[k]
		}
	}
	panic(name)
}

func TestExampleTargets(t *testing.T) {
	ex := examplesByName(t)
	cur := clone(ex["稽查费"])
	got := rules(Check(cur, nil))
	want := map[string][]string{
		"target.cost_amount": {"是否超出预算"},
		"target.vague":       {"对领取对象警示教育作用"},
		"target.no_source":   {"追回率", "百姓满意度"},
	}
	for rule, inds := range want {
		if strings.Join(got[rule], ",") != strings.Join(inds, ",") {
			t.Errorf("%s: got %v, want %v", rule, got[rule], inds)
		}
	}
	if len(got["target.dimension"]) != 0 || len(got["target.below_last"]) != 0 || len(got["target.unchanged"]) != 0 {
		t.Errorf("unexpected: %v", got)
	}
	// A source named in the basis silences target.no_source.
	row(cur, "百姓满意度").Basis = "数据来源：第三方满意度问卷调查"
	if got := rules(Check(cur, nil)); len(got["target.no_source"]) != 1 {
		t.Errorf("source in the basis not seen: %v", got["target.no_source"])
	}
}

func TestMissingDimensionsAndCost(t *testing.T) {
	cur := clone(examplesByName(t)["稽查费"])
	var kept []eval.Row
	for _, r := range cur.Sheet.Rows {
		if r.Level2 != "时效指标" && !strings.Contains(r.Level1, "满意") {
			kept = append(kept, r)
		}
	}
	cur.Sheet.Rows = kept
	cost := row(cur, "是否超出预算")
	cost.Level3, cost.Target = "印制成本", eval.ParseValue("≤6万元")
	cur.Funds.Budget.Total = eval.Known(5 * money.Wan)
	fs := Check(cur, nil)
	var dims []string
	for _, f := range fs {
		if f.Rule == "target.dimension" {
			dims = append(dims, f.MessageZH)
		}
	}
	if strings.Join(dims, "|") != "指标表没有时效指标|指标表没有满意度指标" {
		t.Errorf("dimensions: %v", dims)
	}
	if fs[0].Rule != "target.cost_budget" || fs[0].Severity != eval.SevError || fs[0].Indicator != "印制成本" {
		t.Errorf("first finding %+v, want the cost above budget", fs[0])
	}
	cost.Target = eval.ParseValue("≤4.5万元")
	if got := rules(Check(cur, nil)); got["target.cost_budget"] != nil || got["target.cost_amount"] != nil {
		t.Errorf("a cost within budget flagged: %v", got)
	}
}

func TestAgainstLastYear(t *testing.T) {
	ex := examplesByName(t)
	last := ex["居保失保综合平台升级改造费"]
	cur := clone(last)
	cur.Year = 2024
	got := rules(Check(cur, last))
	// 百姓满意度 >95% while last year reached 98%.
	if strings.Join(got["target.below_last"], ",") != "百姓满意度" {
		t.Errorf("below_last: %v", got["target.below_last"])
	}
	if len(got["target.unchanged"]) != 1 {
		t.Errorf("unchanged sheet not found: %v", got)
	}
	row(cur, "百姓满意度").Target = eval.ParseValue("≥98%")
	row(cur, "业务数据差错率").Target = eval.ParseValue("≤1%") // looser than last year's 0%
	got = rules(Check(cur, last))
	if strings.Join(got["target.below_last"], ",") != "业务数据差错率" || got["target.unchanged"] != nil {
		t.Errorf("after raising the target: %v", got)
	}
}

func TestRulesListed(t *testing.T) {
	names := map[string]bool{}
	for _, r := range Rules {
		names[r.Name] = true
	}
	for _, rule := range []string{"target.dimension", "target.vague", "target.no_source", "target.cost_amount", "target.cost_budget", "target.below_last", "target.unchanged"} {
		if !names[rule] {
			t.Errorf("%s not in Rules", rule)
		}
	}
}

// TestSuggestEveryRule: every check suggests an opinion code the review
// form offers; a missing cost dimension suggests 缺少成本指标.
func TestSuggestEveryRule(t *testing.T) {
	for _, r := range Rules {
		if c := Suggest(eval.Finding{Rule: r.Name}); !IsCode(c) {
			t.Errorf("%s suggests %q, not a code", r.Name, c)
		}
	}
	cur := &eval.Report{Sheet: eval.Sheet{Rows: []eval.Row{{Level1: "产出指标", Level2: "数量指标", Level3: "人数", Target: eval.ParseValue("100人")}}}}
	codes := map[string]bool{}
	for _, f := range Check(cur, nil) {
		codes[Suggest(f)] = true
	}
	if !codes[CodeNoCost] || !codes[CodeMissing] {
		t.Errorf("missing dimensions suggest %v", codes)
	}
	if Suggest(eval.Finding{Rule: "total.sum"}) != "" || IsResult("有效") || !IsResult(ResultAmend) {
		t.Error("unknown rule or result accepted")
	}
}
