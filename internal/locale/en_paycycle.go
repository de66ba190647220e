package locale

// payCycleEnglish is the English of what the monthly cycle hands on (issue
// 15): overpayments to the recovery cases, closed and frozen accounts to
// the survival audit, the 追回 and 补发 lists, the project's funds filled
// from the cycle, and the evidence offered to the self-evaluation.
var payCycleEnglish = map[string]string{
	"追回、补发与生存稽核":                "Recovery, back-pay and the survival audit",
	"下载追回名单（多领，Excel）":          "Download the recovery list (overpayments, Excel)",
	"下载补发名单（Excel）":             "Download the back-pay list (Excel)",
	"多发应追回":                     "Overpayments to recover",
	"已立追回案件":                    "Recovery cases opened",
	"多发转追回案件（多领）":               "Open recovery cases (overpayment)",
	"按多领立案；是否属冒领由经办人在案件中认定。":    "Opened as overpayments; whether one is fraud (冒领) is a person's decision on the case.",
	"销户、冻结账户转生存稽核":              "Send closed and frozen accounts to the survival audit",
	"已转生存稽核批次":                  "Sent to the survival audit as run",
	"没有尚未立案的多发。":                "No overpayment without a case.",
	"已立追回案件（多领）%d 件。":           "%d recovery cases (overpayment) opened.",
	"已转生存稽核。":                   "Already sent to the survival audit.",
	"本批次没有销户或冻结的账户。":            "No closed or frozen account in this run.",
	"已将 %d 个销户或冻结账户的领取人下发各镇核实。": "%d recipients with a closed or frozen account sent to their towns to verify.",
	"补发名单":                      "Back-pay list",
	"追回名单（多领）":                  "Recovery list (overpayments)",
	"应补发（元）":                    "To back-pay (yuan)",
	"应追回（元）":                    "To recover (yuan)",
	"追回案件":                      "Recovery case",
	"发放核对批次 #%d":                "Payroll check #%d",
	"银行账户已销户":                   "Bank account closed",
	"银行账户冻结":                    "Bank account frozen",
	"%d 年没有发放核对或资金到位记录，未填入。":    "No payroll check or receipt in %d: nothing filled in.",
	"已从待遇发放填入 %d 条到位和支出记录。":     "%d receipt and payout records filled in from the benefit cycle.",
	"按资金来源":                     "By source of funds",
	"预算（元）":                     "Budget (yuan)",
	"到位（元）":                     "Received (yuan)",
	"支出（元）":                     "Spent (yuan)",
	"来自待遇发放的月份":                 "Months from the benefit cycle",
	"从待遇发放填入":                   "Fill in from the benefit cycle",
	"从待遇发放填入 %d 年的到位和支出记录：此前从待遇发放填入的 %d 条记录将被替换，手工录入的记录不变。":            "Fill the receipts and spending of %d from the payroll cycle: the %d records an earlier fill wrote will be replaced; records typed by hand stay.",
	"到位取各月资金申请登记的到位金额，支出取发放核对的实发金额按资金申请的来源比例分摊；再次填入只替换上次填入的记录，手工记录不变。": "Receipts are the money recorded against each month's fund request; payouts are the amounts the checked payroll paid, shared out in the proportions of the fund request's sources. Filling in again replaces only what the last fill wrote; typed records stay.",
	"待遇发放":       "Benefit cycle",
	"按项目资金记录计算":  "From the project's money records",
	"查看资金记录":     "See the money records",
	"从待遇发放填入资金":  "Funds filled in from the benefit cycle",
	"指标与业务数据的对应": "Indicators and the data they are computed from",
	"名称未被识别的比率指标，可指定按哪项业务数据计算；设置一次，各项目各年度同名指标均适用。": "A rate whose name is not recognised can be mapped to the figure computed from the data; set once, it applies to the indicators of that name in every project and year.",
	"取消对应": "Remove the mapping",
	"设置对应": "Map",
	"请选择本表的指标和按数据计算的指标。": "Choose an indicator of this sheet and a rate computed from the data.",
	"已取消对应。": "Mapping removed.",
	"已设置对应，各项目各年度同名指标均按此取值。": "Mapped: the indicators of that name in every project and year take this value.",
	"指标与业务数据对应":              "Indicator mapped to data",
	"发放率":                    "Payout rate",
	"及时发放率":                  "Timely payout rate",
	"足额发放率":                  "Full payout rate",
	"待遇调整到位率":                "Benefit raises applied",
	"代缴覆盖率":                  "Paid-contribution coverage",
	"代缴对象参保率":                "Enrolment of the paid-contribution groups",
	"追回率":                    "Recovery rate",
	"足额追回率":                  "Full recovery rate",
	"及时追回率":                  "Timely recovery rate",
	"疑点核实办结率":                "Suspects verified and closed",
	"冒领发生率":                  "Fraud rate",
	"资格认证率":                  "Certification rate",
	"上级资金到位率":                "Higher-level funds received",
	"本级资金到位率":                "Local funds received",
	"上级预算执行率":                "Higher-level budget execution",
	"本级预算执行率":                "Local budget execution",
	"回盘失败重新发放名单":             "Failed bank payments: re-issue list",
	"下载回盘失败重新发放名单（Excel）":    "Download the re-issue list of failed payments (Excel)",
	"%d 笔": "%d payments",
	"全年":   "Year",
	"每月取该月最新一次核对；全年为各月分子之和 ÷ 分母之和，同一月份重复核对只计一次。": "Each month is its newest check; the year is the sum of the months' numerators ÷ the sum of their denominators, a month checked again counted once.",
	"立案月份": "Month opened",
	"案件数":  "Cases",
}

func init() {
	ActionNames["money.from_pay"] = "从待遇发放填入资金"
	ActionNames["evidence.name"] = "指标与业务数据对应"
	MatchKindNames["bank_closed"], MatchKindNames["bank_frozen"] = "银行账户已销户", "银行账户冻结"
	for zh, en := range payCycleEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
