package eval

import (
	"fmt"
	"sort"
	"strings"

	"jixiao/internal/keyval"
)

// ReverseFormula is how a lower-is-better indicator that misses its target
// is scored. Both are in use; the rule set chooses.
type ReverseFormula string

// Reverse formulas.
const (
	// ReverseRatio scores weight × target / actual (published 自评表 notes).
	ReverseRatio ReverseFormula = "ratio"
	// ReverseLinear scores weight × (1 − (actual − target) / target), full at
	// the target and zero at twice the target (FASP2).
	ReverseLinear ReverseFormula = "linear"
)

// GradeBand is a grade and the lowest total that earns it.
type GradeBand struct {
	Grade string
	Min   Points
}

// RuleSet is a named, configurable scoring rule. The zero value is not
// useful; start from DefaultRuleSet or ParseRuleSet.
type RuleSet struct {
	Name        string
	Description string

	Reverse ReverseFormula
	// OverRatio is the achievement (actual / target) above which an
	// over-achievement needs an explanation, in hundredths of a percent
	// (12000 = 120%).
	OverRatio int64
	// Precision is the step scores are rounded to (100 = 0.01 point).
	Precision Points
	// Tolerance is how far a written score may depart from the rule's score
	// before it is reported.
	Tolerance Points
	// TierHigh and TierLow bound the qualitative tiers as shares of the
	// weight in hundredths of a percent: 达成 [TierHigh, 100%], 部分达成
	// [TierLow, TierHigh), 未达成 [0, TierLow).
	TierHigh, TierLow int64
	// Grades from best to worst, each with its lowest total.
	Grades []GradeBand
	// WeightTotal is what the weights must add up to.
	WeightTotal Points
	// ExecutionOverReceived computes 预算执行率 as spent / received instead
	// of spent / budget.
	ExecutionOverReceived bool
	// ExecutionMin is the 预算执行率 below which a reason is required, in
	// hundredths of a percent (9000 = 90%).
	ExecutionMin int64
	// RateTolerance is how far a stated rate may depart from the rate its
	// amounts give, in hundredths of a percent (1 = 0.01%).
	RateTolerance int64
	// ExecutionScore is how the funds block's 得分 follows from 执行率
	// on the 附件1 form: proportional (分值 × 执行率, capped at 分值) or
	// stepped (ExecutionSteps).
	ExecutionScore ExecutionScoring
	// ExecutionSteps, for stepped scoring, from the highest threshold
	// down: a rate at or above Min earns Share of the 分值 (both in
	// hundredths of a percent). Below the last step the score is 0.
	ExecutionSteps []ExecutionStep
}

// ExecutionScoring is how the funds block is scored.
type ExecutionScoring string

// Funds block scoring.
const (
	ExecutionProportional ExecutionScoring = "proportional"
	ExecutionStepped      ExecutionScoring = "stepped"
)

// ExecutionStep is one band of stepped funds scoring.
type ExecutionStep struct {
	Min, Share int64
}

// DefaultRuleSet is the self-evaluation rule of 财预〔2020〕10号 as the seed
// reports state it: met → full weight, missed → weight × actual / target,
// reverse indicators weight × target / actual, qualitative tiers 80%/60%,
// grades 90/80/60.
func DefaultRuleSet() *RuleSet {
	return &RuleSet{
		Name:        "caiyu-2020-10",
		Description: "财预〔2020〕10号 单位自评（默认）",
		Reverse:     ReverseRatio,
		OverRatio:   12000,
		Precision:   100,
		Tolerance:   100,
		TierHigh:    8000,
		TierLow:     6000,
		Grades: []GradeBand{
			{"优", P(90)}, {"良", P(80)}, {"中", P(60)}, {"差", 0},
		},
		WeightTotal:    P(100),
		ExecutionMin:   9000,
		RateTolerance:  1,
		ExecutionScore: ExecutionProportional,
	}
}

// BuiltinRuleSets lists the rule sets that ship with jixiao, by name.
func BuiltinRuleSets() map[string]*RuleSet {
	fasp := DefaultRuleSet()
	fasp.Name, fasp.Description = "fasp2", "财政一体化平台（FASP2）口径：反向指标线性扣分至两倍目标值为零"
	fasp.Reverse = ReverseLinear
	return map[string]*RuleSet{"caiyu-2020-10": DefaultRuleSet(), "default": DefaultRuleSet(), "fasp2": fasp}
}

// Grade returns the grade a total earns.
func (rs *RuleSet) Grade(total Points) string {
	for _, g := range rs.Grades {
		if total >= g.Min {
			return g.Grade
		}
	}
	if len(rs.Grades) == 0 {
		return ""
	}
	return rs.Grades[len(rs.Grades)-1].Grade
}

// Round rounds points to the rule set's precision, half away from zero.
func (rs *RuleSet) Round(p Points) Points {
	step := rs.Precision
	if step <= 1 {
		return p
	}
	q := p / step
	r := p % step
	if r < 0 {
		r = -r
	}
	if 2*r >= step {
		if p < 0 {
			q--
		} else {
			q++
		}
	}
	return q * step
}

// RuleSetError is a problem in a rule-set file, with its line.
type RuleSetError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *RuleSetError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
}

// ParseRuleSet reads a rule-set file. The format is one "key = value" per
// line, "#" starts a comment, and every key not given keeps the default of
// DefaultRuleSet (or of the built-in set named by "base"). Keys:
//
//	name = 如皋市 2023 自评口径
//	base = caiyu-2020-10            # or fasp2
//	reverse = ratio                 # ratio: w×A/B; linear: w×(1−(B−A)/A)
//	over_ratio = 120%               # over-achievement needing a reason
//	precision = 0.01                # scores rounded to this step
//	tolerance = 0.01                # allowed departure of a written score
//	tier_high = 80%                 # 达成 from this share of the weight
//	tier_low = 60%                  # 部分达成 from this share
//	grades = 优:90, 良:80, 中:60, 差:0
//	weight_total = 100
//	execution_rate = budget         # or received: spent ÷ received
//	execution_min = 90%             # below this a reason is required
//	rate_tolerance = 0.01%          # stated rate vs its amounts
//	execution_score = proportional  # funds block 得分: 分值 × 执行率, capped; or stepped
//	execution_steps = 90%:100%, 80%:80%, 60%:60%   # stepped: rate ≥ 90% → full 分值 …
func ParseRuleSet(file string, data []byte) (*RuleSet, error) {
	rs := DefaultRuleSet()
	rs.Name = ""
	lines, seen := keyval.Lines(data, keyval.Lower)
	for _, l := range lines {
		if l.Err != "" {
			return nil, &RuleSetError{file, l.N, l.Key, l.Err}
		}
		if err := rs.set(l.Key, strings.Trim(l.Value, `"'`)); err != nil {
			return nil, &RuleSetError{file, l.N, l.Key, err.Error()}
		}
	}
	if rs.Name == "" {
		rs.Name = file
	}
	if rs.ExecutionScore == ExecutionStepped && len(rs.ExecutionSteps) == 0 {
		return nil, &RuleSetError{file, seen["execution_score"], "execution_steps", "stepped 需要 execution_steps (stepped scoring needs execution_steps)"}
	}
	if rs.TierLow > rs.TierHigh {
		return nil, &RuleSetError{file, seen["tier_low"], "tier_low", "不能高于 tier_high (must not exceed tier_high)"}
	}
	return rs, nil
}

func (rs *RuleSet) set(key, val string) error {
	var err error
	switch key {
	case "name":
		rs.Name = val
	case "description":
		rs.Description = val
	case "base":
		b, ok := BuiltinRuleSets()[val]
		if !ok {
			return fmt.Errorf("未知的内置规则 %q (unknown built-in rule set)", val)
		}
		name, desc := rs.Name, rs.Description
		*rs = *b
		rs.Name, rs.Description = name, desc
	case "reverse":
		switch ReverseFormula(val) {
		case ReverseRatio, ReverseLinear:
			rs.Reverse = ReverseFormula(val)
		default:
			return fmt.Errorf("应为 ratio 或 linear (must be ratio or linear), 而不是 %q", val)
		}
	case "over_ratio":
		rs.OverRatio, err = parsePercentBP(val)
	case "precision":
		rs.Precision, err = parsePositivePoints(val)
	case "tolerance":
		rs.Tolerance, err = ParsePoints(val)
	case "tier_high":
		rs.TierHigh, err = parsePercentBP(val)
	case "tier_low":
		rs.TierLow, err = parsePercentBP(val)
	case "grades":
		rs.Grades, err = parseGrades(val)
	case "weight_total":
		rs.WeightTotal, err = parsePositivePoints(val)
	case "execution_rate":
		switch val {
		case "budget":
			rs.ExecutionOverReceived = false
		case "received":
			rs.ExecutionOverReceived = true
		default:
			return fmt.Errorf("应为 budget 或 received (must be budget or received), 而不是 %q", val)
		}
	case "execution_min":
		rs.ExecutionMin, err = parsePercentBP(val)
	case "rate_tolerance":
		rs.RateTolerance, err = parsePercentBP(val)
	case "execution_score":
		switch ExecutionScoring(val) {
		case ExecutionProportional, ExecutionStepped:
			rs.ExecutionScore = ExecutionScoring(val)
		default:
			return fmt.Errorf("应为 proportional 或 stepped (must be proportional or stepped), 而不是 %q", val)
		}
	case "execution_steps":
		rs.ExecutionSteps, err = parseSteps(val)
	default:
		return fmt.Errorf("未知的键 (unknown key)")
	}
	return err
}

func parsePositivePoints(s string) (Points, error) {
	p, err := ParsePoints(s)
	if err == nil && p <= 0 {
		err = fmt.Errorf("必须大于 0 (must be positive)")
	}
	return p, err
}

// parsePercentBP reads "120%" or "1.2" into hundredths of a percent.
func parsePercentBP(s string) (int64, error) {
	s = Normalize(s)
	pct := strings.HasSuffix(s, "%")
	n, err := ParseNumber(strings.TrimSuffix(s, "%"))
	if err != nil || n.Sign() < 0 {
		return 0, fmt.Errorf("应为百分比，如 120%% (expected a percentage such as 120%%), 而不是 %q", s)
	}
	if !pct {
		n.Coef *= 100 // a plain ratio: 1.2 is 120%
	}
	return int64(PointsFromNumber(n) / 100), nil
}

func parseGrades(s string) ([]GradeBand, error) {
	var out []GradeBand
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
		name, min, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			name, min, ok = strings.Cut(strings.TrimSpace(part), "：")
		}
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("等级应写作“优:90” (grade must read like 优:90), 而不是 %q", part)
		}
		p, err := ParsePoints(min)
		if err != nil {
			return nil, fmt.Errorf("等级 %s 的分数线 %q: %v", name, min, err)
		}
		out = append(out, GradeBand{strings.TrimSpace(name), p})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("至少需要一个等级 (at least one grade)")
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Min > out[j].Min })
	return out, nil
}

// parseSteps reads "90%:100%, 80%:80%" into steps, highest threshold first.
func parseSteps(s string) ([]ExecutionStep, error) {
	var out []ExecutionStep
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
		part = strings.ReplaceAll(strings.TrimSpace(part), "：", ":")
		a, b, ok := strings.Cut(part, ":")
		if !ok {
			return nil, fmt.Errorf("档次应写作“90%%:100%%” (a step reads like 90%%:100%%), 而不是 %q", part)
		}
		lo, err := parsePercentBP(a)
		if err != nil {
			return nil, err
		}
		share, err := parsePercentBP(b)
		if err != nil {
			return nil, err
		}
		if share > 10000 {
			return nil, fmt.Errorf("得分比例 %q 超过 100%% (share above 100%%)", b)
		}
		out = append(out, ExecutionStep{Min: lo, Share: share})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("至少需要一档 (at least one step)")
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Min > out[j].Min })
	return out, nil
}

// File writes the rule set as a rule-set file that ParseRuleSet reads back
// to the same rules: every key, each with a comment saying what it means,
// so a user can read the rules in use and edit a copy.
func (rs *RuleSet) File() []byte {
	var b strings.Builder
	text := func(s string) string { return strings.ReplaceAll(s, "#", "＃") } // "#" starts a comment
	line := func(key, val, note string) { fmt.Fprintf(&b, "%-16s = %-30s # %s\n", key, val, note) }
	fmt.Fprintf(&b, "# jixiao 评分规则 (rule set) — 每行“键 = 值”，# 后为说明；未写的键取默认值。\n")
	line("name", text(rs.Name), "名称 (name)")
	if rs.Description != "" {
		line("description", text(rs.Description), "说明 (description)")
	}
	line("reverse", string(rs.Reverse), "反向指标未达标：ratio 权重×目标÷实际；linear 两倍目标为零 (lower-is-better formula)")
	line("over_ratio", percentBP(rs.OverRatio), "超额完成需说明原因的比例 (over-achievement needing a reason)")
	line("precision", rs.Precision.String(), "得分舍入步长，四舍五入 (scores rounded to this step, half up)")
	line("tolerance", rs.Tolerance.String(), "填报得分与规则得分允许的差 (allowed departure of a written score)")
	line("tier_high", percentBP(rs.TierHigh), "定性指标“达成”起点占权重 (达成 from this share of the weight)")
	line("tier_low", percentBP(rs.TierLow), "“部分达成”起点 (部分达成 from this share)")
	grades := make([]string, len(rs.Grades))
	for i, g := range rs.Grades {
		grades[i] = text(g.Grade) + ":" + g.Min.String()
	}
	line("grades", strings.Join(grades, ", "), "等级及其最低总分 (grades and their lowest totals)")
	line("weight_total", rs.WeightTotal.String(), "权重合计 (weights must add up to)")
	rate := "budget"
	if rs.ExecutionOverReceived {
		rate = "received"
	}
	line("execution_rate", rate, "预算执行率 = 支出÷预算 (budget) 或 支出÷到位 (received)")
	line("execution_min", percentBP(rs.ExecutionMin), "执行率低于此须说明原因 (below this a reason is required)")
	line("rate_tolerance", percentBP(rs.RateTolerance), "填报执行率与金额算出的差 (stated rate vs its amounts)")
	line("execution_score", string(rs.ExecutionScore), "附件1 资金得分：proportional 分值×执行率；stepped 按档 (funds block scoring)")
	if len(rs.ExecutionSteps) > 0 {
		steps := make([]string, len(rs.ExecutionSteps))
		for i, s := range rs.ExecutionSteps {
			steps[i] = percentBP(s.Min) + ":" + percentBP(s.Share)
		}
		line("execution_steps", strings.Join(steps, ", "), "按档：执行率 ≥ 档线得分值的比例 (stepped: rate ≥ min earns share)")
	}
	return []byte(b.String())
}

// percentBP prints hundredths of a percent as parsePercentBP reads them:
// 12000 → "120%", 1 → "0.01%".
func percentBP(bp int64) string {
	return Number{Coef: bp, Scale: 2}.String() + "%"
}
