package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// TestRectification follows one 整改 item from the bureau's review to its
// acceptance: registered overdue, reported by the unit, returned without a
// reason refused, accepted and closed.
func TestRectification(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			fin := e.login("caizheng")
			pid := itoa(int(e.id("稽查费", 2023)))
			fin.post("/rectify", url.Values{"project": {pid}, "source": {"bureau"}, "problem": {""}, "owner": {"张敏"}, "due": {"2024-06-30"}}).
				want(t, "no problem", http.StatusUnprocessableEntity, "请填写问题")
			fin.post("/rectify", url.Values{"project": {pid}, "source": {"bureau"}, "problem": {"满意度无数据来源"}, "owner": {"张敏"}, "due": {"30/06/2024"}}).
				want(t, "bad date", http.StatusUnprocessableEntity, "整改期限应为日期")
			res := fin.post("/rectify", url.Values{"project": {pid}, "source": {"bureau"}, "problem": {"满意度无数据来源"}, "measure": {"开展问卷调查"}, "owner": {"张敏"}, "due": {"2020-01-31"}})
			if res.code != http.StatusSeeOther {
				t.Fatalf("add: %d %s", res.code, res.body)
			}
			page := fin.get("/rectify?year=2023")
			page.want(t, "list", http.StatusOK, "满意度无数据来源", `<b id="rect-overdue">1</b>`, "整改中")
			items, err := e.st.Rectifications(t.Context(), store.RectFilter{Year: 2023})
			if err != nil || len(items) != 1 {
				t.Fatalf("items %v %v", items, err)
			}
			rid := itoa(int(items[0].ID))
			// Another unit's filer neither sees nor reports it.
			other := e.login("jiuye")
			if strings.Contains(other.get("/rectify?year=2023").body, "满意度无数据来源") {
				t.Error("another unit sees the item")
			}
			if got := other.post("/rectify/"+rid+"/report", url.Values{"feedback": {"x"}}); got.code != http.StatusNotFound {
				t.Errorf("another unit reports: %d", got.code)
			}
			// Acceptance before the unit reports is refused.
			fin.post("/rectify/"+rid+"/review", url.Values{"accept": {"1"}}).want(t, "accept early", http.StatusConflict, "单位尚未反馈")
			filer := e.login("tianbao")
			if got := filer.post("/rectify/"+rid+"/report", url.Values{"feedback": {"已委托第三方开展满意度调查"}, "evidence": {"调查报告.pdf"}}); got.code != http.StatusSeeOther {
				t.Fatalf("report: %d %s", got.code, got.body)
			}
			fin.post("/rectify/"+rid+"/review", url.Values{"accept": {"0"}}).want(t, "return without note", http.StatusUnprocessableEntity, "退回须说明理由")
			if got := fin.post("/rectify/"+rid+"/review", url.Values{"accept": {"1"}, "note": {"佐证齐全"}}); got.code != http.StatusSeeOther {
				t.Fatalf("accept: %d %s", got.code, got.body)
			}
			fin.get("/rectify?year=2023").want(t, "closed", http.StatusOK, "已验收", "佐证齐全", `<b id="rect-overdue">0</b>`)
			// Next year's self-evaluation shows last year's item and that it is closed.
			next := itoa(int(e.id("稽查费", 2024)))
			filer.get("/projects/"+next+"/evaluate").want(t, "next year", http.StatusOK, `id="prev-rectify"`, "满意度无数据来源", "已验收")
			// A filer cannot register an item for another unit's project.
			if got := other.post("/rectify", url.Values{"project": {pid}, "problem": {"x"}, "owner": {"x"}, "due": {"2030-01-01"}}); got.code != http.StatusForbidden {
				t.Errorf("filer of another unit registers: %d", got.code)
			}
		})
	}
}
