package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAssessBrowser: the finance reviewer assesses a new project on the
// five dimensions, sees the conclusion, puts it into the budget list, and
// lists an unassessed one only after giving the reason the gate asks for.
func TestAssessBrowser(t *testing.T) {
	e := newEnvOpt(t, "sqlite", true)
	b := newBrowser(t, e)
	b.login("caizheng")
	b.do(chromedp.Click(chromedp.ID("nav-assess")), chromedp.WaitVisible(chromedp.ID("assess-table")))
	b.waitText("#assess-table", "须评估，未评估")
	b.shot("assess-list")

	id := e.id("稽查费", 2023)
	b.open(fmt.Sprintf("/projects/%d/assess", id))
	b.do(chromedp.WaitVisible(chromedp.ID("assess-form")))
	for k, s := range []string{"24", "18", "18", "18", "14"} {
		b.do(chromedp.SendKeys(chromedp.ID(fmt.Sprintf("a-score-%d", k)), s),
			chromedp.SendKeys(chromedp.ID(fmt.Sprintf("a-opinion-%d", k)), "基本符合要求"))
	}
	b.do(chromedp.SendKeys(chromedp.ID("a-opinion"), "立项必要，测算充分"), chromedp.Click(chromedp.ID("save-assess")),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText(".assessment .conclusion", "通过")
	b.waitText(".assessment", "92")
	b.shot("assess-project")

	b.open("/finance/assess?year=2023")
	b.do(chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("list-%d", id))), chromedp.Click(chromedp.ID(fmt.Sprintf("list-%d", id))),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText(fmt.Sprintf("#p%d", id), "已列入")

	other := e.id("印刷费用", 2023)
	b.do(chromedp.Click(chromedp.ID(fmt.Sprintf("list-%d", other))), chromedp.WaitVisible(chromedp.CSS(`p.error[role=alert]`)))
	b.waitText(`p.error[role=alert]`, "不得列入预算")
	b.do(chromedp.SendKeys(chromedp.ID(fmt.Sprintf("override-%d", other)), "上级专项配套，须年初安排"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("list-%d", other))), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText(fmt.Sprintf("#p%d .override", other), "上级专项配套")
	b.waitText("#assess-listed", "2")
	b.shot("assess-budget-list")
}

// TestTargetReviewBrowser: the reviewer sees the automatic checks ticked as
// suggestions, returns the sheet 修改后通过, and the round is listed.
func TestTargetReviewBrowser(t *testing.T) {
	e := newEnvOpt(t, "sqlite", true)
	b := newBrowser(t, e)
	b.login("caizheng")
	id := e.id("稽查费", 2024)
	b.open(fmt.Sprintf("/projects/%d/targetreview", id))
	b.do(chromedp.WaitVisible(chromedp.ID("tr-form")))
	b.waitText("#tr-checks", "→")
	b.shot("targetreview-form")
	b.do(chromedp.SendKeys(chromedp.ID("tr-opinion"), "满意度指标请注明调查方式"),
		chromedp.SetValue(chromedp.ID("tr-result"), "修改后通过"),
		chromedp.Click(chromedp.ID("tr-save")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText("#round-1 .result", "修改后通过")
	b.waitText("#round-1", "满意度指标请注明调查方式")
	b.shot("targetreview-round")
}
