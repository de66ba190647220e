package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao/internal/audit"
)

// TestAuditBrowser: the demo's audit pages in headless Chromium — the
// auditor's run page, a town clerk answering a suspect, the cases and
// rates — with screenshots.
func TestAuditBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	runs, err := e.st.AuditRuns(t.Context())
	if err != nil || len(runs) == 0 {
		t.Fatalf("demo run: %v", err)
	}
	b.login("jihe")
	b.open(fmt.Sprintf("/audit/runs/%d", runs[0].ID))
	b.do(chromedp.WaitVisible(chromedp.ID("towns")))
	b.waitText("#overdue", "逾期")
	b.shot("audit-01-run")

	b.open("/audit/cases?year=2024&rate=timely")
	b.do(chromedp.WaitVisible(chromedp.ID("cases")))
	b.shot("audit-02-cases")
	b.logout()

	pending := suspectsOf(t, e, runs[0].ID, "如城街道", string(audit.StatePending))
	b.login("rucheng")
	b.open(fmt.Sprintf("/audit/suspects/%d", pending[0].ID))
	b.do(chromedp.WaitVisible(chromedp.ID("reply")),
		chromedp.Click(chromedp.CSS(`#reply input[value=confirm]`)),
		chromedp.SendKeys(chromedp.CSS(`#reply textarea[name=note]`), "入户核实，已死亡"),
		chromedp.SendKeys(chromedp.CSS(`#reply textarea[name=evidence]`), "火化证明 2024-301"))
	b.shot("audit-03-suspect-reply")
	b.do(chromedp.Click(chromedp.CSS(`#reply button`)), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText("#trail", "入户核实，已死亡")
	if idn := b.text("#idn"); strings.Contains(idn, pending[0].IDNumber) || !strings.Contains(idn, "****") {
		t.Errorf("clerk sees ID %q", idn)
	}
	b.shot("audit-04-suspect-trail")
	b.logout()

	// the computed rates beside the 2024 稽查费 project's indicators
	b.login("tianbao")
	b.open(fmt.Sprintf("/projects/%d/evaluate", e.id("稽查费", 2024)))
	b.do(chromedp.WaitVisible(chromedp.CSS(".rate-hint")))
	b.shot("audit-05-evaluate-hint")
}
