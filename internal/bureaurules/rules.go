// Package bureaurules holds the finance bureau's rule file for both ends of
// the budget-performance loop: the 事前绩效评估 (ex-ante assessment)
// dimensions with their weights and questions, the threshold above which a
// project needs one, the conclusion bands (通过 / 部分通过 / 不通过), and the
// 结果应用 mapping from an evaluation grade to next year's budget advice
// (优 优先保障, 良 合理保障, 中 核减或控制新增, 差 取消或暂停).
//
// The file is plain text like the scoring rule sets: one statement per
// line, # comments, every error reported with its line. Sources are in
// docs/review.md. The package is pure.
package bureaurules

import (
	"errors"
	"fmt"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/keyval"
	"jixiao/internal/money"
)

// Conclusion is the outcome of a 事前绩效评估.
type Conclusion string

// Conclusions.
const (
	Pass    Conclusion = "通过"
	Partial Conclusion = "部分通过"
	Fail    Conclusion = "不通过"
)

// Dimension is one dimension of the ex-ante assessment.
type Dimension struct {
	Name      string
	Weight    eval.Points
	Questions []string
	Line      int
}

// Advice is the budget advice for a grade.
type Advice struct {
	Grade string // 优 良 中 差
	Text  string // 优先保障 …
	// NoSimilarNew is true when no similar new project may be set up
	// after this grade (差 by default).
	NoSimilarNew bool
	Line         int
}

// Rules is a parsed rule file.
type Rules struct {
	Name string
	// Threshold: projects whose budget reaches it need an assessment, as
	// does every new project.
	Threshold  money.Fen
	PassFrom   eval.Points // total from which the assessment passes
	PartialMin eval.Points // total from which it passes in part
	Dimensions []Dimension
	Advice     []Advice
}

// Default is the built-in rule file: the five dimensions of 事前绩效评估 in
// the wording of 财政部《关于全面实施预算绩效管理的意见》 and provincial 办法 [M],
// weights and threshold jixiao's own [D].
const Default = `# 事前绩效评估与结果应用规则（默认）
name = 默认：五维事前评估 + 四档结果应用

# 新增项目，以及预算达到此金额的延续项目，须开展事前绩效评估
threshold = 100万元
# 合计得分达到 pass 为通过，达到 partial 为部分通过，否则不通过
pass = 80
partial = 60

# dimension 名称 = 分值 | 评估问题 | 评估问题 …（分值合计应为 100）
dimension 立项必要性 = 25 | 是否符合国家和地方政策、发展规划 | 是否属于本部门职责和公共财政支持范围 | 是否与已有项目重复
dimension 投入经济性 = 20 | 投入成本是否经过测算、标准是否合理 | 是否与同类项目成本相当
dimension 绩效目标合理性 = 20 | 目标是否明确、细化、可衡量 | 目标是否与资金量相匹配
dimension 实施方案可行性 = 20 | 组织、制度、进度安排是否可行 | 风险是否识别并有应对措施
dimension 筹资合规性 = 15 | 资金来源是否合法合规 | 是否超出财政承受能力

# apply 等级 = 预算建议 [; 不得新设同类项目]
apply 优 = 优先保障
apply 良 = 合理保障
apply 中 = 核减或控制新增
apply 差 = 取消或暂停; 不得新设同类项目
`

// Error is one problem in a rule file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// grades in order; each must be mapped once.
var grades = []string{"优", "良", "中", "差"}

// Parse reads a rule file. Every problem is reported with its line; any
// problem rejects the file.
func Parse(file string, data []byte) (*Rules, error) {
	r := &Rules{}
	var errs []error
	fail := func(line int, format string, args ...any) {
		errs = append(errs, &Error{file, line, fmt.Sprintf(format, args...)})
	}
	lines, seen := keyval.Lines(data, keyval.Collapse)
	for _, l := range lines {
		line, key, val := l.N, l.Key, l.Value
		if l.Err != "" {
			fail(line, "%s: %s", key, l.Err)
			continue
		}
		word, arg, _ := strings.Cut(key, " ")
		switch {
		case key == "name":
			r.Name = val
		case key == "threshold":
			f, err := parseAmount(val)
			if err != nil {
				fail(line, "threshold: %v", err)
			}
			r.Threshold = f
		case key == "pass", key == "partial":
			p, err := eval.ParsePoints(val)
			if err != nil || p < 0 || p > eval.P(100) {
				fail(line, "%s: %q 不是 0–100 的分数 (not a score from 0 to 100)", key, val)
			}
			if key == "pass" {
				r.PassFrom = p
			} else {
				r.PartialMin = p
			}
		case word == "dimension" && arg != "":
			parts := strings.Split(val, "|")
			p, err := eval.ParsePoints(strings.TrimSpace(parts[0]))
			if err != nil || p <= 0 || p > eval.P(100) {
				fail(line, "维度“%s”的分值 %q 应为 0–100 的正数 (weight must be positive, at most 100)", arg, strings.TrimSpace(parts[0]))
			}
			d := Dimension{Name: arg, Weight: p, Line: line}
			for _, q := range parts[1:] {
				if q = strings.TrimSpace(q); q != "" {
					d.Questions = append(d.Questions, q)
				}
			}
			if len(d.Questions) == 0 {
				fail(line, "维度“%s”没有评估问题 (no questions)", arg)
			}
			r.Dimensions = append(r.Dimensions, d)
		case word == "apply" && arg != "":
			if !isGrade(arg) {
				fail(line, "apply: 等级应为 优/良/中/差，而不是 %q (grade must be 优, 良, 中 or 差)", arg)
				continue
			}
			text, extra, _ := strings.Cut(val, ";")
			a := Advice{Grade: arg, Text: strings.TrimSpace(text), Line: line}
			switch strings.TrimSpace(extra) {
			case "":
			case "不得新设同类项目":
				a.NoSimilarNew = true
			default:
				fail(line, "apply %s: 未知附加条件 %q（只认“不得新设同类项目”）(unknown condition)", arg, strings.TrimSpace(extra))
			}
			if a.Text == "" {
				fail(line, "apply %s: 预算建议为空 (empty advice)", arg)
			}
			r.Advice = append(r.Advice, a)
		default:
			fail(line, "未知的键 %q（可用：name, threshold, pass, partial, dimension 名称, apply 等级）(unknown key)", key)
		}
	}
	last := strings.Count(string(data), "\n") + 1
	if len(r.Dimensions) == 0 {
		fail(last, "没有任何 dimension (no dimensions)")
	} else {
		var sum eval.Points
		for _, d := range r.Dimensions {
			sum += d.Weight
		}
		if sum != eval.P(100) {
			fail(r.Dimensions[0].Line, "各维度分值合计 %s，应为 100 (dimension weights add up to %s, not 100)", sum, sum)
		}
	}
	for _, g := range grades {
		if r.AdviceFor(g) == nil {
			fail(last, "缺少 apply %s (no advice for grade %s)", g, g)
		}
	}
	if _, ok := seen["pass"]; !ok {
		fail(last, "缺少 pass (no pass score)")
	}
	if _, ok := seen["partial"]; !ok {
		fail(last, "缺少 partial (no partial score)")
	}
	if r.PartialMin > r.PassFrom {
		fail(seen["partial"], "partial %s 高于 pass %s (partial above pass)", r.PartialMin, r.PassFrom)
	}
	if _, ok := seen["threshold"]; !ok {
		fail(last, "缺少 threshold (no threshold)")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

func isGrade(s string) bool {
	for _, g := range grades {
		if g == s {
			return true
		}
	}
	return false
}

// parseAmount reads "100万元", "1000000元" or a bare number of 万元.
func parseAmount(s string) (money.Fen, error) {
	s = eval.Normalize(s)
	var f money.Fen
	var err error
	switch {
	case strings.HasSuffix(s, "万元"):
		f, err = money.ParseWan(strings.TrimSuffix(s, "万元"))
	case strings.HasSuffix(s, "元"):
		f, err = money.ParseYuan(strings.TrimSuffix(s, "元"))
	default:
		f, err = money.ParseWan(s)
	}
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q 不是金额（如 100万元）(not an amount)", s)
	}
	return f, nil
}

// MustDefault parses Default; it panics only if the built-in text is broken
// (a test guards it).
func MustDefault() *Rules {
	r, err := Parse("default", []byte(Default))
	if err != nil {
		panic(err)
	}
	return r
}

// AdviceFor is the budget advice of a grade, or nil.
func (r *Rules) AdviceFor(grade string) *Advice {
	for k := range r.Advice {
		if r.Advice[k].Grade == grade {
			return &r.Advice[k]
		}
	}
	return nil
}

// NeedsAssessment says whether a project needs a 事前绩效评估: every new
// project, and a continuing one whose budget reaches the threshold.
func (r *Rules) NeedsAssessment(isNew bool, budget money.Fen) bool {
	return isNew || budget >= r.Threshold
}

// Assessment is a scored 事前绩效评估.
type Assessment struct {
	Scores     []eval.Points // per dimension, in rule order
	Total      eval.Points
	Conclusion Conclusion
}

// Assess totals the dimension scores and draws the conclusion. A score must
// lie between 0 and its dimension's weight; the error names the dimension.
func (r *Rules) Assess(scores map[string]eval.Points) (Assessment, error) {
	a := Assessment{Scores: make([]eval.Points, len(r.Dimensions))}
	for k, d := range r.Dimensions {
		s, ok := scores[d.Name]
		if !ok {
			return Assessment{}, fmt.Errorf("维度“%s”没有得分 (no score for %s)", d.Name, d.Name)
		}
		if s < 0 || s > d.Weight {
			return Assessment{}, fmt.Errorf("维度“%s”得分 %s 应在 0 与 %s 之间 (score out of range)", d.Name, s, d.Weight)
		}
		a.Scores[k] = s
		a.Total += s
	}
	for name := range scores {
		if r.dimension(name) == nil {
			return Assessment{}, fmt.Errorf("规则中没有维度“%s” (unknown dimension)", name)
		}
	}
	switch {
	case a.Total >= r.PassFrom:
		a.Conclusion = Pass
	case a.Total >= r.PartialMin:
		a.Conclusion = Partial
	default:
		a.Conclusion = Fail
	}
	return a, nil
}

func (r *Rules) dimension(name string) *Dimension {
	for k := range r.Dimensions {
		if r.Dimensions[k].Name == name {
			return &r.Dimensions[k]
		}
	}
	return nil
}

// AdviceOf is the budget advice for a project's next year: from the
// bureau's re-score when there is one (hasReview), else from the
// self-evaluation's total, graded by the scoring rule set.
func (r *Rules) AdviceOf(rs *eval.RuleSet, self eval.Points, review eval.Points, hasReview bool) (grade string, a *Advice) {
	total := self
	if hasReview {
		total = review
	}
	grade = rs.Grade(total)
	return grade, r.AdviceFor(grade)
}

// Reasons the budget-list gate gives (Gate).
const (
	GateNoAssessment = "未开展事前绩效评估"
	GateNotPassed    = "事前绩效评估未通过"
	GateTargets      = "绩效目标审核不通过"
)

// Project is what the budget-list gate knows of a project.
type Project struct {
	IsNew  bool      // no project of the same unit and name the year before
	Budget money.Fen // the year's budget
	// Assessment is the conclusion of the latest 事前绩效评估, "" when none.
	Assessment Conclusion
	// TargetsRefused is set when the latest 绩效目标审核 round ended 不通过.
	TargetsRefused bool
}

// Gate lists why a project may not enter the year's budget list unless the
// bureau overrides it with a reason (none: it may): "未按要求开展事前绩效评估
// 或者评估结果未通过的，不得安排预算" and "绩效目标审核不通过的，不得安排预算" [S 南通].
// Only 通过 passes the assessment; 部分通过 asks for the project to be
// improved and assessed again [D]. A sheet not yet reviewed, or amended
// after 修改后通过, is not held back [D].
func (r *Rules) Gate(p Project) []string {
	var out []string
	if r.NeedsAssessment(p.IsNew, p.Budget) {
		switch p.Assessment {
		case Pass:
		case "":
			out = append(out, GateNoAssessment)
		default:
			out = append(out, GateNotPassed)
		}
	}
	if p.TargetsRefused {
		out = append(out, GateTargets)
	}
	return out
}
