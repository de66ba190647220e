package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// ProjectListPage is the overview of projects per year and unit.
type ProjectListPage struct {
	Page
	Years        []int
	Year         int
	UnitOptions  template.HTML // the unit filter's options, escaped here: a city has hundreds of units
	UnitID       int64
	StatusFilter workflow.Status
	Query        string
	Projects     []ProjectRow
	Stats        store.YearStats
	Total        int
	PageNo       int
	Pages        int
	Statuses     []workflow.Status
	CanNew       bool
	Link         func(page int) string
}

const perPage = 100

func (s *Server) projectList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	q := r.URL.Query()
	pg := ProjectListPage{Page: s.page(r, "项目总览"), Statuses: workflow.Statuses(), CanNew: u.Role == workflow.RoleFiler}
	var err error
	if pg.Years, err = s.st.Years(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	visible, err := s.visibleUnits(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.units(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := overviewFilter(q, pg.Years, visible)
	pg.Year, pg.StatusFilter, pg.Query = f.Year, f.Status, f.Query
	if id, _ := strconv.ParseInt(q.Get("unit"), 10, 64); id > 0 && len(f.UnitIDs) == 1 && f.UnitIDs[0] == id {
		pg.UnitID = id
	}
	var opts strings.Builder
	for _, un := range all {
		if visible == nil || contains(visible, un.ID) {
			sel := ""
			if un.ID == pg.UnitID {
				sel = " selected"
			}
			fmt.Fprintf(&opts, `<option value="%d"%s>%s</option>`, un.ID, sel, template.HTMLEscapeString(un.Name))
		}
	}
	pg.UnitOptions = template.HTML(opts.String())
	if pg.Stats, err = s.st.Stats(ctx, f); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Total = pg.Stats.Projects
	pg.Pages = max(1, (pg.Total+perPage-1)/perPage)
	pg.PageNo, _ = strconv.Atoi(q.Get("page"))
	pg.PageNo = min(max(pg.PageNo, 1), pg.Pages)
	f.Limit, f.Offset = perPage, (pg.PageNo-1)*perPage
	ps, err := s.st.Projects(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Projects = projectRows(pg.Page, ps)
	pg.Link = func(n int) string {
		v := url.Values{}
		v.Set("year", strconv.Itoa(pg.Year))
		if pg.UnitID != 0 {
			v.Set("unit", strconv.FormatInt(pg.UnitID, 10))
		}
		if pg.StatusFilter != "" {
			v.Set("status", string(pg.StatusFilter))
		}
		if pg.Query != "" {
			v.Set("q", pg.Query)
		}
		v.Set("page", strconv.Itoa(n))
		return "/projects?" + v.Encode()
	}
	s.show(w, r, "projects.html", pg)
}

// ProjectRow is one line of the overview, formatted in Go: the overview
// is the busiest page, and plain fields render several times faster than
// template function calls.
type ProjectRow struct {
	ID                                       int64
	Unit, Name, Budget, Spent, Rate          string
	Score, Grade, Review, Status, StatusName string
	Errors, Warnings                         string
}

func projectRows(pg Page, ps []store.Project) []ProjectRow {
	errWord, warnWord := pg.T(severityNames["error"]), pg.T(severityNames["warning"])
	out := make([]ProjectRow, len(ps))
	for i := range ps {
		p := &ps[i]
		row := ProjectRow{ID: p.ID, Unit: p.UnitName, Name: p.Name, Budget: p.BudgetTotal().WanText(), Spent: p.Spent.WanText(),
			Rate: rateText(p.ExecutionRate()), Grade: p.SelfGrade, Status: string(p.Status), StatusName: pg.Status(p.Status)}
		if p.SelfGrade != "" {
			row.Score = p.SelfScore.String()
		}
		if p.HasReview {
			row.Review = p.ReviewScore.String()
		}
		if p.Errors > 0 {
			row.Errors = strconv.Itoa(p.Errors) + " " + errWord
		}
		if p.Warnings > 0 {
			row.Warnings = strconv.Itoa(p.Warnings) + " " + warnWord
		}
		out[i] = row
	}
	return out
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
