package locale

// reviewEnglish is the English of the finance bureau's review desk and
// target review (issue 18). Kept apart from the main catalogue so that
// engineers working on other pages do not edit the same lines.
var reviewEnglish = map[string]string{
	"复核工作台":            "Review desk",
	"抽评份数":             "Sample size",
	"抽样种子":             "Sample seed",
	"单位（不选为全部）":        "Units (none ticked: all)",
	"下载排序与抽评清单（.xlsx）": "Download ranking and review work list (.xlsx)",
	"本年度报告":            "Reports this year",
	"有风险信号":            "With risk signals",
	"风险分越高越值得复核；理由见每行。": "The higher the risk, the more a re-score is worth; the reasons are on each row.",
	"抽评样本":    "Review sample",
	"排名":      "Rank",
	"分层":      "Stratum",
	"抽取方式":    "Drawn by",
	"金额（万元）":  "Amount (10k yuan)",
	"风险分":     "Risk",
	"按风险":     "risk",
	"随机抽取":    "random draw",
	"风险排序":    "Ranking by risk",
	"理由":      "Reasons",
	"未发现风险信号": "No risk signals found",
	"雷同段落对照":  "Matching passages side by side",
	"被抄报告":    "Source report",
	"雷同报告":    "Copy",
	"大额":      "large",
	"中额":      "medium",
	"小额":      "small",
	"金额未知":    "amount unknown",
	"所选项目过多（上限 %d 个），请选择单位后再复核。": "Too many projects selected (at most %d): choose units first.",
}

func init() {
	for zh, en := range reviewEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
