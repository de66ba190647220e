package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/payroll"
	"jixiao/internal/project"
	"jixiao/internal/store"
)

// A project's funds filled from the monthly cycle (paydb.ProjectMoney)
// instead of typed, and its money per source — 资金到位率 and 预算执行率
// for 上级, 本级 and in total, by the evaluation core's definitions
// (payroll.FundsYear over eval.Funds) — with the months behind each figure.

// fillMoneyFromPay replaces the project's records filled from the cycle by
// the year's receipts and payouts.
func (s *Server) fillMoneyFromPay(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	ms, err := paydb.ProjectMoney(r.Context(), s.st, sh.Project.Year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := "/projects/" + strconv.FormatInt(sh.Project.ID, 10) + "#money"
	pg := s.page(r, "")
	if len(ms) == 0 {
		redirect(w, r, back, pg.P.Tf("%d 年没有发放核对或资金到位记录，未填入。", sh.Project.Year))
		return
	}
	if err := s.st.ReplacePayMoney(r.Context(), sh.Project.ID, ms, currentUser(r).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, back, pg.P.Tf("已从待遇发放填入 %d 条到位和支出记录。", len(ms)))
}

// MoneySource is one source's year on the project page.
type MoneySource struct {
	payroll.SourceYear
	// Months link the figures to the cycle's months they came from.
	ReceiptMonths, PayMonths []MonthLink
}

// MonthLink is a month of the cycle behind a figure.
type MonthLink struct{ Month, Link string }

// moneyBySource sums the project's budget and records per source.
func moneyBySource(sh *store.Sheet, rec, spent []store.MoneyRecord) []MoneySource {
	p := &sh.Project
	year := p.Year
	at := cal.MonthOf(year, 12)
	var lines []payroll.LedgerLine
	for i, b := range p.Budget {
		if b != 0 || i < 2 {
			lines = append(lines, payroll.LedgerLine{Month: at, Source: sourceName(i), Kind: payroll.LedgerBudget, Amount: b})
		}
	}
	links := map[string]map[cal.Month]string{} // kind|source → month → link
	add := func(ms []store.MoneyRecord, kind payroll.LedgerKind) {
		for _, m := range ms {
			mo := at
			if d, ok := cal.ParseDate(m.Date); ok && d.Month().Year() == year {
				mo = d.Month()
			}
			link := ""
			if pm, ok := cal.ParseMonth(m.PayMonth); ok {
				mo = pm
				link = "/pay/funds?month=" + m.PayMonth
				if m.PayRun != 0 {
					link = fmt.Sprintf("/pay/runs/%d", m.PayRun)
				}
			}
			src := sourceName(m.Source)
			lines = append(lines, payroll.LedgerLine{Month: mo, Source: src, Kind: kind, Amount: m.Amount})
			if link != "" {
				for _, k := range []string{string(kind) + "|" + src, string(kind) + "|合计"} {
					if links[k] == nil {
						links[k] = map[cal.Month]string{}
					}
					links[k][mo] = link
				}
			}
		}
	}
	add(rec, payroll.LedgerReceipt)
	add(spent, payroll.LedgerPayout)
	rs, err := project.RuleSet(p.RuleSet)
	over := err == nil && rs.ExecutionOverReceived
	var out []MoneySource
	for _, y := range payroll.FundsYear(lines, year, over) {
		ms := MoneySource{SourceYear: y}
		for _, m := range y.ReceiptMonths {
			if l := links[string(payroll.LedgerReceipt)+"|"+y.Source][m]; l != "" {
				ms.ReceiptMonths = append(ms.ReceiptMonths, MonthLink{m.String(), l})
			}
		}
		for _, m := range y.PayMonths {
			if l := links[string(payroll.LedgerPayout)+"|"+y.Source][m]; l != "" {
				ms.PayMonths = append(ms.PayMonths, MonthLink{m.String(), l})
			}
		}
		out = append(out, ms)
	}
	return out
}

func sourceName(i int) string { return [...]string{"上级", "本级", "其他"}[min(max(i, 0), 2)] }

// fundsHints offers the per-source rates (上级资金到位率, 本级预算执行率 …)
// computed from the project's money to the rows of those names, marking a
// written actual that disagrees (eval.CheckEvidence). The totals' rows
// (资金到位率, 预算执行率) are computed, never typed (computedActual);
// markEvidence marks a written actual that disagrees.
func fundsHints(year int, bySource []MoneySource, rows []EvalRow) {
	var years []payroll.SourceYear
	for _, m := range bySource {
		if m.Source != "合计" {
			years = append(years, m.SourceYear)
		}
	}
	ev := payroll.FundsEvidence(years, year, "项目资金记录")
	for i := range ev { // 上级预算执行率 is also written 上级资金预算执行率, 上级补助资金预算执行率
		for _, src := range paydb.FinanceSources {
			if rest, ok := strings.CutPrefix(ev[i].Indicator, src); ok {
				ev[i].Aliases = append(ev[i].Aliases, src+"资金"+rest, src+"补助资金"+rest, src+"补助"+rest)
			}
		}
	}
	for i := range rows {
		row := &rows[i]
		if row.Hint != nil {
			continue
		}
		e := eval.MatchEvidence(row.Ind.Level3, ev)
		if e == nil || eval.Normalize(row.Ind.Level3) == "资金到位率" || eval.Normalize(row.Ind.Level3) == "预算执行率" {
			continue
		}
		row.Hint = &RateHint{Value: e.Percent(), Basis: group(money.Fen(e.Num).String()) + "/" + group(money.Fen(e.Den).String()),
			Link: "#money", Label: "按项目资金记录计算", LinkText: "查看资金记录"}
	}
}
