package web

import (
	"html/template"
	"net/http"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/validate"
)

// The forms' check on entry. An input marked data-check="KIND" (and, for a
// score, data-check-max="WEIGHT") asks GET /check?kind=KIND&v=VALUE when it
// changes; static/app.js puts the answer next to the field. The answer
// comes from the very functions the server runs when the form is sent, in
// the page's language: a refusal (<span class="err">), what a typed amount
// was understood as (<span class="hint">), or nothing.

// checkInput returns the refusal of v as a field of the kind (Chinese, the
// catalogue's key), or the amount understood, or "" for both when v is fine.
func checkInput(kind, v, max string) (refusal, understood string) {
	v = strings.TrimSpace(v)
	switch kind {
	case "weight":
		if _, m, ok := validate.ParseWeight(v); !ok {
			return m.ZH, ""
		}
	case "libweight":
		if _, m, ok := validate.LibraryRowWeight(v); !ok {
			return m.ZH, ""
		}
	case "score":
		w, err := eval.ParsePoints(max)
		if v == "" || err != nil {
			return "", ""
		}
		if _, m, ok := validate.ParseScore(v, w); !ok {
			return m.ZH, ""
		}
	case "field":
		if m, ok := validate.Field(v); !ok {
			return m.ZH, ""
		}
	case "text":
		if m, ok := validate.Text(v); !ok {
			return m.ZH, ""
		}
	case "amount":
		if v == "" {
			return "", ""
		}
		amt, m, ok := validate.Amount(v)
		if !ok {
			return m.ZH, ""
		}
		return "", money.Understood(v, amt)
	}
	return "", ""
}

// check answers one field's check as an HTML fragment.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	refusal, understood := checkInput(q.Get("kind"), q.Get("v"), q.Get("max"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	pg := s.page(r, "")
	switch {
	case refusal != "":
		_, _ = w.Write([]byte(`<span class="err" role="alert">` + template.HTMLEscapeString(pg.T(refusal)) + `</span>`))
	case understood != "":
		_, _ = w.Write([]byte(`<span class="hint">` + template.HTMLEscapeString(understood) + `</span>`))
	}
}
