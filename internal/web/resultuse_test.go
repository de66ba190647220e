package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/store/storetest"
)

func TestResultUse(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			fin := e.login("caizheng")
			res := fin.get("/finance/apply?year=2023")
			res.want(t, "结果应用", http.StatusOK, `id="apply-table"`, "稽查费", "优先保障")
			id := e.id("稽查费", 2023)
			path := "/finance/apply/" + itoa(int(id))
			// Departing from the advice needs a reason.
			fin.post(path, url.Values{"decision": {"核减或控制新增"}}).want(t, "no reason", http.StatusUnprocessableEntity, "须说明理由")
			fin.post(path, url.Values{"decision": {"随便"}}).want(t, "bad decision", http.StatusUnprocessableEntity, "请选择预算决定")
			res = fin.post(path, url.Values{"decision": {"核减或控制新增"}, "note": {"连续两年结余较多"}})
			if res.code != http.StatusSeeOther {
				t.Fatalf("save: %d %s", res.code, res.body)
			}
			fin.get("/finance/apply?year=2023").want(t, "after", http.StatusOK, "连续两年结余较多", "<b>核减或控制新增</b>")
			f := fin.file("/finance/apply/download?year=2023")
			if f.code != http.StatusOK {
				t.Fatalf("download %d", f.code)
			}
			x, err := excelize.OpenReader(bytes.NewReader(f.body))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, _ := x.GetRows("结果应用")
			found := false
			for _, r := range rows {
				if len(r) > 9 && r[2] == "稽查费" && r[8] == "核减或控制新增" && r[9] == "连续两年结余较多" && strings.HasPrefix(r[7], "优先保障") {
					found = true
				}
			}
			if !found {
				t.Errorf("decision not in the summary: %v", rows)
			}
			// The same summary as a Word document, with the count per advice.
			w := fin.file("/finance/apply/download?year=2023&format=docx")
			if w.code != http.StatusOK || !strings.HasSuffix(w.h.Get("Content-Disposition"), ".docx") {
				t.Fatalf("docx: %d %v", w.code, w.h)
			}
			doc := docxDocument(t, w.body)
			for _, want := range []string{"2023 年度绩效评价结果应用汇总表", "稽查费", "连续两年结余较多", "核减或控制新增", "优先保障 "} {
				if !strings.Contains(doc, want) {
					t.Errorf("docx lacks %q", want)
				}
			}
			if got := e.login("tianbao").post(path, url.Values{"decision": {"优先保障"}}); got.code != http.StatusForbidden {
				t.Errorf("a filer decides: %d", got.code)
			}
			// An unknown or malformed project is not found, like every
			// page that names a project (not a 500, not a 400).
			for _, p := range []string{"/finance/apply/999999", "/finance/apply/abc", "/finance/apply/0", "/finance/apply/99999999999999999999"} {
				if got := fin.post(p, url.Values{"decision": {"优先保障"}}); got.code != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", p, got.code)
				}
			}
		})
	}
}
