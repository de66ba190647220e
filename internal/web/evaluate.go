package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/validate"
)

// EvalRow is one row of the self-evaluation form with the engine's view.
type EvalRow struct {
	Index  int
	Ind    store.Indicator
	Actual string
	Score  string
	Basis  string
	Scored eval.Scored
	Tiers  []TierChoice // for qualitative rows
	Errors map[string]string
	Hint   *RateHint // a recovery rate computed from the audit's cases (audit_cases.go)
	EN     bool      // the page is in English
}

// Explain is the rule's formula for the row in the page's language.
func (r EvalRow) Explain() string {
	if r.EN {
		return r.Scored.ExplainEN
	}
	return r.Scored.Explain
}

// Unscorable says why the rule cannot score the row, in the page's language.
func (r EvalRow) Unscorable() string {
	if r.EN {
		return r.Scored.UnscorableEN
	}
	return r.Scored.Unscorable
}

// TierChoice is a qualitative tier offered as the actual value, with the
// score range the rule allows for it.
type TierChoice struct {
	Value, Label string
}

// EvaluatePage is the self-evaluation (绩效自评) form.
type EvaluatePage struct {
	Page
	Sheet     *store.Sheet
	Rows      []EvalRow
	Sections  []SectionField
	Result    eval.Result
	Summary   store.Summary
	CanEdit   bool
	Version   int64
	FormError string
	Preview   bool // the htmx fragment: also swap each row's computed score
	// PrevRect are last year's 整改 items of the project (rectify.go).
	PrevRect []store.Rectification
	// EvidenceMap maps row names to computed rates (evidence.go).
	EvidenceMap *EvidenceMap
}

// SectionField is a narrative section of the form.
type SectionField struct {
	Key, Title, Text string
}

func (s *Server) evaluatePage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	rows := make([]EvalRow, len(sh.Rows))
	for i, ind := range sh.Rows {
		rows[i] = EvalRow{Index: i, Ind: ind, Actual: ind.Actual, Basis: ind.Basis}
		if rows[i].Actual == "" {
			rows[i].Actual = computedActual(&sh.Project, ind.Level3)
		}
		if ind.HasScore {
			rows[i].Score = ind.Score.String()
		}
	}
	s.showEvaluate(w, r, sh, rows, "", http.StatusOK)
}

func (s *Server) evalPage(r *http.Request, sh *store.Sheet, rows []EvalRow, formErr string) EvaluatePage {
	pg := EvaluatePage{Page: s.page(r, "绩效自评"), Sheet: sh, Rows: rows, CanEdit: canEdit(currentUser(r), &sh.Project),
		Version: sh.Project.Version, FormError: formErr}
	ev, err := project.Evaluate(sh)
	if err != nil {
		pg.FormError = err.Error()
	}
	pg.Summary, pg.Result = ev.Summary, ev.Result
	rs := ev.RuleSet
	if rs == nil {
		rs = eval.DefaultRuleSet() // only to draw the tiers beside the error
	}
	for i := range pg.Rows {
		row := &pg.Rows[i]
		if i < len(pg.Result.Scores) {
			row.Scored = pg.Result.Scores[i]
		}
		row.EN = pg.P.IsEN()
		if row.Scored.Direction == eval.DirQualitative {
			row.Tiers = tierChoices(pg.Page, row.Ind, rs)
		}
	}
	s.evidenceHints(r.Context(), sh, pg.Rows) // evidence.go
	pg.Result.Findings = append(append([]eval.Finding(nil), pg.Result.Findings...), markEvidence(sh.Project.Year, pg.Rows)...)
	if pg.CanEdit {
		pg.EvidenceMap = s.evidenceMap(r.Context(), sh, pg.Rows)
	}
	pg.PrevRect = s.prevRectifications(r.Context(), &sh.Project)
	var n eval.Narrative
	for _, sec := range n.Sections() {
		pg.Sections = append(pg.Sections, SectionField{Key: sec.Key, Title: pg.Pick(sec.TitleZH, sec.TitleEN), Text: sh.Narrative[sec.Key]})
	}
	return pg
}

func (s *Server) showEvaluate(w http.ResponseWriter, r *http.Request, sh *store.Sheet, rows []EvalRow, formErr string, status int) {
	s.render(w, r, status, "evaluate.html", "layout", s.evalPage(r, sh, rows, formErr))
}

// computedActual offers the funds-received and budget-execution rates,
// computed from the money records, as the actual values of the rows of
// those names: the rates are computed, never typed.
func computedActual(p *store.Project, name string) string {
	var bp int64
	var ok bool
	switch eval.Normalize(name) {
	case "资金到位率":
		bp, ok = p.ReceivedRate()
	case "预算执行率":
		bp, ok = p.ExecutionRate()
	}
	if !ok {
		return ""
	}
	return eval.Number{Coef: bp, Scale: 2}.String() + "%"
}

// tierChoices offers the three tiers as actual values, each labelled with
// the allowed score range.
func tierChoices(pg Page, ind store.Indicator, rs *eval.RuleSet) []TierChoice {
	w := ind.Weight
	hi, _, _ := rs.TierRange(eval.TierAchieved, w)
	lo, _, _ := rs.TierRange(eval.TierPartial, w)
	target := eval.ParseValue(ind.Target)
	achieved := target.Word
	if achieved == "" {
		achieved = "达成"
	}
	first := fmt.Sprintf("%s（%s）[%s, %s]", achieved, pg.T("达成年度指标"), hi, w)
	if pg.P.IsEN() { // the target's word is the sheet's own, quoted
		first = fmt.Sprintf("“%s”: %s [%s, %s]", achieved, pg.T("达成年度指标"), hi, w)
	}
	return []TierChoice{
		{achieved, first},
		{"部分达成", fmt.Sprintf("%s [%s, %s)", pg.T("部分达成年度指标并具有一定效果"), lo, hi)},
		{"未达成", fmt.Sprintf("%s [0, %s)", pg.T("未达成年度指标且效果较差"), lo)},
	}
}

// readEvaluation applies the posted actuals, scores, bases and narrative
// to a copy of the sheet and validates each field.
func readEvaluation(r *http.Request, sh *store.Sheet) (store.Sheet, []EvalRow, bool) {
	c := store.Sheet{Project: sh.Project, Rows: append([]store.Indicator(nil), sh.Rows...), Narrative: map[string]string{}}
	for k, v := range sh.Narrative {
		c.Narrative[k] = v
	}
	ok := true
	rows := make([]EvalRow, len(c.Rows))
	for i := range c.Rows {
		ind := &c.Rows[i]
		k := func(name string) string { return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s_%d", name, i))) }
		row := EvalRow{Index: i, Actual: k("actual"), Score: k("score"), Basis: k("basis"), Errors: map[string]string{}}
		if id, _ := strconv.ParseInt(k("id"), 10, 64); id != ind.ID {
			row.Errors["actual"] = "指标已变化，请刷新"
			ok = false
		}
		if m, ok := validate.Field(row.Actual); !ok {
			row.Errors["actual"] = m.ZH
		}
		if m, ok := validate.Text(row.Basis); !ok {
			row.Errors["basis"] = m.ZH
		}
		ind.Actual, ind.Basis = row.Actual, row.Basis
		ind.HasScore = false
		if row.Score != "" {
			if p, m, ok := validate.ParseScore(row.Score, ind.Weight); !ok {
				row.Errors["score"] = m.ZH
			} else {
				ind.Score, ind.HasScore = p, true
				if m, ok := validate.Deduction(p, ind.Weight, row.Basis); !ok {
					row.Errors["basis"] = m.ZH
				}
			}
		}
		if len(row.Errors) > 0 {
			ok = false
		}
		row.Ind = *ind
		rows[i] = row
	}
	var n eval.Narrative
	for _, sec := range n.Sections() {
		c.Narrative[sec.Key] = validate.Section(strings.TrimSpace(r.PostFormValue("sec_" + sec.Key)))
	}
	return c, rows, ok
}

func (s *Server) saveEvaluation(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	next, rows, valid := readEvaluation(r, sh)
	version := formVersion(r)
	if !valid {
		next.Project.Version = version
		s.showEvaluate(w, r, &next, rows, "请改正标出的字段。", http.StatusUnprocessableEntity)
		return
	}
	_, err := s.st.Edit(r.Context(), sh.Project.ID, version, currentUser(r).ID, store.ActionActuals, "", func(e *store.Sheet) error {
		if len(e.Rows) != len(next.Rows) {
			return store.ErrConflict
		}
		for i := range e.Rows {
			if e.Rows[i].ID != next.Rows[i].ID {
				return store.ErrConflict
			}
			e.Rows[i].Actual, e.Rows[i].Score, e.Rows[i].HasScore, e.Rows[i].Basis = next.Rows[i].Actual, next.Rows[i].Score, next.Rows[i].HasScore, next.Rows[i].Basis
		}
		e.Narrative = next.Narrative
		return nil
	})
	if isConflict(err) {
		next.Project.Version = version
		s.showEvaluate(w, r, &next, rows, "此表已被他人修改，请刷新后重新填写。", http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"/evaluate", s.page(r, "").T("自评已保存。"))
}

// previewEvaluation scores the form as typed, without saving: the htmx
// fragment replaces the findings panel and each row's computed score.
func (s *Server) previewEvaluation(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	next, rows, _ := readEvaluation(r, sh)
	pg := s.evalPage(r, &next, rows, "")
	pg.Preview = true
	s.render(w, r, http.StatusOK, "evaluate.html", "live", pg)
}
