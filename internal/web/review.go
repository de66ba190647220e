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
	"jixiao/internal/workflow"
)

// ReviewRow is a row of the finance re-score (复核) form: the self-score
// beside the review score.
type ReviewRow struct {
	Index  int
	Ind    store.Indicator
	Scored eval.Scored
	Score  string
	Note   string
	Errors map[string]string
}

// ReviewPage is the finance re-score form.
type ReviewPage struct {
	Page
	Sheet     *store.Sheet
	Rows      []ReviewRow
	Summary   store.Summary
	Result    eval.Result
	CanEdit   bool
	FormError string
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	rows := make([]ReviewRow, len(sh.Rows))
	for i, ind := range sh.Rows {
		rows[i] = ReviewRow{Index: i, Ind: ind, Note: ind.ReviewNote}
		if ind.HasReview {
			rows[i].Score = ind.ReviewScore.String()
		}
	}
	s.showReview(w, r, sh, rows, "", http.StatusOK)
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, sh *store.Sheet, rows []ReviewRow, formErr string, status int) {
	pg := ReviewPage{Page: s.page(r, "财政复核"), Sheet: sh, Rows: rows, FormError: formErr,
		CanEdit: workflow.CanRescore(sh.Project.Status, currentUser(r).Role)}
	ev, err := project.Evaluate(sh)
	if err != nil {
		pg.FormError = err.Error()
	}
	pg.Summary, pg.Result = ev.Summary, ev.Result
	for i := range pg.Rows {
		if i < len(pg.Result.Scores) {
			pg.Rows[i].Scored = pg.Result.Scores[i]
		}
	}
	s.render(w, r, status, "review.html", "layout", pg)
}

func (s *Server) saveReview(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	if !workflow.CanRescore(sh.Project.Status, currentUser(r).Role) {
		s.forbidden(w, r)
		return
	}
	version := formVersion(r)
	rows := make([]ReviewRow, len(sh.Rows))
	next := append([]store.Indicator(nil), sh.Rows...)
	valid := true
	for i := range next {
		k := func(name string) string { return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s_%d", name, i))) }
		row := ReviewRow{Index: i, Ind: next[i], Score: k("review"), Note: k("note"), Errors: map[string]string{}}
		next[i].HasReview, next[i].ReviewNote = false, row.Note
		if row.Score != "" {
			if p, _, ok := validate.ParseScore(row.Score, next[i].Weight); !ok {
				row.Errors["review"] = validate.ScoreRange.ZH
			} else {
				next[i].ReviewScore, next[i].HasReview = p, true
				if next[i].HasScore && p != next[i].Score && row.Note == "" {
					row.Errors["note"] = validate.ReviewNote.ZH
				}
			}
		}
		if m, ok := validate.Text(row.Note); !ok {
			row.Errors["note"] = m.ZH
		}
		if len(row.Errors) > 0 {
			valid = false
		}
		rows[i] = row
	}
	if !valid {
		s.showReview(w, r, sh, rows, "请改正标出的字段。", http.StatusUnprocessableEntity)
		return
	}
	_, err := s.st.Edit(r.Context(), sh.Project.ID, version, currentUser(r).ID, store.ActionReview, "", func(e *store.Sheet) error {
		if len(e.Rows) != len(next) {
			return store.ErrConflict
		}
		for i := range e.Rows {
			if e.Rows[i].ID != next[i].ID {
				return store.ErrConflict
			}
			e.Rows[i].ReviewScore, e.Rows[i].HasReview, e.Rows[i].ReviewNote = next[i].ReviewScore, next[i].HasReview, next[i].ReviewNote
		}
		return nil
	})
	if isConflict(err) {
		s.showReview(w, r, sh, rows, "此表已被他人修改，请刷新后重新填写。", http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"/review", s.page(r, "").T("复核得分已保存。"))
}
