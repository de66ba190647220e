package locale

// cliEnglish is the English of the command line's files for people (issue
// 14): the headers and values of `jixiao cert status` and `jixiao pay
// check` as CSV (--lang en).
var cliEnglish = map[string]string{
	"最近认证日期":     "Last certified",
	"有效期至":       "Valid until",
	"暂停/终止起始":    "Suspended/terminated from",
	"恢复发放年月":     "Resumed from",
	"补发起始":       "Back pay from",
	"补发截止":       "Back pay to",
	"补发月数":       "Back-pay months",
	"死亡后多发月数":    "Months paid after death",
	"死亡后多发（元）":   "Paid after death (yuan)",
	"须核实":        "To check",
	"问题类型":       "Kind",
	"月份":         "Months",
	"应发":         "Due",
	"实发":         "Paid",
	"差额":         "Difference",
	"计算公式":       "Formula",
	"多发":         "Overpaid",
	"少发":         "Underpaid",
	"待遇调整未到位":    "Raise not applied",
	"高龄加发未发":     "Old-age supplement missed",
	"未到龄领取":      "Paid before pension age",
	"早于待遇开始年月发放": "Paid before the start month",
	"终止/暂停后仍发放":  "Paid after termination or suspension",
	"同月重复发放":     "Paid twice in a month",
}

func init() {
	for zh, en := range cliEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
