package web

import (
	"jixiao/internal/audit"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The confirmations asked before consequential actions (static/app.js shows
// them in a dialog; the templates put them in data-confirm attributes).
// Each names what will happen and to how many people or records, in the
// page's language.

// ConfirmStep is the question before a workflow step on the project.
func (pg ProjectPage) ConfirmStep(a workflow.Action) string {
	p := pg.Sheet.Project
	switch a {
	case workflow.ActSubmit:
		return pg.P.Tf("提交“%s”（%d 年，%d 项指标）：提交后本表不能再修改，送单位审核人审核。", p.Name, p.Year, len(pg.Sheet.Rows))
	case workflow.ActApprove:
		return pg.P.Tf("单位审核通过“%s”（%d 年）：送主管部门审核。", p.Name, p.Year)
	case workflow.ActDept:
		return pg.P.Tf("主管部门审核通过“%s”（%d 年）：送财政复核。", p.Name, p.Year)
	case workflow.ActFinance:
		return pg.P.Tf("财政复核通过“%s”（%d 年）：复核结果定稿，流程结束。", p.Name, p.Year)
	case workflow.ActReturn:
		return pg.P.Tf("退回“%s”（%d 年）：状态回到草稿，填报人修改后重新提交。", p.Name, p.Year)
	}
	return ""
}

// ConfirmSend is the question before the first 下: sending the run's
// suspects to the towns.
func (pg AuditRunPage) ConfirmSend() string {
	return pg.P.Tf("向 %d 个镇（街道）下发 %d 条疑点：各镇（街道）须在截止日前核实上报。", len(pg.Towns), pg.Total.N)
}

// ConfirmIssue is the question before the second 下: the stop list of the
// suspects the towns confirmed.
func (pg AuditRunPage) ConfirmIssue() string {
	n, towns := 0, 0
	for _, t := range pg.Progress {
		if c := t.ByState[audit.StateTownConfirmed]; c > 0 {
			n += c
			towns++
		}
	}
	return pg.P.Tf("下发停发名单：%d 个镇（街道）的 %d 人将被停发待遇（死亡为终止，其他为暂停），各镇（街道）须确认停发。", towns, n)
}

// ConfirmWithdraw is the question before a stop list is taken back.
func (pg AuditRunPage) ConfirmWithdraw() string {
	n, towns, stopped := 0, 0, 0
	for _, t := range pg.Progress {
		if c := t.ByState[audit.StateSuspensionIssued]; c > 0 {
			n += c
			towns++
		}
		stopped += t.ByState[audit.StateStopped]
	}
	return pg.P.Tf("撤回停发名单：%d 个镇（街道）的 %d 人恢复为“镇已核实属实”，待遇不再停发；已确认停发的 %d 人不变。", towns, n, stopped)
}

// ConfirmReverse is the question before a write-off is reversed.
func (pg AuditCasePage) ConfirmReverse() string {
	return pg.P.Tf("撤销核销案件 #%d（%s）：案件重新打开，未追回的 %s 元恢复追讨。", pg.C.ID, pg.C.Name, group(pg.C.Outstanding.String()))
}

// ConfirmFillFromPay is the question before the project's funds are filled
// from the payroll cycle: the records an earlier fill wrote are replaced.
func (pg ProjectPage) ConfirmFillFromPay() string {
	n := 0
	for _, ms := range [][]store.MoneyRecord{pg.Receipts, pg.Spending} {
		for _, m := range ms {
			if m.PayMonth != "" {
				n++
			}
		}
	}
	return pg.P.Tf("从待遇发放填入 %d 年的到位和支出记录：此前从待遇发放填入的 %d 条记录将被替换，手工录入的记录不变。", pg.Sheet.Project.Year, n)
}
