package payroll

import (
	"math/bits"
	"sort"
	"strings"
	"sync"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Bank returns (回盘): the bank's answer to each payment sent, 成功 or 失败
// with a reason. They give the 发放率 (successfully paid ÷ due), the
// failed payments to issue again, and — when an account was closed or
// frozen — a hint for the survival audit that the recipient may have
// died (review, never a conclusion).

// FailureClass groups the reasons a bank gives.
type FailureClass string

// Failure classes.
const (
	FailClosed   FailureClass = "closed"        // 账户已销户
	FailFrozen   FailureClass = "frozen"        // 账户冻结 / 止付
	FailName     FailureClass = "name_mismatch" // 户名不符
	FailNoAcct   FailureClass = "no_account"    // 账号不存在 / 账号错误
	FailOther    FailureClass = "other"
	resultFailed              = "失败"
)

// ClassifyFailure reads a bank's reason text.
func ClassifyFailure(reason string) FailureClass {
	switch {
	case strings.Contains(reason, "销户") || strings.Contains(reason, "注销"):
		return FailClosed
	case strings.Contains(reason, "冻结") || strings.Contains(reason, "止付") || strings.Contains(reason, "挂失"):
		return FailFrozen
	case strings.Contains(reason, "户名") || strings.Contains(reason, "姓名不符"):
		return FailName
	case strings.Contains(reason, "账号") || strings.Contains(reason, "卡号") || strings.Contains(reason, "无此"):
		return FailNoAcct
	}
	return FailOther
}

// LabelZH names the class in Chinese.
func (c FailureClass) LabelZH() string {
	switch c {
	case FailClosed:
		return "账户已销户"
	case FailFrozen:
		return "账户冻结"
	case FailName:
		return "户名不符"
	case FailNoAcct:
		return "账号错误或不存在"
	}
	return "其他原因"
}

// Succeeded reports whether a 回盘结果 means the money arrived. Anything
// other than an explicit failure with a reason, or a success word, is
// treated as failed: money is never assumed paid.
func Succeeded(result string) bool {
	switch strings.TrimSpace(result) {
	case "成功", "已成功", "发放成功", "支付成功", "success", "ok", "OK", "1", "是":
		return true
	}
	return false
}

// Failed is one payment the bank returned.
type Failed struct {
	ID, Name, Town, Account string
	Month                   cal.Month
	Amount                  money.Fen
	Reason                  string
	Class                   FailureClass
	File                    string
	Line                    int
	OnRoll                  bool
}

// ReturnsResult is what the bank returns say about the payroll.
type ReturnsResult struct {
	Rows, Succeeded, FailedRows int
	SucceededAmount, FailedAmt  money.Fen
	// DueRows / DueAmount are the payroll's payments in the period
	// (verified or not): the denominator of the 发放率.
	DueRows   int
	DueAmount money.Fen
	// NotReturned counts payroll person-months with no return row;
	// NotInPayroll counts return rows for a person-month the payroll does
	// not pay (or a person not on the roll).
	NotReturned, NotInPayroll int
	// Outside counts return rows for months outside the period checked:
	// left out of every figure above, summarised once.
	Outside int
	// Missing are the months of the period with no return row at all (a
	// year checked against December's return): the bank's answer for them
	// is unknown, not a failure, so the 发放率 is not computed (RateByAmount
	// and RateByRows are not OK) — check the months returned on their own.
	Missing []cal.Month
	Failed  []Failed
	// PossibleDeaths are recipients whose account was closed or frozen:
	// offered to the survival audit for review.
	PossibleDeaths []Failed
}

// RateByAmount is 发放率 by amount: successfully paid ÷ due; not OK when
// a month of the period has no return (Missing).
func (r *ReturnsResult) RateByAmount() audit.Rate {
	bp, ok := money.RatioBP(r.SucceededAmount, r.DueAmount)
	return audit.Rate{Num: int64(r.SucceededAmount), Den: int64(r.DueAmount), BP: bp, OK: ok && len(r.Missing) == 0}
}

// RateByRows is 发放率 by payments: payments that arrived ÷ payments due;
// not OK when a month of the period has no return (Missing).
func (r *ReturnsResult) RateByRows() audit.Rate {
	bp, ok := money.RatioBP(money.Fen(r.Succeeded), money.Fen(r.DueRows))
	return audit.Rate{Num: int64(r.Succeeded), Den: int64(r.DueRows), BP: bp, OK: ok && len(r.Missing) == 0}
}

// returns state of a Checker.
type returnsState struct {
	once    sync.Once
	retBits []uint64 // per person: months with a return row (single goroutine: AddReturn is serial)
	months  uint64   // months of the period with any return row
	res     ReturnsResult
}

// AddReturn records one bank-return row. It must be called after every
// payroll row was added and from one goroutine.
func (c *Checker) AddReturn(r *Row) {
	rs := &c.returns
	rs.once.Do(func() { rs.retBits = make([]uint64, c.slots()) })
	rs.res.Rows++
	if r.Month < c.from || r.Month > c.to {
		rs.res.Outside++
		return
	}
	rs.months |= 1 << uint(r.Month-c.from)
	ok := Succeeded(r.Result)
	pi, onRoll := c.lookup(r.ID)
	if onRoll {
		bit := uint64(1) << uint(r.Month-c.from)
		if c.person(pi).bits.Load()&bit == 0 {
			rs.res.NotInPayroll++
		}
		rs.retBits[pi] |= bit
	} else {
		rs.res.NotInPayroll++
	}
	if ok {
		rs.res.Succeeded++
		rs.res.SucceededAmount += r.Paid
		return
	}
	rs.res.FailedRows++
	rs.res.FailedAmt += r.Paid
	f := Failed{ID: strings.Clone(r.ID), Name: strings.Clone(r.Name), Town: strings.Clone(r.Town), Account: strings.Clone(r.Account),
		Month: r.Month, Amount: r.Paid, Reason: strings.Clone(r.Reason), Class: ClassifyFailure(r.Reason),
		File: strings.Clone(r.File), Line: r.Line, OnRoll: onRoll}
	if onRoll {
		f.ID = c.person(pi).idOf()
		if f.Name == "" {
			f.Name = c.nameOf(pi)
		}
		if f.Town == "" {
			f.Town = c.groups[c.person(pi).group].Town
		}
	}
	rs.res.Failed = append(rs.res.Failed, f)
	if f.Class == FailClosed || f.Class == FailFrozen {
		rs.res.PossibleDeaths = append(rs.res.PossibleDeaths, f)
	}
}

// Returns finishes the bank returns against the payroll: the due
// payments (all payroll rows of the period) and those never returned.
// Call it after Finish.
func (c *Checker) Returns(res *Result) *ReturnsResult {
	rs := &c.returns
	out := rs.res
	if rs.retBits == nil {
		rs.retBits = make([]uint64, c.slots())
	}
	for w := range c.workers {
		out.DueRows += c.workers[w].dueRows
		out.DueAmount += c.workers[w].dueAmt
	}
	c.each(func(pi int32, p *person) {
		out.NotReturned += bits.OnesCount64(p.bits.Load() &^ rs.retBits[pi])
	})
	for m := c.from; m <= c.to; m++ {
		if rs.months&(1<<uint(m-c.from)) == 0 {
			out.Missing = append(out.Missing, m)
		}
	}
	sort.Slice(out.Failed, func(i, j int) bool { return out.Failed[i].Line < out.Failed[j].Line })
	sort.Slice(out.PossibleDeaths, func(i, j int) bool { return out.PossibleDeaths[i].Line < out.PossibleDeaths[j].Line })
	res.Returns = &out
	return &out
}
