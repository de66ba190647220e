package locale

// listsEnglish is the English of the lists that scale (issue 14): paging,
// search, sorting, filters, exports and print views of the projects, the
// suspects, the stop list, the recovery cases, the users and the trail,
// and a town's replies in bulk.
var listsEnglish = map[string]string{
	"姓名或身份证号后几位":     "Name or last digits of the ID number",
	"未追回金额从高到低":      "Outstanding, largest first",
	"应追回金额从高到低":      "Due, largest first",
	"追回天数从多到少":       "Days to recovery, most first",
	"%d 年立案":         "Opened in %d",
	"追回案件清单":         "Recovery cases",
	"%d 件":           "%d cases",
	"用户名或姓名":         "User name or name",
	"全部角色":           "All roles",
	"全部单位":           "All units",
	"创建顺序":           "Order of creation",
	"用户清单":           "Users",
	"单位、名称":          "Unit, name",
	"自评得分从高到低":       "Self-evaluation score, highest first",
	"执行率从低到高":        "Execution rate, lowest first",
	"最近修改":           "Last changed",
	"停发名单":           "Stop list",
	"停发名单（打印 / PDF）": "Stop list (print / PDF)",
	"本镇（街道）停发名单":     "My town's stop lists",
	"打印 / 存为 PDF":    "Print / save as PDF",
	"没有记录。":          "No records.",
	"生存稽核停发名单":       "Survival audit: stop list",
	"处理":             "Action",
	"月待遇（元）":         "Monthly benefit (yuan)",
	"疑点编号":           "Suspect no.",
	"稽核月份 %s":        "Audit month %s",
	"下发日期 %s":        "Issued on %s",
	"打印行数过多，请按镇（街道）或状态筛选，或导出 Excel。": "Too many rows to print: filter by town or state, or export to Excel.",
	"一次最多上报一页（100 条）疑点。":             "At most one page (100 suspects) can be reported at once.",
	"全选本页待核实疑点":                      "Tick every suspect awaiting verification on this page",
	"勾选上表中的待核实疑点，写明同一条核实说明，一次上报；每条疑点各记一条处理记录。": "Tick the suspects awaiting verification above, write one note for them and report them at once; each suspect gets its own line in the trail.",
	"将勾选的 {n} 条疑点上报为“不属实”：上报后不能修改，这些人的待遇继续发放。": "Report the {n} ticked suspects as NOT TRUE: the report cannot be changed afterwards, and these people's benefits continue to be paid.",
	"将勾选的 {n} 条疑点上报为“属实”：上报后不能修改，市据此下发停发名单。":   "Report the {n} ticked suspects as TRUE: the report cannot be changed afterwards, and the city issues the stop list from it.",
	"已上报 %d 条疑点的核实结果。": "Reported the verification of %d suspect(s).",
	"所选上报为不属实":         "Report ticked as not true",
	"所选上报为属实":          "Report ticked as true",
	"批量上报核实结果":         "Report many at once",
	"疑点编号无效。":          "Invalid suspect number.",
	"表单无法读取。":          "The form could not be read.",
	"证据（每行一条，可选）":      "Evidence (one per line, optional)",
	"请勾选要上报的疑点。":       "Tick the suspects to report.",
}

func init() {
	for zh, en := range listsEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
