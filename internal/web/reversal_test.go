package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/store"
)

func init() {
	allowed["POST /audit/runs/{id}/withdraw"] = "auditor"
	allowed["POST /audit/cases/{id}/reverse"] = "approver"
}

// TestReverseWriteOff: the unit's leader (单位审核人) undoes a write-off
// with a reason, after a confirmation naming the case; the auditor may not;
// the trail keeps both steps.
func TestReverseWriteOff(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cs, err := e.st.AuditCases(ctx, store.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var c store.AuditCase
		for _, x := range cs {
			if x.WrittenOff {
				c = x
			}
		}
		if c.ID == 0 {
			t.Fatal("the demo has no written-off case")
		}
		path := fmt.Sprintf("/audit/cases/%d", c.ID)
		aud, lead := e.login("jihe"), e.login("shenhe")
		if strings.Contains(aud.get(path).body, `id="reverse"`) {
			t.Fatal("the auditor is offered the reversal")
		}
		aud.post(path+"/reverse", url.Values{"reason": {"x"}}).want(t, "auditor reverses", 403)
		out := caseRow(c).Outstanding
		page := lead.get(path)
		page.want(t, "leader's case page", 200, `id="reverse"`)
		if want := fmt.Sprintf("撤销核销案件 #%d（%s）：案件重新打开，未追回的 %s 元恢复追讨。", c.ID, c.Name, group(out.String())); !strings.Contains(html.UnescapeString(page.body), want) {
			t.Fatalf("confirmation %q missing", want)
		}
		lead.post(path+"/reverse", url.Values{"reason": {"  "}}).want(t, "no reason", 422, "撤销核销须说明原因")
		if got, _ := e.st.AuditCase(ctx, c.ID); !got.WrittenOff {
			t.Fatal("a refused reversal changed the case")
		}
		lead.post(path+"/reverse", url.Values{"reason": {"发现遗产可供追偿"}}).want(t, "reverse", 303)
		got, err := e.st.AuditCase(ctx, c.ID)
		if err != nil || got.WrittenOff || got.WriteOffReason != "" {
			t.Fatalf("after reversal: %+v %v", got, err)
		}
		if st := caseRow(got).Status; st == string(audit.CaseWrittenOff) {
			t.Fatalf("status %s", st)
		}
		lead.post(path+"/reverse", url.Values{"reason": {"again"}}).want(t, "reverse twice", 409)
		evs, err := e.st.AuditEvents(ctx, 0, c.ID)
		if err != nil || len(evs) < 2 {
			t.Fatalf("trail %d %v", len(evs), err)
		}
		last := evs[len(evs)-1]
		if last.Note != "撤销核销：发现遗产可供追偿" || last.From != string(audit.CaseWrittenOff) || last.Actor != "李强" || !strings.HasPrefix(evs[len(evs)-2].Note, "核销：") {
			t.Fatalf("trail: %+v", evs[len(evs)-2:])
		}
		// the auditor may write it off again
		aud.get(path).want(t, "writable again", 200, `id="writeoff"`, "发现遗产可供追偿")
	})
}

// TestWithdrawStopList: the city takes a stop list back with a reason;
// suspects a town already stopped stay stopped.
func TestWithdrawStopList(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fs, _ := auditFiles(t, 600)
		id := newRun(t, e, map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}})
		aud, clk := e.login("jihe"), e.login("rucheng")
		run := fmt.Sprintf("/audit/runs/%d", id)
		aud.post(run+"/send", nil).want(t, "send", 303)
		ru := suspectsOf(t, e, id, "如城街道", "")
		if len(ru) < 3 {
			t.Fatalf("fixture: %d suspects in 如城街道", len(ru))
		}
		sp := func(x store.AuditSuspect) string { return fmt.Sprintf("/audit/suspects/%d", x.ID) }
		for _, x := range ru[:3] {
			clk.post(sp(x)+"/reply", url.Values{"decision": {"confirm"}, "note": {"属实"}}).want(t, "confirm", 303)
		}
		aud.post(run+"/withdraw", url.Values{"reason": {"x"}}).want(t, "withdraw before issue", 409)
		if strings.Contains(aud.get(run).body, `id="withdraw-run"`) {
			t.Fatal("withdrawal offered before any issue")
		}
		aud.post(run+"/issue", nil).want(t, "issue", 303)
		page := aud.get(run)
		page.want(t, "withdraw form", 200, `id="withdraw-run"`)
		if want := "撤回停发名单：1 个镇（街道）的 3 人恢复为“镇已核实属实”"; !strings.Contains(html.UnescapeString(page.body), want) {
			t.Fatalf("confirmation %q missing", want)
		}
		clk.post(run+"/withdraw", url.Values{"reason": {"x"}}).want(t, "clerk withdraws", 403)
		aud.post(run+"/withdraw", url.Values{"reason": {" "}}).want(t, "no reason", 422, "撤回停发名单须说明原因")
		aud.post(run+"/withdraw", url.Values{"reason": {"名单有误"}}).want(t, "withdraw", 303)
		if n := len(suspectsOf(t, e, id, "如城街道", string(audit.StateTownConfirmed))); n != 3 {
			t.Fatalf("%d town-confirmed after the withdrawal, want 3", n)
		}
		if r, _ := e.st.AuditRun(ctx, id); r.IssuedAt != 0 || r.ConfirmDue != 0 {
			t.Fatalf("issue dates kept: %+v", r)
		}
		evs, _ := e.st.AuditEvents(ctx, ru[0].ID, 0)
		if last := evs[len(evs)-1]; last.Note != "撤回停发名单：名单有误" || last.To != string(audit.StateTownConfirmed) || last.Actor != "吴涛" {
			t.Fatalf("trail: %+v", last)
		}
		// issued again, one stopped by the town: only the others come back
		aud.post(run+"/issue", nil).want(t, "issue again", 303)
		clk.post(sp(ru[0])+"/stop", url.Values{"note": {"已停发"}}).want(t, "stop", 303)
		aud.post(run+"/withdraw", url.Values{"reason": {"政策调整"}}).want(t, "withdraw rest", 303, "")
		if x, _ := e.st.AuditSuspect(ctx, ru[0].ID); x.State != string(audit.StateStopped) {
			t.Fatalf("a stopped suspect was withdrawn: %s", x.State)
		}
		if n := len(suspectsOf(t, e, id, "如城街道", string(audit.StateTownConfirmed))); n != 2 {
			t.Fatalf("%d town-confirmed, want 2", n)
		}
		if r, _ := e.st.AuditRun(ctx, id); r.IssuedAt == 0 {
			t.Fatal("issue date cleared although a town stopped a payment")
		}
	})
}
