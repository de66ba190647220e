package locale

// dailyEnglish is the English of the everyday-use features (issue 14):
// confirmations before consequential actions, unsaved-changes warnings,
// the to-do page, lists, money input. Kept apart from the main catalogue
// so that engineers working on other pages do not edit the same lines.
var dailyEnglish = map[string]string{
	"演示日期": "Demo date",
	"演示数据按此日期计算截止和逾期": "The demo counts deadlines and overdue items from this date",
	"按资金记录计算":         "computed from the money records",
	"待办":              "To do",
	"事项":              "Task",
	"对象":              "About",
	"数量":              "Count",
	"说明":              "Details",
	"退回意见":            "Reviewer's comment",
	"已退回修改":           "Returned for correction",
	"没有待办事项。":         "Nothing to do.",
	"只列出前 50 项，其余请在项目总览中按状态筛选。": "Only the first 50 are listed; filter the overview by status for the rest.",
	"被退回，请修改后重新提交":              "Returned: correct and submit again",
	"运行监控待填报":                   "Monitoring to fill in",
	"绩效自评待提交":                   "Self-evaluation to submit",
	"待单位审核":                     "Waiting for the unit's approval",
	"待主管部门审核":                   "Waiting for the department's review",
	"待财政复核":                     "Waiting for the finance review",
	"疑点待下发":                     "Suspects to send to the towns",
	"停发名单待下发":                   "Stop list to issue",
	"镇（街道）逾期未核实":                "Town overdue with its verification",
	"追回案件待跟进":                   "Recovery case to follow up",
	"疑点待核实上报":                   "Suspects to verify and report",
	"停发待确认":                     "Stops to confirm",
	"如 12,500 或 3万":             "e.g. 12,500 or 3万",
	"只看逾期":                      "Overdue only",
	"姓名或身份证号":                   "Name or ID number",
	"排序":                        "Sort",
	"导出 Excel（.xlsx）":           "Export to Excel (.xlsx)",
	"共 %d 条，第 %d–%d 条":          "%d in all, %d–%d shown",
	"默认（批次、镇、险种）":               "Default (run, town, scheme)",
	"多发金额从高到低":                  "Overpayment, highest first",
	"多发月数从多到少":                  "Months overpaid, most first",
	"疑点核实清单":                    "Suspect verification list",
	"生存稽核疑点核实清单":                "Survival audit: suspects to verify",
	"导出日期 %s":                   "exported %s",
	"搜索":                        "search",
	"%d 人":                      "%d people",
	"经办人（签字）：":                  "Prepared by (signature):",
	"审核人（签字）：":                  "Checked by (signature):",
	"单位负责人（签字）：":                "Head of unit (signature):",
	"日期：":                       "Date:",
	"（盖章）":                      "(seal)",
	"导出行数过多，请按镇（街道）或状态筛选。": "Too many rows to export: filter by town or state.",
	"请确认": "Please confirm",
	"确定":  "OK",
	"有未保存的修改，离开本页将丢失。":                                       "Unsaved changes: they are lost if you leave this page.",
	"提交“%s”（%d 年，%d 项指标）：提交后本表不能再修改，送单位审核人审核。":               "Submit “%s” (%d, %d indicators): the sheet can no longer be changed and goes to the unit approver.",
	"单位审核通过“%s”（%d 年）：送主管部门审核。":                              "Approve “%s” (%d) for the unit: it goes to the department for review.",
	"主管部门审核通过“%s”（%d 年）：送财政复核。":                              "Approve “%s” (%d) for the department: it goes to the finance bureau for review.",
	"财政复核通过“%s”（%d 年）：复核结果定稿，流程结束。":                          "Close the finance review of “%s” (%d): the review result becomes final and the workflow ends.",
	"退回“%s”（%d 年）：状态回到草稿，填报人修改后重新提交。":                        "Return “%s” (%d): it goes back to draft for the filer to correct and submit again.",
	"删除 %s 的到位记录 %s 元：资金到位率将重新计算，删除记入修改记录。":                  "Delete the receipt of %[2]s yuan on %[1]s: the funds-received rate is recomputed and the deletion recorded in the history.",
	"删除 %s 的支出记录 %s 元：预算执行率将重新计算，删除记入修改记录。":                  "Delete the spending of %[2]s yuan on %[1]s: the budget execution rate is recomputed and the deletion recorded in the history.",
	"向 %d 个镇（街道）下发 %d 条疑点：各镇（街道）须在截止日前核实上报。":                 "Send %[2]d suspects to %[1]d towns: each town must verify and reply by the deadline.",
	"下发停发名单：%d 个镇（街道）的 %d 人将被停发待遇（死亡为终止，其他为暂停），各镇（街道）须确认停发。": "Issue the stop list: payments to %[2]d people in %[1]d towns stop (terminated for deaths, suspended otherwise); each town must confirm the stop.",
	"核销案件 #%d（%s）：未追回的 %s 元不再追讨。":                            "Write off case #%d (%s): the outstanding %s yuan will no longer be recovered.",
	"上报疑点 #%d（%s）的核实结果：上报后不能修改，市据此下发停发名单。":                   "Report the verification of suspect #%d (%s): it cannot be changed afterwards, and the city issues the stop list from it.",
	"确认 %s 的待遇已停发：确认后本疑点办结。":                                 "Confirm that the payments to %s have stopped: the suspect is then closed.",
	"重置 %s（%s）的密码：原密码立即失效，其会话结束，将生成一次性密码。":                   "Reset the password of %s (%s): the old password stops working at once, their sessions end, and a one-time password is created.",
	"停用用户 %s（%s）：其会话立即结束，不能再登录。":                             "Disable user %s (%s): their sessions end at once and they can no longer log in.",
	"删除勾选的 {n} 行指标：保存后这些指标及其自评、复核数值一并删除。":                    "Delete the {n} ticked indicator rows: on saving, the rows go with their self-evaluation and review values.",
	"申报“%s”的绩效目标（%d 项指标）：申报后目标不能修改，除非撤回申报。":                  "Declare the targets of “%s” (%d indicators): once declared they cannot be changed unless the declaration is withdrawn.",
}

func init() {
	for zh, en := range dailyEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
