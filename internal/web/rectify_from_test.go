package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/store"
)

var rectLinkRE = regexp.MustCompile(`<a class="no-print rect-from" href="([^"]+)"`)

// TestRectifyFromDeskAndTodo: a review-desk finding becomes a 整改 item
// through the prefilled form; the overdue item is on the unit's and the
// bureau's to-do lists, and once reported it waits there for acceptance.
func TestRectifyFromDeskAndTodo(t *testing.T) {
	e := newEnv(t, "sqlite")
	fin := e.login("caizheng")
	desk := fin.get("/finance/reviewdesk?year=2023")
	m := rectLinkRE.FindStringSubmatch(desk.body)
	if m == nil {
		t.Fatal("the review desk offers no 登记整改 link")
	}
	link, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	q := link.Query()
	problem := q.Get("problem")
	if problem == "" || q.Get("project") == "" || q.Get("source") != "bureau" {
		t.Fatalf("link %s", link)
	}
	form := fin.get(link.RequestURI())
	form.want(t, "prefilled", http.StatusOK, `id="rect-problem" value="`+html.EscapeString(problem), `value="`+q.Get("project")+`" selected`)
	if res := fin.post("/rectify", url.Values{"project": {q.Get("project")}, "source": {"bureau"}, "problem": {problem}, "owner": {"张敏"}, "due": {"2020-03-31"}}); res.code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.code, res.body)
	}
	items, err := e.st.Rectifications(t.Context(), store.RectFilter{Year: 2023})
	if err != nil || len(items) != 1 || items[0].Problem != problem || itoa(int(items[0].ProjectID)) != q.Get("project") {
		t.Fatalf("items %+v %v", items, err)
	}
	fin.get("/").want(t, "bureau to-do", http.StatusOK, `class="todo-rect_overdue overdue"`, "整改已逾期")
	filer := e.login("tianbao")
	todo := filer.get("/")
	todo.want(t, "unit to-do", http.StatusOK, `class="todo-rectify overdue"`, "整改待反馈")
	// Overdue 整改 comes right after returned sheets, before other deadlines.
	body := todo.body[strings.Index(todo.body, `id="todo"`):]
	if i, j := strings.Index(body, "todo-rectify"), strings.Index(body, "todo-selfeval"); j >= 0 && i > j {
		t.Error("the overdue item is listed after a self-evaluation")
	}
	if res := filer.post("/rectify/"+itoa(int(items[0].ID))+"/report", url.Values{"feedback": {"已整改"}}); res.code != http.StatusSeeOther {
		t.Fatalf("report: %d", res.code)
	}
	if strings.Contains(filer.get("/").body, "todo-rectify") {
		t.Error("a reported item still waits for the unit")
	}
	fin.get("/").want(t, "to accept", http.StatusOK, `class="todo-rect_accept overdue"`, "整改待验收")
}
