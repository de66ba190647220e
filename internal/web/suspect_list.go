package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"jixiao/internal/auditdb"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// suspectPageSize is the number of suspects on one page of the list.
const suspectPageSize = 100

// SuspectList is the suspect list's query as the URL states it: filters
// (town, state, overdue), a search, a sort and the page (ListQuery), and
// the keyset cursor of the pager's links.
type SuspectList struct {
	ListQuery
	Town, State string
	Overdue     bool
	// After and Before are the keyset cursor of the pager's links (the
	// page starts after, or ends before, that suspect); Start is then the
	// number of the page's first row, carried in the link ("from").
	After, Before int64
	Start         int
	// First and Last are the ids of the rows shown.
	First, Last int64
}

// readSuspectList reads the list's query; a town clerk's town is forced.
func readSuspectList(r *http.Request, u *store.User) SuspectList {
	l := SuspectList{ListQuery: readList(r, "/audit/suspects", suspectPageSize, slices.Collect(maps.Keys(store.SuspectSorts)), "town", "state", "overdue")}
	if u.Role == workflow.RoleTownClerk {
		l.Filters.Set("town", u.UnitName) // enforced: a clerk sees their own town only
	}
	if l.Get("overdue") != "1" {
		l.Filters.Del("overdue")
	}
	l.Town, l.State, l.Overdue = l.Get("town"), l.Get("state"), l.Get("overdue") == "1"
	q := r.URL.Query()
	l.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	l.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	if l.After < 0 || l.Before < 0 {
		l.After, l.Before = 0, 0
	}
	if l.After != 0 || l.Before != 0 {
		l.Start, _ = strconv.Atoi(q.Get("from"))
		l.Start = max(l.Start, 1)
		l.Page = (l.Start-1)/suspectPageSize + 1
	} else {
		l.Start = l.Offset() + 1
	}
	return l
}

// query is the store's query for the list's page (limit 0: every row).
func (l SuspectList) query(now time.Time, limit int) store.SuspectQuery {
	state := l.State
	if state == "" {
		state = "sent"
	}
	q := store.SuspectQuery{SuspectFilter: store.SuspectFilter{Town: l.Town, State: state, Limit: limit},
		Search: l.Search, Sort: l.Sort, Overdue: l.Overdue, Now: now}
	if limit > 0 {
		q.Offset, q.After, q.Before = l.Offset(), l.After, l.Before
	}
	return q
}

// From and To number the rows shown.
func (l SuspectList) From() int { return min(l.Total, l.Start) }
func (l SuspectList) To() int   { return min(l.Total, l.Start+suspectPageSize-1) }

// Prev and Next are the neighbouring pages' links, "" at the ends: keyset
// links (before the first row shown, after the last), so that reading the
// next page costs the same on page 1 and on page 500.
func (l SuspectList) Prev() string {
	if l.Start <= 1 || l.First == 0 {
		return ""
	}
	return l.cursorLink("before", l.First, max(1, l.Start-suspectPageSize))
}

func (l SuspectList) Next() string {
	if l.To() >= l.Total || l.Last == 0 {
		return ""
	}
	return l.cursorLink("after", l.Last, l.Start+suspectPageSize)
}

func (l SuspectList) cursorLink(key string, id int64, from int) string {
	v := l.Values()
	v.Set(key, strconv.FormatInt(id, 10))
	v.Set("from", strconv.Itoa(from))
	return l.Path + "?" + v.Encode()
}

// SortNames are the orders offered, in the page's language.
func (pg AuditSuspectsPage) SortNames() [][2]string {
	return [][2]string{{"", pg.T("默认（批次、镇、险种）")}, {"overpaid", pg.T("多发金额从高到低")}, {"months", pg.T("多发月数从多到少")},
		{"town", pg.T("镇（街道）")}, {"name", pg.T("姓名")}, {"eventdate", pg.T("死亡日期")}, {"id", pg.T("编号")}}
}

// suspectRows adds each suspect's due date and overdue flag (the runs are
// read once each).
func (s *Server) suspectRows(ctx context.Context, xs []store.AuditSuspect) ([]SuspectRow, error) {
	runs := map[int64]store.AuditRun{}
	out := make([]SuspectRow, 0, len(xs))
	for _, x := range xs {
		run, ok := runs[x.RunID]
		if !ok {
			var err error
			if run, err = s.st.AuditRun(ctx, x.RunID); err != nil {
				return nil, err
			}
			runs[x.RunID] = run
		}
		out = append(out, SuspectRow{AuditSuspect: x, Due: dueOf(run, x), Overdue: auditdb.Overdue(run, x, s.now())})
	}
	return out, nil
}

// SuspectCell is a suspect as the list's table shows it, every cell
// already in words: the template then reads plain fields of a flat
// struct. (Per row, text/template's field lookups through embedded
// structs and its reflective method calls cost more than the page's SQL.)
type SuspectCell struct {
	ID, CaseID                                                    int64
	Town, Name, IDNumber, Scheme, Finding, Kind, Class, EventDate string
	Months                                                        int
	Overpaid, State, Due, CaseWord, OverdueWord                   string
	Overdue                                                       bool
	Pick                                                          bool // a box to tick for a town's bulk reply
}

// suspectCells writes the rows' cells in the page's language, with ID
// numbers as the page shows them.
func (pg AuditPage) suspectCells(rows []SuspectRow) []SuspectCell {
	out := make([]SuspectCell, len(rows))
	caseWord, overdueWord := pg.T("已立案"), pg.T("已逾期")
	for i, x := range rows {
		c := SuspectCell{ID: x.ID, CaseID: x.CaseID, Town: x.Town, Name: x.Name, IDNumber: pg.ID(x.IDNumber), Scheme: x.Scheme,
			Finding: pg.Finding(x.Finding), Kind: pg.Kind(x.Kind), Class: pg.Class(x.Confidence), EventDate: x.EventDate,
			Months: x.OverpaidMonths, Overpaid: x.Overpaid.Yuan(), State: pg.StateName(x.State), Overdue: x.Overdue}
		if x.Action != "" {
			c.State += " · " + pg.SuspendAction(x.Action)
		}
		if x.CaseID != 0 {
			c.CaseWord = caseWord
		}
		if x.Due != 0 {
			c.Due = pg.Day(x.Due)
		}
		if x.Overdue {
			c.OverdueWord = overdueWord
		}
		out[i] = c
	}
	return out
}
