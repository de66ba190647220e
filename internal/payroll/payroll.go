// Package payroll verifies a month's or a year's 发放明细 (payroll detail)
// against the benefit roll and a rule file: every amount paid is compared
// with what internal/benefit says is due, and the departures are priced —
// 多发 / 少发, a standard raise or an age supplement not applied, payment
// below the pension age, before 待遇开始年月 or after 终止/暂停, the same
// person paid twice in a month — with bank accounts shared by several
// recipients listed for review and rows that cannot be verified counted,
// never guessed.
//
// The package is pure: rows come from internal/rollfile (ScanPayroll),
// results go to cmd/jixiao and the web. Amounts are money.Fen.
package payroll

import (
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Row is one line of a 发放明细 or of a bank return (回盘).
type Row struct {
	File    string
	Line    int
	ID      string // normalised 身份证号
	Name    string
	Town    string
	Scheme  string
	Account string    // 银行账号
	Month   cal.Month // 发放年月 (the month the payment is for)
	Paid    money.Fen // 实发金额
	Start   cal.Month // 待遇开始年月, when the file gives it
	// Years / Makeup are 缴费年限 / 补缴年限; -1 when not given.
	Years, Makeup int
	Balance       money.Fen // 个人账户储存额
	HasBalance    bool
	// Bank returns only: 回盘结果 (成功 / 失败) and the reason of a failure.
	Result, Reason string
}

// Kind is the kind of a finding.
type Kind uint8

// Finding kinds. Overpayments (多领) feed the survival audit's recovery
// cases; underpayments become 补发 lists.
const (
	Clean       Kind = iota
	Overpaid         // 多发: paid more than the rule gives
	Underpaid        // 少发: paid less, matching no known mistake
	RaiseMissed      // 待遇调整未到位: paid the standard before its latest raise
	AgeMissed        // 高龄加发未发: paid without the 65/75 supplement
	UnderAge         // 未到龄领取: paid below the pension age
	BeforeStart      // 早于待遇开始年月发放
	AfterStop        // 终止/暂停后仍发放
	Duplicate        // 同月重复发放: a second payment for the same month
	nKinds
)

var kindNames = [nKinds]string{"clean", "overpaid", "underpaid", "raise_missed", "age_missed", "under_age",
	"before_start", "after_stop", "duplicate"}
var kindZH = [nKinds]string{"正常", "多发", "少发", "待遇调整未到位", "高龄加发未发", "未到龄领取",
	"早于待遇开始年月发放", "终止/暂停后仍发放", "同月重复发放"}

// String is the stable machine name (overpaid, raise_missed …).
func (k Kind) String() string {
	if k < nKinds {
		return kindNames[k]
	}
	return "unknown"
}

// LabelZH names the kind in Chinese.
func (k Kind) LabelZH() string {
	if k < nKinds {
		return kindZH[k]
	}
	return "未知"
}

// Overpayment reports whether the kind is money paid that was not due
// (to be recovered as 多领, never 冒领 without a person's decision).
func (k Kind) Overpayment() bool {
	switch k {
	case Overpaid, UnderAge, BeforeStart, AfterStop, Duplicate:
		return true
	}
	return false
}

// Kinds lists the finding kinds in report order.
func Kinds() []Kind {
	return []Kind{Overpaid, UnderAge, BeforeStart, AfterStop, Duplicate, Underpaid, RaiseMissed, AgeMissed}
}

// KindByName returns the kind with that machine name.
func KindByName(s string) (Kind, bool) {
	for k := Kind(0); k < nKinds; k++ {
		if kindNames[k] == s {
			return k, true
		}
	}
	return 0, false
}

// Finding is one person's departures of one kind, over the months they
// occurred.
type Finding struct {
	ID, Name, Town, Scheme string
	Kind                   Kind
	Months                 []cal.Month
	Lines                  []int // lines in the payroll file
	Expected, Paid         money.Fen
	Formula                string // the rule with its numbers, for the first month
}

// Difference is Paid − Expected: positive for an overpayment.
func (f *Finding) Difference() money.Fen { return f.Paid - f.Expected }

// SharedAccount is one bank account paid to several recipients (review,
// not an error: spouses may share one).
type SharedAccount struct {
	Account string
	IDs     []string
	Names   []string
	Towns   []string
}

// Unverifiable counts rows that could not be checked, by reason.
type Unverifiable struct {
	Reason string // in Chinese
	Rows   int
	Sample []Sample // the first rows, for looking
}

// Sample is a row shown as an example.
type Sample struct {
	File string
	Line int
	ID   string
}
