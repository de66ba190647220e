package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTodoBrowser: each role lands on its to-do list after login (the demo
// on its own today), and a filer sees the department's return at the top
// of the list and of the project.
func TestTodoBrowser(t *testing.T) {
	e := newEnvOpt(t, "sqlite", true)
	b := newBrowser(t, e)
	for _, user := range []string{"tianbao", "shenhe", "renshe", "caizheng", "jihe", "rucheng", "admin"} {
		b.login(user)
		b.do(chromedp.WaitVisible(chromedp.ID("nav-todo")))
		if user == "admin" {
			b.waitText("#todo-empty", "没有待办事项")
		} else {
			b.do(chromedp.WaitVisible(chromedp.ID("todo")), chromedp.WaitVisible(chromedp.ID("todo-count")))
		}
		b.shot("todo-" + user)
		b.logout()
	}

	pid := e.id("印刷费用", 2023)
	b.login("renshe")
	b.open(fmt.Sprintf("/projects/%d", pid))
	b.do(chromedp.WaitVisible(chromedp.ID("wf-return")),
		chromedp.SendKeys(chromedp.ID("wf-comment"), "请补充满意度调查样本说明"),
		chromedp.Click(chromedp.ID("wf-return")), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.logout()
	b.login("tianbao")
	b.waitText("#todo tbody tr:first-child", "请补充满意度调查样本说明")
	b.shot("todo-returned")
	b.do(chromedp.Click(chromedp.CSS("#todo tbody tr:first-child a")), chromedp.WaitVisible(chromedp.ID("returned")))
	b.waitText("#returned", "请补充满意度调查样本说明")
	b.waitText("#returned", "王芳")
	b.shot("todo-returned-project")
}
