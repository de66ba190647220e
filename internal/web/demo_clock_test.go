package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestDemoClock: on the demo's own today every date agrees — the header
// says 演示日期 2024-12-10, new projects default to 2024, the trail and the
// money form are dated in 2024, and the overdue count follows the demo date.
func TestDemoClock(t *testing.T) {
	e := newEnvOpt(t, "sqlite", true)
	c := e.login("tianbao")
	c.get("/projects").want(t, "header", 200, `id="demo-date"`, "演示日期 2024-12-10")
	c.get("/projects/new").want(t, "new project", 200, `value="2024"`, `value="2024-01"`)
	pid := e.id("印刷费用", 2024)
	page := c.get(fmt.Sprintf("/projects/%d", pid))
	page.want(t, "project", 200, `value="2024-12-10"`, "<td>2024-12-10 ")
	if strings.Contains(page.body, "<td>20"+fmt.Sprint(e.srv.now().Year()+1)) {
		t.Error("trail dated after the demo year")
	}
	runs, err := e.st.AuditRuns(t.Context())
	if err != nil || len(runs) == 0 {
		t.Fatalf("runs: %v", err)
	}
	a := e.login("jihe")
	run := a.get(fmt.Sprintf("/audit/runs/%d", runs[0].ID))
	run.want(t, "run", 200, "镇核实截止 2024-12-", `id="overdue"`, "演示日期 2024-12-10")

	// outside the demo there is no demo date
	plain := newEnv(t, "sqlite")
	if b := plain.login("tianbao").get("/projects").body; strings.Contains(b, "demo-date") {
		t.Error("demo date shown outside the demo")
	}
}

// TestMonitorComputedRates: the monitoring rows 资金到位率 and 预算执行率
// show the rates computed from the money records — the same figure as the
// header — and a typed value for them is not kept.
func TestMonitorComputedRates(t *testing.T) {
	e := newEnv(t, "sqlite")
	pid := e.id("企业土地保养工生活补助", 2024)
	sh, err := e.st.LoadSheet(t.Context(), pid)
	if err != nil {
		t.Fatal(err)
	}
	exec := computedActual(&sh.Project, "预算执行率")
	if exec == "" || exec == "100%" {
		t.Fatalf("demo execution rate %q", exec)
	}
	c := e.login("tianbao")
	body := c.get(fmt.Sprintf("/projects/%d/monitor", pid)).body
	row := body[strings.Index(body, ">预算执行率</td>"):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, exec) || strings.Contains(row, "<input name=\"progress_") {
		t.Errorf("预算执行率 row %q, want the computed %s and no input", row, exec)
	}
}
