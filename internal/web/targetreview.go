package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/targetcheck"
	"jixiao/internal/validate"
	"jixiao/internal/workflow"
)

// 绩效目标审核: the bureau reviews a declared target sheet, with the
// automatic target-quality checks (internal/targetcheck) shown first as
// suggested opinions; a result other than 通过 returns the sheet to the
// unit for the next round. Rule sources: docs/review.md.

// SuggestView is an automatic finding with the opinion code it suggests.
type SuggestView struct {
	FindingView
	Code string
}

// TRRow is one indicator on the review form.
type TRRow struct {
	Index   int
	Ind     store.Indicator
	Suggest []SuggestView
	Codes   map[string]bool
	Note    string
	Error   string
}

// TargetReviewPage is one project's 绩效目标审核: the automatic checks, the
// form (finance, while the sheet is declared) and the rounds so far.
type TargetReviewPage struct {
	Page
	Sheet     *store.Sheet
	Checks    []SuggestView // every automatic finding, sheet-level first
	Rows      []TRRow
	Codes     []string
	Results   []string
	Overall   map[string]bool
	Opinion   string
	Result    string
	Rounds    []store.TargetReview
	CanReview bool
	FormError string
}

// lastYearProject is the same project (unit and name) of the year before,
// or nil.
func (s *Server) lastYearProject(ctx context.Context, p *store.Project) (*store.Project, error) {
	ps, err := s.st.Projects(ctx, store.ProjectFilter{Year: p.Year - 1, UnitIDs: []int64{p.UnitID}})
	if err != nil {
		return nil, err
	}
	for k := range ps {
		if ps[k].Name == p.Name {
			return &ps[k], nil
		}
	}
	return nil, nil
}

// targetChecks runs the automatic checks on the sheet against last year's
// sheet of the same project.
func (s *Server) targetChecks(ctx context.Context, sh *store.Sheet) ([]eval.Finding, error) {
	var last *eval.Report
	prev, err := s.lastYearProject(ctx, &sh.Project)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		lsh, err := s.st.LoadSheet(ctx, prev.ID)
		if err != nil {
			return nil, err
		}
		last = project.Report(&lsh)
	}
	return targetcheck.Check(project.Report(sh), last), nil
}

func (s *Server) targetReviewPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	s.showTargetReview(w, r, sh, nil, nil, "", "", "", http.StatusOK)
}

// showTargetReview renders the page; rows and overall are the form as
// sent (nil: a fresh form with the suggestions ticked).
func (s *Server) showTargetReview(w http.ResponseWriter, r *http.Request, sh *store.Sheet, rows []TRRow, overall map[string]bool,
	opinion, result, formErr string, status int) {
	ctx := r.Context()
	pg := TargetReviewPage{Page: s.page(r, "绩效目标审核"), Sheet: sh, Codes: targetcheck.Codes, Results: targetcheck.Results,
		Overall: overall, Opinion: opinion, Result: result, FormError: formErr,
		CanReview: currentUser(r).Role == workflow.RoleFinance && sh.Project.TargetsDeclared && sh.Project.Status == workflow.StatusDraft}
	fs, err := s.targetChecks(ctx, sh)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	views := pg.Findings(fs)
	byInd := map[string][]SuggestView{}
	fresh := rows == nil
	if fresh {
		pg.Overall = map[string]bool{}
	}
	for k, f := range fs {
		sv := SuggestView{FindingView: views[k], Code: targetcheck.Suggest(f)}
		if f.Indicator == "" {
			pg.Checks = append([]SuggestView{sv}, pg.Checks...)
			if fresh {
				pg.Overall[sv.Code] = true
			}
			continue
		}
		pg.Checks = append(pg.Checks, sv)
		byInd[f.Indicator] = append(byInd[f.Indicator], sv)
	}
	if fresh {
		rows = make([]TRRow, len(sh.Rows))
		for k, ind := range sh.Rows {
			rows[k] = TRRow{Index: k, Ind: ind, Codes: map[string]bool{}}
			for _, sv := range byInd[ind.Level3] {
				rows[k].Codes[sv.Code] = true
			}
		}
	}
	for k := range rows {
		rows[k].Suggest = byInd[rows[k].Ind.Level3]
	}
	pg.Rows = rows
	if pg.Rounds, err = s.st.TargetReviews(ctx, sh.Project.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "targetreview.html", "layout", pg)
}

// formCodes reads the ticked opinion codes of a field.
func formCodes(r *http.Request, field string) ([]string, map[string]bool) {
	var list []string
	set := map[string]bool{}
	for _, c := range r.PostForm[field] {
		if targetcheck.IsCode(c) && !set[c] {
			list, set[c] = append(list, c), true
		}
	}
	return list, set
}

// saveTargetReview records the next round: the result, the opinions
// overall and per indicator. 修改后通过 and 不通过 need an opinion and return
// the sheet to the unit.
func (s *Server) saveTargetReview(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	pg := s.page(r, "")
	if sh.Project.Status != workflow.StatusDraft {
		// Targets are reviewed at the budget stage; a sheet returned now
		// could not be amended by its filer.
		s.showTargetReview(w, r, sh, nil, nil, "", "", pg.T("项目已提交自评，不能再审核绩效目标。"), http.StatusConflict)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badRequest(w, r, "表单无效。")
		return
	}
	result := r.PostFormValue("result")
	opinion := strings.TrimSpace(r.PostFormValue("opinion"))
	codes, overall := formCodes(r, "codes")
	rv := store.TargetReview{ProjectID: sh.Project.ID, Result: result, Codes: codes, Opinion: opinion, UserID: currentUser(r).ID, At: s.now()}
	rows := make([]TRRow, len(sh.Rows))
	opinions := len(codes) > 0 || opinion != ""
	bad := false
	for k, ind := range sh.Rows {
		list, set := formCodes(r, fmt.Sprintf("codes_%d", k))
		note := strings.TrimSpace(r.PostFormValue(fmt.Sprintf("note_%d", k)))
		rows[k] = TRRow{Index: k, Ind: ind, Codes: set, Note: note}
		if m, ok := validate.Text(note); !ok {
			rows[k].Error, bad = pg.Pick(m.ZH, m.EN), true
		}
		opinions = opinions || len(list) > 0 || note != ""
		rv.Items = append(rv.Items, store.TargetReviewItem{Indicator: ind.Level3, Target: ind.Target, Codes: list, Note: note})
	}
	formErr := ""
	switch {
	case !targetcheck.IsResult(result):
		formErr = "请选择审核结果。"
	case result != targetcheck.ResultPass && !opinions:
		formErr = "修改后通过或不通过须给出审核意见。"
	case bad:
		formErr = "请改正标出的意见。"
	}
	if m, ok := validate.Text(opinion); !ok {
		formErr = m.ZH
	}
	if formErr != "" {
		s.showTargetReview(w, r, sh, rows, overall, opinion, result, pg.T(formErr), http.StatusUnprocessableEntity)
		return
	}
	saved, err := s.st.AddTargetReview(r.Context(), rv, formVersion(r), result != targetcheck.ResultPass)
	if isConflict(err) {
		s.showTargetReview(w, r, sh, rows, overall, opinion, result, pg.T("绩效目标已被撤回或修改，请刷新后重新审核。"), http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/projects/%d/targetreview", sh.Project.ID), pg.T("绩效目标审核已保存：")+pg.T(saved.Result))
}
