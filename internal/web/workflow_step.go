package web

import (
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/validate"
	"jixiao/internal/workflow"
)

// workflowStep moves a sheet along the workflow: submit, approve, review,
// or return with comments. Submission is refused while the engine finds
// error-level problems.
func (s *Server) workflowStep(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	act := workflow.Action(r.PostFormValue("action"))
	comment := strings.TrimSpace(r.PostFormValue("comment"))
	allowed := false
	for _, a := range s.actionsFor(u, &sh.Project) {
		allowed = allowed || a == act
	}
	if !allowed {
		s.forbidden(w, r)
		return
	}
	to, _ := workflow.Next(sh.Project.Status, u.Role, act)
	mf := MoneyForm{Date: s.now().Format("2006-01-02"), Source: "1", Errors: map[string]string{}}
	if act == workflow.ActReturn && comment == "" {
		mf.Errors["comment"] = validate.CommentRequired.ZH
	}
	if m, ok := validate.Text(comment); !ok {
		mf.Errors["comment"] = m.ZH
	}
	if act == workflow.ActSubmit {
		sum, err := project.Summarize(sh)
		switch {
		case err != nil:
			mf.Errors["workflow"] = err.Error()
		case sum.Errors > 0:
			mf.Errors["workflow"] = "存在错误级问题，改正后才能提交。"
		case sum.Unscored > 0:
			mf.Errors["workflow"] = "尚有指标未填写实际完成值或得分。"
		case !sh.Project.TargetsDeclared:
			mf.Errors["workflow"] = "绩效目标尚未申报。"
		}
	}
	if len(mf.Errors) > 0 {
		s.showProject(w, r, sh, http.StatusUnprocessableEntity, mf)
		return
	}
	_, err := s.st.Edit(r.Context(), sh.Project.ID, formVersion(r), u.ID, store.ActionStatus(string(act)), comment, func(e *store.Sheet) error {
		e.Project.Status = to
		return nil
	})
	if isConflict(err) {
		mf.Errors["workflow"] = "此表已被他人修改，请刷新后重新填写。"
		fresh, lerr := s.st.LoadSheet(r.Context(), sh.Project.ID)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		s.showProject(w, r, &fresh, http.StatusConflict, mf)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "")
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10), pg.T("状态已更新：")+pg.Status(to))
}
