package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/payroll"
	"jixiao/internal/store"
)

func init() {
	for k, v := range map[string]string{
		"POST /pay/runs/{id}/cases":  "auditor",
		"POST /pay/runs/{id}/deaths": "auditor",
		"GET /pay/runs/{id}/list":    "filer approver dept finance admin auditor clerk",
	} {
		allowed[k] = v
	}
}

// TestPayHandover: a checked month hands on what it found — every
// overpayment becomes a recovery case of type 多领 owing the finding's
// difference (once: a second press opens none), the 追回 and 补发 lists
// download as workbooks (a town clerk's of their own town, masked), and
// the closed and frozen accounts go to the towns as possible deaths
// (review), once.
func TestPayHandover(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		run := newPayRun(t, e)
		path := fmt.Sprintf("/pay/runs/%d", run.ID)
		all, err := e.st.PayFindings(ctx, store.PayFindingFilter{RunID: run.ID, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		over := map[string]money.Fen{} // ID|kind → difference
		var nOver, nUnder int
		var mine, anyUnder store.PayFinding // a finding of 如城街道, an underpayment
		mineList := ""
		for _, f := range all {
			k, _ := payroll.KindByName(f.Kind)
			if k.Overpayment() {
				over[f.IDNumber] += money.Fen(f.Difference())
				nOver++
			} else {
				nUnder++
				anyUnder = f
			}
			if f.Town == "如城街道" && mine.ID == 0 {
				mine, mineList = f, map[bool]string{true: "recover", false: "backpay"}[k.Overpayment()]
			}
		}
		if nOver == 0 || nUnder == 0 {
			t.Fatalf("generated month: %d over, %d under", nOver, nUnder)
		}
		aud := e.login("jihe")
		aud.get(path).want(t, "run page", 200, `id="open-pay-cases"`, `id="list-recover"`, `id="list-backpay"`)
		e.login("rucheng").post(path+"/cases", nil).want(t, "clerk opens cases", 403)
		before, _ := e.st.AuditCases(ctx, store.CaseFilter{})
		aud.post(path+"/cases", nil).want(t, "open cases", 303)
		cases, err := e.st.AuditCases(ctx, store.CaseFilter{})
		cases = cases[len(before):]
		if err != nil || len(cases) != nOver {
			t.Fatalf("%d cases for %d overpayments: %v", len(cases), nOver, err)
		}
		got := map[string]money.Fen{}
		for _, c := range cases {
			if c.Type != string(audit.CaseOverpayment) {
				t.Errorf("case %d of type %s: only a person decides 冒领", c.ID, c.Type)
			}
			got[c.IDNumber] += c.Due
		}
		for id, d := range over {
			if got[id] != d {
				t.Errorf("%s: cases owe %s, the findings %s", id, got[id], d)
			}
		}
		aud.post(path+"/cases", nil).want(t, "again", 303)
		if again, _ := e.st.AuditCases(ctx, store.CaseFilter{}); len(again) != len(before)+nOver {
			t.Errorf("a second press opened more: %d", len(again))
		}
		body := aud.get(path).body
		if strings.Contains(body, `id="open-pay-cases"`) || !strings.Contains(body, fmt.Sprintf("已立追回案件：%d", nOver)) {
			t.Error("the run page does not say the cases are open")
		}

		rows := xlsxRows(t, aud.get(path+"/list?kind=recover").body)
		if !strings.Contains(strings.Join(rows[0], ""), "追回名单") || len(rows) < 3+nOver {
			t.Fatalf("recovery list: %d rows %v", len(rows), rows[:min(len(rows), 3)])
		}
		if !strings.Contains(strings.Join(rows[3], "|"), "#") {
			t.Errorf("recovery list row without its case: %v", rows[3])
		}
		back := xlsxRows(t, aud.get(path+"/list?kind=backpay").body)
		if len(back) < 3+nUnder || !strings.Contains(fmt.Sprint(back), anyUnder.IDNumber) {
			t.Fatalf("back-pay list: %d rows for %d", len(back), nUnder)
		}
		clerk := xlsxRows(t, e.login("rucheng").get(path+"/list?kind="+mineList).body)
		cl := fmt.Sprint(clerk[3:])
		if mine.ID == 0 || !strings.Contains(cl, cnid.Mask(mine.IDNumber)) || strings.Contains(cl, mine.IDNumber) {
			t.Errorf("clerk's back-pay list: %v", clerk)
		}
		for _, r := range clerk[3:] {
			if len(r) > 1 && r[1] != "如城街道" && r[0] != "合计" && !strings.HasPrefix(r[0], "经办人") && r[1] != "" {
				t.Errorf("clerk's list has another town: %v", r)
			}
		}
		aud.get(path+"/list?kind=other").want(t, "unknown list", 404)

		// the closed and frozen accounts, to the survival audit
		d, _ := e.st.PayRunRows(ctx, run.ID, "")
		deaths := paydb.PossibleDeaths(d)
		if len(deaths) == 0 {
			t.Fatal("the generated month has no closed or frozen account")
		}
		res := aud.post(path+"/deaths", nil)
		if res.code != 303 || !strings.HasPrefix(res.location, "/audit/runs/") {
			t.Fatalf("send deaths: %d %q", res.code, res.location)
		}
		aid, err := e.st.PayRunAuditRun(ctx, run.ID)
		if err != nil || aid == 0 {
			t.Fatal(err)
		}
		sus, err := e.st.AuditSuspects(ctx, store.SuspectFilter{RunID: aid})
		if err != nil || len(sus) != len(deaths) {
			t.Fatalf("%d suspects for %d accounts: %v", len(sus), len(deaths), err)
		}
		for _, x := range sus {
			if x.Confidence != string(audit.Review) || x.State != string(audit.StatePending) || (x.Kind != paydb.KindBankClosed && x.Kind != paydb.KindBankFrozen) {
				t.Errorf("suspect %+v: want a pending review of a bank account", x)
			}
		}
		aud.get(res.location).want(t, "audit run", 200, "银行账户")
		aud.post(path+"/deaths", nil).want(t, "twice", 303)
		if again, _ := e.st.AuditSuspects(ctx, store.SuspectFilter{RunID: aid}); len(again) != len(sus) {
			t.Error("sent twice")
		}
		aud.get(path).want(t, "linked", 200, `id="pay-deaths-run"`)
	})
}
