package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao/internal/money"
	"jixiao/internal/store"
)

// MoneyForm is a receipt or spending record as typed.
type MoneyForm struct {
	Kind, Date, Amount, Source, Note string
	Errors                           map[string]string
}

func (s *Server) addMoney(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	f := MoneyForm{Kind: r.PostFormValue("kind"), Date: strings.TrimSpace(r.PostFormValue("date")),
		Amount: strings.TrimSpace(r.PostFormValue("amount")), Source: r.PostFormValue("source"),
		Note: strings.TrimSpace(r.PostFormValue("note")), Errors: map[string]string{}}
	rec := store.MoneyRecord{Kind: f.Kind, Date: f.Date, Note: f.Note}
	if f.Kind != store.KindReceipt && f.Kind != store.KindSpending {
		f.Errors["kind"] = "请选择到位或支出。"
	}
	if d, err := time.Parse("2006-01-02", f.Date); err != nil {
		f.Errors["date"] = "日期格式为 2024-06-30。"
	} else if d.Year() < sh.Project.Year-1 || d.Year() > sh.Project.Year+1 {
		f.Errors["date"] = "日期不在项目年度前后。"
	}
	amt, msg := amountInput(f.Amount)
	if msg != "" {
		f.Errors["amount"] = msg
	}
	rec.Amount = amt
	src, err := strconv.Atoi(f.Source)
	if err != nil || src < 0 || src > 2 {
		f.Errors["source"] = "请选择资金来源。"
	}
	rec.Source = src
	if utf8.RuneCountInString(f.Note) > 500 {
		f.Errors["note"] = "备注过长（最多 500 字）。"
	}
	if len(f.Errors) > 0 {
		s.showProject(w, r, sh, http.StatusUnprocessableEntity, f)
		return
	}
	if _, err := s.st.AddMoney(r.Context(), sh.Project.ID, rec, currentUser(r).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	flash := s.page(r, "").T("已记录。")
	if u := money.Understood(f.Amount, amt); u != "" {
		flash += " " + u // what the amount was read as: "3万 = 30,000.00 元"
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"#money", flash)
}

// amountInput reads a money record's amount as typed, or says why not (in
// Chinese, the catalogue's key). The form's on-entry check (check.go) asks
// the same function.
func amountInput(typed string) (money.Fen, string) {
	amt, err := money.ParseInput(typed)
	switch {
	case err != nil:
		return 0, "金额应为元数（最多两位小数）或万元，如 12,500.00、3万、3.5万元。"
	case amt == 0:
		return 0, "金额不能为 0。"
	case amt > 1_000_000_000_000_00 || amt < -1_000_000_000_000_00:
		return 0, "金额超出范围。"
	}
	return amt, ""
}

func (s *Server) deleteMoney(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := s.st.DeleteMoney(r.Context(), sh.Project.ID, rid, currentUser(r).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"#money", s.page(r, "").T("已删除。"))
}
