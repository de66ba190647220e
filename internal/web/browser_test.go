package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color/palette"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao/internal/demo"
	"jixiao/internal/indicator"
	"jixiao/internal/store"
	"jixiao/internal/testenv"
)

// browser drives one headless Chromium tab against the env's server and
// saves screenshots under testdata/screenshots (git-ignored).
type browser struct {
	t     *testing.T
	ctx   context.Context
	e     *env
	dir   string
	guide bool // pictures for docs/guide: reduced to 216 colours to stay small
}

func newBrowser(t *testing.T, e *env) *browser {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(testenv.Chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	// JIXIAO_GUIDE_SHOTS renews the pictures of docs/guide.md (docs/guide);
	// JIXIAO_SCREENSHOTS puts them elsewhere; by default they are git-ignored.
	dir := os.Getenv("JIXIAO_GUIDE_SHOTS")
	if dir == "" {
		dir = os.Getenv("JIXIAO_SCREENSHOTS")
	}
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, e: e, dir: dir, guide: os.Getenv("JIXIAO_GUIDE_SHOTS") != ""}
	b.do(chromedp.EmulateViewport(1366, 768))
	return b
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

// waitText polls until the element's text contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		got, _ = chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
		if strings.Contains(got, want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("browser: %s says %q, want %q", sel, got, want)
}

// waitNoText polls until the element's text no longer contains gone.
func (b *browser) waitNoText(sel, gone string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		got, _ = chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
		if !strings.Contains(got, gone) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("browser: %s still says %q", sel, gone)
}

func (b *browser) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if b.guide {
		buf = smallPNG(b.t, buf)
	}
	p := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", p)
}

// smallPNG redraws a screenshot in the web-safe palette: a page of flat
// colours loses nothing visible and the file shrinks four times or more.
func smallPNG(t *testing.T, buf []byte) []byte {
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatal(err)
	}
	p := image.NewPaletted(img.Bounds(), palette.WebSafe)
	draw.Draw(p, p.Bounds(), img, img.Bounds().Min, draw.Src)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, p); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.e.ts.URL + path))
}

func (b *browser) login(user string) {
	b.t.Helper()
	b.open("/login")
	b.do(chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), demo.Password),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("logout")))
}

func (b *browser) logout() {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-btn")))
}

// TestBrowser drives the whole year in headless Chromium: log in, create a
// project from a template, targets, money, actuals with the live score,
// submit, approve, department review, finance re-score and review.
func TestBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	year := e.srv.now().Year()

	b.login("tianbao")
	b.open("/projects") // the landing page is the to-do list (todo.go)
	b.shot("01-projects")
	b.do(chromedp.Click(chromedp.ID("new-project")), chromedp.WaitVisible(chromedp.ID("create-project")),
		chromedp.SendKeys(chromedp.ID("f-name"), "浏览器测试项目"),
		chromedp.SendKeys(chromedp.ID("f-bl"), "200000"))
	b.shot("02-new-project")
	b.do(chromedp.Click(chromedp.ID("create-project")), chromedp.WaitVisible(chromedp.ID("save-targets")))
	b.waitText("#weight-total", "100")
	b.do(chromedp.SendKeys(chromedp.ID("lib-q"), "差错"))
	b.waitNoText("#library-results", "参保率") // htmx replaced the list with the matches
	b.waitText("#library-results", "差错率")
	b.shot("03-targets")
	b.do(chromedp.Click(chromedp.ID("save-targets")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.do(chromedp.Click(chromedp.ID("declare-targets")), confirmOK(), chromedp.WaitVisible(chromedp.ID("withdraw-targets")))
	b.waitText(".flash", "绩效目标已申报")

	// Money: a receipt of the whole budget, then spending of three quarters.
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(strings.TrimPrefix(loc, e.ts.URL), "/targets")
	b.open(base)
	for _, m := range []struct{ kind, date, amount string }{{"receipt", "-01-10", "200000"}, {"spending", "-03-10", "150000"}} {
		b.do(chromedp.WaitVisible(chromedp.ID("m-add")),
			chromedp.SetValue(chromedp.ID("m-kind"), m.kind),
			chromedp.SetValue(chromedp.ID("m-date"), fmt.Sprint(year)+m.date),
			chromedp.SendKeys(chromedp.ID("m-amount"), m.amount),
			chromedp.Click(chromedp.ID("m-add")),
			chromedp.WaitVisible(chromedp.CSS(".flash")))
	}
	b.waitText("#exec-rate", "75%")
	b.waitText("#received-rate", "100%")

	// Actuals with the live score: every target met except 预算执行率.
	b.open(base + "/evaluate")
	b.do(chromedp.WaitVisible(chromedp.ID("save-eval")))
	tp, _ := indicator.Find("framework")
	for i, r := range tp.Rows {
		id := fmt.Sprint(i)
		score := fmt.Sprint(r.Weight)
		if r.Level3 == "预算执行率" {
			score = "2.25"
			b.do(chromedp.SendKeys(chromedp.ID("e-basis-"+id), "资金尚未用完"))
		} else if r.Level3 != "资金到位率" {
			b.do(chromedp.SetValue(chromedp.ID("e-actual-"+id), strings.TrimPrefix(r.Target, "≥")))
		}
		b.do(chromedp.SendKeys(chromedp.ID("e-score-"+id), score))
	}
	b.waitText("#live-total", "99.25")
	b.waitText("#live-errors", "无错误")
	b.shot("04-evaluate-live")
	b.do(chromedp.Click(chromedp.ID("save-eval")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.open(base)
	b.do(chromedp.WaitVisible(chromedp.ID("wf-submit")), chromedp.Click(chromedp.ID("wf-submit")), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText(".flash", "已提交")
	b.shot("05-project-submitted")
	b.logout()

	for _, step := range []struct{ user, button, status string }{
		{"shenhe", "wf-approve", "单位已审核"}, {"renshe", "wf-dept", "主管部门已审核"},
	} {
		b.login(step.user)
		b.open(base)
		b.do(chromedp.WaitVisible(chromedp.ID(step.button)), chromedp.Click(chromedp.ID(step.button)), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
		b.waitText(".flash", step.status)
		b.logout()
	}

	b.login("caizheng")
	b.open(base + "/review")
	b.do(chromedp.WaitVisible(chromedp.ID("save-review")),
		chromedp.SendKeys(chromedp.ID("r-score-12"), "7"),
		chromedp.SendKeys(chromedp.ID("r-note-12"), "抽查发现一笔发放延迟"),
		chromedp.Click(chromedp.ID("save-review")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText("#review-total", "98.25")
	b.shot("06-finance-review")
	b.open(base)
	b.do(chromedp.WaitVisible(chromedp.ID("wf-finance")), chromedp.Click(chromedp.ID("wf-finance")), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText(".flash", "财政已复核")
	b.shot("07-project-reviewed")
	b.open("/finance?year=2023")
	b.do(chromedp.WaitVisible(chromedp.CSS("svg.chart")))
	b.shot("08-finance-overview")
	b.open(fmt.Sprintf("/projects/%d/monitor", e.id("印刷费用", 2024)))
	b.do(chromedp.WaitVisible(chromedp.CSS(".rule")))
	b.shot("09-monitor")
	// The printed project page (A4, no navigation).
	b.open(base)
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "11-project-print.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("/lang/en")
	b.open(fmt.Sprintf("/projects/%d/evaluate", e.id("财政对城乡居民养老保险的补助", 2023)))
	b.do(chromedp.WaitVisible(chromedp.ID("live")))
	b.shot("10-evaluate-en")

	// Upload a filled-in form and see the preview (documents_test.go has the rest).
	b.open("/lang/zh-CN")
	b.logout()
	b.login("tianbao")
	draft := e.id("印刷费用", 2024)
	form := filepath.Join(t.TempDir(), "印刷费用.xlsx")
	if err := os.WriteFile(form, sheetXLSX(t, e, draft, func(sh *store.Sheet) { sh.Rows[0].Actual = "浏览器上传值" }), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open(fmt.Sprintf("/projects/%d", draft))
	b.do(chromedp.WaitVisible(chromedp.ID("dl-xlsx")), chromedp.Click(chromedp.ID("import-link")), chromedp.WaitVisible(chromedp.ID("upload-form")),
		chromedp.SetUploadFiles(chromedp.ID("upload-file"), []string{form}), chromedp.Click(chromedp.ID("upload-btn")),
		chromedp.WaitVisible(chromedp.ID("import-preview")))
	b.waitText("#import-preview", "浏览器上传值")
	b.shot("12-import-preview")
}
