package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"jixiao/internal/store"
)

// TestCaseFormErrorsNextToField: a refused repayment or write-off comes
// back with the reason next to the field that caused it (inside its label,
// where check.js finds and focuses the field), what was typed kept, and
// nothing recorded.
func TestCaseFormErrorsNextToField(t *testing.T) {
	e := newEnv(t, "sqlite")
	cases, err := e.st.AuditCases(t.Context(), store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var open store.AuditCase
	for _, c := range cases {
		if !c.WrittenOff && caseRow(c).Outstanding > 0 {
			open = c
			break
		}
	}
	if open.ID == 0 {
		t.Fatal("no open case in the demo")
	}
	path := "/audit/cases/" + itoa(int(open.ID))
	c := e.login("jihe")
	res := c.post(path+"/repay", url.Values{"on": {"2024-08-01"}, "amount": {"三百"}, "method": {"现金"}})
	res.want(t, "bad amount", http.StatusUnprocessableEntity)
	if !regexp.MustCompile(`<input name="amount"[^>]*value="三百"><span class="err" role="alert">还款金额无效。</span></label>`).MatchString(res.body) {
		t.Errorf("the amount's error is not next to the amount (or the typed amount is lost)")
	}
	res = c.post(path+"/writeoff", url.Values{"reason": {"  "}})
	res.want(t, "no reason", http.StatusUnprocessableEntity)
	if !regexp.MustCompile(`<textarea name="reason" rows="2">[^<]*</textarea><span class="err" role="alert">核销须说明原因</span></label>`).MatchString(res.body) {
		t.Errorf("the write-off's missing reason is not shown next to the reason")
	}
	after, err := e.st.AuditCase(t.Context(), open.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.WrittenOff || caseRow(after).Recovered != caseRow(open).Recovered {
		t.Error("a refused form changed the case")
	}
}
