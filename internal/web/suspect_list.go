package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/auditdb"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// suspectPageSize is the number of suspects on one page of the list.
const suspectPageSize = 100

// SuspectList is the suspect list's query as the URL states it: filters
// (town, state, overdue), a search, a sort and the page.
type SuspectList struct {
	Town, State, Search, Sort string
	Overdue                   bool
	Page                      int // from 1
	Total                     int
}

// readSuspectList reads the list's query; a town clerk's town is forced.
func readSuspectList(r *http.Request, u *store.User) SuspectList {
	q := r.URL.Query()
	l := SuspectList{Town: strings.TrimSpace(q.Get("town")), State: q.Get("state"), Search: strings.TrimSpace(q.Get("q")),
		Sort: q.Get("sort"), Overdue: q.Get("overdue") == "1"}
	if u.Role == workflow.RoleTownClerk {
		l.Town = u.UnitName // enforced: a clerk sees their own town only
	}
	if _, ok := store.SuspectSorts[l.Sort]; !ok {
		l.Sort = ""
	}
	l.Page, _ = strconv.Atoi(q.Get("page"))
	l.Page = max(l.Page, 1)
	if len([]rune(l.Search)) > 50 {
		l.Search = string([]rune(l.Search)[:50])
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
		q.Offset = (l.Page - 1) * limit
	}
	return q
}

// Values is the list's query for links: the same list at another page or
// sort, or its export.
func (l SuspectList) Values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"town": l.Town, "state": l.State, "q": l.Search, "sort": l.Sort} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if l.Overdue {
		v.Set("overdue", "1")
	}
	return v
}

// Link is the list's URL with one parameter changed ("page", "sort").
func (l SuspectList) Link(key, value string) string {
	v := l.Values()
	if key != "page" {
		v.Del("page")
	}
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	return "/audit/suspects?" + v.Encode()
}

// ExportLink is the .xlsx of the whole filtered list.
func (l SuspectList) ExportLink() string { return "/audit/suspects/export?" + l.Values().Encode() }

// Pages is the number of pages.
func (l SuspectList) Pages() int { return max(1, (l.Total+suspectPageSize-1)/suspectPageSize) }

// From and To number the rows shown.
func (l SuspectList) From() int { return min(l.Total, (l.Page-1)*suspectPageSize+1) }
func (l SuspectList) To() int   { return min(l.Total, l.Page*suspectPageSize) }

// Prev and Next are the neighbouring pages' links, "" at the ends.
func (l SuspectList) Prev() string {
	if l.Page <= 1 {
		return ""
	}
	return l.Link("page", strconv.Itoa(l.Page-1))
}

func (l SuspectList) Next() string {
	if l.Page >= l.Pages() {
		return ""
	}
	return l.Link("page", strconv.Itoa(l.Page+1))
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
