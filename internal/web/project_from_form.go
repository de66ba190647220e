package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/indicator"
	"jixiao/internal/locale"
	"jixiao/internal/project"
	"jixiao/internal/report"
	"jixiao/internal/report/importer"
	"jixiao/internal/store"
	"jixiao/internal/validate"
)

// createFromForm creates a project from an uploaded self-evaluation form
// (the national 附件1 or a provincial variant, .xlsx/.xls/.docx or text):
// name, year, period and budget from the form, its indicators, 年度总体目标
// and funds row (分值/执行率/得分) as an import of the file. A file that
// cannot be read, holds several projects or lacks a project name creates
// nothing and says why on the new-project page.
func (s *Server) createFromForm(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	pg := NewProjectPage{Page: s.page(r, "新建项目"), Templates: indicator.Templates(), Form: s.blankProjectForm(r)}
	refuse := func(status int, msg string, rows []ErrorRow) {
		pg.UploadError, pg.UploadErrors = msg, rows
		s.render(w, r, status, "project_new.html", "layout", pg)
	}
	switch err := parseUpload(w, r); {
	case errors.Is(err, errTooBig):
		refuse(http.StatusRequestEntityTooLarge, pg.P.Tf("文件过大：上限 %d MiB。", report.DefaultLimits.MaxUpload>>20), nil)
		return
	case err != nil:
		s.badRequest(w, r, "上传内容无效。")
		return
	}
	name, data, status, msg, err := uploadedFile(r, pg.P)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if msg != "" {
		refuse(status, msg, nil)
		return
	}
	sheet := strings.TrimSpace(r.PostFormValue("sheet"))
	imp, err := importer.Read(name, bytes.NewReader(data), int64(len(data)), report.Options{Sheet: sheet})
	var amb *report.AmbiguousError
	switch {
	case errors.As(err, &amb):
		refuse(http.StatusUnprocessableEntity, pg.P.Tf("文件中有几张评分表（%s），请在“工作表”中填写要用的一张。", strings.Join(amb.Candidates, "、")), nil)
		return
	case err != nil:
		refuse(http.StatusUnprocessableEntity, "文件无法读取：", errorRows(report.AsErrors(err)))
		return
	case len(imp.Reports) != 1:
		var names []string
		for _, rep := range imp.Reports {
			names = append(names, rep.Project)
		}
		refuse(http.StatusUnprocessableEntity, pg.P.Tf("文件包含 %d 个项目（%s），请每次用一个项目的自评表新建。", len(imp.Reports), strings.Join(names, "、")), nil)
		return
	}
	rep := imp.Reports[0]
	p, problem := projectFromReport(u.UnitID, rep)
	if problem != "" {
		refuse(http.StatusUnprocessableEntity, problem, nil)
		return
	}
	next := project.Apply(&store.Sheet{Project: p}, rep)
	if problems := importProblems(pg.Page, &store.Sheet{Project: p}, &next); len(problems) > 0 {
		var rows []ErrorRow
		for _, pr := range problems {
			rows = append(rows, ErrorRow{Reason: pr})
		}
		refuse(http.StatusUnprocessableEntity, "文件中的评分表不能保存，请改正后重新上传。", rows)
		return
	}
	id, err := s.st.CreateProject(r.Context(), p, nil, u.ID)
	if isDuplicate(err) {
		refuse(http.StatusUnprocessableEntity, pg.P.Tf("本单位 %d 年度已有项目“%s”，请在该项目中导入此文件。", p.Year, p.Name), nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.st.Edit(r.Context(), id, 1, u.ID, store.ActionImport, name, func(e *store.Sheet) error {
		e.Rows, e.Narrative = next.Rows, next.Narrative
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(id, 10), pg.P.Tf("已从 %s 新建项目“%s”，请核对。", name, p.Name))
}

// projectFromReport is the project header a read form gives: name, year,
// period and the budget by source (上年结转 counted with 本级, the
// project's three sources being 上级补助, 本级 and 其他); problem says what
// is missing.
func projectFromReport(unitID int64, rep *eval.Report) (store.Project, string) {
	p := store.Project{UnitID: unitID, Name: strings.TrimSpace(rep.Project), Year: rep.Year}
	switch {
	case p.Name == "":
		return p, "文件中没有项目名称，不能据此新建项目。"
	case p.Year < 2000 || p.Year > 2100:
		return p, "文件中没有年度（如“（2023年度）”），不能据此新建项目。"
	}
	if rep.Start.Valid() && rep.End.Valid() {
		p.PeriodStart, p.PeriodEnd = rep.Start.String(), rep.End.String()
	}
	b := rep.Funds.Budget
	if !b.All().Set {
		b = rep.Funds.Initial // a form with 年初预算数 only
	}
	var set bool
	for i := range 3 {
		if a := b.BySource[i]; a.Set {
			p.Budget[i], set = a.Fen, true
		}
	}
	if c := b.BySource[eval.SourceCarryOver]; c.Set {
		p.Budget[eval.SourceLocal] += c.Fen
		set = true
	}
	if !set && b.Total.Set {
		p.Budget[eval.SourceLocal] = b.Total.Fen
	}
	// the same limits as the project form (a name of 200 characters, the
	// period in order, budgets not negative)
	in := validate.ProjectInput{Name: p.Name, Year: strconv.Itoa(p.Year), Start: p.PeriodStart, End: p.PeriodEnd}
	for i, f := range p.Budget {
		in.Budget[i] = f.String()
	}
	if _, problems := validate.Project(in); len(problems) > 0 {
		return p, problems[0].Msg.ZH
	}
	return p, ""
}

// blankProjectForm is the new-project form as first shown.
func (s *Server) blankProjectForm(r *http.Request) ProjectForm {
	y := s.now().Year()
	return ProjectForm{Year: strconv.Itoa(y), Start: strconv.Itoa(y) + "-01", End: strconv.Itoa(y) + "-12", Template: "framework", P: locale.FromRequest(r)}
}
