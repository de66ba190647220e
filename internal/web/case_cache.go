package web

import (
	"context"
	"slices"
	"strconv"
	"sync"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

// caseCache holds the recovery cases of each scope (every town, or one
// town) with what the domain derives from them — status, recovered,
// outstanding, days to recovery — and the rates of each year, read once
// per store generation: the case list's rates count every case of the
// year and its sorts order by derived figures, so a page of 50,000 cases
// filters and pages rows already read and sorted instead of reading and
// deriving them all again.
type caseCache struct {
	mu     sync.Mutex
	scopes map[string]*caseSet // by town ("" every town)
}

// caseSet is one scope's cases at a store generation.
type caseSet struct {
	gen    int64
	timely int
	rows   []CaseRow          // by opening date and id
	years  []int              // the years cases were opened in, oldest first
	rates  map[int]*caseYear  // by year (0 every year), made when asked
	orders map[string][]int32 // a sort's order of rows, made when asked
	mu     sync.Mutex         // guards rates and orders
}

// caseYear is a year's rates, totals and months (every case of the year).
type caseYear struct {
	rates          audit.Rates
	due, recovered money.Fen
	counted        map[string]map[int64]bool // by rate: the cases in its numerator
	months         []CaseMonth               // month by month (none for every year)
}

// caseSetOf returns the scope's cases at the store's generation, reading
// them when the store has changed since.
func (s *Server) caseSetOf(ctx context.Context, town string, timely int) (*caseSet, error) {
	gen := s.st.Generation()
	s.cases.mu.Lock()
	defer s.cases.mu.Unlock() // one reader at a time: the others wait for its answer
	if cs := s.cases.scopes[town]; cs != nil && cs.gen == gen && cs.timely == timely {
		return cs, nil
	}
	all, err := s.st.AuditCases(ctx, store.CaseFilter{Town: town})
	if err != nil {
		return nil, err
	}
	cs := &caseSet{gen: gen, timely: timely, rows: make([]CaseRow, len(all)), rates: map[int]*caseYear{}, orders: map[string][]int32{}}
	for i, c := range all {
		cs.rows[i] = caseRow(c)
		if y := caseYearOf(c); y > 0 && !slices.Contains(cs.years, y) {
			cs.years = append(cs.years, y)
		}
	}
	slices.Sort(cs.years)
	if s.cases.scopes == nil || len(s.cases.scopes) > 100 {
		s.cases.scopes = map[string]*caseSet{}
	}
	s.cases.scopes[town] = cs
	return cs, nil
}

func caseYearOf(c store.AuditCase) int {
	y, _ := strconv.Atoi(c.Opened[:min(4, len(c.Opened))])
	return y
}

// year returns the rates and totals of the cases opened in a year (0:
// every case).
func (cs *caseSet) year(y int) *caseYear {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cy := cs.rates[y]; cy != nil {
		return cy
	}
	var ds []*audit.Case
	cy := &caseYear{}
	for i := range cs.rows {
		c := &cs.rows[i]
		if y != 0 && caseYearOf(c.AuditCase) != y {
			continue
		}
		ds = append(ds, auditdb.DomainCase(c.AuditCase))
		cy.due += c.Due
		cy.recovered += min(c.Recovered, c.Due)
	}
	cy.rates = audit.ComputeRates(ds, cs.timely)
	cy.counted = map[string]map[int64]bool{}
	for k, r := range map[string]audit.Rate{"recovery": cy.rates.Recovery, "full": cy.rates.Full, "timely": cy.rates.Timely} {
		set := map[int64]bool{}
		for _, id := range r.CaseIDs {
			n, _ := strconv.ParseInt(id, 10, 64)
			set[n] = true
		}
		cy.counted[k] = set
	}
	cy.months = caseMonths(cs, y, cs.timely)
	cs.rates[y] = cy
	return cy
}

// order returns the rows' indexes in a sort's order: by the sort's
// comparison, then by the default's.
func (cs *caseSet) order(sort string) []int32 {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if o := cs.orders[sort]; o != nil {
		return o
	}
	o := make([]int32, len(cs.rows))
	for i := range o {
		o[i] = int32(i)
	}
	if f := caseSorts[sort]; f != nil && sort != "" {
		slices.SortStableFunc(o, func(a, b int32) int { return f(&cs.rows[a], &cs.rows[b]) })
	} // else: the rows are read in the default order
	cs.orders[sort] = o
	return o
}
