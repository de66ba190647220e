package locale

// certEnglish is the English of the audit's memory and the monthly report
// (issue 16: held-back pairs, carried suspects, outcomes and root causes),
// kept apart from the other catalogues.
var certEnglish = map[string]string{
	"与以往批次的关联":  "Links to earlier runs",
	"上一批次":      "Previous run",
	"新疑点":       "New suspects",
	"上期未办结结转":   "Carried forward unanswered",
	"证据变化重新下发":  "Sent again on new evidence",
	"已核实属实仍在发放": "Confirmed yet still paid",
	"镇已核实不属实且证据未变、不再下发": "Rejected by the town, evidence unchanged: not sent again",
	"以往批次":   "Earlier runs",
	"办结":     "Close",
	"办结结果":   "Outcome",
	"原因代码":   "Root cause",
	"疑点已办结。": "The suspect is closed.",
	"请选择办结结果；属实的须选择原因代码。": "Choose an outcome; a true finding needs a root cause.",
	"月度稽核报告":          "Monthly audit report",
	"按稽核疑点计算":         "From the audit's suspects:",
	"按死亡后冒领人数÷领取人数计算": "Recipients paid after death ÷ recipients:",
	"疑点核实办结率":         "Share of suspects closed",
	"疑点办结率":           "Share of suspects closed",
	"冒领发生率":           "Rate of payment after death",
	"查看疑点":            "See the suspects",
	"月度稽核报告_%s":       "monthly-audit-report_%s",
}

func init() {
	for zh, en := range certEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
