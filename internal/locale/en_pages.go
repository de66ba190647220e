package locale

// pagesEnglish is the English of the words the pages name data with (issue
// 14, one language per page): the change history's fields, the recovery
// cases' notes, the monitoring lights, the closing outcomes of a suspect
// and their root causes, the certification channels.
var pagesEnglish = map[string]string{
	// change history (store.diffSheet)
	"目标": "target", "三级": "Level 3", "监控进度": "Monitored progress", "开始": "Start", "结束": "End",
	"基本性质与内容": "Nature and content", "预算(上级)": "Budget (higher level)", "预算(本级)": "Budget (local)",
	"预算(其他)": "Budget (other)", "绩效目标已申报": "Targets declared", "监控偏差原因": "Reason for the monitoring deviation",
	"新增指标": "Indicator added", "删除指标": "Indicator removed",
	"财预〔2020〕10号 单位自评（默认）":              "Unit self-evaluation under Caiyu [2020] No. 10 (default)",
	"财政一体化平台（FASP2）口径：反向指标线性扣分至两倍目标值为零": "Integrated finance platform (FASP2) rule: lower-is-better indicators lose points linearly to zero at twice the target",
	// recovery cases (auditdb)
	"立案：%s，应追回 %s 元": "Case opened: %s, %s yuan to recover",
	"还款 %s 元（%s，%s）": "Repaid %s yuan (%s, %s)",
	"：":              ": ",
	// monitoring lights
	"红灯：严重滞后": "Red: far behind", "黄灯：略有滞后": "Yellow: somewhat behind", "绿灯：正常": "Green: on track",
	"蓝灯：超进度": "Blue: ahead of schedule", "尚无可比进度": "Nothing to compare yet",
	// closing a suspect (auditmem)
	"不属实/误报": "Not true / false alarm", "属实已终止": "True, terminated", "属实已暂停": "True, suspended",
	"重复领取已处理": "Duplicate payment dealt with", "无回复已上报": "No reply, reported", "争议": "Disputed",
	"死亡未申报": "Death not reported", "异地重复领取": "Paid in another place too", "跨险种重复": "Paid by another scheme too",
	"数据录入错误": "Data entry error", "证件号码变更": "ID number changed",
	"办结疑点 #%d（%s）：办结结果记入以往批次的关联，以后的批次据此决定是否再下发。": "Close suspect #%d (%s): the outcome is kept with the run's links to earlier runs, and later runs decide by it whether to send the person again.",
	// audit-trail actions (ActionNames)
	"资格认证计算": "Certification run", "登记线下认证": "Offline certification recorded", "证据文件": "Evidence file",
	"从待遇发放填入资金": "Money filled in from the payroll", "资金到位登记": "Receipt recorded", "新建用户": "User created",
	"停用或启用用户": "User disabled or enabled", "新建单位": "Unit created", "修改设置": "Setting changed", "稽核批次": "Audit run",
	// punctuation and bracketed figures
	"（%s / %s）": " (%s / %s)", "（%v/%v）": " (%v/%v)", "（%s）": " (%s)", "；": "; ", "，": ", ",
	"%v（其中线下登记 %v；名册外 %v）": "%v (%v recorded offline; %v not on the roll)",
	// certification channels (cert)
	"线下辅助": "Assisted at a service point", "上门": "Home visit", "异地": "In another place",
	"大数据比对": "Data matching", "线上自助": "Online self-service",
}

func init() {
	for zh, en := range pagesEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
