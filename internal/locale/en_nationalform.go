package locale

// nationalFormEnglish is the English of the 附件1 form's part of the
// project page (issue 13).
var nationalFormEnglish = map[string]string{
	"项目支出绩效自评表（附件1）": "Project self-evaluation form (national template, Annex 1)",
	"项目编码":   "Project code",
	"主管部门":   "Supervising department",
	"实施单位":   "Implementing unit",
	"预算执行情况": "Budget execution",
	"分值":     "Points",
	"执行率":    "Execution rate",
	"得分":     "Score",
	"按规则得分":  "Score by the rule",
	"原因":     "Reason",
	"年度总体目标": "Overall annual goal",
	"预期目标":   "Planned",
	"实际完成情况": "Achieved",
	// The targets page: weights add up to the rule set's total less the
	// funds row's 分值 of the 附件1 form.
	"权重合计须为 %s":             "Weights must total %s",
	"权重合计须为 %s 才能提交。":       "Weights must total %s before submission.",
	"（预算执行情况另有 %s 分，见自评表。）": " (budget execution counts %s more points, on the self-evaluation form.)",
}

func init() {
	for zh, en := range nationalFormEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
