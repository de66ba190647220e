package reviewdesk

import (
	"fmt"
	"sort"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// Thresholds of the signals. They are the desk's judgement, not a rule of
// 财预〔2020〕10号 (which sets none); docs/review.md gives the reasons.
const (
	fullMarksMinReports = 2  // a unit needs this many projects in the year …
	fullMarksSharePct   = 75 // … and at least this share (percent) at full marks
	deviationMinPct     = 10 // 偏离度 from this many percent
	costFactor          = 2  // cost ≥ 2 × peers' median, or ≤ median ÷ 2
	costPeersMin        = 3  // peers (other reports, same indicator) needed for a median
	costYearPct         = 50 // change against last year beyond ±50%
)

// fullMarks finds units most of whose projects in the year score full marks.
func (s *scan) fullMarks() {
	type unitYear struct {
		all, full []int
	}
	byUnit := map[string]*unitYear{}
	var order []string
	for i, it := range s.items {
		if !s.inScope[i] {
			continue
		}
		u := byUnit[it.Report.Unit]
		if u == nil {
			u = &unitYear{}
			byUnit[it.Report.Unit] = u
			order = append(order, it.Report.Unit)
		}
		u.all = append(u.all, i)
		if self, ok := selfScore(it); ok && it.Result.WeightTotal > 0 && self >= it.Result.WeightTotal {
			u.full = append(u.full, i)
		}
	}
	for _, unit := range order {
		u := byUnit[unit]
		if len(u.all) < fullMarksMinReports || len(u.full)*100 < fullMarksSharePct*len(u.all) || len(u.full) < 2 {
			continue
		}
		share := len(u.full) * 100 / len(u.all)
		risk := 10 + 20*len(u.full)/len(u.all)
		f := Finding{Signal: SigFullMarks, Unit: unit,
			MessageZH: fmt.Sprintf("%s %d 年 %d 个项目中 %d 个自评满分（%d%%）：%s", unit, s.d.Year, len(u.all), len(u.full), share, s.projects(u.full)),
			MessageEN: fmt.Sprintf("%s: %d of %d projects in %d score full marks (%d%%): %s", unit, len(u.full), len(u.all), s.d.Year, share, s.projects(u.full)),
		}
		for _, i := range u.full {
			f.Reports = append(f.Reports, Ref{i, risk})
		}
		s.add(f)
	}
}

func (s *scan) projects(idx []int) string {
	names := make([]string, len(idx))
	for k, i := range idx {
		names[k] = s.items[i].Report.Project
	}
	return strings.Join(names, "、")
}

// deviation compares self-scores with the bureau's re-scores per unit and
// year: 偏离度 = (Σ self − Σ re-score) ÷ Σ self over the re-scored reports.
func (s *scan) deviation(rescores []Rescore) {
	if len(rescores) == 0 {
		return
	}
	type key struct {
		unit, project string
		year          int
	}
	idx := map[key]int{}
	for i, it := range s.items {
		idx[key{it.Report.Unit, normName(it.Report.Project), it.Report.Year}] = i
	}
	type yearSum struct{ self, re eval.Points }
	perUnit := map[string]map[int]*yearSum{}
	reportsOf := map[string][]int{}
	for _, rs := range rescores {
		i, ok := idx[key{rs.Unit, normName(rs.Project), rs.Year}]
		if !ok || rs.Year > s.d.Year {
			s.d.Unmatched = append(s.d.Unmatched, rs)
			continue
		}
		self, ok := selfScore(s.items[i])
		if !ok {
			s.d.Unmatched = append(s.d.Unmatched, rs)
			continue
		}
		if perUnit[rs.Unit] == nil {
			perUnit[rs.Unit] = map[int]*yearSum{}
		}
		ys := perUnit[rs.Unit][rs.Year]
		if ys == nil {
			ys = &yearSum{}
			perUnit[rs.Unit][rs.Year] = ys
		}
		ys.self += self
		ys.re += rs.Score
		reportsOf[rs.Unit] = append(reportsOf[rs.Unit], i)
	}
	units := make([]string, 0, len(perUnit))
	for u := range perUnit {
		units = append(units, u)
	}
	sort.Strings(units)
	for _, unit := range units {
		years := make([]int, 0, len(perUnit[unit]))
		for y := range perUnit[unit] {
			years = append(years, y)
		}
		sort.Ints(years)
		var self, re eval.Points
		over := 0
		var parts, partsEN []string
		for _, y := range years {
			ys := perUnit[unit][y]
			self += ys.self
			re += ys.re
			pct := deviationPct(ys.self, ys.re)
			if pct >= deviationMinPct*100 {
				over++
			}
			parts = append(parts, fmt.Sprintf("%d 年 %s%%", y, bpString(pct)))
			partsEN = append(partsEN, fmt.Sprintf("%d: %s%%", y, bpString(pct)))
		}
		pct := deviationPct(self, re)
		if pct < deviationMinPct*100 {
			continue
		}
		risk := min(40, 15+int((pct-deviationMinPct*100)/100))
		if over >= 2 {
			risk += 10 // year after year
		}
		f := Finding{Signal: SigDeviation, Unit: unit,
			MessageZH: fmt.Sprintf("%s 自评得分高于财政复核得分：偏离度 %s%%（%s），%d 个年度超过 %d%%", unit, bpString(pct), strings.Join(parts, "，"), over, deviationMinPct),
			MessageEN: fmt.Sprintf("%s self-scores exceed the bureau's re-scores: deviation %s%% (%s); %d years above %d%%", unit, bpString(pct), strings.Join(partsEN, ", "), over, deviationMinPct),
		}
		seen := map[int]bool{}
		for _, i := range reportsOf[unit] {
			seen[i] = true
			f.Reports = append(f.Reports, Ref{i, 0})
		}
		// The unit's reports of the year carry the risk, re-scored or not.
		for i, it := range s.items {
			if s.inScope[i] && it.Report.Unit == unit {
				if seen[i] {
					for k := range f.Reports {
						if f.Reports[k].Item == i {
							f.Reports[k].Risk = risk
						}
					}
				} else {
					f.Reports = append(f.Reports, Ref{i, risk})
				}
			}
		}
		s.add(f)
	}
}

// deviationPct is (self − re) ÷ self in hundredths of a percent.
func deviationPct(self, re eval.Points) int64 {
	if self <= 0 {
		return 0
	}
	return money.DivRound(int64(self-re)*10000, int64(self))
}

// bpString prints hundredths of a percent: 1834 → "18.34".
func bpString(bp int64) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d.%02d", sign, bp/100, bp%100)
}

// contradictions turns the eval checks' errors and warnings into risk.
func (s *scan) contradictions() {
	for i, it := range s.items {
		if !s.inScope[i] {
			continue
		}
		var errs, warns int
		var rules []string
		seen := map[string]bool{}
		for _, f := range it.Result.Findings {
			if f.Severity == eval.SevInfo {
				continue
			}
			if f.Severity == eval.SevError {
				errs++
			} else {
				warns++
			}
			if !seen[f.Rule] {
				seen[f.Rule] = true
				rules = append(rules, f.Rule)
			}
		}
		if errs+warns == 0 {
			continue
		}
		risk := min(30, 8*errs) + min(10, 2*warns)
		s.add(Finding{Signal: SigContradiction, Unit: it.Report.Unit, Reports: []Ref{{i, risk}},
			MessageZH: fmt.Sprintf("自评检查发现错误 %d 项、警告 %d 项（%s）", errs, warns, strings.Join(rules, ", ")),
			MessageEN: fmt.Sprintf("the checks found %d errors and %d warnings (%s)", errs, warns, strings.Join(rules, ", ")),
		})
	}
}

// unitCost is a report's spending per unit of its first countable 数量指标.
type unitCost struct {
	indicator, measure string
	fen                money.Fen // per unit, rounded half up to the fen
	qty                eval.Value
}

func costOf(r *eval.Report) (unitCost, bool) {
	spent := r.Funds.Spent.All()
	if !spent.Set {
		spent = r.Funds.Budget.All()
	}
	if !spent.Set || spent.Fen <= 0 {
		return unitCost{}, false
	}
	for _, row := range r.Sheet.Rows {
		if !strings.Contains(row.Level2, "数量") {
			continue
		}
		a := row.Actual
		if a.Kind != eval.KindNumber || a.Unit == "" || a.Unit == "%" || a.Num.Sign() <= 0 || a.Num.Scale > 6 {
			continue
		}
		// fen × 10^scale ÷ coef, exact integers; overflow is avoided by
		// refusing absurd magnitudes.
		num := int64(spent.Fen)
		for k := 0; k < a.Num.Scale; k++ {
			if num > 1<<55 {
				return unitCost{}, false
			}
			num *= 10
		}
		return unitCost{indicator: normName(row.Level3), measure: a.Unit, fen: money.Fen(money.DivRound(num, a.Num.Coef)), qty: a}, true
	}
	return unitCost{}, false
}

// costs compares unit costs with peers (same indicator and measure, same
// year, other units) and with the same unit's project last year.
func (s *scan) costs() {
	costs := make([]unitCost, len(s.items))
	has := make([]bool, len(s.items))
	type peerKey struct {
		indicator, measure string
		year               int
	}
	peers := map[peerKey][]int{}
	type projKey struct {
		unit, project string
		year          int
	}
	byProject := map[projKey]int{}
	for i, it := range s.items {
		costs[i], has[i] = costOf(it.Report)
		byProject[projKey{it.Report.Unit, normName(it.Report.Project), it.Report.Year}] = i
		if has[i] {
			k := peerKey{costs[i].indicator, costs[i].measure, it.Report.Year}
			peers[k] = append(peers[k], i)
		}
	}
	for i, it := range s.items {
		if !s.inScope[i] || !has[i] {
			continue
		}
		c := costs[i]
		var others []money.Fen
		for _, j := range peers[peerKey{c.indicator, c.measure, it.Report.Year}] {
			if j != i && s.items[j].Report.Unit != it.Report.Unit {
				others = append(others, costs[j].fen)
			}
		}
		if len(others) >= costPeersMin {
			sort.Slice(others, func(a, b int) bool { return others[a] < others[b] })
			med := others[len(others)/2]
			if len(others)%2 == 0 {
				med = money.Fen(money.DivRound(int64(others[len(others)/2-1]+others[len(others)/2]), 2))
			}
			high := c.fen >= costFactor*med
			low := costFactor*c.fen <= med
			if med > 0 && (high || low) {
				risk, zh, en := 25, "高于", "above"
				if low {
					risk, zh, en = 15, "低于", "below"
				}
				s.add(Finding{Signal: SigCostPeers, Unit: it.Report.Unit, Reports: []Ref{{i, risk}},
					MessageZH: fmt.Sprintf("%s 单位成本 %s 元/%s（支出 ÷ %s %s），%s同类 %d 个项目中位数 %s 元/%s 的 %s 倍", it.Report.Project, c.fen, c.measure, c.indicator, c.qty.String(), zh, len(others), med, c.measure, ratio(c.fen, med)),
					MessageEN: fmt.Sprintf("%s: unit cost %s yuan per %s (spent ÷ %s %s), %s the median %s of %d peer projects (× %s)", it.Report.Project, c.fen, c.measure, c.indicator, c.qty.String(), en, med, len(others), ratio(c.fen, med)),
				})
			}
		}
		j, ok := byProject[projKey{it.Report.Unit, normName(it.Report.Project), it.Report.Year - 1}]
		if !ok || !has[j] || costs[j].measure != c.measure || costs[j].fen <= 0 {
			continue
		}
		prev := costs[j].fen
		changePct := money.DivRound(int64(c.fen-prev)*100, int64(prev))
		if changePct >= costYearPct || changePct <= -costYearPct {
			s.add(Finding{Signal: SigCostLastYear, Unit: it.Report.Unit, Reports: []Ref{{i, 20}, {j, 0}},
				MessageZH: fmt.Sprintf("%s 单位成本 %s 元/%s，上年 %s 元/%s，变化 %+d%%", it.Report.Project, c.fen, c.measure, prev, costs[j].measure, changePct),
				MessageEN: fmt.Sprintf("%s: unit cost %s yuan per %s against %s last year (%+d%%)", it.Report.Project, c.fen, c.measure, prev, changePct),
			})
		}
	}
}

// ratio prints a ÷ b to one decimal.
func ratio(a, b money.Fen) string {
	if b == 0 {
		return "—"
	}
	t := money.DivRound(int64(a)*10, int64(b))
	return fmt.Sprintf("%d.%d", t/10, t%10)
}

// sourceWords say where a satisfaction figure comes from.
var sourceWords = []string{"调查", "问卷", "测评", "抽样", "回访", "抽查", "访谈", "来源"}

// vagueLevel1 are the 一级 groups whose indicators must be assessable.
func assessedGroup(level1 string) bool {
	return strings.Contains(level1, "产出") || strings.Contains(level1, "效益") || strings.Contains(level1, "满意")
}

// unassessable finds output, benefit and satisfaction indicators with a
// word for a target (有效, 提高) or a satisfaction rate with no source.
func (s *scan) unassessable() {
	for i, it := range s.items {
		if !s.inScope[i] {
			continue
		}
		r := it.Report
		var vague, noSource []string
		var text strings.Builder
		for _, p := range r.Narrative.Text() {
			text.WriteString(p.Text)
		}
		narr := text.String()
		for _, row := range r.Sheet.Rows {
			if !assessedGroup(row.Level1) {
				continue
			}
			switch row.Target.Kind {
			case eval.KindWord, eval.KindText, eval.KindEmpty:
				vague = append(vague, row.Level3+"（"+row.Target.String()+"）")
				continue
			}
			if strings.Contains(row.Level3, "满意") && row.Target.Kind == eval.KindNumber &&
				!containsAny(row.Basis, sourceWords) && !containsAny(narr, sourceWords) {
				noSource = append(noSource, row.Level3)
			}
		}
		n := len(vague) + len(noSource)
		if n == 0 {
			continue
		}
		var zh, en []string
		if len(vague) > 0 {
			zh = append(zh, "无量化指标值："+strings.Join(vague, "、"))
			en = append(en, "no number: "+quoteAll(vague))
		}
		if len(noSource) > 0 {
			zh = append(zh, "满意度未说明数据来源："+strings.Join(noSource, "、"))
			en = append(en, "satisfaction with no source: "+quoteAll(noSource))
		}
		s.add(Finding{Signal: SigUnassessable, Unit: r.Unit, Reports: []Ref{{i, min(8, 2*n)}},
			MessageZH: strings.Join(zh, "；"), MessageEN: strings.Join(en, "; ")})
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// normName folds a project or indicator name for matching: no spaces,
// full-width forms folded.
func normName(s string) string { return eval.Normalize(s) }

// quoteAll lists names (the reports' own words) in quotation marks, for the
// English messages.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, ", ")
}
