package paydb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

// A project's funds filled from the monthly cycle instead of typed (the
// project page's 从待遇发放填入): its receipts are the money recorded against
// each month's fund request (资金到位, per source), its payouts the money
// the checked payroll paid, put to the sources in the shares of the run's
// fund request (the rule file's funding lines: 基础养老金 上级 50% / 本级 50%
// …). Only the finance sources are the project's money: the part the
// request puts to 个人账户 is paid from the fund, not from the budget.
// Each record names the month and the run behind it.

// SourceIndex is a finance source's place in a project's budget (0 上级,
// 1 本级, 2 其他).
func SourceIndex(s string) int {
	for i, f := range FinanceSources {
		if f == s {
			return i
		}
	}
	return 2
}

// ProjectMoney returns the year's money records from the cycle: one
// receipt per request month and source (dated the last day money came),
// and one payout per checked month (or run) and finance source.
func ProjectMoney(ctx context.Context, st *store.Store, year int) ([]store.MoneyRecord, error) {
	var out []store.MoneyRecord
	rs, err := st.PayReceipts(ctx, strconv.Itoa(year))
	if err != nil {
		return nil, err
	}
	type key struct {
		month  string
		source string
	}
	recv := map[key]*store.MoneyRecord{}
	count := map[key]int{}
	for _, r := range rs {
		m, ok := cal.ParseMonth(r.Month)
		if !ok || m.Year() != year {
			continue
		}
		k := key{r.Month, r.Source}
		rec := recv[k]
		if rec == nil {
			rec = &store.MoneyRecord{Kind: store.KindReceipt, Source: SourceIndex(r.Source), PayMonth: r.Month}
			recv[k] = rec
		}
		rec.Amount += money.Fen(r.Amount)
		if r.ReceivedOn > rec.Date {
			rec.Date = r.ReceivedOn
		}
		count[k]++
	}
	for k, rec := range recv {
		rec.Note = fmt.Sprintf("%s 资金申请到位（%s，%d 笔）", k.month, k.source, count[k])
		out = append(out, *rec)
	}
	pay, err := Payouts(ctx, st, year)
	if err != nil {
		return nil, err
	}
	out = append(out, pay...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Source < b.Source
	})
	return out, nil
}

// Payouts are the year's checked payouts per finance source: for the
// newest run of each month (a month checked again counts once, as in
// YearEvidence), the amount the bank returned as paid (or, without
// returns, the amount the payroll paid) shared out in the proportions of
// the run's fund request, each share rounded half away from zero and the
// last taking the remainder.
func Payouts(ctx context.Context, st *store.Store, year int) ([]store.MoneyRecord, error) {
	runs, err := st.PayRuns(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.MoneyRecord
	err = newestOfEachMonth(runs, year, func(r store.PayRun, _, to cal.Month) (bool, error) {
		fr, err := Fund(r)
		if err != nil || fr == nil {
			return false, err
		}
		paid, how := money.Fen(r.Paid), "实发"
		if r.HasReturns && r.RetDue > 0 { // every month of the run returned
			paid, how = money.Fen(r.RetPaid), "银行回盘成功"
		}
		var total money.Fen
		for _, s := range fr.Source {
			total += s.Amount
		}
		if total <= 0 {
			return true, nil
		}
		period := r.From
		if r.To != r.From {
			period += "–" + r.To
		}
		left := paid
		for i, s := range fr.Source {
			amt := money.Fen(money.DivRound(int64(paid)*int64(s.Amount), int64(total)))
			if i == len(fr.Source)-1 {
				amt = left
			}
			left -= amt
			if !isFinance(s.Source) || amt == 0 {
				continue
			}
			out = append(out, store.MoneyRecord{Kind: store.KindSpending, Date: lastDay(to), Amount: amt, Source: SourceIndex(s.Source),
				PayMonth: r.To, PayRun: r.ID,
				Note: fmt.Sprintf("%s 待遇发放（发放核对批次 #%d，%s %s 元 × %s 占资金申请 %s/%s）", period, r.ID, how, paid, s.Source, s.Amount, total)})
		}
		return true, nil
	})
	return out, err
}

// lastDay is the month's last day, YYYY-MM-DD.
func lastDay(m cal.Month) string {
	return time.Date(m.Year(), time.Month(m.Num())+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}
