package web

import (
	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/store"
)

// FormView is what a project read from the national 附件1 form (or a
// provincial one) shows beyond the seed layouts: 项目编码, 主管部门,
// 年度总体目标, and the scored funds row with its 分值, 执行率 and 得分 beside
// the rule's. nil for other projects.
type FormView struct {
	Code, Department, Implementer string
	Goals                         eval.AnnualGoal
	Execution                     *eval.ExecutionRow
	Scored                        eval.ScoredExecution
}

// formView builds the view from the stored sheet and its check.
func formView(sh *store.Sheet, res eval.Result) *FormView {
	r := project.Report(sh)
	if r.Layout != eval.LayoutNational {
		return nil
	}
	return &FormView{Code: r.Code, Department: r.Department, Implementer: r.Implementer, Goals: r.Goals,
		Execution: r.Sheet.Execution, Scored: res.Execution}
}
