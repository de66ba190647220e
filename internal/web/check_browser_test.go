package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCheckOnEntry: the forms' check answers with the validators the
// server runs on submit, in the page's language.
func TestCheckOnEntry(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("tianbao")
	get := func(kind, v, max string) string {
		return c.get("/check?" + url.Values{"kind": {kind}, "v": {v}, "max": {max}}.Encode()).body
	}
	for _, x := range []struct{ kind, v, max, want string }{
		{"weight", "abc", "", "权重应为 0–100 的数"},
		{"weight", "101", "", "权重应为 0–100 的数"},
		{"weight", "10", "", ""},
		{"libweight", "0", "", "从指标库添加的指标须填写大于 0 的权重"},
		{"score", "12", "10", "得分应在 0 与权重之间"},
		{"score", "9.5", "10", ""},
		{"field", strings.Repeat("字", 201), "", "过长（最多 200 字）"},
		{"amount", "3,00", "", "金额应为元数"},
		{"amount", "0", "", "金额不能为 0。"},
		{"amount", "3万", "", `<span class="hint">3万 = 30,000.00 元</span>`},
		{"amount", "30000.00", "", ""},
	} {
		got := get(x.kind, x.v, x.max)
		if x.want == "" && got != "" || !strings.Contains(got, x.want) {
			t.Errorf("check %s %q (max %q) = %q, want %q", x.kind, x.v, x.max, got, x.want)
		}
		if x.want != "" && !strings.Contains(x.want, "hint") && !strings.Contains(got, `class="err"`) {
			t.Errorf("check %s %q: %q is not shown as an error", x.kind, x.v, got)
		}
	}
	c.get("/lang/en")
	if got := get("weight", "abc", ""); !strings.Contains(got, "Weight must be a number from 0 to 100") || strings.Contains(got, "权重") {
		t.Errorf("English check: %q", got)
	}
	if got := get("weight", "<b>", ""); strings.Contains(got, "<b>") {
		t.Errorf("check echoes markup: %q", got)
	}
}

// TestCheckBrowser: a field is checked when it changes, before the form is
// sent; after a refused send (422) the first field in error has the focus
// and is in view.
func TestCheckBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	pid := e.id("印刷费用", 2024)
	b.login("tianbao")
	b.open(fmt.Sprintf("/projects/%d/targets", pid))
	b.do(chromedp.WaitVisible(chromedp.ID("withdraw-targets")), chromedp.Click(chromedp.ID("withdraw-targets")),
		chromedp.WaitVisible(chromedp.ID("declare-targets")))
	// a bad weight is refused as soon as it is typed and left
	clear := func(id string) {
		t.Helper()
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(document.getElementById("`+id+`").value = "", true)`)); err != nil {
			t.Fatal(err)
		}
	}
	clear("t-weight-0")
	b.do(chromedp.SendKeys(chromedp.ID("t-weight-0"), "abc"), chromedp.Focus(chromedp.ID("t-l3-0")))
	b.waitText("#t-weight-0 + .check", "权重应为 0–100 的数")
	b.shot("check-01-on-entry")
	// fixed, the refusal goes
	clear("t-weight-0")
	b.do(chromedp.SendKeys(chromedp.ID("t-weight-0"), "5"), chromedp.Focus(chromedp.ID("t-l3-0")))
	b.waitNoText("#t-weight-0 + .check", "权重应为")
	// a library indicator added without a weight: refused, its weight field
	// (at the foot of the page) focused and scrolled into view
	b.do(chromedp.ScrollIntoView(chromedp.CSS(`button[name=add_lib][value="0"]`)), chromedp.Click(chromedp.CSS(`button[name=add_lib][value="0"]`)))
	b.waitText("main", "从指标库添加的指标须填写大于 0 的权重")
	focus := func(id string) {
		t.Helper()
		var ok bool
		for range 50 {
			got, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const el = document.activeElement; if (!el || el.id !== "`+id+`") return false;
				const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && window.scrollY > 0; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if ok = got; ok {
				break
			}
			b.do(chromedp.Sleep(100e6))
		}
		if !ok {
			active, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
			t.Fatalf("after the refusal %q has the focus, want %s focused and in view", active, id)
		}
	}
	focus("lib-weight-0")
	b.shot("check-02-first-error")
}
