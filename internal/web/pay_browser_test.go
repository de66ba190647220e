package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao/internal/store"
)

// TestPayBrowser: the monthly cycle in headless Chromium — the auditor
// checks a generated June, reads the figures and the findings by town and
// kind, drills into one town; a town clerk reads their own town only,
// masked — with screenshots.
func TestPayBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	b.login("jihe")
	b.do(chromedp.Click(chromedp.ID("nav-pay")), chromedp.WaitVisible(chromedp.ID("demo-pay")))
	b.shot("pay-01-runs")
	b.do(chromedp.Click(chromedp.ID("demo-pay-run")), chromedp.WaitVisible(chromedp.ID("pay-towns")))
	b.waitText("#pay-figures", "发放率")
	b.waitText("#pay-fund", "合计")
	b.shot("pay-02-run")
	runs, err := e.st.PayRuns(t.Context())
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %d: %v", len(runs), err)
	}
	fs, err := e.st.PayFindings(t.Context(), store.PayFindingFilter{RunID: runs[0].ID, Town: "如城街道"})
	if err != nil || len(fs) == 0 {
		t.Fatalf("no finding in 如城街道: %v", err)
	}
	// the overpayments become 多领 cases, the closed and frozen accounts go to the survival audit
	b.do(chromedp.Click(chromedp.ID("open-pay-cases")))
	b.waitText("body", "已立追回案件（多领）") // the flash after the cases are open
	if strings.Contains(b.text("#pay-handover"), "多发转追回案件") {
		t.Error("the button to open cases is still there")
	}
	b.shot("pay-02b-handover")
	b.do(chromedp.Click(chromedp.ID("send-pay-deaths")))
	b.waitText("body", "银行账户")
	b.open(fmt.Sprintf("/pay/runs/%d", runs[0].ID))
	b.do(chromedp.WaitVisible(chromedp.ID("pay-deaths-run")))
	b.do(chromedp.Click(chromedp.CSS(`#pay-towns tbody a`)), chromedp.WaitVisible(chromedp.ID("pay-findings")))
	b.waitText("#drill", "·") // the first town's findings
	b.open(fmt.Sprintf("/pay/runs/%d?town=%s", runs[0].ID, "如城街道"))
	b.do(chromedp.WaitVisible(chromedp.ID("pay-findings")))
	b.waitText("#pay-findings", fs[0].IDNumber) // the auditor sees full IDs
	b.shot("pay-03-town")
	b.logout()

	b.login("rucheng")
	b.open(fmt.Sprintf("/pay/runs/%d", runs[0].ID))
	b.do(chromedp.WaitVisible(chromedp.ID("pay-findings")))
	if got := b.text("#pay-findings"); strings.Contains(got, fs[0].IDNumber) || !strings.Contains(got, "****") {
		t.Errorf("clerk sees %q", got)
	}
	if towns := b.text("#pay-towns tbody"); strings.Count(strings.TrimSpace(towns), "\n") > 0 || !strings.Contains(towns, "如城街道") {
		t.Errorf("clerk's towns: %q", towns)
	}
	b.shot("pay-04-clerk")
}

// TestPayMoneyBrowser: the filer fills a 2024 project's funds from the
// cycle with one button and sees the payouts per source linked to the
// checked month's run.
func TestPayMoneyBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.login("jihe").post("/pay", url.Values{"source": {"demo"}, "month": {"2024-03"}, "recipients": {"800"}}).want(t, "demo run", 303)
	runs, err := e.st.PayRuns(t.Context())
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %d: %v", len(runs), err)
	}
	pid := e.id("财政对城乡居民养老保险的补助", 2024)
	// an earlier fill: filling again asks first, naming how many of its
	// records go, and cancel keeps them
	e.login("tianbao").post(fmt.Sprintf("/projects/%d/money/from-pay", pid), nil).want(t, "first fill", 303)
	filled := func() (ids []int64) {
		for _, k := range []string{store.KindReceipt, store.KindSpending} {
			ms, err := e.st.MoneyRecords(t.Context(), pid, k)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.PayMonth != "" {
					ids = append(ids, m.ID)
				}
			}
		}
		return ids
	}
	before := filled()
	if len(before) == 0 {
		t.Fatal("the first fill wrote nothing")
	}
	b := newBrowser(t, e)
	b.login("tianbao")
	b.open(fmt.Sprintf("/projects/%d", pid))
	b.do(chromedp.WaitVisible(chromedp.ID("m-from-pay")))
	b.cancelConfirm("pay-05-confirm-fill", chromedp.Click(chromedp.ID("m-from-pay")), fmt.Sprintf("此前从待遇发放填入的 %d 条记录将被替换", len(before)))
	if after := filled(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("cancel changed the filled records: %v → %v", before, after)
	}
	b.do(chromedp.Click(chromedp.ID("m-from-pay")), confirmOK())
	b.waitText("#money-sources", "2024-03")
	b.do(chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#money a[href="/pay/runs/%d"]`, runs[0].ID))))
	b.shot("pay-05-project-money")
}
