package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao/internal/auditdb"
	"jixiao/internal/certrun"
)

// TestCertBrowser: the certification pages in headless Chromium — the
// auditor computes a month on generated data and sees the status per
// town, sends the suspension list into 两上两下 through the confirmation
// dialog; the 如城街道 clerk records an offline certification with an
// evidence file and sees it listed — with screenshots.
func TestCertBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	b.login("jihe")
	b.open("/cert")
	b.do(chromedp.WaitVisible(chromedp.ID("cert-demo")),
		chromedp.SetValue(chromedp.CSS(`#cert-demo input[name=recipients]`), "800"),
		chromedp.Click(chromedp.CSS(`#cert-demo button`)),
		chromedp.WaitVisible(chromedp.ID("cert-towns")))
	b.waitText(".flash", "资格认证率")
	b.waitText("#cert-towns", "如城街道")
	b.shot("cert-01-run")
	runs, err := e.st.CertRuns(t.Context())
	if err != nil || len(runs) != 2 { // the demo's and this one (newest first)
		t.Fatalf("%v: %d runs", err, len(runs))
	}
	v, err := auditdb.LoadCertRun(t.Context(), e.st, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.text("#cert-rate"); !strings.Contains(got, CertTally{Tally: v.Total}.Rate()) {
		t.Errorf("rate shown %q, want %s", got, CertTally{Tally: v.Total}.Rate())
	}
	b.do(chromedp.Click(chromedp.ID("send-suspend")), confirmOK(), chromedp.WaitVisible(chromedp.ID("towns")))
	b.waitText(".flash", "应暂停人员")
	b.shot("cert-02-suspension-sent")
	b.logout()

	sus, err := auditdb.CertRows(t.Context(), e.st, v.ID, certrun.ListSuspend, "如城街道")
	if err != nil || len(sus) == 0 {
		t.Fatalf("%v: nobody of 如城街道 to suspend", err)
	}
	photo := filepath.Join(t.TempDir(), "上门认证照片.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff\xe0photo"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.login("rucheng")
	b.open("/cert")
	b.do(chromedp.WaitVisible(chromedp.ID("offline")),
		chromedp.SendKeys(chromedp.CSS(`#offline input[name=id_number]`), sus[0].Roll.ID),
		chromedp.SendKeys(chromedp.CSS(`#offline input[name=name]`), sus[0].Roll.Name),
		chromedp.SetValue(chromedp.CSS(`#offline input[name=date]`), "2024-06-20"),
		chromedp.SetValue(chromedp.CSS(`#offline select[name=channel]`), "上门"),
		chromedp.SendKeys(chromedp.CSS(`#offline textarea[name=note]`), "卧床，入户核实本人健在"),
		chromedp.SetUploadFiles(chromedp.CSS(`#offline input[name=evidence]`), []string{photo}))
	b.shot("cert-03-offline-form")
	b.do(chromedp.Click(chromedp.CSS(`#offline button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText("#offline-list", "上门认证照片.jpg")
	b.waitText("#offline-list", "卧床，入户核实本人健在")
	b.shot("cert-04-offline-listed")
	b.open("/cert/runs/" + itoa(int(v.ID)))
	b.do(chromedp.WaitVisible(chromedp.ID("cert-towns")))
	got := b.text("#cert-towns")
	for _, tt := range v.Towns {
		if tt.Town != "如城街道" && strings.Contains(got, tt.Town) {
			t.Errorf("the clerk sees %s: %q", tt.Town, got)
		}
	}
	b.shot("cert-05-clerk-run")
}
