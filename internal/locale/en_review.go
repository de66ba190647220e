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
	"结果应用":             "Use of results",
	"下载结果应用汇总表（.xlsx）": "Download the summary for the budget office (.xlsx)",
	"已评价项目":            "Evaluated projects",
	"已作决定":             "Decided",
	"建议依据：有财政复核得分的按复核得分，否则按自评得分定级；优 优先保障，良 合理保障，中 核减或控制新增，差 取消或暂停。": "The advice follows the grade of the bureau's re-score, else of the self-score: 优 priority, 良 reasonable funding, 中 cut or no growth, 差 cancel or suspend.",
	"预算（万元）":      "Budget (10k yuan)",
	"自评得分":        "Self-score",
	"复核得分":        "Re-score",
	"依据等级":        "Grade used",
	"预算建议":        "Budget advice",
	"财政决定":        "Bureau's decision",
	"（复核）":        "(re-score)",
	"不得新设同类项目":    "no similar new project",
	"未评价":         "not evaluated",
	"与建议不同时须说明理由": "a reason, when departing from the advice",
	"优先保障":        "fund with priority",
	"合理保障":        "fund reasonably",
	"核减或控制新增":     "cut or hold growth",
	"取消或暂停":       "cancel or suspend",
	"项目尚未评价，没有预算建议。": "The project is not evaluated yet: there is no budget advice.",
	"请选择预算决定。":       "Choose a budget decision.",
	"决定与建议不同，须说明理由。": "The decision departs from the advice: give the reason.",
	"预算决定已保存。":       "Budget decision saved.",
	"项目编号无效。":        "Invalid project number.",
}

func init() {
	for zh, en := range reviewEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
