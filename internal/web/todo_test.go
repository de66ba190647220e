package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestTodo: the landing page of every role on the demo (on its own today)
// lists what waits for that user, with the count in the navigation; a
// sheet returned by the department shows its comment at the top of the
// filer's list and of the project page.
func TestTodo(t *testing.T) {
	e := newEnvOpt(t, "sqlite", true)
	count := regexp.MustCompile(`id="todo-count">(\d+)<`)
	rows := regexp.MustCompile(`<tr class="todo-`)
	check := func(user string, want ...string) string {
		t.Helper()
		body := e.login(user).get("/").body
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s's to-do lacks %q", user, w)
			}
		}
		n := len(rows.FindAllString(body, -1))
		m := count.FindStringSubmatch(body)
		if n == 0 || m == nil || m[1] != fmt.Sprint(n) {
			t.Errorf("%s: %d items, navigation count %v", user, n, m)
		}
		return body
	}
	check("tianbao", "绩效自评待提交", "印刷费用（2024）", "2025-03-31")
	check("shenhe", "待单位审核", "居（失）保业务运转（2023）")
	check("renshe", "待主管部门审核", "印刷费用（2023）")
	check("caizheng", "待财政复核", "财政对城乡居民养老保险的补助（2023）")
	check("jihe", "镇（街道）逾期未核实", "如城街道", "追回案件待跟进")
	check("rucheng", "疑点待核实上报", "停发待确认", "已逾期", "资格认证即将到期，请组织认证")

	// the department returns 印刷费用 2023 with a comment
	pid := e.id("印刷费用", 2023)
	sh, err := e.st.LoadSheet(t.Context(), pid)
	if err != nil {
		t.Fatal(err)
	}
	const comment = "满意度指标缺少调查样本说明，请补充后重新提交。"
	e.login("renshe").post(fmt.Sprintf("/projects/%d/workflow", pid), url.Values{"version": {fmt.Sprint(sh.Project.Version)}, "action": {"return"}, "comment": {comment}}).want(t, "return", 303)
	body := check("tianbao", "被退回，请修改后重新提交", comment, "王芳")
	if strings.Index(body, "todo-returned") > strings.Index(body, "todo-selfeval") {
		t.Error("the returned sheet is not at the top of the list")
	}
	page := e.login("tianbao").get(fmt.Sprintf("/projects/%d", pid))
	page.want(t, "returned project", 200, `id="returned"`, comment)
	if strings.Index(page.body, `id="returned"`) > strings.Index(page.body, `id="workflow"`) {
		t.Error("the comment is not at the top of the project page")
	}
	// and it has left the department's list
	if strings.Contains(e.login("renshe").get("/").body, "印刷费用（2023）") {
		t.Error("the returned sheet is still in the department's list")
	}
}
