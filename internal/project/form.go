package project

import "jixiao/internal/eval"

// The national 附件1 form carries fields the project record has no column
// for: 项目编码, 主管部门, 实施单位, 年度总体目标 and the scored funds row
// (预算执行情况: 分值, 执行率, 得分, 原因). They are kept with the project's
// narrative sections, under keys that start with formPrefix, so they are
// saved, versioned and logged with the sheet (store keeps them as it keeps
// any section); the narrative pages list only the named sections and never
// show them. The mapping both ways is evaluation data, so it lives here
// beside Report and Apply.
const formPrefix = "form."

// Keys of the form fields.
const (
	formLayout      = formPrefix + "layout"
	formCode        = formPrefix + "code"
	formDepartment  = formPrefix + "department"
	formImplementer = formPrefix + "implementer"
	formGoalPlan    = formPrefix + "goal_expected"
	formGoalActual  = formPrefix + "goal_actual"
	formExecWeight  = formPrefix + "execution_weight"
	formExecRate    = formPrefix + "execution_rate"
	formExecScore   = formPrefix + "execution_score"
	formExecReason  = formPrefix + "execution_reason"
)

// formEntries are the form fields of a report read from a national or
// provincial form, as narrative entries to store; empty for the seed
// layouts. Every key is present, so a field cleared in the file is
// cleared in the store.
func formEntries(r *eval.Report) map[string]string {
	if r.Layout != eval.LayoutNational && r.Sheet.Execution == nil && r.Code == "" && r.Goals.Expected == "" {
		return nil
	}
	m := map[string]string{
		formLayout: string(r.Layout), formCode: r.Code, formDepartment: r.Department, formImplementer: r.Implementer,
		formGoalPlan: r.Goals.Expected, formGoalActual: r.Goals.Actual,
		formExecWeight: "", formExecRate: "", formExecScore: "", formExecReason: "",
	}
	if e := r.Sheet.Execution; e != nil {
		if e.HasWeight {
			m[formExecWeight] = e.Weight.String()
		}
		if e.HasRate {
			m[formExecRate] = e.Rate.String()
		}
		if e.HasScore {
			m[formExecScore] = e.Score.String()
		}
		m[formExecReason] = e.Reason
	}
	return m
}

// formToReport puts the stored form fields back into r (Report calls it).
func formToReport(narr map[string]string, r *eval.Report) {
	if narr[formLayout] == "" {
		return
	}
	r.Layout = eval.Layout(narr[formLayout])
	r.Code, r.Department, r.Implementer = narr[formCode], narr[formDepartment], narr[formImplementer]
	r.Goals = eval.AnnualGoal{Expected: narr[formGoalPlan], Actual: narr[formGoalActual]}
	var e eval.ExecutionRow
	if p, err := eval.ParsePoints(narr[formExecWeight]); err == nil && narr[formExecWeight] != "" {
		e.Weight, e.HasWeight = p, true
	}
	if p, err := eval.ParsePoints(narr[formExecScore]); err == nil && narr[formExecScore] != "" {
		e.Score, e.HasScore = p, true
	}
	if n, err := eval.ParseNumber(narr[formExecRate]); err == nil && narr[formExecRate] != "" {
		e.Rate, e.HasRate = n, true
	}
	e.Reason = narr[formExecReason]
	if e.HasWeight || e.HasScore {
		r.Sheet.Execution = &e
	}
}
