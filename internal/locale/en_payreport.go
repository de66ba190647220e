package locale

import "strings"

// formulaEnglish is the English of the words in a payroll finding's
// formula (benefit.Entitlement's items and rounding, payroll's reasons):
// the numbers stay, the words change. Longer phrases come first.
var formulaEnglish = strings.NewReplacer(
	"，合计四舍五入到分", ", total rounded to the fen",
	"，合计四舍五入到角", ", total rounded to the jiao",
	"，各项四舍五入到分", ", each item rounded to the fen",
	"，各项四舍五入到角", ", each item rounded to the jiao",
	"基础养老金", "basic pension",
	"缴费年限加发", "seniority supplement",
	"高龄加发", "old-age supplement",
	"个人账户养老金", "personal-account pension",
	"养老补助金", "pension subsidy",
	"生活补助", "living allowance",
	"；实发按调整前标准 ", "; paid at the previous standard: ",
	"；实发按未加高龄加发 ", "; paid without the old-age supplement: ",
	"；实发 ", "; paid ",
	" 应发 ", " due ",
	"名册状态", "roll status ",
	"，最后发放年月 ", ", paid through ",
	" 不应发放：应发 0", " not payable: due 0",
	"出生日期 ", "born ",
	" 起满 ", " reaches age ",
	" 周岁", "",
	" 未到领取年龄：应发 0", " is below the pension age: due 0",
	"待遇开始年月 ", "benefit starts ",
	" 早于开始年月：应发 0", " is before the start month: due 0",
	" 已有一笔发放，本笔重复：应发 0", " already paid once, this payment repeats it: due 0",
	"终止", "terminated",
	"暂停", "suspended",
	"死亡", "deceased",
	"（", " (", "）", ")", "，", ", ", "：", ": ",
)

// Formula prints a payroll finding's formula ("2023-11 应发 215 + … =
// 241.55（基础养老金 + …）；实发 255.69") in the printer's language.
func (p Printer) Formula(s string) string {
	if !p.IsEN() {
		return s
	}
	return formulaEnglish.Replace(s)
}

// payReportEnglish is the English of `jixiao pay check`'s and `jixiao
// gen`'s reports to standard output (issue 14: --lang en prints English
// only); the Chinese is the format the commands print by default.
var payReportEnglish = map[string]string{
	"发放核对 (payroll check) %s，规则 (rules) %s":                                                                                  "Payroll check %s, rules %s",
	"读取 %d 行 = 核对无误 %d + 有问题 %d + 无法核对 %d + 期间外 %d + 拒绝 %d %s":                                                               "%d rows read = %d verified + %d with findings + %d unverifiable + %d outside the period + %d rejected %s",
	"期间外 (outside the period) %d 行：其他月份的发放，未核对 (other months' payments, not checked)":                                        "Outside the period: %d rows, other months' payments, not checked",
	"应发 (due) %s 元，实发 (paid) %s 元（已核对各行 / rows verified or with findings）":                                                   "Due %s yuan, paid %s yuan (rows verified or with findings)",
	"  %-22s %5d 人 %6d 行  差额 %s 元":                                                                                           "  %-22s %5d people %6d rows  difference %s yuan",
	"多发应追回 (overpaid, to recover as 多领) %s 元；少发应补发 (underpaid, to back-pay) %s 元":                                            "Overpaid, to recover: %s yuan; underpaid, to back-pay: %s yuan",
	"多人共用银行账号 (shared accounts, review) %d 个，涉及 %d 人":                                                                        "Shared bank accounts (to review): %d, %d people",
	"无法核对 (unverifiable) %d 行：%s":                                                                                            "Unverifiable: %d rows: %s",
	"  无回盘的月份 (months without any return row) %s：发放率未计算，请按有回盘的月份核对 (no payout rate: check the months returned with --month)": "  Months without any return row %s: no payout rate; check the months returned with --month",
	"  明细中有、回盘中无 (paid, not returned) %d 人月；回盘中有、明细中无 (returned, not in the payroll) %d 行":                                   "  Paid, not returned: %d person-months; returned, not in the payroll: %d rows",
	"  回盘中其他月份 (return rows outside the period, not counted) %d 行":                                                           "  Return rows outside the period, not counted: %d",
	"  账户销户/冻结 %d 人，已列入生存稽核待核实 (closed or frozen accounts offered to the survival audit for review)":                         "  %d closed or frozen accounts offered to the survival audit for review",
	"名册中 %d 行身份证号无效或重复，未参与核对 (roll rows with an unusable or repeated ID skipped)":                                            "%d roll rows with an unusable or repeated ID skipped",
	"银行回盘 (bank returns) %d 行：成功 %d 笔 %s 元，失败 %d 笔 %s 元；发放率 (paid ÷ due) %s（%s ÷ %s 元），按笔 %s":                                "Bank returns: %d rows: %d succeeded, %s yuan; %d failed, %s yuan; payout rate (paid ÷ due) %s (%s ÷ %s yuan), by rows %s",
	"  %s %s %s %s  月份 %s  应发 %s 实发 %s 差额 %s":                                                                                "  %s %s %s %s  months %s  due %s paid %s difference %s",
	"  %s %s %s %s %s 元  %s（%s）%s":                                                                                           "  %s %s %s %s %s yuan  reason %s — %s%s",
	"\n无法核对 (unverifiable): %s — %d 行，例如 (e.g.)":                                                                             "\nUnverifiable: %s — %d rows, e.g.",
	"资金申请 (fund request) %s：%d 人 %s 元 → %s":                                                                                  "Fund request %s: %d people, %s yuan → %s",
	"  %-40s 名册 (roll) %d 行": "  %-40s roll, %d rows",
	"  %-40s 死亡名单 (deaths) %d 行，其中名册内真实死亡 %d 人 (true deaths)": "  %-40s deaths, %d rows, of which %d true deaths on the roll",
	"  %-40s 其他险种 (other schemes) %d 行":                       "  %-40s other schemes, %d rows",
	"  %-40s 困难群体 (hardship) %d 人":                            "  %-40s hardship group, %d people",
	"  %-40s %d 年发放明细 (payroll) %d 行，%d 人":                    "  %-40s payroll of %d, %d rows, %d people",
	"  %-40s 注入的发放错误 (injected payroll errors) %d 条":          "  %-40s injected payroll errors: %d",
}

func init() {
	for zh, en := range payReportEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
