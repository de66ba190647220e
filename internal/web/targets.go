package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/indicator"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/validate"
)

// TargetRow is one indicator row of the targets form.
type TargetRow struct {
	ID                                          int64
	Level1, Level2, Level3, Target, Dir, Weight string
	Inferred                                    string // the engine's inferred direction and why
	Errors                                      map[string]string
}

// TargetsPage edits a project's indicator sheet (绩效目标).
type TargetsPage struct {
	Page
	Sheet       *store.Sheet
	Rows        []TargetRow
	CanEdit     bool
	WeightTotal string
	WeightOK    bool
	// WeightWant is what the weights must add up to: the rule set's total
	// less the funds row's 分值 on the 附件1 form (FundsWeight, "0" when
	// the form has none).
	WeightWant  string
	FundsWeight string
	Version     int64
	FormError   string
	Library     []LibraryRow
	Directions  []string
	// CanDeclare: the filer may declare the targets, or withdraw the
	// declaration, while the sheet is a draft.
	CanDeclare bool
	// Review is the bureau's latest 绩效目标审核 round, nil before one.
	Review *store.TargetReview
}

var directionChoices = []string{"", "正向", "反向", "等于", "定性"}

func targetRows(rows []store.Indicator) []TargetRow {
	out := make([]TargetRow, len(rows))
	for i, r := range rows {
		out[i] = TargetRow{ID: r.ID, Level1: r.Level1, Level2: r.Level2, Level3: r.Level3, Target: r.Target, Dir: r.Direction, Weight: r.Weight.String()}
	}
	return out
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	s.showTargets(w, r, sh, targetRows(sh.Rows), sh.Project.Version, "", http.StatusOK)
}

func (s *Server) showTargets(w http.ResponseWriter, r *http.Request, sh *store.Sheet, rows []TargetRow, version int64, formErr string, status int) {
	s.showTargetsLib(w, r, sh, rows, version, formErr, status, LibraryRow{Index: -1})
}

// showTargetsLib shows the targets form with a refused library addition
// (fix.Index ≥ 0): its typed weight and the reason next to it.
func (s *Server) showTargetsLib(w http.ResponseWriter, r *http.Request, sh *store.Sheet, rows []TargetRow, version int64, formErr string, status int, fix LibraryRow) {
	pg := TargetsPage{Page: s.page(r, "绩效目标"), Sheet: sh, Rows: rows, CanEdit: canEdit(currentUser(r), &sh.Project) && !sh.Project.TargetsDeclared,
		CanDeclare: canEdit(currentUser(r), &sh.Project),
		Version:    version, FormError: formErr, Directions: directionChoices}
	for i, l := range indicator.Library() {
		row := LibraryRow{Index: i, Row: l}
		if i == fix.Index {
			row.Weight, row.Error = fix.Weight, fix.Error
		}
		pg.Library = append(pg.Library, row)
	}
	var sum eval.Points
	for i := range pg.Rows {
		row := &pg.Rows[i]
		if p, err := eval.ParsePoints(row.Weight); err == nil {
			sum += p
		}
		d, why := eval.InferDirectionWhy(row.Level3, eval.ParseValue(row.Target))
		row.Inferred = pg.Pick(d.String()+"："+why.ZH, d.English()+": "+why.EN)
	}
	want, funds := targetWeights(sh)
	pg.WeightTotal, pg.WeightWant, pg.FundsWeight = sum.String(), want.String(), funds.String()
	pg.WeightOK = sum == want
	rounds, err := s.st.TargetReviews(r.Context(), sh.Project.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(rounds) > 0 {
		pg.Review = &rounds[0]
	}
	s.render(w, r, status, "targets.html", "layout", pg)
}

// readTargetRows reads the rows of the targets form and validates them.
func readTargetRows(r *http.Request) ([]TargetRow, []store.Indicator, bool) {
	n, _ := strconv.Atoi(r.PostFormValue("n"))
	n = min(max(n, 0), validate.MaxRows)
	var rows []TargetRow
	var inds []store.Indicator
	ok := true
	for i := range n {
		k := func(name string) string { return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s_%d", name, i))) }
		if k("del") == "1" {
			continue
		}
		id, _ := strconv.ParseInt(k("id"), 10, 64)
		tr := TargetRow{ID: id, Level1: k("l1"), Level2: k("l2"), Level3: k("l3"), Target: k("target"), Dir: k("dir"), Weight: k("weight"), Errors: map[string]string{}}
		if tr.Level1 == "" && tr.Level2 == "" && tr.Level3 == "" && tr.Target == "" && tr.Weight == "" && id == 0 {
			continue // an empty new row
		}
		if tr.Level1 == "" {
			tr.Errors["l1"] = validate.Required.ZH
		}
		if tr.Level3 == "" {
			tr.Errors["l3"] = validate.Required.ZH
		}
		for _, f := range []string{tr.Level1, tr.Level2, tr.Level3, tr.Target} {
			if m, ok := validate.Field(f); !ok {
				tr.Errors["l3"] = m.ZH
			}
		}
		if tr.Target == "" {
			tr.Errors["target"] = validate.TargetRequired.ZH
		}
		valid := false
		for _, d := range directionChoices {
			valid = valid || d == tr.Dir
		}
		if !valid {
			tr.Errors["dir"] = validate.DirectionBad.ZH
		}
		w, m, wok := validate.ParseWeight(tr.Weight)
		if !wok {
			tr.Errors["weight"] = m.ZH
		}
		if len(tr.Errors) > 0 {
			ok = false
		}
		rows = append(rows, tr)
		inds = append(inds, store.Indicator{ID: id, Level1: tr.Level1, Level2: tr.Level2, Level3: tr.Level3, Target: tr.Target, Direction: tr.Dir, Weight: w})
	}
	return rows, inds, ok
}

func (s *Server) saveTargets(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	if sh.Project.TargetsDeclared {
		s.showTargets(w, r, sh, targetRows(sh.Rows), sh.Project.Version, "绩效目标已申报，须先撤回申报才能修改。", http.StatusUnprocessableEntity)
		return
	}
	rows, inds, valid := readTargetRows(r)
	version := formVersion(r)
	add := func(tr TargetRow) {
		rows = append(rows, tr)
		w, _ := eval.ParsePoints(tr.Weight)
		inds = append(inds, store.Indicator{Level1: tr.Level1, Level2: tr.Level2, Level3: tr.Level3, Target: tr.Target, Weight: w})
	}
	if r.PostFormValue("add") == "1" {
		rows = append(rows, TargetRow{Weight: "0"}) // shown, saved once filled in
	}
	if v := r.PostFormValue("add_lib"); v != "" {
		i, err := strconv.Atoi(v)
		lib := indicator.Library()
		if err != nil || i < 0 || i >= len(lib) {
			s.badRequest(w, r, "指标库条目无效。")
			return
		}
		typed := strings.TrimSpace(r.PostFormValue("lib_weight_" + v))
		wt, m, ok := validate.LibraryRowWeight(typed)
		if !ok {
			s.showTargetsLib(w, r, sh, rows, version, m.ZH, http.StatusUnprocessableEntity, LibraryRow{Index: i, Weight: typed, Error: m.ZH})
			return
		}
		l := lib[i]
		add(TargetRow{Level1: l.Level1, Level2: l.Level2, Level3: l.Level3, Target: l.Target, Dir: l.Direction.String(), Weight: wt.String()})
	}
	if !valid {
		s.showTargets(w, r, sh, rows, version, "请改正标出的字段。", http.StatusUnprocessableEntity)
		return
	}
	// Keep the evaluation columns of rows that stay.
	old := map[int64]store.Indicator{}
	for _, o := range sh.Rows {
		old[o.ID] = o
	}
	for i := range inds {
		if o, ok := old[inds[i].ID]; ok {
			t := inds[i]
			inds[i] = o
			inds[i].Level1, inds[i].Level2, inds[i].Level3, inds[i].Target, inds[i].Direction, inds[i].Weight = t.Level1, t.Level2, t.Level3, t.Target, t.Direction, t.Weight
		} else {
			inds[i].ID = 0
		}
	}
	nv, err := s.st.Edit(r.Context(), sh.Project.ID, version, currentUser(r).ID, store.ActionTargets, "", func(e *store.Sheet) error {
		e.Rows = inds
		return nil
	})
	if isConflict(err) {
		s.showTargets(w, r, sh, rows, version, "此表已被他人修改，请刷新后重新填写。", http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("add") == "1" {
		// Show the saved rows plus one empty row to fill in.
		fresh, err := s.st.LoadSheet(r.Context(), sh.Project.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showTargets(w, r, &fresh, append(targetRows(fresh.Rows), TargetRow{Weight: "0"}), nv, "", http.StatusOK)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"/targets", s.page(r, "").T("绩效目标已保存。"))
}

// declareTargets declares the targets (申报) — refused unless every row is
// complete and the weights total 100 — or withdraws the declaration.
func (s *Server) declareTargets(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	declare := r.PostFormValue("action") == "declare"
	if !declare && r.PostFormValue("action") != "withdraw" {
		s.badRequest(w, r, "操作无效。")
		return
	}
	if declare {
		if msg := targetsProblem(sh); msg != "" {
			s.showTargets(w, r, sh, targetRows(sh.Rows), sh.Project.Version, msg, http.StatusUnprocessableEntity)
			return
		}
	}
	act := store.ActionTargetsDeclare
	if !declare {
		act = store.ActionTargetsWithdraw
	}
	_, err := s.st.Edit(r.Context(), sh.Project.ID, formVersion(r), currentUser(r).ID, act, "", func(e *store.Sheet) error {
		e.Project.TargetsDeclared = declare
		return nil
	})
	if isConflict(err) {
		s.showTargets(w, r, sh, targetRows(sh.Rows), sh.Project.Version, "此表已被他人修改，请刷新后重新填写。", http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "绩效目标已申报。"
	if !declare {
		msg = "已撤回申报，可修改绩效目标。"
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"/targets", s.page(r, "").T(msg))
}

// targetWeights is what the indicators' weights must add up to by the
// project's rule set and form, and the funds row's 分值 apart from them.
func targetWeights(sh *store.Sheet) (want, funds eval.Points) {
	rs, err := project.RuleSet(sh.Project.RuleSet)
	if err != nil {
		rs = eval.DefaultRuleSet()
	}
	rep := project.Report(sh)
	want = eval.IndicatorWeightTotal(rep, rs)
	return want, rs.WeightTotal - want
}

// targetsProblem says why targets cannot be declared, or "".
func targetsProblem(sh *store.Sheet) string {
	rows := sh.Rows
	if len(rows) == 0 {
		return "没有指标，不能申报。"
	}
	var sum eval.Points
	for _, r := range rows {
		if r.Level1 == "" || r.Level3 == "" || r.Target == "" {
			return "每个指标都须填写一级、三级指标和年初指标值。"
		}
		sum += r.Weight
	}
	if want, funds := targetWeights(sh); sum != want {
		if funds != 0 {
			return fmt.Sprintf("权重合计须为 %s 才能申报（预算执行情况另有 %s 分）。 (Weights must total %s to declare: budget execution counts %s more.)", want, funds, want, funds)
		}
		return fmt.Sprintf("权重合计须为 %s 才能申报。 (Weights must total %s to declare.)", want, want)
	}
	return ""
}

// LibraryPage is the indicator library search result (an htmx fragment).
type LibraryPage struct {
	Page
	Library []LibraryRow
	Query   string
}

// LibraryRow is a library entry with its index for "add", and the weight
// typed for it with the reason it was refused.
type LibraryRow struct {
	Index int
	indicator.Row
	Weight, Error string
}

func (s *Server) library(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	pg := LibraryPage{Page: s.page(r, "指标库"), Query: q}
	match := map[string]bool{}
	for _, m := range indicator.Search(q) {
		match[m.Level3] = true
	}
	for i, l := range indicator.Library() {
		if match[l.Level3] {
			pg.Library = append(pg.Library, LibraryRow{Index: i, Row: l})
		}
	}
	s.render(w, r, http.StatusOK, "library.html", "library", pg)
}
