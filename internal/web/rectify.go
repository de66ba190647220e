package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// RectifyPage lists the 整改 items of a year: overdue ones first marked,
// with the forms each role may use.
type RectifyPage struct {
	Page
	Years    []int
	Year     int
	Items    []store.Rectification
	Projects []store.Project // the year's visible projects, for the new-item form
	Today    string
	Overdue  int
	Open     int
	Error    string
	Form     store.Rectification // the new-item form as sent, after an error
}

// rectSources are the places a problem comes from.
var rectSources = []string{"checker", "unit", "bureau"}

func (s *Server) rectifyPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	year, _ := strconv.Atoi(q.Get("year"))
	// A problem carried from a finding (the review desk's 登记整改) fills the
	// new-item form.
	pid, _ := strconv.ParseInt(q.Get("project"), 10, 64)
	form := store.Rectification{ProjectID: pid, Source: q.Get("source"), Problem: strings.TrimSpace(q.Get("problem"))}
	s.showRectify(w, r, year, http.StatusOK, "", form)
}

func (s *Server) showRectify(w http.ResponseWriter, r *http.Request, year, status int, formErr string, form store.Rectification) {
	ctx := r.Context()
	pg := RectifyPage{Page: s.page(r, "整改跟踪"), Today: s.now().Format("2006-01-02"), Error: formErr, Form: form}
	var err error
	if pg.Years, pg.Year, err = s.yearOrLatest(ctx, year); err != nil {
		s.fail(w, r, err)
		return
	}
	visible, err := s.visibleUnits(ctx, currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Items, err = s.st.Rectifications(ctx, store.RectFilter{Year: pg.Year, UnitIDs: visible}); err != nil {
		s.fail(w, r, err)
		return
	}
	for k := range pg.Items {
		if pg.Items[k].Overdue(pg.Today) {
			pg.Overdue++
		}
		if pg.Items[k].Status != store.RectAccepted {
			pg.Open++
		}
	}
	if pg.Projects, err = s.st.Projects(ctx, store.ProjectFilter{Year: pg.Year, UnitIDs: visible}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "rectify.html", "layout", pg)
}

// addRectification creates an item: the bureau for any project it sees, a
// filer for a project of their own unit.
func (s *Server) addRectification(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	pid, _ := strconv.ParseInt(r.PostFormValue("project"), 10, 64)
	form := store.Rectification{ProjectID: pid, Source: r.PostFormValue("source"),
		Problem: strings.TrimSpace(r.PostFormValue("problem")), Measure: strings.TrimSpace(r.PostFormValue("measure")),
		Owner: strings.TrimSpace(r.PostFormValue("owner")), Due: strings.TrimSpace(r.PostFormValue("due"))}
	p, err := s.st.Project(ctx, pid)
	if errors.Is(err, store.ErrNotFound) || pid == 0 {
		s.showRectify(w, r, 0, http.StatusUnprocessableEntity, s.page(r, "").T("请选择项目。"), form)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ok, err := s.canSee(ctx, u, &p); err != nil || !ok || (u.Role == workflow.RoleFiler && u.UnitID != p.UnitID) {
		s.forbidden(w, r)
		return
	}
	if u.Role == workflow.RoleFiler {
		form.Source = "unit"
	}
	msg := ""
	switch {
	case !validSource(form.Source):
		msg = "问题来源无效。"
	case form.Problem == "":
		msg = "请填写问题。"
	case form.Owner == "":
		msg = "请填写责任人。"
	case !validDate(form.Due):
		msg = "整改期限应为日期（年-月-日）。"
	}
	if msg != "" {
		s.showRectify(w, r, p.Year, http.StatusUnprocessableEntity, s.page(r, "").T(msg), form)
		return
	}
	if _, err := s.st.AddRectification(ctx, form, u.ID, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/rectify?year="+strconv.Itoa(p.Year), s.page(r, "").T("整改事项已登记。"))
}

func validSource(src string) bool {
	for _, x := range rectSources {
		if x == src {
			return true
		}
	}
	return false
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// rectItem loads the item named in the URL if the user may see it.
func (s *Server) rectItem(w http.ResponseWriter, r *http.Request) (*store.Rectification, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return nil, false
	}
	visible, err := s.visibleUnits(r.Context(), currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	items, err := s.st.Rectifications(r.Context(), store.RectFilter{UnitIDs: visible})
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	for k := range items {
		if items[k].ID == id {
			return &items[k], true
		}
	}
	s.notFound(w, r)
	return nil, false
}

// reportRectification records the unit's feedback (a filer of the unit).
func (s *Server) reportRectification(w http.ResponseWriter, r *http.Request) {
	it, ok := s.rectItem(w, r)
	if !ok {
		return
	}
	if currentUser(r).UnitID != it.UnitID {
		s.forbidden(w, r)
		return
	}
	feedback := strings.TrimSpace(r.PostFormValue("feedback"))
	if feedback == "" {
		s.showRectify(w, r, it.Year, http.StatusUnprocessableEntity, s.page(r, "").T("请填写整改情况。"), store.Rectification{})
		return
	}
	err := s.st.ReportRectification(r.Context(), it.ID, feedback, strings.TrimSpace(r.PostFormValue("evidence")), s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.showRectify(w, r, it.Year, http.StatusConflict, s.page(r, "").T("该事项已验收，不能再反馈。"), store.Rectification{})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/rectify?year="+strconv.Itoa(it.Year), s.page(r, "").T("整改情况已反馈。"))
}

// reviewRectification is the bureau's acceptance, or a return with a note.
func (s *Server) reviewRectification(w http.ResponseWriter, r *http.Request) {
	it, ok := s.rectItem(w, r)
	if !ok {
		return
	}
	accept := r.PostFormValue("accept") == "1"
	note := strings.TrimSpace(r.PostFormValue("note"))
	if !accept && note == "" {
		s.showRectify(w, r, it.Year, http.StatusUnprocessableEntity, s.page(r, "").T("退回须说明理由。"), store.Rectification{})
		return
	}
	err := s.st.ReviewRectification(r.Context(), it.ID, accept, note, currentUser(r).ID, s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.showRectify(w, r, it.Year, http.StatusConflict, s.page(r, "").T("单位尚未反馈，不能验收。"), store.Rectification{})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "已退回单位继续整改。"
	if accept {
		flash = "整改事项已验收。"
	}
	redirect(w, r, "/rectify?year="+strconv.Itoa(it.Year), s.page(r, "").T(flash))
}

// prevRectifications are last year's 整改 items of the same project (same
// unit and name, the year before), shown on the self-evaluation so that the
// unit reports on them. Nil when there are none or they cannot be read.
func (s *Server) prevRectifications(ctx context.Context, p *store.Project) []store.Rectification {
	q, err := s.lastYearProject(ctx, p)
	if err != nil || q == nil {
		return nil
	}
	items, err := s.st.Rectifications(ctx, store.RectFilter{ProjectID: q.ID})
	if err != nil {
		return nil
	}
	return items
}
