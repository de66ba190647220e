package reviewdesk

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/report/reporttest"
)

// baseReports reads the example reports (the fund center's eight 2023 projects).
func baseReports(t testing.TB) []*eval.Report { return reporttest.Examples(t) }

// fillerPool is the characters of unit-specific prose, so that clean
// reports built from the same example do not read as copies.
var fillerPool = []rune("经办业务资金基金保障待遇人员发放审核稽核核查比对追回宣传培训系统平台数据信息服务群众镇村社区街道窗口档案材料年度季度月份制度规范流程风险防控监督检查整改落实完善推进加强提升优化效率质量安全稳定和谐民生政策解读申报登记认证缴费补助代缴标准调整动态管理台账归档考核评估")

func filler(rng *rand.Rand, n int) string {
	out := make([]rune, n)
	for i := range out {
		out[i] = fillerPool[rng.IntN(len(fillerPool))]
	}
	return string(out) + "。"
}

var (
	reDeclared = regexp.MustCompile(`得分[0-9.]+分`)
	reGrade    = regexp.MustCompile(`等级为[优良中差]`)
)

// clone copies a report deeply enough to change it.
func clone(r *eval.Report) *eval.Report {
	c := *r
	c.Sheet.Rows = append([]eval.Row(nil), r.Sheet.Rows...)
	if r.Sheet.Total != nil {
		t := *r.Sheet.Total
		c.Sheet.Total = &t
	}
	c.Notes = nil
	c.Narrative.Other = append([]eval.Passage(nil), r.Narrative.Other...)
	return &c
}

// setScores writes the rule's scores (full when padded), the 总计 row and
// the narrative's declared total and grade.
func setScores(r *eval.Report, padded bool) {
	rs := eval.DefaultRuleSet()
	var total eval.Points
	for k := range r.Sheet.Rows {
		row := &r.Sheet.Rows[k]
		sc := eval.ScoreRow(row, rs)
		switch {
		case padded || sc.Met:
			row.Score = row.Weight
		case sc.Exact:
			row.Score = sc.Expected
		default:
			row.Score = sc.Min
		}
		if !padded && sc.Exact {
			row.Score = sc.Expected
		}
		if row.Score < row.Weight && row.Basis == "" {
			row.Basis = "未完全达到年度目标，下年加强管理"
		}
		row.HasScore = true
		total += row.Score
	}
	r.Sheet.Total.Score, r.Sheet.Total.HasScore = total, true
	c := &r.Narrative.Conclusion
	c.Text = reDeclared.ReplaceAllString(c.Text, "得分"+total.String()+"分")
	c.Text = reGrade.ReplaceAllString(c.Text, "等级为"+rs.Grade(total))
}

// setCount replaces the first 数量指标 row by a count indicator.
func setCount(r *eval.Report, name string, n int64, unit string) {
	for k := range r.Sheet.Rows {
		row := &r.Sheet.Rows[k]
		if row.Level2 == "数量指标" {
			row.Level3 = name
			row.Target = eval.ParseValue(fmt.Sprintf("≥%d%s", n, unit))
			row.Actual = eval.ParseValue(fmt.Sprintf("%d%s", n, unit))
			return
		}
	}
	panic("no 数量指标 in " + r.Project)
}

// spentOf is what the example's prose says was spent (Check reads it).
func spentOf(r *eval.Report) money.Fen {
	c := clone(r)
	eval.Check(c, nil)
	if a := c.Funds.Spent.All(); a.Set {
		return a.Fen
	}
	return c.Funds.Budget.All().Fen
}

// planted is the test set and what was planted in it.
type planted struct {
	items    []Item
	rescores []Rescore
	// key "unit/project/year" → index
	idx map[string]int
}

func (p *planted) at(unit, project string, year int) int {
	i, ok := p.idx[fmt.Sprintf("%s/%s/%d", unit, project, year)]
	if !ok {
		panic("no report " + unit + project)
	}
	return i
}

func unitName(u int) string { return fmt.Sprintf("如皋市测试单位%02d", u) }

// buildPlanted makes 25 units × 4 projects × 2 years from the example
// reports, each with its own prose, consistent scores, a count indicator
// and amounts close to its peers', and plants: a unit padded to 100
// (unit 03), a narrative copied between units with a figure that no longer
// fits (05 copies 06), a narrative reused unchanged from last year (08),
// a unit cost far above peers (10), a unit cost far from last year (12),
// and self-scores far above re-scores two years running (14).
func buildPlanted(t testing.TB) *planted {
	base := baseReports(t)
	p := &planted{idx: map[string]int{}}
	rng := rand.New(rand.NewPCG(18, 2026))
	byKey := map[string]*eval.Report{}
	for _, year := range []int{2022, 2023} {
		for u := 0; u < 25; u++ {
			for k := 0; k < 4; k++ {
				b := base[(u+k)%len(base)]
				r := clone(b)
				r.Unit, r.Year = unitName(u), year
				r.Source = fmt.Sprintf("%s-%d.txt", unitName(u), year)
				for _, sec := range r.Narrative.Sections() {
					if sec.Text.Text != "" && sec.Key != "principles" {
						n := 2*len([]rune(sec.Text.Text)) + 20
						sec.Text.Text += filler(rng, n)
					}
				}
				// about 50 yuan a head, ±10%
				qty := int64(spentOf(b)) / 5000 * int64(90+rng.IntN(21)) / 100
				if qty == 0 { // the prose states no spending: no unit cost
					qty = 1000
				}
				setCount(r, "服务对象人数", qty, "人")
				setScores(r, false)
				byKey[fmt.Sprintf("%d/%d/%d", u, k, year)] = r
			}
		}
	}
	get := func(u, k, year int) *eval.Report { return byKey[fmt.Sprintf("%d/%d/%d", u, k, year)] }

	// 03: every project of 2023 at 100.
	for k := 0; k < 4; k++ {
		setScores(get(3, k, 2023), true)
	}
	// 06 states 70 projects; 05 copies 06's narrative but has 17.
	src, cp := get(6, 0, 2023), get(5, 0, 2023)
	setCount(src, "稽核项目数", 70, "个")
	src.Narrative.Performance.Text = "全年完成基金稽核项目70个，覆盖全部镇区经办机构和村居协办员。" + src.Narrative.Performance.Text
	setCount(cp, "稽核项目数", 17, "个")
	cp.Narrative = src.Narrative
	cp.Narrative.Other = nil
	setScores(src, false)
	setScores(cp, false)
	// 08: 2023 narrative = 2022's.
	get(8, 1, 2023).Narrative = get(8, 1, 2022).Narrative
	setScores(get(8, 1, 2023), false)
	// 10: five times the peers' cost.
	c := get(10, 2, 2023)
	for k := range c.Sheet.Rows {
		if c.Sheet.Rows[k].Level3 == "服务对象人数" {
			setCount(c, "服务对象人数", c.Sheet.Rows[k].Actual.Num.Coef/5, "人")
		}
	}
	// 12: last year twice the heads for the same money.
	ly := get(12, 2, 2022)
	for k := range ly.Sheet.Rows {
		if ly.Sheet.Rows[k].Level3 == "服务对象人数" {
			setCount(ly, "服务对象人数", 2*ly.Sheet.Rows[k].Actual.Num.Coef, "人")
		}
	}
	// add items in a stable order
	for _, year := range []int{2022, 2023} {
		for u := 0; u < 25; u++ {
			for k := 0; k < 4; k++ {
				r := get(u, k, year)
				p.idx[fmt.Sprintf("%s/%s/%d", r.Unit, r.Project, r.Year)] = len(p.items)
				p.items = append(p.items, Item{Report: r})
			}
		}
	}
	for i := range p.items {
		p.items[i].Result = eval.Check(p.items[i].Report, nil)
	}
	// 14: re-scores 15 points below the self-score in both years; 15 and
	// 16: a point or two below (not a signal).
	for _, it := range p.items {
		r := it.Report
		self, _ := selfScore(it)
		switch r.Unit {
		case unitName(14):
			p.rescores = append(p.rescores, Rescore{Unit: r.Unit, Project: r.Project, Year: r.Year, Score: self - eval.P(15)})
		case unitName(15), unitName(16):
			p.rescores = append(p.rescores, Rescore{Unit: r.Unit, Project: r.Project, Year: r.Year, Score: self - eval.P(2)})
		}
	}
	return p
}

func TestPlantedSignalsFoundCleanReportsNotOnTop(t *testing.T) {
	p := buildPlanted(t)
	d := Review(p.items, Options{Year: 2023, Rescores: p.rescores, Sample: 12, Seed: 7})
	if len(d.Ranking) != 100 {
		t.Fatalf("ranked %d reports, want the 100 of 2023", len(d.Ranking))
	}
	if len(d.Unmatched) != 0 {
		t.Errorf("unmatched re-scores: %v", d.Unmatched)
	}
	has := func(sig Signal, item int) bool {
		for _, f := range d.Findings {
			if f.Signal != sig {
				continue
			}
			for _, r := range f.Reports {
				if r.Item == item && r.Risk > 0 {
					return true
				}
			}
		}
		return false
	}
	plantedSet := map[int]string{}
	want := func(sig Signal, unit int, k int, year int) {
		t.Helper()
		base := baseReports(t)
		proj := base[(unit+k)%len(base)].Project
		i := p.at(unitName(unit), proj, year)
		plantedSet[i] = string(sig)
		if !has(sig, i) {
			t.Errorf("planted %s not found for %s %s %d", sig, unitName(unit), proj, year)
		}
	}
	for k := 0; k < 4; k++ {
		want(SigFullMarks, 3, k, 2023)
		want(SigDeviation, 14, k, 2023)
	}
	want(SigReuse, 5, 0, 2023)
	want(SigReuse, 6, 0, 2023) // the source of a same-year copy is named too
	want(SigStaleFigure, 5, 0, 2023)
	want(SigReuse, 8, 1, 2023)
	want(SigCostPeers, 10, 2, 2023)
	want(SigCostLastYear, 12, 2, 2023)

	// No false alarms of the planted kinds on clean reports.
	for _, f := range d.Findings {
		switch f.Signal {
		case SigContradiction, SigUnassessable:
			continue
		}
		for _, r := range f.Reports {
			if _, ok := plantedSet[r.Item]; !ok && r.Risk > 0 && p.items[r.Item].Report.Year == 2023 {
				t.Errorf("clean report %s %s flagged: %s %s", p.items[r.Item].Report.Unit, p.items[r.Item].Report.Project, f.Signal, f.MessageZH)
			}
		}
	}
	decile := len(d.Ranking) / 10
	for _, rk := range d.Ranking[:decile] {
		if _, ok := plantedSet[rk.Item]; !ok {
			r := p.items[rk.Item].Report
			t.Errorf("clean report in the top decile: %s %s (risk %d)", r.Unit, r.Project, rk.Risk)
		}
	}
	// The reuse finding shows the passages side by side, and the stale
	// figure names both numbers.
	for _, f := range d.Findings {
		if f.Signal == SigReuse && f.Unit == unitName(6) && len(f.Passages) == 0 {
			t.Errorf("reuse without passages: %s", f.MessageZH)
		}
		if f.Signal == SigStaleFigure && !(bytes.Contains([]byte(f.MessageZH), []byte("70个")) && bytes.Contains([]byte(f.MessageZH), []byte("17个"))) {
			t.Errorf("stale figure message: %s", f.MessageZH)
		}
	}
	if testing.Verbose() {
		for k, rk := range d.Ranking[:15] {
			r := p.items[rk.Item].Report
			t.Logf("%2d %3d %s %s", k+1, rk.Risk, r.Unit, r.Project)
			for _, fi := range rk.Findings {
				t.Logf("      %s %s", d.Findings[fi].Signal, d.Findings[fi].MessageZH)
			}
		}
	}
}
