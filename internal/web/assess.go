package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/bureaurules"
	"jixiao/internal/eval"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/export"
	"jixiao/internal/report/form"
	"jixiao/internal/report/pdf"
	"jixiao/internal/store"
	"jixiao/internal/targetcheck"
	"jixiao/internal/validate"
	"jixiao/internal/workflow"
)

// 事前绩效评估 and the year's budget list (预算清单): the bureau assesses new
// and large projects on the dimensions of its rule file, and a project
// whose assessment is missing or did not pass enters the budget list only
// by the bureau's override with a reason. Rule sources: docs/review.md.

// AssessRow is one project on the 事前评估与预算清单 page.
type AssessRow struct {
	Project store.Project
	IsNew   bool
	Needs   bool // the rule file asks for an assessment
	Latest  *store.Assessment
	Listing *store.BudgetListing
	Targets *store.TargetReview // the latest 绩效目标审核 round
	Blocked []string            // why the gate refuses it (bureaurules.Gate)
}

// AssessListPage lists a year's projects with their assessment and their
// place in the budget list.
type AssessListPage struct {
	Page
	Years     []int
	Year      int
	Rows      []AssessRow
	Threshold string
	Needs     int
	Passed    int
	Listed    int
	Error     string
	ErrorID   int64
}

// newProjects tells which of ps are new: no project of the same unit and
// name the year before [D].
func (s *Server) newProjects(ctx context.Context, ps []store.Project) (map[int64]bool, error) {
	prev := map[int]map[string]bool{} // year → unit/name
	out := map[int64]bool{}
	for _, p := range ps {
		if prev[p.Year-1] == nil {
			last, err := s.st.Projects(ctx, store.ProjectFilter{Year: p.Year - 1})
			if err != nil {
				return nil, err
			}
			names := map[string]bool{}
			for _, q := range last {
				names[fmt.Sprint(q.UnitID, "/", q.Name)] = true
			}
			prev[p.Year-1] = names
		}
		out[p.ID] = !prev[p.Year-1][fmt.Sprint(p.UnitID, "/", p.Name)]
	}
	return out, nil
}

// gateOf is the gate's verdict on a project with its latest assessment
// and target review.
func gateOf(p *store.Project, isNew bool, latest *store.Assessment, tr *store.TargetReview) (needs bool, blocked []string) {
	gp := bureaurules.Project{IsNew: isNew, Budget: p.BudgetTotal(), TargetsRefused: tr != nil && tr.Result == targetcheck.ResultFail}
	if latest != nil {
		gp.Assessment = bureaurules.Conclusion(latest.Conclusion)
	}
	return resultRules.NeedsAssessment(isNew, gp.Budget), resultRules.Gate(gp)
}

func (s *Server) assessRows(ctx context.Context, year int) ([]AssessRow, error) {
	ps, err := s.st.Projects(ctx, store.ProjectFilter{Year: year})
	if err != nil {
		return nil, err
	}
	isNew, err := s.newProjects(ctx, ps)
	if err != nil {
		return nil, err
	}
	latest, err := s.st.LatestAssessments(ctx, year)
	if err != nil {
		return nil, err
	}
	listed, err := s.st.BudgetList(ctx, year)
	if err != nil {
		return nil, err
	}
	reviewed, err := s.st.LatestTargetReviews(ctx, year)
	if err != nil {
		return nil, err
	}
	rows := make([]AssessRow, 0, len(ps))
	for _, p := range ps {
		row := AssessRow{Project: p, IsNew: isNew[p.ID]}
		if a, ok := latest[p.ID]; ok {
			row.Latest = &a
		}
		if l, ok := listed[p.ID]; ok {
			row.Listing = &l
		}
		if tr, ok := reviewed[p.ID]; ok {
			row.Targets = &tr
		}
		row.Needs, row.Blocked = gateOf(&p, row.IsNew, row.Latest, row.Targets)
		rows = append(rows, row)
	}
	return rows, nil
}

func (s *Server) assessListPage(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	s.showAssessList(w, r, year, http.StatusOK, "", 0)
}

func (s *Server) showAssessList(w http.ResponseWriter, r *http.Request, year, status int, formErr string, errID int64) {
	ctx := r.Context()
	pg := AssessListPage{Page: s.page(r, "事前评估与预算清单"), Error: formErr, ErrorID: errID,
		Threshold: resultRules.Threshold.WanText()}
	var err error
	if pg.Years, pg.Year, err = s.yearOrLatest(ctx, year); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Rows, err = s.assessRows(ctx, pg.Year); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, row := range pg.Rows {
		if row.Needs {
			pg.Needs++
		}
		if row.Latest != nil && row.Latest.Conclusion == string(bureaurules.Pass) {
			pg.Passed++
		}
		if row.Listing != nil {
			pg.Listed++
		}
	}
	s.render(w, r, status, "assess_list.html", "layout", pg)
}

// setBudgetListing puts a project into the year's budget list (or takes it
// out). A project the gate refuses is listed only with the bureau's reason.
func (s *Server) setBudgetListing(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	id := p.ID
	listed := r.PostFormValue("action") != "unlist"
	override := strings.TrimSpace(r.PostFormValue("override"))
	if listed {
		isNew, err := s.newProjects(ctx, []store.Project{p})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		as, err := s.st.Assessments(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var latest *store.Assessment
		if len(as) > 0 {
			latest = &as[0]
		}
		trs, err := s.st.TargetReviews(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var tr *store.TargetReview
		if len(trs) > 0 {
			tr = &trs[0]
		}
		_, blocked := gateOf(&p, isNew[id], latest, tr)
		pg := s.page(r, "")
		if len(blocked) > 0 && override == "" {
			why := make([]string, len(blocked))
			for k, b := range blocked {
				why[k] = pg.T(b)
			}
			s.showAssessList(w, r, p.Year, http.StatusUnprocessableEntity,
				strings.Join(why, pg.T("、"))+pg.T("，不得列入预算；确需列入的，须由财政局说明理由。"), id)
			return
		}
		if m, ok := validate.Text(override); !ok {
			s.showAssessList(w, r, p.Year, http.StatusUnprocessableEntity, pg.Pick(m.ZH, m.EN), id)
			return
		}
		if len(blocked) == 0 {
			override = "" // nothing to override
		}
	}
	if err := s.st.ListInBudget(ctx, store.BudgetListing{ProjectID: id, Override: override, UserID: currentUser(r).ID, At: s.now()}, listed); err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "已移出预算清单。"
	if listed {
		flash = "已列入预算清单。"
	}
	redirect(w, r, fmt.Sprintf("/finance/assess?year=%d#p%d", p.Year, id), s.page(r, "").T(flash))
}

// AssessDim is one dimension on the assessment form.
type AssessDim struct {
	Index     int
	Dim       bureaurules.Dimension
	Score     string
	Opinion   string
	Error     string
	Questions []string
}

// AssessPage is one project's 事前绩效评估: the form (finance) and the
// assessments made so far, newest first.
type AssessPage struct {
	Page
	Sheet     *store.Sheet
	IsNew     bool
	Needs     bool
	Rules     *bureaurules.Rules
	Dims      []AssessDim
	Opinion   string
	History   []store.Assessment
	CanAssess bool
	FormError string
}

func (s *Server) assessPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	dims := make([]AssessDim, len(resultRules.Dimensions))
	for k, d := range resultRules.Dimensions {
		dims[k] = AssessDim{Index: k, Dim: d}
	}
	s.showAssess(w, r, sh, dims, "", "", http.StatusOK)
}

func (s *Server) showAssess(w http.ResponseWriter, r *http.Request, sh *store.Sheet, dims []AssessDim, opinion, formErr string, status int) {
	ctx := r.Context()
	pg := AssessPage{Page: s.page(r, "事前绩效评估"), Sheet: sh, Rules: resultRules, Dims: dims, Opinion: opinion,
		FormError: formErr, CanAssess: currentUser(r).Role == workflow.RoleFinance}
	isNew, err := s.newProjects(ctx, []store.Project{sh.Project})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.IsNew = isNew[sh.Project.ID]
	pg.Needs = resultRules.NeedsAssessment(pg.IsNew, sh.Project.BudgetTotal())
	if pg.History, err = s.st.Assessments(ctx, sh.Project.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "assess.html", "layout", pg)
}

// saveAssessment records an assessment: a score for every dimension
// (between 0 and its weight), an opinion where a dimension loses points,
// and the overall opinion; the rules draw the total and the conclusion.
func (s *Server) saveAssessment(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	pg := s.page(r, "")
	dims := make([]AssessDim, len(resultRules.Dimensions))
	scores := map[string]eval.Points{}
	bad := false
	for k, d := range resultRules.Dimensions {
		x := AssessDim{Index: k, Dim: d, Score: strings.TrimSpace(r.PostFormValue(fmt.Sprintf("score_%d", k))),
			Opinion: strings.TrimSpace(r.PostFormValue(fmt.Sprintf("opinion_%d", k)))}
		p, m, ok := validate.ParseScore(x.Score, d.Weight)
		if ok {
			m, ok = validate.Deduction(p, d.Weight, x.Opinion)
		}
		if ok {
			m, ok = validate.Text(x.Opinion)
		}
		if !ok {
			x.Error, bad = pg.Pick(m.ZH, m.EN), true
		}
		scores[d.Name] = p
		dims[k] = x
	}
	opinion := strings.TrimSpace(r.PostFormValue("opinion"))
	formErr := ""
	if m, ok := validate.Text(opinion); !ok {
		formErr = pg.Pick(m.ZH, m.EN)
	} else if opinion == "" {
		formErr = pg.T("请填写总体评估意见。")
	}
	if bad || formErr != "" {
		if formErr == "" {
			formErr = pg.T("请改正标出的得分或意见。")
		}
		s.showAssess(w, r, sh, dims, opinion, formErr, http.StatusUnprocessableEntity)
		return
	}
	res, err := resultRules.Assess(scores)
	if err != nil { // the form checked every score: a broken rule file
		s.fail(w, r, err)
		return
	}
	a := store.Assessment{ProjectID: sh.Project.ID, RuleName: resultRules.Name, Total: res.Total, Conclusion: string(res.Conclusion),
		Opinion: opinion, UserID: currentUser(r).ID, At: s.now()}
	for k, d := range resultRules.Dimensions {
		a.Scores = append(a.Scores, store.AssessmentScore{Dimension: d.Name, Weight: d.Weight, Score: res.Scores[k], Opinion: dims[k].Opinion})
	}
	if _, err := s.st.AddAssessment(r.Context(), a); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/projects/%d/assess", sh.Project.ID), pg.T("事前绩效评估已保存：")+pg.T(a.Conclusion))
}

// assessmentLetter lays out an assessment report (事前绩效评估报告).
func assessmentLetter(p *store.Project, isNew bool, a *store.Assessment) form.Letter {
	kind := "延续项目"
	if isNew {
		kind = "新增项目"
	}
	l := form.Letter{Title: p.Name + "事前绩效评估报告", Author: p.UnitName,
		Before: []string{
			fmt.Sprintf("项目名称：%s；申报单位：%s；预算年度：%d；预算金额：%s 万元；项目类型：%s。", p.Name, p.UnitName, p.Year, p.BudgetTotal().WanText(), kind),
			fmt.Sprintf("评估依据：%s。评估从立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性等方面进行，各维度得分及意见如下。", a.RuleName),
		},
		Caption: "事前绩效评估评分表",
		Columns: []string{"评估维度", "分值", "得分", "评估意见"},
		Widths:  []int{2000, 900, 900, 4700},
		Bold:    map[int]bool{},
		After: []string{
			fmt.Sprintf("评估结论：%s（合计 %s 分）。", a.Conclusion, a.Total),
			"总体意见：" + a.Opinion,
		},
		Fields: []string{"评估人：" + a.UserName, "评估日期：" + a.At.Format("2006年1月2日")},
	}
	var weights eval.Points
	for _, sc := range a.Scores {
		l.Rows = append(l.Rows, []string{sc.Dimension, sc.Weight.String(), sc.Score.String(), sc.Opinion})
		weights += sc.Weight
	}
	l.Rows = append(l.Rows, []string{"合计", weights.String(), a.Total.String(), a.Conclusion})
	l.Bold[len(l.Rows)-1] = true
	return l
}

// downloadAssessment answers an assessment report as .docx or .pdf.
func (s *Server) downloadAssessment(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	aid, _ := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	as, err := s.st.Assessments(r.Context(), sh.Project.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var a *store.Assessment
	for k := range as {
		if as[k].ID == aid {
			a = &as[k]
		}
	}
	if a == nil {
		s.notFound(w, r)
		return
	}
	isNew, err := s.newProjects(r.Context(), []store.Project{sh.Project})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := assessmentLetter(&sh.Project, isNew[sh.Project.ID], a)
	var buf bytes.Buffer
	ct, ext := export.DOCX.ContentType(), ".docx"
	if r.URL.Query().Get("format") == "pdf" {
		ct, ext = export.PDF.ContentType(), ".pdf"
		err = pdf.WriteLetter(&buf, l)
	} else {
		err = docx.WriteLetter(&buf, l)
	}
	if err != nil {
		s.fail(w, r, fmt.Errorf("web: assessment report %d: %w", aid, err))
		return
	}
	setDownload(w, ct, "attachment", export.SafeName(fmt.Sprintf("%s_%d_事前绩效评估报告", sh.Project.Name, sh.Project.Year))+ext)
	w.Write(buf.Bytes())
}
