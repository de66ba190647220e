package web

import (
	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
)

// CaseMonth is one month's recovery rates: the cases opened in it (追回率
// by amount, 足额追回率 and 及时追回率 by case, audit.ComputeRates), so the
// year's rates on the cases page come with the months behind them.
type CaseMonth struct {
	Month string // YYYY-MM
	Cases int
	Rates audit.Rates
}

// caseMonths groups the year's cases in scope by the month they were
// opened in (none for every year).
func caseMonths(cs *caseSet, year, timely int) []CaseMonth {
	if year == 0 {
		return nil
	}
	by := map[string][]*audit.Case{}
	var order []string
	for i := range cs.rows {
		c := cs.rows[i].AuditCase
		if caseYearOf(c) != year || len(c.Opened) < 7 {
			continue
		}
		m := c.Opened[:7]
		if by[m] == nil {
			order = append(order, m) // rows are by opening date
		}
		by[m] = append(by[m], auditdb.DomainCase(c))
	}
	out := make([]CaseMonth, 0, len(order))
	for _, m := range order {
		out = append(out, CaseMonth{Month: m, Cases: len(by[m]), Rates: audit.ComputeRates(by[m], timely)})
	}
	return out
}
