package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/store/storetest"
	"jixiao/internal/validate"
)

// TestYear takes a new project through the whole year over HTTP, against
// every configured database: create from a template, targets, money,
// monitoring, self-evaluation with live preview, submission blocked by
// errors, the workflow with a return, finance re-scoring, the overviews.
func TestYear(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { testYear(t, d) })
	}
}

var idRE = regexp.MustCompile(`/projects/(\d+)/targets`)

func testYear(t *testing.T, dialect string) {
	e := newEnv(t, dialect)
	filer := e.login("tianbao")

	filer.get("/projects").want(t, "list", 200, "稽查费", "财政对困难人员代缴")
	filer.get("/projects/new").want(t, "new form", 200, "指标模板")
	// Server-side validation, message beside the field.
	filer.post("/projects", url.Values{"name": {""}, "year": {"20x4"}, "template": {"framework"}, "budget_local": {"1.234"}}).
		want(t, "invalid project", 422, "请填写项目名称", "年度应为", "金额应为")
	filer.post("/projects", url.Values{"name": {"测试项目"}, "year": {"2025"}, "template": {"framework"}, "basis": {strings.Repeat("依", validate.MaxProjectText+1)}}).
		want(t, "long basis", 422, "内容过长（最多 5000 字）")
	res := filer.post("/projects", url.Values{"name": {"测试项目"}, "year": {"2025"}, "start": {"2025-01"}, "end": {"2025-12"},
		"template": {"framework"}, "budget_local": {"100000"}})
	res.want(t, "create", 303)
	m := idRE.FindStringSubmatch(res.location)
	if m == nil {
		t.Fatalf("create redirected to %q", res.location)
	}
	pid := m[1]
	base := "/projects/" + pid
	filer.post("/projects", url.Values{"name": {"测试项目"}, "year": {"2025"}, "template": {"framework"}}).want(t, "duplicate", 422, "同名项目")

	page := filer.get(base + "/targets")
	page.want(t, "targets", 200, "立项依据充分性", "权重合计", "100")
	version := func(body string) string {
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no version in form")
		}
		return m[1]
	}
	// Targets: keep the template rows, change one weight so the sum is off.
	form := targetsForm(t, page.body)
	form.Set("weight_0", "5")
	form.Set("version", version(page.body))
	filer.post(base+"/targets", form).want(t, "save targets", 303)
	page = filer.get(base + "/targets")
	page.want(t, "weights off", 200, "权重合计须为 100", "103")
	filer.post(base+"/targets/declare", url.Values{"version": {version(page.body)}, "action": {"declare"}}).want(t, "declare off", 422, "权重合计须为 100 才能申报")
	form.Set("weight_0", "2")
	form.Set("weight_1", "abc")
	form.Set("version", version(filer.get(base+"/targets").body))
	filer.post(base+"/targets", form).want(t, "invalid weight", 422, "权重应为 0–100 的数")
	form.Set("weight_1", "2")
	// A stale version is refused, not overwritten.
	form.Set("version", "1")
	filer.post(base+"/targets", form).want(t, "stale targets", 409, "已被他人修改")
	form.Set("version", version(filer.get(base+"/targets").body))
	// A library indicator without a weight (or with 0) is refused when added,
	// naming the reason next to the library row; nothing is saved.
	rowsBefore := strings.Count(filer.get(base+"/targets").body, `name="l3_`)
	form.Set("add_lib", "0")
	for _, w := range []string{"", "0", "0.00"} {
		form.Set("lib_weight_0", w)
		res := filer.post(base+"/targets", form)
		res.want(t, "add from library without weight", 422, "从指标库添加的指标须填写大于 0 的权重")
		if !regexp.MustCompile(`id="lib-weight-0"[^>]*>\s*<span class="err"`).MatchString(res.body) {
			t.Fatalf("weight %q: the refusal is not next to the library row", w)
		}
	}
	if got := strings.Count(filer.get(base+"/targets").body, `name="l3_`); got != rowsBefore {
		t.Fatalf("a refused library row was saved: %d rows, want %d", got, rowsBefore)
	}
	form.Set("lib_weight_0", "3")
	filer.post(base+"/targets", form).want(t, "add from library", 303)
	filer.get(base+"/targets").want(t, "library row", 200, "发放率", "权重合计须为 100")
	form.Del("lib_weight_0")
	form.Del("add_lib")
	// Remove the added library row again (it is last).
	page = filer.get(base + "/targets")
	form = targetsForm(t, page.body)
	n, _ := strconv.Atoi(form.Get("n"))
	form.Set(fmt.Sprintf("del_%d", n-1), "1")
	form.Set("version", version(page.body))
	filer.post(base+"/targets", form).want(t, "delete row", 303)
	filer.get(base+"/targets").want(t, "weights ok", 200, `id="weight-total">100<`)
	filer.get("/library?q=差错").want(t, "library search", 200, "差错率")
	// Declare the targets; they are then fixed until the declaration is withdrawn.
	page = filer.get(base + "/targets")
	filer.post(base+"/targets/declare", url.Values{"version": {version(page.body)}, "action": {"declare"}}).want(t, "declare", 303)
	page = filer.get(base + "/targets")
	page.want(t, "declared", 200, "绩效目标已申报", "撤回申报")
	form = targetsForm(t, page.body)
	form.Set("version", version(page.body))
	filer.post(base+"/targets", form).want(t, "save declared", 422, "须先撤回申报")
	filer.post(base+"/targets/declare", url.Values{"version": {version(page.body)}, "action": {"withdraw"}}).want(t, "withdraw", 303)
	page = filer.get(base + "/targets")
	filer.post(base+"/targets/declare", url.Values{"version": {version(page.body)}, "action": {"declare"}}).want(t, "declare again", 303)

	// Money: receipts and spending give the two rates.
	filer.post(base+"/money", url.Values{"kind": {"receipt"}, "date": {"2025-01-10"}, "amount": {"100000"}, "source": {"1"}}).want(t, "receipt", 303)
	filer.post(base+"/money", url.Values{"kind": {"spending"}, "date": {"2025-05-10"}, "amount": {"abc"}, "source": {"1"}}).want(t, "bad amount", 422, "金额应为元数")
	filer.post(base+"/money", url.Values{"kind": {"spending"}, "date": {"2025-05-10"}, "amount": {"45000.50"}, "source": {"1"}, "note": {"第一批"}}).want(t, "spending", 303)
	filer.get(base).want(t, "rates", 200, `id="received-rate">100%`, `id="exec-rate">45%`, "45,000.50")

	// Monitoring at mid-year.
	page = filer.get(base + "/monitor?date=2025-06-30")
	page.want(t, "monitor", 200, "预警规则", "红灯")
	filer.post(base+"/monitor", url.Values{"version": {version(page.body)}, "date": {"2025-06-30"}, "progress_6": {"100%"}, "progress_11": {"40%"}, "reason_11": {"上半年发放集中在下半年"}, "reason": {""}}).want(t, "save monitor", 303)
	filer.get(base+"/monitor").want(t, "monitor saved", 200, "上半年发放集中在下半年", "light-red")

	// Self-evaluation: live preview scores without saving.
	page = filer.get(base + "/evaluate")
	page.want(t, "evaluate", 200, "实时评分", "hx-post")
	ev := evalForm(t, page.body)
	ev.Set("actual_11", "90%")
	ev.Set("score_11", "8.1")
	prev := filer.post(base+"/evaluate/preview", ev)
	prev.want(t, "preview", 200, "live-total", `hx-swap-oob="true"`)
	// Deduction without a basis: the field says so and nothing is saved.
	filer.post(base+"/evaluate", ev).want(t, "no basis", 422, "扣分须填写评分依据")
	ev.Set("basis_11", "部分对象资格待核实，暂缓发放")
	filer.post(base+"/evaluate", ev).want(t, "save eval", 303)
	page = filer.get(base + "/evaluate")
	page.want(t, "eval saved", 200, "部分对象资格待核实")
	// Unscored rows are errors: submission is refused.
	wf := url.Values{"version": {version(filer.get(base).body)}, "action": {"submit"}}
	filer.post(base+"/workflow", wf).want(t, "submit blocked", 422, "尚有指标未填写")

	// Fill every row with its full score (targets met) and submit.
	ev = evalForm(t, page.body)
	for i := 0; i < 19; i++ {
		k := strconv.Itoa(i)
		if i == 11 {
			continue
		}
		if ev.Get("actual_"+k) == "" {
			ev.Set("actual_"+k, targetOf(page.body, i))
		}
		ev.Set("score_"+k, weightOf(page.body, i))
	}
	if ev.Get("actual_7") != "45%" {
		t.Fatalf("预算执行率 not computed: %q", ev.Get("actual_7"))
	}
	ev.Set("score_7", "1.35")
	ev.Set("basis_7", "上半年支出进度慢，资金未用完")
	ev.Set("sec_problems", "无")
	ev.Set("version", version(page.body))
	filer.post(base+"/evaluate", ev).want(t, "save full", 303)
	body := filer.get(base).body
	if strings.Contains(body, "sev-error") && strings.Contains(body, "<b>错误</b>") {
		t.Fatalf("errors remain: %s", findings(body))
	}
	wf.Set("version", version(body))
	filer.post(base+"/workflow", wf).want(t, "submit", 303)
	filer.get(base).want(t, "submitted", 200, "已提交")
	// The filer can no longer edit.
	filer.post(base+"/money", url.Values{"kind": {"spending"}, "date": {"2025-05-10"}, "amount": {"1"}, "source": {"1"}}).want(t, "locked", 403)

	// Unit approver returns it with a comment, the filer resubmits.
	ap := e.login("shenhe")
	body = ap.get(base).body
	ap.post(base+"/workflow", url.Values{"version": {version(body)}, "action": {"return"}}).want(t, "return needs comment", 422, "退回须填写意见")
	ap.post(base+"/workflow", url.Values{"version": {version(body)}, "action": {"return"}, "comment": {"请补充满意度调查说明"}}).want(t, "return", 303)
	body = filer.get(base).body
	if !strings.Contains(body, "请补充满意度调查说明") || !strings.Contains(body, "草稿") {
		t.Fatal("return comment not in the audit trail")
	}
	filer.post(base+"/workflow", url.Values{"version": {version(body)}, "action": {"submit"}}).want(t, "resubmit", 303)
	ap.post(base+"/workflow", url.Values{"version": {version(ap.get(base).body)}, "action": {"approve"}}).want(t, "approve", 303)
	dp := e.login("renshe")
	dp.post(base+"/workflow", url.Values{"version": {version(dp.get(base).body)}, "action": {"dept"}}).want(t, "dept", 303)

	// Finance re-scores side by side, then closes its review.
	fin := e.login("caizheng")
	page = fin.get(base + "/review")
	page.want(t, "review", 200, "复核得分", "自评得分")
	rv := url.Values{"version": {version(page.body)}, "review_12": {"6"}}
	fin.post(base+"/review", rv).want(t, "review needs note", 422, "调整得分须写明复核意见")
	rv.Set("note_12", "足额发放率佐证不足")
	fin.post(base+"/review", rv).want(t, "review", 303)
	fin.get(base+"/review").want(t, "review saved", 200, `id="review-total">95.45`)
	fin.post(base+"/workflow", url.Values{"version": {version(fin.get(base).body)}, "action": {"finance"}}).want(t, "finance", 303)
	fin.get(base).want(t, "finished", 200, "财政已复核", `<span translate="no">足额发放率</span> · 复核得分`)
	fin.get("/finance?year=2025").want(t, "finance overview", 200, "<svg", "如皋市被征地农民基本生活保障资金管理中心")
	fin.get("/finance?year=2023").want(t, "finance 2023", 200, "自评得分疑似偏高的项目", "稽查费")
	fin.get("/projects?year=2023&status=finance_reviewed").want(t, "filtered list", 200, "稽查费")

	// Language switch.
	res = fin.get("/lang/en")
	res.want(t, "lang", 303)
	req, _ := http.NewRequest("GET", e.ts.URL+"/finance?year=2023", nil)
	req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
	fin.do(req).want(t, "english", 200, "Finance overview", "Grade distribution")
}

// targetsForm reads the targets form's fields back from the page.
func targetsForm(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range regexp.MustCompile(`name="((?:id|l1|l2|l3|target|weight)_\d+|n)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select name="(dir_\d+)">.*?</select>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], "")
	}
	return v
}

func evalForm(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range regexp.MustCompile(`name="((?:id|actual|score|basis)_\d+|version)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select name="(actual_\d+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		if s := regexp.MustCompile(`value="([^"]*)" selected`).FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], s[1])
		} else {
			v.Set(m[1], "")
		}
	}
	return v
}

var rowRE = regexp.MustCompile(`(?s)<tr>\s*<td translate="no"><small>[^<]*</small><br>[^<]*<input type="hidden" name="id_\d+"[^>]*></td>\s*<td><span translate="no">([^<]*)</span><br>.*?<td class="num">([0-9.]+)</td>`)

func targetOf(body string, i int) string {
	m := rowRE.FindAllStringSubmatch(body, -1)
	if i < len(m) {
		return htmlUnescape(m[i][1])
	}
	return ""
}

func weightOf(body string, i int) string {
	m := rowRE.FindAllStringSubmatch(body, -1)
	if i < len(m) {
		return m[i][2]
	}
	return ""
}

func findings(body string) string {
	i := strings.Index(body, `class="findings"`)
	if i < 0 {
		return ""
	}
	return body[i:min(len(body), i+2000)]
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&gt;", ">", "&lt;", "<", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}
