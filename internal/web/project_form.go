package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/internal/cal"
	"jixiao/internal/indicator"
	"jixiao/internal/locale"
	"jixiao/internal/money"
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
	if f.Name == "" {
		f.Errors["name"] = "请填写项目名称。"
	} else if utf8.RuneCountInString(f.Name) > validate.MaxField {
		f.Errors["name"] = "项目名称过长（最多 200 字）。"
	}
	y, err := strconv.Atoi(f.Year)
	if err != nil || y < 2000 || y > 2100 {
		f.Errors["year"] = "年度应为 2000–2100 之间的四位数。"
	}
	var period [2]cal.Month
	for i, k := range []string{"start", "end"} {
		v := []string{f.Start, f.End}[i]
		if v == "" {
			continue
		}
		var ok bool
		if period[i], ok = cal.ParseMonth(v); !ok {
			f.Errors[k] = "月份格式为 2024-01。"
		}
	}
	if period[0] != 0 && period[1] != 0 && period[1] < period[0] {
		f.Errors["end"] = "结束月份早于开始月份。"
	}
	for name, v := range map[string]string{"basis": f.Basis, "nature": f.Nature, "scope": f.Scope} {
		if utf8.RuneCountInString(v) > validate.MaxProjectText {
			f.Errors[name] = "内容过长（最多 5000 字）。"
		}
	}
	var budget [3]money.Fen
	for i, v := range f.Budget {
		if v == "" {
			continue
		}
		b, err := money.ParseInput(v)
		if err != nil || b < 0 || b > 1_000_000_000_000_00 {
			f.Errors["budget"+strconv.Itoa(i)] = "金额应为不小于 0 的元数（最多两位小数）或万元，如 50,000.00、5万。"
		}
		budget[i] = b
	}
	if len(f.Errors) > 0 {
		return false
	}
	p.Name, p.Year, p.PeriodStart, p.PeriodEnd = f.Name, y, period[0].String(), period[1].String()
	p.Basis, p.Nature, p.Scope, p.Budget = f.Basis, f.Nature, f.Scope, budget
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
