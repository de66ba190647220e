// Package project connects the evaluation engine (internal/eval) to the
// stored projects (internal/store) for the web application, the demo and
// the command line, as internal/auditdb does for the survival audit:
//
//   - the mapping both ways: a stored sheet as an eval.Report (Report),
//     and a read document applied to a stored sheet (Apply);
//   - rule-set resolution, one behaviour everywhere: a built-in name, or
//     for the command line a rule-set file; an unknown name is an error
//     (RuleSet, LoadRuleSet);
//   - the summary the overviews show (Summarize): it only counts what
//     eval.Check returns — scores, grades, errors, warnings, the signs of
//     an inflated self-score (eval.InflationSign) — plus the 预算执行率 by
//     the rule set's denominator and whether it is below execution_min.
//
// Nothing here scores or checks: every rule lives in internal/eval. The
// store keeps the SQL, optimistic locking and the audit trail; it calls
// Summarize through the hook Open installs, inside the transaction that
// changed the sheet.
package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/store"
)

// ErrUnknownRuleSet means a rule-set name is neither built in nor (for
// LoadRuleSet) a readable file.
var ErrUnknownRuleSet = errors.New("未知的评分规则 (unknown rule set)")

// RuleSetNames lists the built-in rule sets' names, sorted.
func RuleSetNames() []string {
	var out []string
	for n := range eval.BuiltinRuleSets() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// RuleSet returns the built-in rule set of that name; "" is the default.
// Any other name is an error naming the known ones.
func RuleSet(name string) (*eval.RuleSet, error) {
	if name == "" {
		return eval.DefaultRuleSet(), nil
	}
	if rs, ok := eval.BuiltinRuleSets()[name]; ok {
		return rs, nil
	}
	return nil, fmt.Errorf("%w: %q（可用 (known): %s）", ErrUnknownRuleSet, name, strings.Join(RuleSetNames(), ", "))
}

// LoadRuleSet finds a built-in rule set by name or reads a rule-set file
// (the command line's --rules NAME|FILE).
func LoadRuleSet(nameOrFile string) (*eval.RuleSet, error) {
	if rs, err := RuleSet(nameOrFile); err == nil {
		return rs, nil
	}
	data, err := os.ReadFile(nameOrFile)
	if err != nil {
		return nil, fmt.Errorf("%w: %q 既不是内置规则也无法读取 (neither a built-in rule set nor a readable file; known: %s): %v",
			ErrUnknownRuleSet, nameOrFile, strings.Join(RuleSetNames(), ", "), err)
	}
	return eval.ParseRuleSet(nameOrFile, data)
}

// Open opens (and migrates) the database and installs Summarize as the
// store's summarizer: every program that writes sheets opens it here.
func Open(ctx context.Context, dsn string) (*store.Store, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	Attach(st)
	return st, nil
}

// Attach installs Summarize as an opened store's summarizer.
func Attach(st *store.Store) { st.SetSummarizer(Summarize) }

// Report builds the evaluation core's report from a stored sheet, so the
// engine scores and checks exactly what the pages show. The web computes
// the 总计 row; it is never typed.
func Report(sh *store.Sheet) *eval.Report {
	p := &sh.Project
	r := &eval.Report{Layout: eval.LayoutSituation, Unit: p.UnitName, Project: p.Name, Year: p.Year}
	r.Start, _ = cal.ParseMonth(p.PeriodStart)
	r.End, _ = cal.ParseMonth(p.PeriodEnd)
	for i := range 3 {
		r.Funds.Budget.BySource[i] = eval.Known(p.Budget[i])
	}
	r.Funds.Received.Total = eval.Known(p.Received)
	r.Funds.Spent.Total = eval.Known(p.Spent)
	for _, sec := range r.Narrative.Sections() {
		sec.Text.Text = sh.Narrative[sec.Key]
	}
	if r.Narrative.Basis.Text == "" {
		r.Narrative.Basis.Text = p.Basis
	}
	if r.Narrative.Nature.Text == "" {
		r.Narrative.Nature.Text = p.Nature
	}
	formToReport(sh.Narrative, r)
	// On the 附件1 form the 总计 counts the funds row's 分值 and 得分.
	total := &eval.TotalRow{HasWeight: true}
	r.Sheet.Total = total
	if e := r.Sheet.Execution; e != nil {
		total.Weight += e.Weight
		if e.HasScore {
			total.Score, total.HasScore = e.Score, true
		}
	}
	for i, ind := range sh.Rows {
		total.Weight += ind.Weight
		if ind.HasScore {
			total.Score, total.HasScore = total.Score+ind.Score, true
		}
		row := eval.Row{
			Level1: ind.Level1, Level2: ind.Level2, Level3: ind.Level3,
			Target: eval.ParseValue(ind.Target), Actual: eval.ParseValue(ind.Actual),
			Weight: ind.Weight, Score: ind.Score, HasScore: ind.HasScore, Basis: ind.Basis,
			Line: i + 1,
		}
		if d, ok := eval.ParseDirection(ind.Direction); ok {
			row.Direction, row.DirectionSet = d, true
		}
		r.Sheet.Rows = append(r.Sheet.Rows, row)
	}
	return r
}

// Apply returns the sheet as it would be after saving a read document:
// rows matched to the stored ones by their 三级 name (and 一级/二级 where
// names repeat) keep their IDs and review; new rows are added; narrative
// sections the document fills replace the stored ones.
func Apply(sh *store.Sheet, rep *eval.Report) store.Sheet {
	next := store.Sheet{Project: sh.Project, Narrative: map[string]string{}}
	for k, v := range sh.Narrative {
		next.Narrative[k] = v
	}
	used := make([]bool, len(sh.Rows))
	match := func(row *eval.Row) int {
		best := -1
		for i, o := range sh.Rows {
			if used[i] || eval.Normalize(o.Level3) != eval.Normalize(row.Level3) {
				continue
			}
			if eval.Normalize(o.Level1) == eval.Normalize(row.Level1) && eval.Normalize(o.Level2) == eval.Normalize(row.Level2) {
				return i
			}
			if best < 0 {
				best = i
			}
		}
		return best
	}
	for i := range rep.Sheet.Rows {
		row := &rep.Sheet.Rows[i]
		var ind store.Indicator
		if j := match(row); j >= 0 {
			used[j] = true
			ind = sh.Rows[j]
		}
		ind.Level1, ind.Level2, ind.Level3 = strings.TrimSpace(row.Level1), strings.TrimSpace(row.Level2), strings.TrimSpace(row.Level3)
		ind.Target, ind.Actual = row.Target.String(), row.Actual.String()
		if row.DirectionSet {
			ind.Direction = row.Direction.String()
		}
		ind.Weight, ind.Score, ind.HasScore, ind.Basis = row.Weight, row.Score, row.HasScore, row.Basis
		if !ind.HasScore {
			ind.Score = 0
		}
		next.Rows = append(next.Rows, ind)
	}
	for k, v := range formEntries(rep) { // 附件1: 年度总体目标, the funds row's 分值/得分 …
		next.Narrative[k] = v
	}
	// The documents print the project's 立项依据 and 性质 where the
	// narrative has none (Report); reading them back is no change.
	fallback := map[string]string{"basis": sh.Project.Basis, "nature": sh.Project.Nature}
	for _, sec := range rep.Narrative.Sections() {
		t := strings.TrimSpace(sec.Text.Text)
		if t == "" || sh.Narrative[sec.Key] == "" && t == strings.TrimSpace(fallback[sec.Key]) {
			continue
		}
		next.Narrative[sec.Key] = t
	}
	return next
}

// Evaluation is a stored sheet as the engine sees it: the report, the
// engine's result, the rule set it was checked by, and the summary.
type Evaluation struct {
	Report  *eval.Report
	Result  eval.Result
	RuleSet *eval.RuleSet
	Summary store.Summary
}

// Evaluate scores and checks a stored sheet by its project's rule set.
func Evaluate(sh *store.Sheet) (Evaluation, error) {
	rs, err := RuleSet(sh.Project.RuleSet)
	if err != nil {
		return Evaluation{}, fmt.Errorf("项目 (project) %d: %w", sh.Project.ID, err)
	}
	rep := Report(sh)
	res := eval.Check(rep, rs)
	return Evaluation{Report: rep, Result: res, RuleSet: rs, Summary: summary(sh, rep, res, rs)}, nil
}

// Summarize is the store's summarizer: the summary of a sheet (Evaluate).
func Summarize(sh *store.Sheet) (store.Summary, error) {
	ev, err := Evaluate(sh)
	return ev.Summary, err
}

// summary counts what the engine returned; the review score is the
// reviewer's scores where given and the filer's elsewhere.
func summary(sh *store.Sheet, rep *eval.Report, res eval.Result, rs *eval.RuleSet) store.Summary {
	s := store.Summary{SelfScore: res.ComputedTotal, SelfGrade: res.Grade, WeightTotal: res.WeightTotal}
	for _, r := range sh.Rows {
		if !r.HasScore || strings.TrimSpace(r.Actual) == "" {
			s.Unscored++
		}
		if r.HasReview {
			s.HasReview = true
		}
	}
	if s.HasReview {
		for _, r := range sh.Rows {
			if r.HasReview {
				s.ReviewScore += r.ReviewScore
			} else {
				s.ReviewScore += r.Score
			}
		}
		s.ReviewGrade = rs.Grade(s.ReviewScore)
	}
	signs := map[string]bool{}
	for _, f := range res.Findings {
		switch f.Severity {
		case eval.SevError:
			s.Errors++
		case eval.SevWarning:
			s.Warnings++
		}
		if sign := eval.InflationSign(f.Rule); sign != "" {
			signs[sign] = true
		}
	}
	for _, code := range eval.InflationSignCodes {
		if signs[code] {
			s.Inflated = append(s.Inflated, code)
		}
	}
	s.ExecutionBP, s.HasExecution = rep.Funds.ExecutionRate(rs.ExecutionOverReceived)
	s.LowExecution = s.HasExecution && s.ExecutionBP < rs.ExecutionMin
	return s
}
