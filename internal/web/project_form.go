package web

import (
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/indicator"
	"jixiao/internal/locale"
	"jixiao/internal/store"
	"jixiao/internal/validate"
)

// ProjectForm is the project header as typed, with a message per field.
type ProjectForm struct {
	Name, Year, Start, End, Basis, Nature, Scope string
	Budget                                       [3]string
	Template                                     string
	Version                                      int64
	Errors                                       map[string]string
	P                                            locale.Printer
}

// T translates for the form's template.
func (f ProjectForm) T(zh string) string { return f.P.T(zh) }

func projectFormFrom(p *store.Project, pr locale.Printer) ProjectForm {
	f := ProjectForm{P: pr, Name: p.Name, Year: strconv.Itoa(p.Year), Start: p.PeriodStart, End: p.PeriodEnd,
		Basis: p.Basis, Nature: p.Nature, Scope: p.Scope, Version: p.Version, Template: p.Template}
	for i := range 3 {
		f.Budget[i] = p.Budget[i].String()
	}
	return f
}

func readProjectForm(r *http.Request) ProjectForm {
	f := ProjectForm{
		Name: strings.TrimSpace(r.PostFormValue("name")), Year: strings.TrimSpace(r.PostFormValue("year")),
		Start: strings.TrimSpace(r.PostFormValue("start")), End: strings.TrimSpace(r.PostFormValue("end")),
		Basis: strings.TrimSpace(r.PostFormValue("basis")), Nature: strings.TrimSpace(r.PostFormValue("nature")),
		Scope: strings.TrimSpace(r.PostFormValue("scope")), Template: r.PostFormValue("template"),
		Version: formVersion(r), Errors: map[string]string{}, P: locale.FromRequest(r),
	}
	for i, k := range []string{"budget_higher", "budget_local", "budget_other"} {
		f.Budget[i] = strings.TrimSpace(r.PostFormValue(k))
	}
	return f
}

// apply validates the form into p; the messages are zh keys for the page.
func (f *ProjectForm) apply(p *store.Project) bool {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	v, problems := validate.Project(validate.ProjectInput{Name: f.Name, Year: f.Year, Start: f.Start, End: f.End,
		Basis: f.Basis, Nature: f.Nature, Scope: f.Scope, Budget: f.Budget})
	for _, pr := range problems {
		if f.Errors[pr.Field] == "" {
			f.Errors[pr.Field] = pr.Msg.ZH
		}
	}
	if len(f.Errors) > 0 {
		return false
	}
	p.Name, p.Year, p.PeriodStart, p.PeriodEnd = v.Name, v.Year, v.Start.String(), v.End.String()
	p.Basis, p.Nature, p.Scope, p.Budget = v.Basis, v.Nature, v.Scope, v.Budget
	return true
}

// NewProjectPage is the form to create a project from a template, and the
// upload that creates one from a filled-in self-evaluation form.
type NewProjectPage struct {
	Page
	Form      ProjectForm
	Templates []indicator.Template
	// UploadError and UploadErrors say why an uploaded form made no
	// project.
	UploadError  string
	UploadErrors []ErrorRow
}

func (s *Server) newProjectPage(w http.ResponseWriter, r *http.Request) {
	pg := NewProjectPage{Page: s.page(r, "新建项目"), Templates: indicator.Templates(), Form: s.blankProjectForm(r)}
	s.show(w, r, "project_new.html", pg)
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f := readProjectForm(r)
	pg := NewProjectPage{Page: s.page(r, "新建项目"), Templates: indicator.Templates()}
	tp, ok := indicator.Find(f.Template)
	p := store.Project{UnitID: u.UnitID, Template: f.Template, RuleSet: tp.RuleSet}
	valid := f.apply(&p)
	if !ok {
		f.Errors["template"] = "请选择模板。"
		valid = false
	}
	if valid {
		rows := templateRows(tp)
		id, err := s.st.CreateProject(r.Context(), p, rows, u.ID)
		if err == nil {
			redirect(w, r, "/projects/"+strconv.FormatInt(id, 10)+"/targets", pg.T("项目已创建，请填写绩效目标。"))
			return
		}
		if !isDuplicate(err) {
			s.fail(w, r, err)
			return
		}
		f.Errors["name"] = "本单位本年度已有同名项目。"
	}
	pg.Form = f
	s.render(w, r, http.StatusUnprocessableEntity, "project_new.html", "layout", pg)
}

func templateRows(tp indicator.Template) []store.Indicator {
	var rows []store.Indicator
	for _, tr := range tp.Rows {
		rows = append(rows, store.Indicator{Level1: tr.Level1, Level2: tr.Level2, Level3: tr.Level3, Target: tr.Target,
			Weight: pointsOf(tr.Weight)})
	}
	return rows
}

// EditProjectPage edits the project header and budget.
type EditProjectPage struct {
	Page
	ID   int64
	Form ProjectForm
}

func (s *Server) editProjectPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	s.show(w, r, "project_edit.html", EditProjectPage{Page: s.page(r, "编辑项目"), ID: sh.Project.ID, Form: projectFormFrom(&sh.Project, locale.FromRequest(r))})
}

func (s *Server) editProject(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	f := readProjectForm(r)
	pg := EditProjectPage{Page: s.page(r, "编辑项目"), ID: sh.Project.ID}
	p := sh.Project
	if f.apply(&p) {
		_, err := s.st.Edit(r.Context(), p.ID, f.Version, u.ID, store.ActionProject, "", func(e *store.Sheet) error {
			e.Project.Name, e.Project.Year, e.Project.PeriodStart, e.Project.PeriodEnd = p.Name, p.Year, p.PeriodStart, p.PeriodEnd
			e.Project.Basis, e.Project.Nature, e.Project.Scope, e.Project.Budget = p.Basis, p.Nature, p.Scope, p.Budget
			return nil
		})
		switch {
		case err == nil:
			redirect(w, r, "/projects/"+strconv.FormatInt(p.ID, 10), pg.T("已保存。"))
			return
		case isConflict(err):
			f.Errors["form"] = "此表已被他人修改，请刷新后重新填写。"
		case isDuplicate(err):
			f.Errors["name"] = "本单位本年度已有同名项目。"
		default:
			s.fail(w, r, err)
			return
		}
	}
	pg.Form = f
	s.render(w, r, http.StatusUnprocessableEntity, "project_edit.html", "layout", pg)
}
