package web

import (
	"net/http"

	"jixiao/internal/eval"
	"jixiao/internal/monitor"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// ProjectPage is a project: header, money, sheet, findings, workflow and
// the audit trail.
type ProjectPage struct {
	Page
	Sheet     *store.Sheet
	Receipts  []store.MoneyRecord
	Spending  []store.MoneyRecord
	Result    eval.Result
	Summary   store.Summary
	Events    []store.Event
	CanEdit   bool
	Actions   []workflow.Action
	Holder    workflow.Role
	MoneyForm MoneyForm
	Sections  []eval.Section
	// Light is the monitoring light at the last monitoring date.
	Light monitor.Light
	// Form is the 附件1 form's own part, for projects read from one.
	Form *FormView
	// BySource is the money per source with its rates (project_paymoney.go).
	BySource []MoneySource
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	s.showProject(w, r, sh, http.StatusOK, MoneyForm{Date: s.now().Format("2006-01-02"), Source: "1"})
}

func (s *Server) showProject(w http.ResponseWriter, r *http.Request, sh *store.Sheet, status int, mf MoneyForm) {
	ctx := r.Context()
	u := currentUser(r)
	pg := ProjectPage{Page: s.page(r, sh.Project.Name), Sheet: sh, CanEdit: canEdit(u, &sh.Project), MoneyForm: mf,
		Holder: workflow.Holder(sh.Project.Status)}
	var err error
	if pg.Receipts, err = s.st.MoneyRecords(ctx, sh.Project.ID, store.KindReceipt); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Spending, err = s.st.MoneyRecords(ctx, sh.Project.ID, store.KindSpending); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.BySource = moneyBySource(sh, pg.Receipts, pg.Spending)
	if pg.Events, err = s.st.Events(ctx, sh.Project.ID, 200); err != nil {
		s.fail(w, r, err)
		return
	}
	ev, err := project.Evaluate(sh)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Summary, pg.Result = ev.Summary, ev.Result
	pg.Result.Findings = append(append([]eval.Finding(nil), pg.Result.Findings...), s.evidenceFindings(ctx, sh)...) // evidence.go
	pg.Form = formView(sh, pg.Result)
	pg.Actions = s.actionsFor(u, &sh.Project)
	pg.Light = s.projectLight(ctx, sh)
	var n eval.Narrative
	for _, sec := range n.Sections() {
		sec.Text.Text = sh.Narrative[sec.Key]
		pg.Sections = append(pg.Sections, sec)
	}
	s.render(w, r, status, "project.html", "layout", pg)
}

// actionsFor lists the workflow steps u may take on p now.
func (s *Server) actionsFor(u *store.User, p *store.Project) []workflow.Action {
	var out []workflow.Action
	if u.Role == workflow.RoleFiler || u.Role == workflow.RoleUnitApprover {
		if u.UnitID != p.UnitID {
			return nil
		}
	}
	for _, a := range workflow.Actions() {
		if _, ok := workflow.Next(p.Status, u.Role, a); ok {
			out = append(out, a)
		}
	}
	return out
}
