package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/project"
	"jixiao/internal/redact"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/export"
	"jixiao/internal/report/form"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// PublishRow is one project on the 公开 page: a cell for its target
// sheet and one for its self-evaluation.
type PublishRow struct {
	Project store.Project
	Cells   [2]PubCell
}

// PubCell is one publication record and its form.
type PubCell struct {
	Page
	ID      int64
	Kind    string
	Pub     *store.Publication
	Err     string
	CanEdit bool // the bureau, or a filer of the project's unit (谁评价谁公开)
}

// PublishPage records, per project, whether its target sheet and its
// self-evaluation were published (公开), and offers the publication
// version of the self-evaluation with ID and phone numbers removed.
type PublishPage struct {
	Page
	Years []int
	Year  int
	Rows  []PublishRow
}

func (s *Server) publishPage(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	s.showPublish(w, r, year, http.StatusOK, 0, "", "")
}

func (s *Server) showPublish(w http.ResponseWriter, r *http.Request, year, status int, errID int64, errKind, formErr string) {
	ctx := r.Context()
	pg := PublishPage{Page: s.page(r, "公开")}
	var err error
	if pg.Years, pg.Year, err = s.yearOrLatest(ctx, year); err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	visible, err := s.visibleUnits(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.st.Projects(ctx, store.ProjectFilter{Year: pg.Year, UnitIDs: visible})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pubs, err := s.st.Publications(ctx, pg.Year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range ps {
		row := PublishRow{Project: p}
		for k, kind := range []string{store.PubTargets, store.PubEvaluation} {
			c := PubCell{Page: pg.Page, ID: p.ID, Kind: kind, CanEdit: canRecordPublication(u, &p)}
			if x, ok := pubs[p.ID][kind]; ok {
				c.Pub = &x
			}
			if p.ID == errID && kind == errKind {
				c.Err = formErr
			}
			row.Cells[k] = c
		}
		pg.Rows = append(pg.Rows, row)
	}
	s.render(w, r, status, "publish.html", "layout", pg)
}

// canRecordPublication: the bureau records any project's publication, a
// unit's filer those of its own projects (谁评价谁公开).
func canRecordPublication(u *store.User, p *store.Project) bool {
	return u.Role == workflow.RoleFinance || u.Role == workflow.RoleFiler && u.UnitID == p.UnitID
}

// savePublication records one publication: published with date and place,
// or not published with the reason.
func (s *Server) savePublication(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	id := p.ID
	if ok, err := s.canSee(ctx, currentUser(r), &p); err != nil || !ok || !canRecordPublication(currentUser(r), &p) {
		s.forbidden(w, r)
		return
	}
	pub := store.Publication{ProjectID: id, Kind: r.PostFormValue("kind"), Published: r.PostFormValue("published") == "1",
		Date: strings.TrimSpace(r.PostFormValue("date")), Place: strings.TrimSpace(r.PostFormValue("place")),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	msg := ""
	switch {
	case pub.Kind != store.PubTargets && pub.Kind != store.PubEvaluation:
		s.badRequest(w, r, "公开内容无效。")
		return
	case pub.Published && (!validDate(pub.Date) || pub.Place == ""):
		msg = "已公开须填写公开日期和公开位置。"
	case !pub.Published && pub.Reason == "":
		msg = "未公开须说明理由。"
	}
	if msg != "" {
		s.showPublish(w, r, p.Year, http.StatusUnprocessableEntity, id, pub.Kind, s.page(r, "").T(msg))
		return
	}
	if pub.Published {
		pub.Reason = ""
	} else {
		pub.Date, pub.Place = "", ""
	}
	if err := s.st.SetPublication(ctx, pub, currentUser(r).ID, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/publish?year=%d#p%d", p.Year, id), s.page(r, "").T("公开情况已记录。"))
}

// downloadPublication answers the publication version (公开版) of a
// self-evaluation as .docx: ID and mobile numbers removed.
func (s *Server) downloadPublication(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	ev, err := project.Evaluate(sh)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pubRep, _ := redact.Report(ev.Report)
	var buf bytes.Buffer
	if err := export.Write(export.DOCX, &buf, pubRep, ev.Result); err != nil {
		s.fail(w, r, fmt.Errorf("web: publication %d: %w", sh.Project.ID, err))
		return
	}
	name := strings.TrimSuffix(export.FileName(pubRep, export.DOCX), ".docx") + "_公开版.docx"
	setDownload(w, export.DOCX.ContentType(), "attachment", name)
	w.Write(buf.Bytes())
}

// downloadTargetsPublication answers the publication version of a target
// sheet (绩效目标表, published with the budget) as .docx: the project, its
// budget and the indicators with their targets, ID and mobile numbers
// removed from every text.
func (s *Server) downloadTargetsPublication(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	clean := func(x string) string {
		y, _ := redact.Text(x)
		return y
	}
	p := &sh.Project
	l := form.Letter{Title: fmt.Sprintf("%d 年度%s绩效目标表", p.Year, clean(p.Name)), Author: p.UnitName,
		Before: []string{
			fmt.Sprintf("项目名称：%s；预算单位：%s；实施期：%s 至 %s；预算资金：%s 万元（上级补助 %s 万元，本级 %s 万元，其他 %s 万元）。",
				clean(p.Name), p.UnitName, p.PeriodStart, p.PeriodEnd, p.BudgetTotal().Wan(), p.Budget[0].Wan(), p.Budget[1].Wan(), p.Budget[2].Wan()),
		},
		Caption: "绩效指标",
		Columns: []string{"一级指标", "二级指标", "三级指标", "指标值"},
		Widths:  []int{1500, 1700, 3300, 2000},
		Fields:  []string{"公开版：已删除身份证号、手机号。"},
	}
	if p.Nature != "" {
		l.Before = append(l.Before, "项目概况："+clean(p.Nature))
	}
	if p.Basis != "" {
		l.Before = append(l.Before, "立项依据："+clean(p.Basis))
	}
	for _, ind := range sh.Rows {
		l.Rows = append(l.Rows, []string{clean(ind.Level1), clean(ind.Level2), clean(ind.Level3), clean(ind.Target)})
	}
	var buf bytes.Buffer
	if err := docx.WriteLetter(&buf, l); err != nil {
		s.fail(w, r, fmt.Errorf("web: target publication %d: %w", p.ID, err))
		return
	}
	setDownload(w, export.DOCX.ContentType(), "attachment", export.SafeName(fmt.Sprintf("%s_%d_绩效目标表", p.Name, p.Year))+"_公开版.docx")
	w.Write(buf.Bytes())
}
