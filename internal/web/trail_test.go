package web

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// TestTrailPages: each admin action done through the pages is a trail row
// by the admin; the search filters, the export is a real workbook with the
// same rows, and the system page's check finds a row altered through SQL.
func TestTrailPages(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			ctx := context.Background()
			a := e.login("admin")
			admin, _ := e.st.UserByName(ctx, "admin")
			a.post("/admin/users", url.Values{"username": {"xinren"}, "display_name": {"新人"}, "role": {"filer"}, "unit": {"3"}}).want(t, "create user", 200)
			u, _ := e.st.UserByName(ctx, "xinren")
			a.post("/admin/users/"+itoa(int(u.ID))+"/password", nil).want(t, "reset", 200)
			a.post("/admin/users/"+itoa(int(u.ID))+"/active", url.Values{"active": {"0"}}).want(t, "disable", 303)
			a.post("/admin/units", url.Values{"name": {"搬经镇"}, "parent": {"0"}, "kind": {"town"}}).want(t, "add unit", 303)
			a.post("/admin/settings", url.Values{"red": {"50"}, "yellow": {"75"}, "blue": {"130"}}).want(t, "save rule", 303)
			for _, action := range []string{store.ActionUserCreate, store.ActionUserPassword, store.ActionUserActive, store.ActionUnitCreate, store.ActionSetting} {
				got, err := e.st.SearchTrail(ctx, store.TrailFilter{Action: action, UserID: admin.ID, Limit: 5})
				if err != nil || len(got) == 0 {
					t.Errorf("%s by the admin not in the trail: %v", action, err)
				}
			}
			a.get("/admin/trail").want(t, "trail page", 200, "admin.user.create", "xinren", "搬经镇", "monitor_rule")
			a.get("/admin/trail?action="+store.ActionUnitCreate).want(t, "filtered", 200, "搬经镇")
			if res := a.get("/admin/trail?action=" + store.ActionUnitCreate); strings.Contains(res.body, "user:xinren") {
				t.Error("the action filter let other rows through")
			}
			a.get("/admin/trail?from=2026-13-01").want(t, "bad date", 200, "YYYY-MM-DD")
			res := a.get("/admin/trail/export?action=" + store.ActionUserActive)
			res.want(t, "export", 200)
			x, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
			if err != nil {
				t.Fatalf("export is not a workbook: %v", err)
			}
			rows, _ := x.GetRows("审计日志")
			if len(rows) != 2 || rows[1][4] != store.ActionUserActive || rows[1][6] != "启用" || rows[1][7] != "停用" {
				t.Errorf("exported rows: %v", rows)
			}
			if got, _ := e.st.SearchTrail(ctx, store.TrailFilter{Action: store.ActionDownload, Limit: 5}); len(got) != 1 || got[0].UserID != admin.ID {
				t.Errorf("the export is not in the trail: %+v", got)
			}
			// Every file downloaded is a trail row: who, which file, which selection.
			a.get("/finance/download?year=2023&what=summary").want(t, "summary download", 200)
			if got, _ := e.st.SearchTrail(ctx, store.TrailFilter{Action: store.ActionDownload, Limit: 5}); len(got) != 2 || !strings.Contains(got[0].Field, ".xlsx") || !strings.Contains(got[0].Note, "year=2023") {
				t.Errorf("the summary download is not in the trail: %+v", got)
			}
			a.get("/admin/system?verify=1").want(t, "check", 200, "日志完整")
			if d == "sqlite" {
				e.st.DB().ExecContext(ctx, `DROP TRIGGER events_fixed`)
			}
			if _, err := e.st.DB().ExecContext(ctx, `UPDATE events SET new_value = 'x' WHERE seq = 3`); err != nil {
				t.Fatal(err)
			}
			a.get("/admin/system?verify=1").want(t, "check after tampering", 200, "日志被篡改", "trail seq 3 ")
		})
	}
}
