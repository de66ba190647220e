package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jixiao/internal/store"
)

// TestCaseScope: recovery cases are read by the auditing unit (稽核所在的
// 资金管理中心) and its superiors (人社局, 财政局); a town clerk reads
// their own town's cases; a reader of another unit (就业中心) reads none.
func TestCaseScope(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	cs, err := e.st.AuditCases(ctx, store.CaseFilter{})
	if err != nil || len(cs) < 2 {
		t.Fatalf("demo cases: %d %v", len(cs), err)
	}
	var own *store.AuditCase
	for i := range cs {
		if cs[i].Town == "如城街道" {
			own = &cs[i]
			break
		}
	}
	if own == nil {
		t.Fatal("demo has no case of 如城街道")
	}
	// a clerk of another town (白蒲镇), with the demo password
	users, _ := e.st.Users(ctx)
	units, _ := e.st.Units(ctx)
	var hash string
	var baipu int64
	for _, u := range users {
		if u.Username == "rucheng" {
			hash = u.PasswordHash
		}
	}
	for _, u := range units {
		if u.Name == "白蒲镇" {
			baipu = u.ID
		}
	}
	if _, err := e.st.CreateUser(ctx, store.User{Username: "baipu", DisplayName: "钱芳", Role: clerk, UnitID: baipu, PasswordHash: hash, Active: true}); err != nil || hash == "" || baipu == 0 {
		t.Fatalf("clerk of 白蒲镇: %v", err)
	}
	ownURL := fmt.Sprintf("/audit/cases/%d", own.ID)
	for _, u := range []string{"jihe", "tianbao", "shenhe", "renshe", "caizheng", "admin"} {
		c := e.login(u)
		c.get("/audit/cases").want(t, u+" cases", 200, ownURL)
		c.get(ownURL).want(t, u+" case", 200)
	}
	// another unit under the same department: nothing
	j := e.login("jiuye")
	j.get("/audit/cases").want(t, "other unit's list", 404)
	j.get(ownURL).want(t, "other unit's case", 404)
	// a town clerk: their own town's cases, not another town's
	rc := e.login("rucheng")
	list := rc.get("/audit/cases")
	list.want(t, "clerk list", 200, ownURL)
	bp := e.login("baipu")
	if l := bp.get("/audit/cases"); l.code != 200 || strings.Contains(l.body, ownURL+"\"") {
		t.Errorf("白蒲镇's clerk sees 如城街道's case in the list (%d)", l.code)
	}
	bp.get(ownURL).want(t, "another town's case", 404)
	rc.get(ownURL).want(t, "clerk's own case", 200)
	rc.post(ownURL+"/repay", nil).want(t, "clerk repays", 403)
}
