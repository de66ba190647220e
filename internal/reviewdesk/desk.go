// Package reviewdesk is the finance bureau's review desk (复核工作台): it
// ranks a year's self-evaluation reports by the risk that they are
// inflated, with the reasons, and draws the 抽评 sample the bureau
// re-scores by hand.
//
// The signals are the ones county 复核 work papers look for by hand (see
// docs/review.md): a unit whose every project scores 100; self-scores far
// above the bureau's re-scores year after year (偏离度); narratives copied
// between units or years, with figures that no longer fit; figures that
// contradict the sheet (the eval checks); unit cost out of line with peers
// or with the unit's last year; indicators that cannot be assessed.
//
// The package is pure: it reads checked reports (eval.Report with its
// eval.Result) and returns findings, a ranking and a sample. One finding
// per signal instance names every report involved.
package reviewdesk

import (
	"sort"

	"jixiao/internal/eval"
)

// Item is one report and its check. Check must have run (it fills the
// report's Funds from the narrative).
type Item struct {
	Report *eval.Report
	Result eval.Result
}

// Signal is the stable name of a review signal.
type Signal string

// The signals, in the order the desk reports them.
const (
	SigFullMarks     Signal = "unit.full_marks"        // a unit's projects at 100
	SigDeviation     Signal = "unit.deviation"         // 偏离度 (self − re-score) ÷ self
	SigReuse         Signal = "text.reuse"             // narrative copied between units or years
	SigStaleFigure   Signal = "text.stale_figure"      // a copied figure that fits the source, not the copy
	SigContradiction Signal = "sheet.contradiction"    // the eval checks' errors and warnings
	SigCostPeers     Signal = "cost.peers"             // unit cost far from peers' median
	SigCostLastYear  Signal = "cost.last_year"         // unit cost far from the unit's last year
	SigUnassessable  Signal = "indicator.unassessable" // no number, or a 满意度 with no source
)

// SignalInfo documents a signal (README, docs, web).
type SignalInfo struct {
	Signal Signal
	ZH, EN string
}

// Signals lists every signal with a one-line description.
var Signals = []SignalInfo{
	{SigFullMarks, "同一单位多数项目自评满分", "most of a unit's projects score full marks"},
	{SigDeviation, "自评得分高于财政复核得分（偏离度），且逐年如此", "self-scores above the bureau's re-scores (deviation), year after year"},
	{SigReuse, "叙述与其他单位或其他年度的报告高度雷同", "narrative copied from another unit's or year's report"},
	{SigStaleFigure, "雷同叙述中的数字与本报告评分表不符、却与被抄报告相符", "a copied figure fits the source report's sheet, not this one"},
	{SigContradiction, "叙述或评分表自相矛盾（自评检查发现的错误和警告）", "the self-evaluation checks found errors or warnings"},
	{SigCostPeers, "单位成本明显偏离同类项目中位数", "unit cost far from the median of peer projects"},
	{SigCostLastYear, "单位成本与本单位上年明显不同", "unit cost far from the unit's last year"},
	{SigUnassessable, "产出、效益、满意度指标无量化值或无数据来源", "output/benefit/satisfaction indicators with no number or no source"},
}

// Ref is a report named by a finding and the risk points the finding adds
// to it (0 for a report named only as the source of a copy, say).
type Ref struct {
	Item int
	Risk int
}

// Passage is one matching passage of two reports, side by side.
type Passage struct {
	A, B         int // items
	LineA, LineB int
	TextA, TextB string
}

// Finding is one instance of a signal.
type Finding struct {
	Signal    Signal
	Unit      string // the unit concerned, when the finding is about one
	Reports   []Ref
	MessageZH string
	MessageEN string
	// Similarity is the estimated Jaccard similarity in percent (text.reuse).
	Similarity int
	Passages   []Passage
}

// Ranked is one report of the year under review with its risk.
type Ranked struct {
	Item     int
	Risk     int
	Findings []int // indexes into Desk.Findings
	Amount   eval.Amount
}

// Sampled is a report drawn into the 抽评 sample.
type Sampled struct {
	Ranked
	Stratum string // 大额 / 中额 / 小额 / 金额未知
	// ByRisk is true when drawn for its risk (the top of its stratum),
	// false when drawn at random (weighted by risk) from the rest.
	ByRisk bool
}

// Desk is the review of one year.
type Desk struct {
	Year     int
	Items    []Item
	Findings []Finding
	Ranking  []Ranked // the reports in scope, riskiest first
	Sample   []Sampled
	// Unmatched are re-scores that name no report; they are reported, not dropped.
	Unmatched []Rescore
}

// Options choose the year, the units and the sample.
type Options struct {
	Year     int      // 0: the latest year among the items
	Units    []string // empty: every unit
	Rescores []Rescore
	Sample   int    // size of the 抽评 sample; 0: none
	Seed     uint64 // the sample is reproducible from the seed
}

// Review runs every signal over items and ranks the year's reports.
// Reports of other years are history: they are compared against, and named
// in findings, but not ranked.
func Review(items []Item, opt Options) *Desk {
	d := &Desk{Year: opt.Year, Items: items}
	if d.Year == 0 {
		for _, it := range items {
			d.Year = max(d.Year, it.Report.Year)
		}
	}
	units := map[string]bool{}
	for _, u := range opt.Units {
		units[u] = true
	}
	inScope := make([]bool, len(items))
	for i, it := range items {
		inScope[i] = it.Report.Year == d.Year && (len(units) == 0 || units[it.Report.Unit])
	}
	s := &scan{d: d, items: items, inScope: inScope}
	s.fullMarks()
	s.deviation(opt.Rescores)
	s.reuse()
	s.contradictions()
	s.costs()
	s.unassessable()

	// Keep the findings that touch the year under review.
	var kept []Finding
	for _, f := range s.found {
		for _, r := range f.Reports {
			if inScope[r.Item] {
				kept = append(kept, f)
				break
			}
		}
	}
	d.Findings = kept
	byItem := map[int]*Ranked{}
	for i := range items {
		if inScope[i] {
			byItem[i] = &Ranked{Item: i, Amount: amountOf(items[i].Report)}
		}
	}
	for fi, f := range d.Findings {
		for _, r := range f.Reports {
			if rk := byItem[r.Item]; rk != nil {
				rk.Risk += r.Risk
				rk.Findings = append(rk.Findings, fi)
			}
		}
	}
	for i := range items {
		if rk := byItem[i]; rk != nil {
			d.Ranking = append(d.Ranking, *rk)
		}
	}
	sort.SliceStable(d.Ranking, func(a, b int) bool {
		ra, rb := d.Ranking[a], d.Ranking[b]
		if ra.Risk != rb.Risk {
			return ra.Risk > rb.Risk
		}
		return ra.Amount.Fen > rb.Amount.Fen
	})
	if opt.Sample > 0 {
		d.Sample = drawSample(d.Ranking, opt.Sample, opt.Seed)
	}
	return d
}

// scan carries the items through the signals.
type scan struct {
	d       *Desk
	items   []Item
	inScope []bool
	found   []Finding
}

func (s *scan) add(f Finding) { s.found = append(s.found, f) }

// amountOf is the report's budget, else what it spent.
func amountOf(r *eval.Report) eval.Amount {
	if a := r.Funds.Budget.All(); a.Set {
		return a
	}
	return r.Funds.Spent.All()
}

// selfScore is the total the unit claims: the 总计 row, else the sum of the
// scores. ok is false for a sheet with no scores.
func selfScore(it Item) (eval.Points, bool) {
	if t := it.Report.Sheet.Total; t != nil && t.HasScore {
		return t.Score, true
	}
	for _, row := range it.Report.Sheet.Rows {
		if row.HasScore {
			return it.Result.ComputedTotal, true
		}
	}
	return 0, false
}
