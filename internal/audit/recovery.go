package audit

import (
	"errors"
	"fmt"
	"time"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// CaseType separates fraud from plain overpayment: fraud carries a fine of
// 2–5× under 社会保险法 Art. 88 and may be a crime; an overpayment (e.g. a
// family that did not report a death) is only returned.
type CaseType string

// Case types.
const (
	CaseFraud       CaseType = "fraud"       // 冒领/骗取
	CaseOverpayment CaseType = "overpayment" // 多领
)

// LabelZH returns the type in Chinese.
func (t CaseType) LabelZH() string {
	if t == CaseFraud {
		return "冒领/骗取"
	}
	return "多领"
}

// CaseStatus is where a recovery case stands.
type CaseStatus string

// Case statuses.
const (
	CaseOpen       CaseStatus = "open"             // 未追回
	CasePartly     CaseStatus = "partly_recovered" // 部分追回
	CaseRecovered  CaseStatus = "recovered"        // 已足额追回
	CaseWrittenOff CaseStatus = "written_off"      // 核销
)

// LabelZH returns the status in Chinese.
func (s CaseStatus) LabelZH() string {
	switch s {
	case CaseOpen:
		return "未追回"
	case CasePartly:
		return "部分追回"
	case CaseRecovered:
		return "已足额追回"
	case CaseWrittenOff:
		return "已核销"
	}
	return string(s)
}

// Repayment is one amount paid back.
type Repayment struct {
	On     cal.Date
	Amount money.Fen
	Method string // 银行转账, 现金, 抵扣丧葬补助金, 抵扣个人账户余额 …
}

// Case is one recovery case opened from a confirmed overpayment.
type Case struct {
	ID             string
	RollID         string
	Name           string
	Town           string
	Scheme         string
	Type           CaseType
	Due            money.Fen
	Opened         cal.Date
	Repayments     []Repayment
	WrittenOff     bool
	WriteOffReason string
	WriteOffOn     cal.Date
}

// Errors of recovery cases.
var (
	ErrAmount   = errors.New("金额必须大于零 (amount must be positive)")
	ErrTooMuch  = errors.New("还款超过应追回余额 (repayment exceeds the amount outstanding)")
	ErrClosed   = errors.New("案件已结案 (case closed)")
	ErrReason   = errors.New("核销须说明原因 (a write-off needs a reason)")
	ErrDateCase = errors.New("日期早于立案日期 (date before the case was opened)")
	// ErrNotWrittenOff refuses to reverse a write-off that did not happen.
	ErrNotWrittenOff = errors.New("案件未核销，无须撤销 (the case is not written off)")
	// ErrReverseReason refuses a reversal without a reason.
	ErrReverseReason = errors.New("撤销核销须说明原因 (reversing a write-off needs a reason)")
)

// NewCase opens a case for a confirmed overpayment.
func NewCase(id string, f Finding, t CaseType, opened cal.Date) (*Case, error) {
	if f.Overpaid <= 0 {
		return nil, fmt.Errorf("%w: %s", ErrAmount, f.Overpaid)
	}
	return &Case{ID: id, RollID: f.Roll.ID, Name: f.Roll.Name, Town: f.Roll.Town, Scheme: f.Roll.Scheme,
		Type: t, Due: f.Overpaid, Opened: opened}, nil
}

// Recovered returns the total repaid.
func (c *Case) Recovered() money.Fen {
	var s money.Fen
	for _, r := range c.Repayments {
		s += r.Amount
	}
	return s
}

// Outstanding returns what is still due.
func (c *Case) Outstanding() money.Fen { return c.Due - c.Recovered() }

// Status derives the status from repayments and write-off.
func (c *Case) Status() CaseStatus {
	rec := c.Recovered()
	switch {
	case rec >= c.Due:
		return CaseRecovered
	case c.WrittenOff:
		return CaseWrittenOff
	case rec > 0:
		return CasePartly
	}
	return CaseOpen
}

// Repay records a repayment. It refuses non-positive amounts, amounts
// above the outstanding balance, dates before the case opened, and closed
// cases.
func (c *Case) Repay(r Repayment) error {
	if st := c.Status(); st == CaseRecovered || st == CaseWrittenOff {
		return fmt.Errorf("%w: %s", ErrClosed, st.LabelZH())
	}
	if r.Amount <= 0 {
		return ErrAmount
	}
	if r.Amount > c.Outstanding() {
		return fmt.Errorf("%w: %s > %s", ErrTooMuch, r.Amount, c.Outstanding())
	}
	if r.On < c.Opened {
		return ErrDateCase
	}
	c.Repayments = append(c.Repayments, r)
	return nil
}

// WriteOff closes the case without full recovery (e.g. no estate, heirs
// unknown); the reason is required.
func (c *Case) WriteOff(reason string, on cal.Date) error {
	if st := c.Status(); st == CaseRecovered || st == CaseWrittenOff {
		return fmt.Errorf("%w: %s", ErrClosed, st.LabelZH())
	}
	if reason == "" {
		return ErrReason
	}
	if on < c.Opened {
		return ErrDateCase
	}
	c.WrittenOff, c.WriteOffReason, c.WriteOffOn = true, reason, on
	return nil
}

// ReverseWriteOff undoes a write-off: the case is open again (or partly
// recovered) and its outstanding amount is pursued again. Only the unit's
// leader (RoleLeader) may do it, and only with a reason; the trail keeps
// the write-off and its reversal.
func (c *Case) ReverseWriteOff(by Actor, reason string) error {
	if by.Role != RoleLeader {
		return ErrRole
	}
	if c.Status() != CaseWrittenOff {
		return fmt.Errorf("%w: %s", ErrNotWrittenOff, c.Status().LabelZH())
	}
	if reason == "" {
		return ErrReverseReason
	}
	c.WrittenOff, c.WriteOffReason, c.WriteOffOn = false, "", 0
	return nil
}

// RecoveredOn returns the date the repayments reached the amount due.
func (c *Case) RecoveredOn() (cal.Date, bool) {
	var s money.Fen
	for _, r := range c.Repayments {
		s += r.Amount
		if s >= c.Due {
			return r.On, true
		}
	}
	return 0, false
}

// DaysToRecovery returns the days from opening to full recovery.
func (c *Case) DaysToRecovery() (int, bool) {
	d, ok := c.RecoveredOn()
	if !ok {
		return 0, false
	}
	return DaysBetween(c.Opened, d), true
}

// DaysBetween returns b − a in days.
func DaysBetween(a, b cal.Date) int {
	ta := time.Date(int(a)/10000, time.Month(int(a)/100%100), int(a)%100, 0, 0, 0, 0, time.UTC)
	tb := time.Date(int(b)/10000, time.Month(int(b)/100%100), int(b)%100, 0, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}

// Rate is one figure: numerator over denominator in basis points of a
// percent (9751 = 97.51%), rounded half away from zero (四舍五入) on the
// second decimal of the percent. OK is false when the denominator is zero.
// CaseIDs lists the cases counted in the numerator, for linking.
type Rate struct {
	Num, Den int64
	BP       int64
	OK       bool
	CaseIDs  []string
}

// Percent formats the rate as "97.51%", or "—" without a denominator.
func (r Rate) Percent() string {
	if !r.OK {
		return "—"
	}
	return fmt.Sprintf("%d.%02d%%", r.BP/100, r.BP%100)
}

func newRate(num, den int64, ids []string) Rate {
	bp, ok := money.RatioBP(money.Fen(num), money.Fen(den))
	return Rate{Num: num, Den: den, BP: bp, OK: ok, CaseIDs: ids}
}

// Rates are the recovery figures offered to the performance indicators.
type Rates struct {
	Recovery Rate // 追回率 = recovered amount / amount due (fen)
	Full     Rate // 足额追回率 = fully recovered cases / cases
	Timely   Rate // 及时追回率 = cases fully recovered within TimelyDays / cases
}

// ComputeRates computes the three figures over cases opened in the period
// the caller selected. Written-off cases stay in every denominator; their
// partial repayments count toward 追回率.
func ComputeRates(cases []*Case, timelyDays int) Rates {
	var due, rec int64
	var full, timely, some []string
	for _, c := range cases {
		due += int64(c.Due)
		rec += int64(min(c.Recovered(), c.Due))
		if c.Recovered() > 0 {
			some = append(some, c.ID)
		}
		if c.Status() == CaseRecovered {
			full = append(full, c.ID)
			if d, ok := c.DaysToRecovery(); ok && d <= timelyDays {
				timely = append(timely, c.ID)
			}
		}
	}
	n := int64(len(cases))
	return Rates{
		Recovery: newRate(rec, due, some),
		Full:     newRate(int64(len(full)), n, full),
		Timely:   newRate(int64(len(timely)), n, timely),
	}
}
