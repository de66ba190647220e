package web

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
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
	Statuses     []workflow.Status
	CanNew       bool
	List         ListQuery // search, filters (year, unit, status), sort, page
}

// SortNames are the overview's orders, in the page's language.
func (pg ProjectListPage) SortNames() [][2]string {
	return [][2]string{{"", pg.T("单位、名称")}, {"name", pg.T("名称")}, {"score", pg.T("自评得分从高到低")}, {"rate", pg.T("执行率从低到高")},
		{"status", pg.T("状态")}, {"updated", pg.T("最近修改")}}
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
			fmt.Fprintf(&opts, `<option value="%d"%s translate="no">%s</option>`, un.ID, sel, template.HTMLEscapeString(un.Name))
		}
	}
	pg.UnitOptions = template.HTML(opts.String())
	if pg.Stats, err = s.st.Stats(ctx, f); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.List = readList(r, "/projects", perPage, slices.Collect(maps.Keys(store.ProjectSorts)), "year", "unit", "status")
	pg.List.Filters.Set("year", strconv.Itoa(pg.Year))
	pg.List.Total = pg.Stats.Projects
	pg.List.Page = min(pg.List.Page, pg.List.Pages())
	f.Sort, f.Limit, f.Offset = pg.List.Sort, perPage, pg.List.Offset()
	ps, err := s.st.Projects(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Projects = projectRows(pg.Page, ps)
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
