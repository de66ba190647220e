package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/bureaurules"
	"jixiao/internal/money"
	"jixiao/internal/project"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/export"
	"jixiao/internal/report/form"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/store"
)

// ApplyRow is one project on the 结果应用 page.
type ApplyRow struct {
	Project      store.Project
	Grade        string // the grade that counts: the re-score's, else the self-score's
	FromReview   bool
	Advice       string // "" while the project has no grade
	NoSimilarNew bool
	Decision     *store.BudgetDecision
	Departs      bool // the decision differs from the advice
}

// ApplyPage is 结果应用: next year's budget advice per project and the
// bureau's decision beside it.
type ApplyPage struct {
	Page
	Years   []int
	Year    int
	Rows    []ApplyRow
	Choices []string
	Decided int
	Graded  int
	Error   string
	ErrorID int64
}

// resultRules is the bureau's rule file (the built-in one until a county's
// own can be chosen in the settings).
var resultRules = bureaurules.MustDefault()

func (s *Server) applyRows(r *http.Request, year int) ([]ApplyRow, error) {
	ctx := r.Context()
	ps, err := s.st.Projects(ctx, store.ProjectFilter{Year: year})
	if err != nil {
		return nil, err
	}
	decided, err := s.st.BudgetDecisions(ctx, year)
	if err != nil {
		return nil, err
	}
	rows := make([]ApplyRow, 0, len(ps))
	for _, p := range ps {
		row := ApplyRow{Project: p}
		if p.SelfGrade != "" || p.HasReview {
			rs, err := project.RuleSet(p.RuleSet)
			if err != nil {
				return nil, err
			}
			grade, a := resultRules.AdviceOf(rs, p.SelfScore, p.ReviewScore, p.HasReview)
			row.Grade, row.FromReview = grade, p.HasReview
			if a != nil {
				row.Advice, row.NoSimilarNew = a.Text, a.NoSimilarNew
			}
		}
		if d, ok := decided[p.ID]; ok {
			row.Decision = &d
			row.Departs = d.Decision != row.Advice
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	s.showApply(w, r, year, http.StatusOK, "", 0)
}

// showApply renders the page for year (0: the latest), with a form error
// beside project errID.
func (s *Server) showApply(w http.ResponseWriter, r *http.Request, year int, status int, formErr string, errID int64) {
	ctx := r.Context()
	pg := ApplyPage{Page: s.page(r, "结果应用"), Error: formErr, ErrorID: errID}
	var err error
	if pg.Years, pg.Year, err = s.yearOrLatest(ctx, year); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Rows, err = s.applyRows(r, pg.Year); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range resultRules.Advice {
		pg.Choices = append(pg.Choices, a.Text)
	}
	for _, row := range pg.Rows {
		if row.Advice != "" {
			pg.Graded++
		}
		if row.Decision != nil {
			pg.Decided++
		}
	}
	s.render(w, r, status, "apply.html", "layout", pg)
}

// saveDecision records the bureau's decision on one project; a decision
// other than the advice needs a reason.
func (s *Server) saveDecision(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	id := p.ID
	if p.SelfGrade == "" && !p.HasReview {
		s.showApply(w, r, p.Year, http.StatusUnprocessableEntity, s.page(r, "").T("项目尚未评价，没有预算建议。"), id)
		return
	}
	rs, err := project.RuleSet(p.RuleSet)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	grade, a := resultRules.AdviceOf(rs, p.SelfScore, p.ReviewScore, p.HasReview)
	decision := strings.TrimSpace(r.PostFormValue("decision"))
	note := strings.TrimSpace(r.PostFormValue("note"))
	valid := false
	for _, c := range resultRules.Advice {
		valid = valid || c.Text == decision
	}
	switch {
	case !valid:
		s.showApply(w, r, p.Year, http.StatusUnprocessableEntity, s.page(r, "").T("请选择预算决定。"), id)
		return
	case a != nil && decision != a.Text && note == "":
		s.showApply(w, r, p.Year, http.StatusUnprocessableEntity, s.page(r, "").T("决定与建议不同，须说明理由。"), id)
		return
	}
	advice := ""
	if a != nil {
		advice = a.Text
	}
	if err := s.st.SetBudgetDecision(ctx, store.BudgetDecision{ProjectID: id, Grade: grade, Advice: advice, Decision: decision,
		Note: note, UserID: currentUser(r).ID, DecidedAt: s.now()}); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/finance/apply?year=%d#p%d", p.Year, id), s.page(r, "").T("预算决定已保存。"))
}

// downloadApply answers the summary for the budget office: .xlsx, or
// .docx with format=docx (a table under a short count per advice).
func (s *Server) downloadApply(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	rows, err := s.applyRows(r, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := fmt.Sprintf("%d 年度绩效评价结果应用汇总表（%d 年预算参考）", year, year+1)
	t := xlsx.Table{Name: "结果应用", Title: title,
		Columns: []string{"序号", "单位", "项目", "预算（万元）", "自评得分", "复核得分", "依据等级", "预算建议", "财政决定", "说明", "决定人", "决定日期"},
		Widths:  []float64{6, 28, 28, 12, 9, 9, 9, 16, 16, 30, 10, 12}}
	count := map[string]int{}
	for k, row := range rows {
		p := row.Project
		var self, review, decision, note, who, when any
		if p.SelfGrade != "" {
			self = p.SelfScore.String()
		}
		if p.HasReview {
			review = p.ReviewScore.String()
		}
		if d := row.Decision; d != nil {
			decision, note, who, when = d.Decision, d.Note, d.UserName, d.DecidedAt.Format("2006-01-02")
		}
		advice := row.Advice
		if row.NoSimilarNew {
			advice += "；不得新设同类项目"
		}
		count[row.Advice]++
		t.Rows = append(t.Rows, []any{k + 1, p.UnitName, p.Name, p.BudgetTotal(), self, review, row.Grade, advice, decision, note, who, when})
	}
	var buf bytes.Buffer
	name := export.SafeName(fmt.Sprintf("%d_绩效评价结果应用汇总表", year))
	if r.URL.Query().Get("format") == "docx" {
		l := form.Letter{Title: title, Author: "财政局", Columns: t.Columns[:10], Widths: []int{500, 1500, 1500, 800, 700, 700, 600, 1100, 1100, 1400}}
		summary := fmt.Sprintf("%d 年度共 %d 个项目", year, len(rows))
		for _, a := range resultRules.Advice {
			summary += fmt.Sprintf("，%s %d 个", a.Text, count[a.Text])
		}
		l.Before = []string{summary + fmt.Sprintf("，未评价 %d 个。预算建议依据有财政复核得分的按复核得分、否则按自评得分定级（%s）；财政决定与建议不同的，说明栏载明理由。", count[""], resultRules.Name)}
		for _, row := range t.Rows {
			cells := make([]string, 10)
			for i := range cells {
				switch v := row[i].(type) {
				case nil:
				case money.Fen:
					cells[i] = v.WanText()
				default:
					cells[i] = fmt.Sprint(v)
				}
			}
			l.Rows = append(l.Rows, cells)
		}
		l.Fields = []string{"财政局绩效科（盖章）", "日期：　　年　　月　　日"}
		if err := docx.WriteLetter(&buf, l); err != nil {
			s.fail(w, r, err)
			return
		}
		setDownload(w, export.DOCX.ContentType(), "attachment", name+".docx")
		w.Write(buf.Bytes())
		return
	}
	if err := xlsx.WriteTables(&buf, []xlsx.Table{t}); err != nil {
		s.fail(w, r, err)
		return
	}
	setDownload(w, export.XLSX.ContentType(), "attachment", name+".xlsx")
	w.Write(buf.Bytes())
}

// yearOrLatest lists the years with projects and picks year, or the latest
// when year is 0.
func (s *Server) yearOrLatest(ctx context.Context, year int) ([]int, int, error) {
	years, err := s.st.Years(ctx)
	if err == nil && year == 0 && len(years) > 0 {
		year = years[0]
	}
	return years, year, err
}
