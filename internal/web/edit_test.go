package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/validate"
)

// TestEditAndMoney covers the project header form and money records,
// with validation, optimistic locking and deletion, on every database.
func TestEditAndMoney(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			c := e.login("tianbao")
			id := e.id("印刷费用", 2024)
			base := "/projects/" + strconv.FormatInt(id, 10)
			page := c.get(base + "/edit")
			page.want(t, "edit form", 200, "印刷费用", "100000.00")
			p, _ := e.st.Project(context.Background(), id)
			v := strconv.FormatInt(p.Version, 10)
			form := url.Values{"version": {v}, "name": {"印刷费用"}, "year": {"2024"}, "start": {"2024-13"}, "end": {"2024-01"}, "budget_local": {"-5"}}
			c.post(base+"/edit", form).want(t, "invalid edit", 422, "月份格式为 2024-01", "金额应为不小于 0")
			form.Set("start", "2024-02")
			form.Set("end", "2024-01")
			form.Set("budget_local", "120000")
			c.post(base+"/edit", form).want(t, "end before start", 422, "结束月份早于开始月份")
			form.Set("end", "2024年12月")   // any form the one month parser reads; stored as 2024-12
			form.Set("name", "居（失）保业务运转") // the unit has that project in 2024 already
			c.post(base+"/edit", form).want(t, "duplicate name", 422, "同名项目")
			form.Set("name", "印刷费用（调整）")
			form.Set("scope", strings.Repeat("范", validate.MaxProjectText+1))
			c.post(base+"/edit", form).want(t, "long scope", 422, "内容过长（最多 5000 字）")
			form.Set("scope", strings.Repeat("范", validate.MaxProjectText))
			c.post(base+"/edit", form).want(t, "edit", 303)
			c.post(base+"/edit", form).want(t, "stale edit", 422, "已被他人修改")
			c.get(base).want(t, "edited", 200, "印刷费用（调整）", "120,000.00")
			if p, err := e.st.Project(context.Background(), id); err != nil || p.PeriodStart != "2024-02" || p.PeriodEnd != "2024-12" {
				t.Errorf("stored period %q–%q, %v", p.PeriodStart, p.PeriodEnd, err)
			}
			ev, _ := e.st.Events(context.Background(), id, 50)
			found := false
			for _, x := range ev {
				found = found || (x.Field == "预算(本级)" && x.Old == "100000.00" && x.New == "120000.00")
			}
			if !found {
				t.Error("budget change not in the audit trail")
			}
			// Money: validation, then delete a record and watch the rate fall.
			c.post(base+"/money", url.Values{"kind": {"x"}, "date": {"2019-01-01"}, "amount": {"0"}, "source": {"9"}}).
				want(t, "bad money", 422, "请选择到位或支出", "日期不在项目年度前后", "金额不能为 0", "请选择资金来源")
			// the limits are the validator's: 500 characters of note pass, 501 do not
			note := url.Values{"kind": {store.KindReceipt}, "date": {"2024-03-01"}, "amount": {"1"}, "source": {"1"}, "note": {strings.Repeat("注", validate.MaxNote+1)}}
			c.post(base+"/money", note).want(t, "long note", 422, "备注过长（最多 500 字）")
			note.Set("note", strings.Repeat("注", validate.MaxNote))
			c.post(base+"/money", note).want(t, "note at the limit", 303)
			recs, _ := e.st.MoneyRecords(context.Background(), id, store.KindReceipt)
			if last := recs[len(recs)-1]; last.Date != "2024-03-01" || last.Amount != 100 || len([]rune(last.Note)) != validate.MaxNote {
				t.Errorf("stored record %+v", last)
			}
			recs, _ = e.st.MoneyRecords(context.Background(), id, store.KindSpending)
			c.post(base+"/money/"+strconv.FormatInt(recs[0].ID, 10)+"/delete", nil).want(t, "delete", 303)
			c.get(base).want(t, "rate after delete", 200, `id="exec-rate">0%`)
			c.post(base+"/money/999999/delete", nil).want(t, "delete unknown", 404)
			// Monitoring: an invalid date is refused beside the field.
			c.post(base+"/monitor", url.Values{"version": {v}, "date": {"30/06/2024"}}).want(t, "monitor date", 422, "日期格式为 2024-06-30")
		})
	}
}

// TestGarbage posts hostile input to every state-changing route: nothing
// may answer 500 or panic.
func TestGarbage(t *testing.T) {
	e := newEnv(t, "sqlite")
	id := strconv.FormatInt(e.id("印刷费用", 2024), 10)
	long := strings.Repeat("长", 30000)
	bad := string([]byte{0xff, 0xfe, 0x00, '<'})
	values := []string{"", long, bad, "-1", "99999999999999999999", "1e308", "NaN", "<script>", "0x10", "２０２４"}
	for _, rt := range e.srv.routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method != http.MethodPost || rt.Pattern == "POST /logout" || rt.Pattern == "POST /login" { // /login: the throttle would lock the test out
			continue
		}
		path = strings.NewReplacer("{id}", id, "{rid}", "1", "{$}", "").Replace(path)
		for _, user := range []string{"tianbao", "caizheng", "admin"} {
			c := e.login(user)
			for _, v := range values {
				form := url.Values{}
				for _, k := range []string{"version", "name", "year", "start", "end", "budget_local", "kind", "date", "amount", "source", "note",
					"n", "l1_0", "l3_0", "target_0", "weight_0", "dir_0", "id_0", "actual_0", "score_0", "basis_0", "review_0", "note_0",
					"progress_0", "reason_0", "action", "comment", "username", "display_name", "role", "unit", "id_number", "red", "yellow",
					"blue", "parent", "template", "add_lib", "old", "new", "confirm", "sec_problems"} {
					form.Set(k, v)
				}
				res := c.post(path, form)
				if res.code >= 500 {
					t.Fatalf("%s as %s with %.20q: %d %.200s", path, user, v, res.code, res.body)
				}
			}
		}
	}
}
