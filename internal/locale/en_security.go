package locale

// securityEnglish is the English of the backup, trail and login-hardening
// pages (issue 17), kept apart from the main catalogue.
var securityEnglish = map[string]string{
	"系统状态": "System",
	"备份":   "Backups",
	"未设置定时备份（%s）。请用 %s 命令备份。": "No scheduled backup (%s). Back up with the %s command.",
	"尚无备份。":    "No backup yet.",
	"最近一次备份":   "Last backup",
	"文件":       "File",
	"大小":       "Size",
	"最近一次备份失败": "The last backup failed",
	"审计日志":     "Audit trail",
	"每一项修改、管理操作和名单下载都记入日志，逐条链式校验；日志不可删除。": "Every change, admin action and download of a list is in the trail, each row chained to the one before; trail rows cannot be deleted.",
	"校验日志完整性":  "Check the trail's integrity",
	"用户":       "User",
	"全部":       "All",
	"项目编号":     "Project no.",
	"操作":       "Action",
	"自":        "From",
	"至":        "To",
	"查询":       "Search",
	"导出 Excel": "Export to Excel",
	"共":        "In all",
	"条":        "rows",
	"序号":       "No.",
	"时间":       "Time",
	"项目":       "Project",
	"字段":       "Field",
	"原值":       "Old value",
	"新值":       "New value",
	"说明":       "Note",
	"系统":       "System",
	"上一页":      "Previous",
	"下一页":      "Next",
	"审计日志完整性":  "Trail integrity",
	"每条日志带有其内容与前一条的哈希值；校验逐条重算，指出第一条被修改、删除或插入的记录。": "Each trail row carries a hash of its content and of the row before; the check recomputes them all and names the first row that was altered, removed or inserted.",
	"日志完整":  "Trail intact",
	"链头":    "head",
	"日志被篡改": "Trail tampered with",
	"立即校验":  "Check now",
	"用户名或密码错误，或尝试过于频繁须稍候再试。": "Wrong user name or password, or too many attempts: wait a few minutes.",
	"日期格式应为 YYYY-MM-DD。":     "Dates are written YYYY-MM-DD.",
}

func init() {
	for zh, en := range securityEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
