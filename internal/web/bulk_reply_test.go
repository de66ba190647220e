package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao/internal/audit"
	"jixiao/internal/store"
)

// pendingOf is a town's pending suspects of a run.
func pendingOf(t *testing.T, e *env, run int64, town string) []store.AuditSuspect {
	t.Helper()
	xs := suspectsOf(t, e, run, town, string(audit.StatePending))
	if len(xs) < 4 {
		t.Fatalf("demo: %d pending suspects in %s", len(xs), town)
	}
	return xs
}

// stateOf is a suspect's stored state and the number of its trail rows.
func stateOf(t *testing.T, e *env, id int64) (string, int) {
	t.Helper()
	x, err := e.st.AuditSuspect(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := e.st.AuditEvents(t.Context(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return x.State, len(evs)
}

// TestBulkReply: a town clerk answers several suspects at once; each gets
// its state and a trail row naming the clerk; a set holding another
// town's suspect, or one already answered, is refused whole.
func TestBulkReply(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		run := bigRun(t, e, 300)
		mine, other := pendingOf(t, e, run, "如城街道"), pendingOf(t, e, run, "白蒲镇")
		clk := e.login("rucheng")
		clk.get("/audit/suspects?state=pending").want(t, "bulk form", 200, `id="bulk-reply"`, `class="pick"`, "{n}")
		form := func(decision, note string, xs ...store.AuditSuspect) url.Values {
			v := url.Values{"decision": {decision}, "note": {note}, "evidence": {"殡葬记录 2024-05"}, "back": {"/audit/suspects?state=pending"}}
			for _, x := range xs {
				v.Add("id", strconv.FormatInt(x.ID, 10))
			}
			return v
		}
		before := map[int64]int{}
		for _, x := range append(slices.Clone(mine), other...) {
			_, before[x.ID] = stateOf(t, e, x.ID)
		}
		unchanged := func(what string, xs ...store.AuditSuspect) {
			t.Helper()
			for _, x := range xs {
				if st, n := stateOf(t, e, x.ID); st != string(audit.StatePending) || n != before[x.ID] {
					t.Errorf("%s: #%d is %s with %d trail rows", what, x.ID, st, n)
				}
			}
		}
		clk.post("/audit/suspects/reply", form("confirm", "属实", mine[0], other[0])).want(t, "another town's suspect", 404)
		unchanged("another town's", mine[0], other[0])
		clk.post("/audit/suspects/reply", form("confirm", "  ", mine[0], mine[1])).want(t, "no note", 422, "须填写核实说明")
		clk.post("/audit/suspects/reply", form("confirm", "属实")).want(t, "none ticked", 422, "请勾选")
		clk.post("/audit/suspects/reply", form("maybe", "属实", mine[0])).want(t, "no decision", 422)
		unchanged("refused", mine[0], mine[1])
		res := clk.post("/audit/suspects/reply", form("confirm", "经村委会核实已死亡", mine[0], mine[1], mine[2]))
		res.want(t, "bulk confirm", 303)
		if res.location != "/audit/suspects?state=pending" {
			t.Errorf("back to %q", res.location)
		}
		for _, x := range mine[:3] {
			st, n := stateOf(t, e, x.ID)
			evs, _ := e.st.AuditEvents(t.Context(), x.ID, 0)
			last := evs[len(evs)-1]
			if st != string(audit.StateTownConfirmed) || n != before[x.ID]+1 || last.Note != "经村委会核实已死亡" || last.ActorTown != "如城街道" || last.Evidence != "殡葬记录 2024-05" {
				t.Errorf("#%d: %s, %d trail rows, last %+v", x.ID, st, n, last)
			}
		}
		// answered already: the whole set is refused, the fresh one untouched
		clk.post("/audit/suspects/reply", form("reject", "健在", mine[0], mine[3])).want(t, "answered twice", 409)
		unchanged("with an answered one", mine[3])
		e.login("jihe").post("/audit/suspects/reply", form("confirm", "属实", mine[3])).want(t, "auditor", 403)
	})
}

// TestBulkReplyBrowser: in Chromium a clerk ticks every pending suspect of
// the page, is asked with their number, cancels (nothing changes), then
// confirms them as 不属实.
func TestBulkReplyBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	bigRun(t, e, 120)
	mine := pendingOf(t, e, 0, "如城街道")
	if len(mine) > suspectPageSize {
		t.Fatalf("fixture: %d pending suspects do not fit on a page", len(mine))
	}
	b := newBrowser(t, e)
	b.login("rucheng")
	b.open("/audit/suspects?state=pending")
	b.do(chromedp.WaitVisible(chromedp.ID("bulk-reply")), chromedp.Click(chromedp.ID("pick-all")),
		chromedp.SetValue(chromedp.ID("bulk-note"), "入户核实本人健在"))
	n := fmt.Sprintf("%d 条疑点", len(mine))
	b.cancelConfirm("list-05-bulk-reply", chromedp.Click(chromedp.ID("bulk-reject")), n, "不属实")
	for _, x := range mine {
		if st, _ := stateOf(t, e, x.ID); st != string(audit.StatePending) {
			t.Fatalf("cancel changed #%d to %s", x.ID, st)
		}
	}
	b.do(chromedp.Click(chromedp.ID("bulk-reject")), confirmOK(), chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.waitText(".flash", fmt.Sprintf("已上报 %d 条", len(mine)))
	for _, x := range mine {
		if st, _ := stateOf(t, e, x.ID); st != string(audit.StateTownRejected) {
			t.Errorf("#%d is %s", x.ID, st)
		}
	}
}
