package locale

// listsEnglish is the English of the lists that scale (issue 14): paging,
// search, sorting, filters, exports and print views of the projects, the
// suspects, the stop list, the recovery cases, the users and the trail,
// and a town's replies in bulk.
var listsEnglish = map[string]string{
	"姓名或身份证号后几位": "Name or last digits of the ID number",
	"未追回金额从高到低":  "Outstanding, largest first",
	"应追回金额从高到低":  "Due, largest first",
	"追回天数从多到少":   "Days to recovery, most first",
	"%d 年立案":     "Opened in %d",
	"追回案件清单":     "Recovery cases",
	"%d 件":       "%d cases",
	"用户名或姓名":     "User name or name",
	"全部角色":       "All roles",
	"全部单位":       "All units",
	"创建顺序":       "Order of creation",
	"用户清单":       "Users",
	"单位、名称":      "Unit, name",
	"自评得分从高到低":   "Self-evaluation score, highest first",
	"执行率从低到高":    "Execution rate, lowest first",
	"最近修改":       "Last changed",
}

func init() {
	for zh, en := range listsEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
