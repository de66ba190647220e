package payroll

import (
	"fmt"
	"sort"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// The year's money per source: budget (预算), receipts against the fund
// requests (到位), payouts (支出) → 资金到位率 = received ÷ budget and
// 预算执行率 = spent ÷ budget (or ÷ received), the evaluation core's
// definitions (eval.Funds).

// LedgerKind is what a ledger line records.
type LedgerKind string

// Ledger kinds.
const (
	LedgerBudget  LedgerKind = "budget"  // 预算
	LedgerReceipt LedgerKind = "receipt" // 到位 / 拨入
	LedgerPayout  LedgerKind = "payout"  // 支出 / 发放
)

// ParseLedgerKind reads 预算 / 到位 / 支出 and their English names.
func ParseLedgerKind(s string) (LedgerKind, bool) {
	switch strings.TrimSpace(s) {
	case "预算", "预算数", "budget":
		return LedgerBudget, true
	case "到位", "到位数", "拨入", "收到", "receipt", "received":
		return LedgerReceipt, true
	case "支出", "执行", "执行数", "发放", "payout", "spent":
		return LedgerPayout, true
	}
	return "", false
}

// LedgerLine is one recorded amount.
type LedgerLine struct {
	File   string
	Line   int
	Month  cal.Month
	Source string // 上级 / 本级 / …
	Kind   LedgerKind
	Amount money.Fen
	Note   string // 文号, 凭证号
}

// SourceYear is one source's year.
type SourceYear struct {
	Source                   string
	Budget, Received, Spent  money.Fen
	HasBudget                bool
	ReceivedRate, ExecRate   audit.Rate
	ReceiptMonths, PayMonths []cal.Month // the months behind the figures
}

// FundsYear sums a year's ledger per source and in total. overReceived
// computes 预算执行率 as spent ÷ received (the rule set's execution_rate).
func FundsYear(lines []LedgerLine, year int, overReceived bool) []SourceYear {
	by := map[string]*SourceYear{}
	get := func(s string) *SourceYear {
		if by[s] == nil {
			by[s] = &SourceYear{Source: s}
		}
		return by[s]
	}
	total := &SourceYear{Source: "合计"}
	for _, l := range lines {
		if l.Month.Year() != year {
			continue
		}
		for _, y := range []*SourceYear{get(l.Source), total} {
			switch l.Kind {
			case LedgerBudget:
				y.Budget += l.Amount
				y.HasBudget = true
			case LedgerReceipt:
				y.Received += l.Amount
				y.ReceiptMonths = addMonth(y.ReceiptMonths, l.Month)
			case LedgerPayout:
				y.Spent += l.Amount
				y.PayMonths = addMonth(y.PayMonths, l.Month)
			}
		}
	}
	var out []SourceYear
	for _, y := range by {
		out = append(out, *y)
	}
	sort.Slice(out, func(i, j int) bool { return sourceOrder(out[i].Source) < sourceOrder(out[j].Source) })
	out = append(out, *total)
	for i := range out {
		y := &out[i]
		f := eval.Funds{Budget: eval.Split{Total: eval.Known(y.Budget)}, Received: eval.Split{Total: eval.Known(y.Received)},
			Spent: eval.Split{Total: eval.Known(y.Spent)}}
		if !y.HasBudget {
			f.Budget = eval.Split{}
		}
		if bp, ok := f.ReceivedRate(); ok {
			y.ReceivedRate = audit.Rate{Num: int64(y.Received), Den: int64(y.Budget), BP: bp, OK: true}
		}
		if bp, ok := f.ExecutionRate(overReceived); ok {
			den := y.Budget
			if overReceived {
				den = y.Received
			}
			y.ExecRate = audit.Rate{Num: int64(y.Spent), Den: int64(den), BP: bp, OK: true}
		}
	}
	return out
}

func addMonth(ms []cal.Month, m cal.Month) []cal.Month {
	i := sort.Search(len(ms), func(i int) bool { return ms[i] >= m })
	if i < len(ms) && ms[i] == m {
		return ms
	}
	return append(ms[:i], append([]cal.Month{m}, ms[i:]...)...)
}

// FundsEvidence offers the totals' 资金到位率 and 预算执行率 to the
// indicators of those names, and per source to 上级资金到位率 / 本级… .
func FundsEvidence(years []SourceYear, year int, provenance string) []eval.Evidence {
	var out []eval.Evidence
	for _, y := range years {
		prefix := y.Source
		if y.Source == "合计" {
			prefix = ""
		}
		months := func(ms []cal.Month) string { return MonthsText(ms) }
		if y.ReceivedRate.OK {
			out = append(out, eval.Evidence{Indicator: prefix + "资金到位率", BP: y.ReceivedRate.BP, Num: y.ReceivedRate.Num,
				Den: y.ReceivedRate.Den, Period: fmt.Sprint(year),
				Provenance: fmt.Sprintf("%s：到位 %s 元（%s）÷ 预算 %s 元", provenance, y.Received, months(y.ReceiptMonths), y.Budget)})
		}
		if y.ExecRate.OK {
			out = append(out, eval.Evidence{Indicator: prefix + "预算执行率", BP: y.ExecRate.BP, Num: y.ExecRate.Num,
				Den: y.ExecRate.Den, Period: fmt.Sprint(year),
				Provenance: fmt.Sprintf("%s：支出 %s 元（%s）÷ %s 元", provenance, y.Spent, months(y.PayMonths), money.Fen(y.ExecRate.Den))})
		}
	}
	return out
}
