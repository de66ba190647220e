package eval

import (
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Layout is the form a self-evaluation takes.
type Layout string

// The two layouts of the seed reports.
const (
	// LayoutSituation is 项目支出绩效自我评价情况表 + 评分表.
	LayoutSituation Layout = "situation"
	// LayoutReport is 项目支出绩效评价报告 + 评分表.
	LayoutReport Layout = "report"
	// LayoutNational is the one-page 项目支出绩效自评表 of 财预〔2020〕10号
	// 附件1 (funds block with its own 分值, 年度总体目标, 绩效指标, 总分),
	// and the provincial forms like it.
	LayoutNational Layout = "national"
)

// Layouts lists the layouts jixiao writes.
var Layouts = []Layout{LayoutSituation, LayoutReport, LayoutNational}

// Title is the layout's Chinese name.
func (l Layout) Title() string {
	switch l {
	case LayoutReport:
		return "绩效评价报告"
	case LayoutNational:
		return "项目支出绩效自评表"
	}
	return "自我评价情况表"
}

// Report is one project's self-evaluation: header, funds, narrative and
// indicator sheet. Source and Line say where it was read from, so findings
// can point at it.
type Report struct {
	Source string // file name, or "" when built in memory
	Line   int    // first line of the report in Source

	Layout  Layout
	Unit    string    // 填报单位
	Project string    // 项目名称
	Year    int       // 项目实施年度
	Start   cal.Month // 项目实施开始时间
	End     cal.Month // 项目实施完成时间

	// Fields of the national 附件1 form and its provincial variants; empty
	// on the seed layouts.
	Code        string     // 项目编码
	Department  string     // 主管部门
	Implementer string     // 实施单位
	Goals       AnnualGoal // 年度总体目标: 预期目标 / 实际完成情况

	Funds     Funds
	Narrative Narrative
	Sheet     Sheet

	// Notes are findings made while reading the report (the sheet names
	// another project, say). Check passes them on with its own.
	Notes []Finding

	// Sign fills the documents' signature block; an empty name prints as a
	// blank line to fill in by hand.
	Sign Signature
}

// Signature is what the signature block of a document prints: 单位负责人,
// 填报人, 联系电话 and 填报日期.
type Signature struct {
	Head, Filer, Phone, Date string
}

// FundSource is where money comes from.
type FundSource int

// Funding sources of a project.
const (
	SourceHigher    FundSource = iota // 上级补助
	SourceLocal                       // 本级
	SourceOther                       // 其他
	SourceCarryOver                   // 上年结转
	numSources
)

// String is the source's Chinese name.
func (s FundSource) String() string {
	return [...]string{"上级", "本级", "其他", "上年结转"}[s]
}

// Amount is an amount that may be unknown: reports state some figures and
// not others, and an unknown figure is never taken as zero.
type Amount struct {
	Fen money.Fen
	Set bool
}

// Known builds a known amount.
func Known(f money.Fen) Amount { return Amount{Fen: f, Set: true} }

// Split is an amount by funding source plus the total. Total may be stated on
// its own (reports often give only the total), or be the sum of the parts.
type Split struct {
	BySource [numSources]Amount
	Total    Amount
}

// Sum adds the known parts. ok is false when no part is known.
func (s Split) Sum() (money.Fen, bool) {
	var sum money.Fen
	ok := false
	for _, a := range s.BySource {
		if a.Set {
			sum += a.Fen
			ok = true
		}
	}
	return sum, ok
}

// All returns the total: the stated one if any, else the sum of the parts.
func (s Split) All() Amount {
	if s.Total.Set {
		return s.Total
	}
	if sum, ok := s.Sum(); ok {
		return Known(sum)
	}
	return Amount{}
}

// Funds is the money of a project: budgeted (预算数), received (到位数) and
// spent (执行数/支出).
type Funds struct {
	Initial  Split // 年初预算数 (the 附件1 form's first column); Budget is 全年预算数
	Budget   Split
	Received Split
	Spent    Split
	// PrintedRate is the 执行率 a funds block prints on its total row when
	// the block has no 分值 of its own (转移支付 forms), in percent; the
	// scored funds row keeps its rate in Sheet.Execution.
	PrintedRate    Number
	HasPrintedRate bool
}

// ReceivedRate is 资金到位率 = received / budget, in hundredths of a percent
// (9751 = 97.51%). ok is false when either figure is unknown or budget is 0.
func (f Funds) ReceivedRate() (bp int64, ok bool) {
	return rate(f.Received.All(), f.Budget.All())
}

// ExecutionRate is 预算执行率 = spent / budget (or spent / received when
// overReceived is true), in hundredths of a percent.
func (f Funds) ExecutionRate(overReceived bool) (bp int64, ok bool) {
	den := f.Budget.All()
	if overReceived {
		den = f.Received.All()
	}
	return rate(f.Spent.All(), den)
}

func rate(num, den Amount) (int64, bool) {
	if !num.Set || !den.Set {
		return 0, false
	}
	return money.RatioBP(num.Fen, den.Fen)
}

// Passage is a piece of narrative text and the line it starts on.
type Passage struct {
	Text string
	Line int
}

// Narrative is the prose of a report, section by section. Sections a layout
// does not have stay empty.
type Narrative struct {
	Basis          Passage // 立项依据 / 项目背景 / 项目设立依据
	Nature         Passage // 项目基本性质、用途和主要内容、涉及范围 / 主要内容
	Implementation Passage // 项目实施情况 / 实施方式 / 资金使用情况
	Goal           Passage // 绩效总目标 / 绩效目标
	Principles     Passage // 评价原则 / 评价思路方法
	Features       Passage // 项目特点分析 (评价报告)
	Work           Passage // 评价工作情况 (评价报告)
	Conclusion     Passage // 评价结论
	Performance    Passage // 项目绩效
	Problems       Passage // 存在问题
	Measures       Passage // 整改措施 / 有关建议
	Other          []Passage
}

// Section names a narrative section for display and for documents.
type Section struct {
	Key     string // stable key: "basis", "nature", …
	TitleZH string
	TitleEN string
	Text    *Passage
}

// Sections lists the narrative's sections in document order, with pointers
// into n so callers can fill them.
func (n *Narrative) Sections() []Section {
	return []Section{
		{"basis", "立项依据", "Legal basis", &n.Basis},
		{"nature", "项目基本性质、用途和主要内容、涉及范围", "Nature, purpose and scope", &n.Nature},
		{"implementation", "项目实施情况", "Implementation", &n.Implementation},
		{"goal", "项目绩效总目标", "Overall performance goal", &n.Goal},
		{"principles", "评价原则与思路方法", "Evaluation principles and method", &n.Principles},
		{"features", "项目特点分析", "Project characteristics", &n.Features},
		{"work", "评价工作情况", "Evaluation work", &n.Work},
		{"conclusion", "评价结论", "Conclusion", &n.Conclusion},
		{"performance", "项目绩效", "Performance", &n.Performance},
		{"problems", "存在问题", "Problems", &n.Problems},
		{"measures", "整改措施 / 有关建议", "Corrective measures / recommendations", &n.Measures},
	}
}

// Text joins all sections, for searching the whole narrative.
func (n *Narrative) Text() []Passage {
	var out []Passage
	for _, s := range n.Sections() {
		if s.Text.Text != "" {
			out = append(out, *s.Text)
		}
	}
	return append(out, n.Other...)
}

// Sheet is the 评分表: indicator rows and the 总计 row.
type Sheet struct {
	Rows  []Row
	Total *TotalRow // nil when the sheet has no 总计 row
	// Shares are the weights declared for 一级 indicators, e.g.
	// "产出指标（50分）", when a sheet declares them.
	Shares []Share
	// Unscored is true for a form whose indicators carry no 分值 and no
	// 得分 (the 转移支付 区域绩效自评表): weights, scores and totals are
	// not checked, targets and rates are.
	Unscored bool
	// Execution is the scored funds row of the 附件1 form and its
	// variants (预算执行情况: 分值 10, 执行率, 得分); nil on layouts where
	// budget execution is an indicator row, or not scored at all.
	Execution *ExecutionRow
}

// TotalRow is the 总计 row as written.
type TotalRow struct {
	Weight    Points
	HasWeight bool
	Score     Points
	HasScore  bool
	Line      int
	Label     string // as written: 总计, 合计, 总分 …
}

// StatesSelfScore tells whether the row is a 总分 (总得分) row: on a form
// with no separate 自评得分 line its score is the self-score the unit
// states.
func (t *TotalRow) StatesSelfScore() bool {
	if t == nil || !t.HasScore {
		return false
	}
	l := Normalize(t.Label)
	return l == "总分" || l == "总得分"
}

// Share is a weight declared for a group of indicators.
type Share struct {
	Level1 string
	Weight Points
	Line   int
}

// Row is one three-level indicator.
type Row struct {
	Level1 string // 一级指标: 决策 / 过程 / 产出 / 效益 / 满意度
	Level2 string // 二级指标
	Level3 string // 三级指标 — the indicator's name

	Target Value // 年初指标值
	Actual Value // 实际完成值

	Weight   Points // 权重 (分值)
	Score    Points // 得分 as written
	HasScore bool   // false while only targets are declared
	Basis    string // 评分依据, joined with the reason when both are given
	Reason   string // 偏差原因分析及改进措施 / 未完成原因分析, alone

	// Direction is given explicitly (DirectionSet) or inferred by
	// InferDirection; either way the report shows which.
	Direction    Direction
	DirectionSet bool

	Line int // line or row in the source, 0 when built in memory
}

// Name is the indicator's display name: its 三级 name.
func (r *Row) Name() string { return r.Level3 }
