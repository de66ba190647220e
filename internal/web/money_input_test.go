package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/money"
	"jixiao/internal/store"
)

// TestMoneyInput: the money form takes amounts as people type them (万,
// 元, thousands separators) and says what it understood; a misplaced
// separator is refused next to the field.
func TestMoneyInput(t *testing.T) {
	e := newEnv(t, "sqlite")
	pid := e.id("印刷费用", 2024)
	c := e.login("tianbao")
	c.post(fmt.Sprintf("/projects/%d/money", pid), url.Values{"kind": {"spending"}, "date": {"2024-07-01"}, "amount": {"3.5万元"}, "source": {"1"}}).want(t, "add 3.5万元", 303)
	c.get(fmt.Sprintf("/projects/%d", pid)).want(t, "flash", 200, "3.5万元 = 35,000.00 元", "35,000.00")
	xs, err := e.st.MoneyRecords(t.Context(), pid, store.KindSpending)
	if err != nil {
		t.Fatal(err)
	}
	if last := xs[len(xs)-1]; last.Amount != 35000*money.Yuan {
		t.Errorf("stored %v, want 35000.00", last.Amount)
	}
	c.post(fmt.Sprintf("/projects/%d/money", pid), url.Values{"kind": {"spending"}, "date": {"2024-07-01"}, "amount": {"3,00"}, "source": {"1"}}).
		want(t, "misplaced separator", 422, "金额应为元数（最多两位小数）或万元")
}

// TestEmptyDraftNoGrade: a sheet without any score has no grade (not 差).
func TestEmptyDraftNoGrade(t *testing.T) {
	e := newEnv(t, "sqlite")
	body := e.login("tianbao").get(fmt.Sprintf("/projects/%d", e.id("印刷费用", 2024))).body
	if !strings.Contains(body, `<th id="sheet-grade">—</th>`) {
		t.Error("an unscored draft shows a grade")
	}
	body = e.login("tianbao").get(fmt.Sprintf("/projects/%d", e.id("稽查费", 2023))).body
	if !strings.Contains(body, `<th id="sheet-grade">优</th>`) {
		t.Error("a scored sheet lost its grade")
	}
}
