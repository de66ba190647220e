package rollfile

import (
	"strconv"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
)

// Columns of payroll details (发放明细) and bank returns (回盘).
const (
	fPayMonth   field = nBaseFields + iota // 发放年月
	fPaidAmount                            // 实发金额
	fAccount                               // 银行账号
	fYears                                 // 缴费年限
	fMakeup                                // 补缴年限
	fBalance                               // 个人账户储存额
	fBankResult                            // 回盘结果
	fBankReason                            // 失败原因
	nFields
)

func init() {
	names := map[field]string{fPayMonth: "发放年月", fPaidAmount: "实发金额", fAccount: "银行账号", fYears: "缴费年限",
		fMakeup: "补缴年限", fBalance: "个人账户储存额", fBankResult: "回盘结果", fBankReason: "失败原因"}
	for f, n := range names {
		fieldNames[f] = n
	}
	add := func(f field, names ...string) {
		for _, n := range names {
			if _, taken := aliases[normHeader(n)]; !taken {
				aliases[normHeader(n)] = alias{f: f}
			}
		}
	}
	add(fPayMonth, "发放年月", "发放月份", "所属期", "待遇所属期", "待遇所属年月", "所属年月", "支付年月", "发放期", "aae002", "pay_month")
	add(fPaidAmount, "实发金额", "实发", "本月实发", "实发待遇", "支付金额", "待遇金额", "发放额", "paid", "paid_amount")
	add(fAccount, "银行账号", "银行卡号", "账号", "卡号", "收款账号", "收款人账号", "社保卡金融账号", "aae010", "bank_account", "account")
	add(fYears, "缴费年限", "累计缴费年限", "缴费年数", "contribution_years", "years")
	add(fMakeup, "补缴年限", "补缴年数", "其中补缴年限", "makeup_years")
	add(fBalance, "个人账户储存额", "个人账户余额", "个人账户累计储存额", "账户储存额", "计发基数", "account_balance")
	add(fBankResult, "回盘结果", "发放结果", "支付结果", "银行回盘", "处理结果", "result")
	add(fBankReason, "失败原因", "回盘原因", "退回原因", "reason")
}

// ScanPayroll reads a 发放明细 (payroll detail) or a bank return (回盘).
// Required columns: 身份证号, 发放年月 and an amount (实发金额, or 发放金额 /
// 月待遇, or 金额). Optional: 姓名, 镇（街道）, 险种, 银行账号, 待遇开始年月,
// 缴费年限, 补缴年限, 个人账户储存额, 回盘结果, 失败原因. Each good row is passed
// to fn, possibly from several goroutines (w is the worker); the row and
// its strings are valid only during the call.
func ScanPayroll(path string, opt Options, fn func(w int, r *payroll.Row)) (Report, error) {
	return ScanPayrollBatch(path, opt, func(w int, rows []payroll.Row) {
		for i := range rows {
			fn(w, &rows[i])
		}
	})
}

// ScanPayrollBatch is ScanPayroll handing over good rows in batches of a
// few hundred, which lets a checker overlap its memory look-ups. The rows
// and their strings are valid only during the call.
func ScanPayrollBatch(path string, opt Options, fn func(w int, rows []payroll.Row)) (Report, error) {
	opt.norm()
	batches := make([]padded[[]payroll.Row], opt.Workers)
	return scanBatch(path, opt, func(c *columns) string {
		if c[fPaidAmount] < 0 && c[fMonthly] < 0 && c[fAmount] < 0 {
			return require(c, fID, fPayMonth, fPaidAmount)
		}
		return require(c, fID, fPayMonth)
	}, func(w, line int, cols *columns, cells [][]byte) *RowError {
		b := batches[w].v
		if len(b) == cap(b) {
			b = append(b, payroll.Row{})
		} else {
			b = b[:len(b)+1] // parsePayRow overwrites the whole slot
		}
		batches[w].v = b
		if e := parsePayRow(&b[len(b)-1], path, line, opt, cols, cells); e != nil {
			batches[w].v = b[:len(b)-1]
			return e
		}
		return nil
	}, func(w int) {
		if len(batches[w].v) > 0 {
			fn(w, batches[w].v)
		}
		batches[w].v = batches[w].v[:0]
	})
}

func parsePayRow(r *payroll.Row, path string, line int, opt Options, cols *columns, cells [][]byte) *RowError {
	*r = payroll.Row{File: path, Line: line, Years: -1, Makeup: -1}
	raw := cell(cols, cells, fID)
	r.ID = cnid.Normalize(raw)
	if r.ID == "" {
		return bad(fID, raw, "身份证号为空 (empty ID)")
	}
	v := cell(cols, cells, fPayMonth)
	m, ok := cal.ParseMonth(v)
	if !ok {
		return bad(fPayMonth, v, "年月无效 (invalid month)")
	}
	r.Month = m
	af := fPaidAmount
	if cols[af] < 0 {
		af = fMonthly
		if cols[af] < 0 {
			af = fAmount
		}
	}
	v = cell(cols, cells, af)
	if r.Paid, ok = parseAmount(v); !ok || r.Paid < 0 || r.Paid > 10_000_000*money.Yuan {
		return bad(af, v, "金额无效 (invalid amount)")
	}
	if e := optMonth(cols, cells, fStart, &r.Start); e != nil {
		return e
	}
	if v := cell(cols, cells, fYears); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			return bad(fYears, v, "应为 0–100 的整数 (expected a whole number 0–100)")
		}
		r.Years = n
	}
	if v := cell(cols, cells, fMakeup); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			return bad(fMakeup, v, "应为 0–100 的整数 (expected a whole number 0–100)")
		}
		r.Makeup = n
	}
	if r.Years >= 0 && r.Makeup > r.Years {
		return bad(fMakeup, strconv.Itoa(r.Makeup), "补缴年限大于缴费年限 (make-up years exceed contribution years)")
	}
	if v := cell(cols, cells, fBalance); v != "" {
		if r.Balance, ok = parseAmount(v); !ok || r.Balance < 0 || r.Balance > 100_000_000*money.Yuan {
			return bad(fBalance, v, "金额无效 (invalid amount)")
		}
		r.HasBalance = true
	}
	r.Name = cell(cols, cells, fName)
	r.Town = cell(cols, cells, fTown)
	r.Scheme = cell(cols, cells, fScheme)
	if r.Scheme == "" {
		r.Scheme = opt.Scheme
	}
	r.Account = cell(cols, cells, fAccount)
	r.Result = cell(cols, cells, fBankResult)
	if r.Result == "" {
		r.Result = cell(cols, cells, fResult) // "result", shared with certification events
	}
	r.Reason = cell(cols, cells, fBankReason)
	return nil
}
