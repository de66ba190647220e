package web

import (
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/money"
	"jixiao/internal/store"
	"jixiao/internal/validate"
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
	if f.Kind != store.KindReceipt && f.Kind != store.KindSpending {
		f.Errors["kind"] = "请选择到位或支出。"
	}
	v, problems := validate.Money(validate.MoneyInput{Date: f.Date, Amount: f.Amount, Source: f.Source, Note: f.Note}, sh.Project.Year)
	for _, p := range problems {
		f.Errors[p.Field] = p.Msg.ZH
	}
	rec := store.MoneyRecord{Kind: f.Kind, Date: v.Date.String(), Amount: v.Amount, Source: v.Source, Note: v.Note}
	amt := v.Amount
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
