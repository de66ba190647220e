package web

import (
	"bytes"
	"fmt"
	"net/url"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/auditmem"
	"jixiao/internal/cnid"
)

func init() {
	allowed["POST /audit/suspects/{id}/close"] = "auditor"
	allowed["GET /audit/report"] = "auditor"
}

// TestAuditMemoryPages: a pair the town rejected is not sent again by the
// next run of the same files, the run page says so, the auditor closes a
// suspect with an outcome and a root cause, and the monthly report
// downloads as xlsx and docx.
func TestAuditMemoryPages(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		fs, _ := auditFiles(t, 600)
		files := map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}}
		id := newRun(t, e, files)
		aud, clk := e.login("jihe"), e.login("rucheng")
		aud.post(fmt.Sprintf("/audit/runs/%d/send", id), nil).want(t, "send", 303)
		ru := suspectsOf(t, e, id, "如城街道", "")
		sp := fmt.Sprintf("/audit/suspects/%d", ru[0].ID)
		clk.post(sp+"/reply", url.Values{"decision": {"reject"}, "note": {"同名不同人"}}).want(t, "reject", 303)
		clk.post(sp+"/close", url.Values{"outcome": {string(auditmem.OutcomeFalse)}}).want(t, "clerk closes", 403)
		aud.post(sp+"/close", url.Values{"outcome": {string(auditmem.OutcomeTerminated)}}).want(t, "true without cause", 422)
		aud.post(sp+"/close", url.Values{"outcome": {string(auditmem.OutcomeTerminated)}, "cause": {string(auditmem.CauseDeathUnreported)}}).want(t, "true of a rejected", 409)
		aud.post(sp+"/close", url.Values{"outcome": {string(auditmem.OutcomeFalse)}, "cause": {string(auditmem.CauseDataEntry)}, "note": {"姓名录错"}}).want(t, "close", 303)
		aud.get(sp).want(t, "outcome shown", 200, `id="outcome"`, "不属实/误报", "数据录入错误")
		// the same files again: the rejected pair is held back
		id2 := newRun(t, e, files)
		aud.get(fmt.Sprintf("/audit/runs/%d", id2)).want(t, "held", 200, `id="held-count"`, "不再下发 1", cnid.Mask(ru[0].IDNumber))
		for _, x := range suspectsOf(t, e, id2, "", "") {
			if x.IDNumber == ru[0].IDNumber && x.Finding == ru[0].Finding {
				t.Fatalf("the rejected pair was stored again as suspect %d", x.ID)
			}
		}
		res := aud.get("/audit/report?month=2024-06")
		res.want(t, "report", 200)
		x, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("月度稽核报告")
		if len(rows) < 10 || rows[0][0] != "2024年6月生存稽核月度报告（月度稽核报告）" {
			t.Fatalf("report rows %v", rows)
		}
		aud.get("/audit/report?month=2024-06&format=docx").want(t, "docx", 200)
	})
}
