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
	"打印 / 存为 PDF":    "Print / save as PDF",
	"没有记录。":          "No records.",
	"生存稽核停发名单":       "Survival audit: stop list",
	"处理":             "Action",
	"月待遇（元）":         "Monthly benefit (yuan)",
	"疑点编号":           "Suspect no.",
	"稽核月份 %s":        "Audit month %s",
	"下发日期 %s":        "Issued on %s",
	"打印行数过多，请按镇（街道）或状态筛选，或导出 Excel。": "Too many rows to print: filter by town or state, or export to Excel.",
}

func init() {
	for zh, en := range listsEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
