package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/store"
)

// confirmOK accepts the confirmation dialog of static/app.js.
func confirmOK() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.WaitVisible(chromedp.ID("confirm-ok")), chromedp.Click(chromedp.ID("confirm-ok")))
}

// cancelConfirm runs trigger, expects the confirmation dialog saying every
// want, and cancels it; the page must stay where it was.
// A screenshot of the open dialog is saved as shot unless shot is "".
func (b *browser) cancelConfirm(shot string, trigger chromedp.Action[chromedp.Void], want ...string) {
	b.t.Helper()
	before, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	b.do(trigger, chromedp.WaitVisible(chromedp.ID("confirm-dialog")))
	for _, w := range want {
		b.waitText("#confirm-message", w)
	}
	if shot != "" {
		b.shot(shot)
	}
	b.do(chromedp.Click(chromedp.ID("confirm-cancel")), chromedp.WaitNotVisible(chromedp.ID("confirm-dialog")))
	time.Sleep(200 * time.Millisecond) // a form sent by mistake would navigate now
	after, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	if after != before {
		b.t.Fatalf("cancel navigated from %s to %s", before, after)
	}
}

// leaveAccepting navigates to path, accepting any JavaScript dialog the
// page raises on the way out, and returns the dialog's type ("" if none).
func (b *browser) leaveAccepting(path string) string {
	b.t.Helper()
	lctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	got := make(chan string, 1)
	opening := chromedp.Events(lctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range opening {
			if err != nil {
				return
			}
			got <- string(ev.Type)
			go chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
				return err
			}))
			return
		}
	}()
	b.open(path)
	select {
	case typ := <-got:
		return typ
	default:
		return ""
	}
}

// logoutUnsaved leaves a page with unsaved edits (accepting the browser's
// question, which must come) and logs out.
func (b *browser) logoutUnsaved() {
	b.t.Helper()
	if typ := b.leaveAccepting("/"); typ != "beforeunload" {
		b.t.Fatalf("leaving unsaved edits: dialog %q, want beforeunload", typ)
	}
	b.do(chromedp.WaitVisible(chromedp.ID("logout")))
	b.logout()
}

// TestConfirmBrowser: every consequential action asks first, naming what
// will happen and to how many; cancel leaves everything as it was, OK does
// it. Edited forms warn before the page is left.
func TestConfirmBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	ctx := context.Background()
	pid := e.id("印刷费用", 2024)
	sheet := func() store.Sheet {
		sh, err := e.st.LoadSheet(ctx, pid)
		if err != nil {
			t.Fatal(err)
		}
		return sh
	}
	spending := func() []store.MoneyRecord {
		xs, err := e.st.MoneyRecords(ctx, pid, store.KindReceipt)
		if err != nil {
			t.Fatal(err)
		}
		return xs
	}

	b.login("tianbao")
	// deleting a money record
	b.open(fmt.Sprintf("/projects/%d", pid))
	n := len(spending())
	if n == 0 {
		t.Fatal("demo project has no receipt")
	}
	del := chromedp.Click(chromedp.CSS(`#money form[action$="/delete"] button`))
	b.cancelConfirm("confirm-01-delete-money", del, "删除", "元", "资金到位率将重新计算")
	if got := len(spending()); got != n {
		t.Fatalf("cancel deleted a record: %d → %d", n, got)
	}
	// submitting
	b.cancelConfirm("", chromedp.Click(chromedp.ID("wf-submit")), "提交“印刷费用”", "不能再修改")
	if st := sheet().Project.Status; st != "draft" {
		t.Fatalf("cancel submitted: %s", st)
	}
	// OK deletes
	b.do(del, confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := len(spending()); got != n-1 {
		t.Fatalf("confirmed delete: %d records, want %d", got, n-1)
	}

	// targets: deleting ticked rows, declaring, unsaved edits
	b.open(fmt.Sprintf("/projects/%d/targets", pid))
	b.do(chromedp.WaitVisible(chromedp.ID("withdraw-targets")), chromedp.Click(chromedp.ID("withdraw-targets")),
		chromedp.WaitVisible(chromedp.ID("declare-targets")))
	rows := len(sheet().Rows)
	b.cancelConfirm("", chromedp.Click(chromedp.ID("declare-targets")), "申报“印刷费用”", fmt.Sprintf("%d 项指标", rows))
	if sheet().Project.TargetsDeclared {
		t.Fatal("cancel declared the targets")
	}
	b.do(chromedp.Click(chromedp.CSS(`input[name=del_0]`)))
	b.cancelConfirm("", chromedp.Click(chromedp.ID("save-targets")), "删除勾选的 1 行指标")
	if got := len(sheet().Rows); got != rows {
		t.Fatalf("cancel deleted rows: %d → %d", rows, got)
	}
	// the tick made the form dirty: the warning shows, leaving is stopped
	b.do(chromedp.WaitVisible(chromedp.CSS(`#targets-form.dirty`)))
	b.shot("confirm-02-unsaved")
	stopped, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const ev = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(ev); return ev.defaultPrevented; })()`))
	if err != nil || !stopped {
		t.Fatalf("beforeunload on an edited form: prevented=%v err=%v", stopped, err)
	}
	// leaving asks the browser's own question; accepting it leaves
	if typ := b.leaveAccepting(fmt.Sprintf("/projects/%d/evaluate", pid)); typ != "beforeunload" {
		t.Fatalf("leaving an edited form: dialog %q, want beforeunload", typ)
	}
	b.do(chromedp.WaitVisible(chromedp.ID("save-eval")))
	stopped, err = chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const ev = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(ev); return ev.defaultPrevented; })()`))
	if err != nil || stopped {
		t.Fatalf("beforeunload on an untouched form: prevented=%v err=%v", stopped, err)
	}
	b.logout()

	// the auditor: a new month with one confirmed suspect, then the stop list
	jihe, err := e.st.UserByName(ctx, "jihe")
	if err != nil {
		t.Fatal(err)
	}
	in, err := auditdb.Demo(t.TempDir(), auditgen.Config{Seed: 7, Recipients: 300, Deaths: 30, AsOf: cal.MonthOf(2024, 7)})
	if err != nil {
		t.Fatal(err)
	}
	in.By = jihe.ID
	runID, _, err := auditdb.Execute(ctx, e.st, in, e.srv.now())
	if err != nil {
		t.Fatal(err)
	}
	b.login("jihe")
	b.open(fmt.Sprintf("/audit/runs/%d", runID))
	b.cancelConfirm("", chromedp.Click(chromedp.ID("send-run")), "个镇（街道）下发", "条疑点")
	if run, _ := e.st.AuditRun(ctx, runID); run.SentAt != 0 {
		t.Fatal("cancel sent the suspects")
	}
	b.do(chromedp.Click(chromedp.ID("send-run")), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if run, _ := e.st.AuditRun(ctx, runID); run.SentAt == 0 {
		t.Fatal("OK did not send the suspects")
	}
	xs := suspectsOf(t, e, runID, "", string(audit.StatePending))
	if len(xs) < 2 {
		t.Fatalf("%d pending suspects", len(xs))
	}
	town := auditdb.Actor{Name: "经办员", Role: audit.RoleTown, Town: xs[0].Town}
	for _, x := range xs[:2] {
		if x.Town == xs[0].Town {
			if err := auditdb.Reply(ctx, e.st, x.ID, town, true, "已死亡", "火化证明", e.srv.now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	confirmed := len(suspectsOf(t, e, runID, "", string(audit.StateTownConfirmed)))
	b.open(fmt.Sprintf("/audit/runs/%d", runID))
	b.cancelConfirm("confirm-03-stop-list", chromedp.Click(chromedp.ID("issue-run")), "下发停发名单", fmt.Sprintf("1 个镇（街道）的 %d 人", confirmed))
	if run, _ := e.st.AuditRun(ctx, runID); run.IssuedAt != 0 {
		t.Fatal("cancel issued the stop list")
	}
	// the stop list sent, then taken back: the question names how many
	b.do(chromedp.Click(chromedp.ID("issue-run")), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.WaitVisible(chromedp.ID("withdraw-run")), chromedp.SendKeys(chromedp.CSS(`#withdraw-run textarea[name=reason]`), "名单有误"))
	b.cancelConfirm("", chromedp.Click(chromedp.CSS(`#withdraw-run button`)), "撤回停发名单", fmt.Sprintf("%d 人恢复", confirmed))
	if n := len(suspectsOf(t, e, runID, "", string(audit.StateSuspensionIssued))); n != confirmed {
		t.Fatalf("cancel withdrew the stop list: %d issued, want %d", n, confirmed)
	}

	// 核销 of an open case
	cases, err := e.st.AuditCases(ctx, store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var open store.AuditCase
	for _, c := range cases {
		if row := caseRow(c); !c.WrittenOff && row.Outstanding > 0 {
			open = c
			break
		}
	}
	if open.ID == 0 {
		t.Fatal("demo has no open case")
	}
	// the typed reason of the withdrawal is unsaved: leaving asks first
	if typ := b.leaveAccepting(fmt.Sprintf("/audit/cases/%d", open.ID)); typ != "beforeunload" {
		t.Fatalf("leaving a typed withdrawal reason: dialog %q, want beforeunload", typ)
	}
	b.do(chromedp.WaitVisible(chromedp.ID("writeoff")), chromedp.SendKeys(chromedp.CSS(`#writeoff textarea[name=reason]`), "无力偿还"))
	b.cancelConfirm("", chromedp.Click(chromedp.CSS(`#writeoff button`)), fmt.Sprintf("核销案件 #%d", open.ID), "不再追讨")
	if c, _ := e.st.AuditCase(ctx, open.ID); c.WrittenOff {
		t.Fatal("cancel wrote the case off")
	}
	b.logoutUnsaved() // the write-off reason typed and cancelled is still unsaved

	// the leader's reversal of a write-off
	var off store.AuditCase
	for _, c := range cases {
		if c.WrittenOff {
			off = c
		}
	}
	if off.ID == 0 {
		t.Fatal("demo has no written-off case")
	}
	b.login("shenhe")
	b.open(fmt.Sprintf("/audit/cases/%d", off.ID))
	b.do(chromedp.WaitVisible(chromedp.ID("reverse")), chromedp.SendKeys(chromedp.CSS(`#reverse textarea[name=reason]`), "发现遗产"))
	b.cancelConfirm("", chromedp.Click(chromedp.CSS(`#reverse button`)), fmt.Sprintf("撤销核销案件 #%d", off.ID), "恢复追讨")
	if c, _ := e.st.AuditCase(ctx, off.ID); !c.WrittenOff {
		t.Fatal("cancel reversed the write-off")
	}
	b.logoutUnsaved()

	// the town clerk's reply
	pending := suspectsOf(t, e, 0, "如城街道", string(audit.StatePending))
	if len(pending) == 0 {
		t.Fatal("no pending suspect in 如城街道")
	}
	b.login("rucheng")
	b.open(fmt.Sprintf("/audit/suspects/%d", pending[0].ID))
	b.do(chromedp.WaitVisible(chromedp.ID("reply")), chromedp.Click(chromedp.CSS(`#reply input[value=confirm]`)),
		chromedp.SendKeys(chromedp.CSS(`#reply textarea[name=note]`), "入户核实"))
	b.cancelConfirm("", chromedp.Click(chromedp.CSS(`#reply button`)), fmt.Sprintf("上报疑点 #%d", pending[0].ID))
	if x, _ := e.st.AuditSuspect(ctx, pending[0].ID); x.State != string(audit.StatePending) {
		t.Fatalf("cancel replied: %s", x.State)
	}
	b.logoutUnsaved()

	// the administrator disables a user and resets a password
	b.login("admin")
	b.open("/admin/users")
	jiuye, err := e.st.UserByName(ctx, "jiuye")
	if err != nil {
		t.Fatal(err)
	}
	disable := chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/admin/users/%d/active"] button`, jiuye.ID)))
	b.cancelConfirm("", disable, "停用用户 jiuye（赵磊）")
	b.cancelConfirm("", chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/admin/users/%d/password"] button`, jiuye.ID))), "重置 jiuye（赵磊）的密码")
	if u, _ := e.st.UserByID(ctx, jiuye.ID); !u.Active || u.MustChange {
		t.Fatalf("cancel changed the user: %+v", u)
	}
	b.do(disable, confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if u, _ := e.st.UserByID(ctx, jiuye.ID); u.Active {
		t.Fatal("OK did not disable the user")
	}

	// in English the question is English
	b.open("/lang/en")
	b.open("/admin/users")
	attr, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS(`form[action$="/password"]`), "data-confirm"))
	if msg := attr.Value; err != nil || !strings.HasPrefix(msg, "Reset the password") {
		t.Fatalf("English confirmation %q (%v)", msg, err)
	}
}

// TestUnsavedEveryForm: a form with no data-unsaved mark warns too once
// something is typed into it — the reason of a write-off, the comment of a
// workflow step — and stops warning once it is sent or untouched.
func TestUnsavedEveryForm(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	beforeUnload := func() bool {
		stopped, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const ev = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(ev); return ev.defaultPrevented; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return stopped
	}
	b.login("jihe")
	b.open("/audit/cases/2")
	b.do(chromedp.WaitVisible(chromedp.ID("writeoff")))
	if beforeUnload() {
		t.Fatal("an untouched case page warns before leaving")
	}
	b.do(chromedp.SendKeys(chromedp.CSS(`#writeoff textarea[name=reason]`), "无法联系家属"), chromedp.WaitVisible(chromedp.CSS(`#writeoff.dirty`)))
	if !beforeUnload() {
		t.Fatal("a typed write-off reason is lost without a warning")
	}
	if typ := b.leaveAccepting("/"); typ != "beforeunload" { // the browser asks; accepting leaves
		t.Fatalf("leaving a typed write-off reason: dialog %q, want beforeunload", typ)
	}
	b.do(chromedp.WaitVisible(chromedp.ID("logout")))
	b.logout()
	b.login("shenhe")
	b.open(fmt.Sprintf("/projects/%d", e.id("居（失）保业务运转", 2023)))
	b.do(chromedp.WaitVisible(chromedp.ID("wf-comment")))
	if beforeUnload() {
		t.Fatal("an untouched project page warns before leaving")
	}
	b.do(chromedp.SendKeys(chromedp.ID("wf-comment"), "请补充佐证"))
	if !beforeUnload() {
		t.Fatal("a typed workflow comment is lost without a warning")
	}
}

// TestCloseSuspectAsks: closing a suspect (办结) asks first, naming the
// suspect; cancel records no outcome.
func TestCloseSuspectAsks(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	xs := suspectsOf(t, e, 0, "", "")
	var id int64
	for _, x := range xs {
		if _, has, err := e.st.AuditOutcomeOf(t.Context(), x.ID); err == nil && !has && x.State != "" {
			id = x.ID
			break
		}
	}
	if id == 0 {
		t.Fatal("no open suspect in the demo")
	}
	b.login("jihe")
	b.open(fmt.Sprintf("/audit/suspects/%d", id))
	b.do(chromedp.WaitVisible(chromedp.ID("close")),
		chromedp.SetValue(chromedp.CSS(`#close select[name=outcome]`), "争议"))
	b.cancelConfirm("", chromedp.Click(chromedp.CSS(`#close button`)), fmt.Sprintf("办结疑点 #%d", id))
	if _, has, err := e.st.AuditOutcomeOf(t.Context(), id); err != nil || has {
		t.Fatalf("cancel closed the suspect: has=%v err=%v", has, err)
	}
}
