package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao/internal/eval"
	"jixiao/internal/report/form"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The names of a unit's signature block (单位负责人, 填报人, 联系电话), set
// once per unit by its filer, its approver or the administrator, and
// printed in every document the unit's projects export; the 填报日期 is the
// day the project was last submitted.

// SignersPage edits a unit's signature names.
type SignersPage struct {
	Page
	Unit    store.Unit
	Units   []store.Unit // the administrator picks the unit
	S       store.Signers
	Errors  map[string]string
	Preview []string // the block as the documents print it
}

// maxSigner is the longest name or phone number accepted.
const maxSigner = 50

// signersUnit is the unit the request edits: the user's own, or for the
// administrator the one asked for (else the first).
func (s *Server) signersUnit(r *http.Request) (store.Unit, []store.Unit, error) {
	u := currentUser(r)
	if u.Role != workflow.RoleAdmin {
		un, err := s.st.Unit(r.Context(), u.UnitID)
		return un, nil, err
	}
	units, err := s.st.Units(r.Context())
	if err != nil || len(units) == 0 {
		return store.Unit{}, units, err
	}
	id, _ := strconv.ParseInt(r.FormValue("unit"), 10, 64)
	for _, un := range units {
		if un.ID == id {
			return un, units, nil
		}
	}
	return units[0], units, nil
}

func (s *Server) signersPage(w http.ResponseWriter, r *http.Request) {
	un, units, err := s.signersUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.st.UnitSigners(r.Context(), un.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showSigners(w, r, SignersPage{Unit: un, Units: units, S: g}, http.StatusOK)
}

func (s *Server) showSigners(w http.ResponseWriter, r *http.Request, pg SignersPage, status int) {
	pg.Page = s.page(r, "签字栏")
	pg.Preview = form.SignatureLines(eval.Signature{Head: pg.S.Head, Filer: pg.S.Filer, Phone: pg.S.Phone})
	s.render(w, r, status, "signers.html", "layout", pg)
}

func (s *Server) saveSigners(w http.ResponseWriter, r *http.Request) {
	un, units, err := s.signersUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := SignersPage{Unit: un, Units: units, Errors: map[string]string{}, S: store.Signers{
		Head: strings.TrimSpace(r.PostFormValue("head")), Filer: strings.TrimSpace(r.PostFormValue("filer")),
		Phone: strings.TrimSpace(r.PostFormValue("phone"))}}
	for k, v := range map[string]string{"head": pg.S.Head, "filer": pg.S.Filer, "phone": pg.S.Phone} {
		if utf8.RuneCountInString(v) > maxSigner || strings.ContainsAny(v, "\r\n") {
			pg.Errors[k] = "最多 50 字，不能换行。"
		}
	}
	if pg.S.Phone != "" && strings.Trim(pg.S.Phone, "0123456789-+ ()（）转") != "" {
		pg.Errors["phone"] = "电话号码只能含数字、空格、+、- 和括号。"
	}
	if len(pg.Errors) > 0 {
		s.showSigners(w, r, pg, http.StatusUnprocessableEntity)
		return
	}
	if err := s.st.SetUnitSigners(r.Context(), un.ID, pg.S); err != nil {
		s.fail(w, r, err)
		return
	}
	to := "/signers"
	if currentUser(r).Role == workflow.RoleAdmin {
		to += "?unit=" + strconv.FormatInt(un.ID, 10)
	}
	redirect(w, r, to, s.page(r, "").T("签字栏已保存，导出的文件将填入这些姓名。"))
}

// signature is what a project's documents print in the signature block:
// its unit's names and the day it was last submitted.
func (s *Server) signature(ctx context.Context, p store.Project) (eval.Signature, error) {
	g, err := s.st.UnitSigners(ctx, p.UnitID)
	if err != nil {
		return eval.Signature{}, err
	}
	sig := eval.Signature{Head: g.Head, Filer: g.Filer, Phone: g.Phone}
	at, err := s.st.SubmittedAt(ctx, p.ID)
	if err != nil {
		return eval.Signature{}, err
	}
	if at != 0 && p.Status != workflow.StatusDraft {
		sig.Date = time.Unix(at, 0).In(s.now().Location()).Format("2006年1月2日")
	}
	return sig, nil
}
