package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/auditrun"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/locale"
	"jixiao/internal/money"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// auditAllowed is the survival audit's part of the permission matrix
// (permission_test.go walks it with the other routes): the auditor runs
// and keeps cases, a town clerk answers suspects, the project readers see
// the recovery cases behind their indicators.
var auditAllowed = map[string]string{
	"GET /audit/runs":                 "auditor",
	"POST /audit/runs":                "auditor",
	"GET /audit/runs/{id}":            "auditor",
	"POST /audit/runs/{id}/send":      "auditor",
	"POST /audit/runs/{id}/issue":     "auditor",
	"GET /audit/runs/{id}/stoplist":   "auditor clerk",
	"GET /audit/suspects":             "auditor clerk",
	"GET /audit/suspects/export":      "auditor clerk",
	"GET /audit/suspects/print":       "auditor clerk",
	"GET /audit/suspects/{id}":        "auditor clerk",
	"POST /audit/suspects/{id}/reply": "clerk",
	"POST /audit/suspects/reply":      "clerk",
	"POST /audit/suspects/{id}/stop":  "clerk",
	"POST /audit/suspects/{id}/case":  "auditor",
	"GET /audit/cases":                "filer approver dept finance admin auditor clerk",
	"GET /audit/cases/export":         "filer approver dept finance admin auditor clerk",
	"GET /audit/cases/{id}":           "filer approver dept finance admin auditor clerk",
	"POST /audit/cases/{id}/repay":    "auditor",
	"POST /audit/cases/{id}/writeoff": "auditor",
	"POST /audit/settings":            "auditor",
}

func init() {
	for k, v := range auditAllowed {
		allowed[k] = v
	}
}

// auditFiles writes a small generated month (and returns the generator).
func auditFiles(t testing.TB, recipients int) (auditgen.Files, *auditgen.Gen) {
	t.Helper()
	g := auditgen.New(auditgen.Config{Seed: 7, Recipients: recipients, Deaths: recipients / 8, NoiseDeaths: 10, Other: 30, Duplicates: 3,
		AsOf: cal.MonthOf(2024, 6)})
	fs, _, err := g.WriteDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return fs, g
}

// upload posts a run's files as multipart form data.
func (c *client) auditUpload(path string, fields map[string]string, files map[string][]string) result {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, paths := range files {
		for _, p := range paths {
			w, _ := mw.CreateFormFile(field, filepath.Base(p))
			b, err := os.ReadFile(p)
			if err != nil {
				c.e.t.Fatal(err)
			}
			w.Write(b)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var runLoc = regexp.MustCompile(`^/audit/runs/(\d+)$`)

// newRun uploads files as the auditor and returns the run's ID.
func newRun(t *testing.T, e *env, files map[string][]string) int64 {
	t.Helper()
	res := e.login("jihe").auditUpload("/audit/runs", map[string]string{"as_of": "2024-06"}, files)
	m := runLoc.FindStringSubmatch(res.location)
	if res.code != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d %q %.400s", res.code, res.location, res.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func eachDialect(t *testing.T, f func(t *testing.T, e *env)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { f(t, newEnv(t, d)) })
	}
}

// TestAuditRun: a run from uploaded files stores exactly what the engine
// finds; a bad row is listed with file and line; a rejected file stores
// nothing.
func TestAuditRun(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fs, _ := auditFiles(t, 400)
		// one bad row in the roll
		f, err := os.OpenFile(fs.Roll, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(f, "12345,坏行,男,1950-01-01,如城街道,如城1村,居保,2012-01,300.00,2024-06,正常")
		f.Close()
		lines := 0
		if b, err := os.ReadFile(fs.Roll); err == nil {
			lines = bytes.Count(b, []byte("\n"))
		}
		want, err := auditrun.Execute(auditrun.Config{Rolls: []string{fs.Roll}, Deaths: []string{fs.Deaths}, Others: []string{fs.Other}, AsOf: cal.MonthOf(2024, 6)},
			auditrun.Checks{Deaths: true, Duplicates: true}, e.srv.now())
		if err != nil {
			t.Fatal(err)
		}
		before, _ := e.st.AuditRuns(ctx)
		id := newRun(t, e, map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}, "other": {fs.Other}})
		got, err := e.st.AuditSuspects(ctx, store.SuspectFilter{RunID: id})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want.Deaths)+len(want.Duplicates) || len(want.Deaths) < 40 {
			t.Fatalf("stored %d suspects, engine found %d deaths + %d duplicates", len(got), len(want.Deaths), len(want.Duplicates))
		}
		key := func(idn, kind, conf string, over money.Fen) string { return fmt.Sprint(idn, kind, conf, over) }
		var wantKeys, gotKeys []string
		var total money.Fen
		for _, f := range want.Deaths {
			wantKeys = append(wantKeys, key(f.Roll.ID, string(f.Kind), string(f.Confidence), f.Overpaid))
			total += f.Overpaid
		}
		for _, f := range want.Duplicates {
			wantKeys = append(wantKeys, key(f.Roll.ID, string(f.Kind), string(f.Confidence), f.Overpaid))
			total += f.Overpaid
		}
		for _, x := range got {
			gotKeys = append(gotKeys, key(x.IDNumber, x.Kind, x.Confidence, x.Overpaid))
			if x.State != "" || x.ReasonZH == "" || x.Town == "" {
				t.Fatalf("suspect %+v", x)
			}
		}
		slices.Sort(wantKeys)
		slices.Sort(gotKeys)
		if !slices.Equal(wantKeys, gotKeys) {
			t.Fatal("stored suspects differ from the engine's findings")
		}
		run, _ := e.st.AuditRun(ctx, id)
		if run.RowsRejected != 1 || len(run.RowErrors) != 1 || !strings.HasPrefix(run.RowErrors[0], fmt.Sprintf("roll.csv:%d:", lines)) {
			t.Fatalf("row errors %d %q (roll has %d lines)", run.RowsRejected, run.RowErrors, lines)
		}
		// the runs page: counts by class and scheme, overpaid total; the run page by town
		aud := e.login("jihe")
		aud.get("/audit/runs").want(t, "runs", 200, "#"+itoa(int(id)), group(total.String()), "确认", "待核实", "居保", "失保", "白蒲镇")
		body := aud.get(fmt.Sprintf("/audit/runs/%d", id)).body
		for _, s := range []string{"如城街道", "白蒲镇", group(total.String()), "roll.csv:" + itoa(lines)} {
			if !strings.Contains(body, s) {
				t.Fatalf("run page lacks %q", s)
			}
		}
		if strings.Contains(body, got[0].IDNumber) || !strings.Contains(body, cnid.Mask(got[0].IDNumber)) {
			t.Fatal("run page: ID not masked")
		}
		// a file with no usable header is rejected whole: nothing stored
		bad := filepath.Join(t.TempDir(), "deaths.csv")
		os.WriteFile(bad, []byte("甲,乙\n1,2\n"), 0o644)
		res := aud.auditUpload("/audit/runs", map[string]string{"as_of": "2024-06"}, map[string][]string{"roll": {fs.Roll}, "deaths": {bad}})
		res.want(t, "rejected file", 422, "deaths.csv")
		if strings.Contains(res.body, os.TempDir()) {
			t.Error("the error shows a temporary path")
		}
		// a file of a type the readers do not take is refused before reading
		pdf := filepath.Join(t.TempDir(), "deaths.pdf")
		os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o644)
		aud.auditUpload("/audit/runs", map[string]string{"as_of": "2024-06"}, map[string][]string{"roll": {fs.Roll}, "deaths": {pdf}}).want(t, "unsupported file", 422, "只接受")
		aud.auditUpload("/audit/runs", map[string]string{"as_of": "2024-06"}, map[string][]string{"roll": {fs.Roll}}).want(t, "no deaths", 422)
		aud.auditUpload("/audit/runs", map[string]string{"as_of": "June"}, map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}}).want(t, "bad month", 422)
		after, _ := e.st.AuditRuns(ctx)
		if len(after) != len(before)+1 {
			t.Fatalf("runs %d → %d", len(before), len(after))
		}
		// a run on generated demo data
		res = aud.post("/audit/runs", url.Values{"source": {"demo"}, "as_of": {"2024-05"}, "recipients": {"300"}})
		if res.code != http.StatusSeeOther || !runLoc.MatchString(res.location) {
			t.Fatalf("demo run: %d %q", res.code, res.location)
		}
	})
}

func suspectsOf(t *testing.T, e *env, run int64, town, state string) []store.AuditSuspect {
	t.Helper()
	xs, err := e.st.AuditSuspects(context.Background(), store.SuspectFilter{RunID: run, Town: town, State: state})
	if err != nil {
		t.Fatal(err)
	}
	return xs
}

// TestAuditCycle walks 两上两下 over HTTP and checks the town scope and the
// masking of ID numbers.
func TestAuditCycle(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		fs, _ := auditFiles(t, 600)
		id := newRun(t, e, map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}})
		aud, clk := e.login("jihe"), e.login("rucheng")
		ru := suspectsOf(t, e, id, "如城街道", "")
		bp := suspectsOf(t, e, id, "白蒲镇", "")
		if len(ru) < 3 || len(bp) < 1 {
			t.Fatalf("fixture: %d 如城街道, %d 白蒲镇 suspects", len(ru), len(bp))
		}
		sp := func(x store.AuditSuspect) string { return fmt.Sprintf("/audit/suspects/%d", x.ID) }
		// not sent yet: the clerk sees nothing of the run
		clk.get(sp(ru[0])).want(t, "unsent", 404)
		aud.post(fmt.Sprintf("/audit/runs/%d/send", id), nil).want(t, "send", 303)
		aud.post(fmt.Sprintf("/audit/runs/%d/send", id), nil).want(t, "send twice", 409)
		if n := len(suspectsOf(t, e, id, "", string(audit.StatePending))); n != len(suspectsOf(t, e, id, "", "")) {
			t.Fatalf("%d pending after send", n)
		}
		// town scope, enforced on the server
		list := clk.get("/audit/suspects?town=白蒲镇").body
		for _, x := range bp {
			if strings.Contains(list, sp(x)+"\"") || strings.Contains(list, cnid.Mask(x.IDNumber)) {
				t.Fatalf("the 如城街道 clerk's list shows 白蒲镇 suspect %d", x.ID)
			}
		}
		for _, x := range ru {
			if !strings.Contains(list, sp(x)+"\"") {
				t.Fatalf("the clerk's list lacks own suspect %d", x.ID)
			}
			if strings.Contains(list, x.IDNumber) {
				t.Fatal("clerk's list: ID not masked")
			}
		}
		clk.get(sp(bp[0])).want(t, "other town's suspect", 404)
		clk.post(sp(bp[0])+"/reply", url.Values{"decision": {"confirm"}, "note": {"x"}}).want(t, "reply for another town", 404)
		clk.post(sp(bp[0])+"/stop", url.Values{"note": {"x"}}).want(t, "stop for another town", 404)
		if suspectsOf(t, e, id, "白蒲镇", string(audit.StatePending))[0].State != string(audit.StatePending) {
			t.Fatal("another town's suspect changed")
		}
		// masked for the clerk, full for the auditor
		x := ru[0]
		page := clk.get(sp(x))
		page.want(t, "clerk page", 200, cnid.Mask(x.IDNumber), "核实上报")
		if strings.Contains(page.body, x.IDNumber) {
			t.Fatal("clerk's suspect page shows the full ID")
		}
		aud.get(sp(x)).want(t, "auditor page", 200, x.IDNumber)
		// 上: confirm (a note is required), reject; a second answer is refused
		clk.post(sp(x)+"/reply", url.Values{"decision": {"confirm"}}).want(t, "no note", 422, "须填写核实说明")
		clk.post(sp(x)+"/reply", url.Values{"decision": {"confirm"}, "note": {"火化证明已核"}, "evidence": {"火化证明 2024-118\n村委会证明"}}).want(t, "confirm", 303)
		clk.post(sp(x)+"/reply", url.Values{"decision": {"reject"}, "note": {"again"}}).want(t, "answer twice", 409)
		clk.post(sp(ru[1])+"/reply", url.Values{"decision": {"reject"}, "note": {"本人健在"}}).want(t, "reject", 303)
		aud.post(sp(x)+"/reply", url.Values{"decision": {"confirm"}, "note": {"x"}}).want(t, "auditor may not answer", 403)
		// 下: the suspension list; a death is terminated (终止), not suspended
		aud.post(fmt.Sprintf("/audit/runs/%d/issue", id), nil).want(t, "issue", 303)
		got, _ := e.st.AuditSuspect(context.Background(), x.ID)
		wantAction := audit.ActionSuspend
		if x.Finding == "death" {
			wantAction = audit.ActionTerminate
		}
		if got.State != string(audit.StateSuspensionIssued) || got.Action != string(wantAction) {
			t.Fatalf("after issue: %s %s", got.State, got.Action)
		}
		if r, _ := e.st.AuditSuspect(context.Background(), ru[1].ID); r.State != string(audit.StateTownRejected) || r.Action != "" {
			t.Fatalf("rejected suspect: %s %s", r.State, r.Action)
		}
		// 上: the town confirms the stop
		clk.get(sp(x)).want(t, "stop form", 200, "确认已停发", "终止")
		clk.post(sp(x)+"/stop", url.Values{"note": {"已停发"}}).want(t, "stop", 303)
		clk.post(sp(x)+"/stop", nil).want(t, "stop twice", 409)
		evs, _ := e.st.AuditEvents(context.Background(), x.ID, 0)
		var steps []string
		for _, ev := range evs {
			steps = append(steps, ev.From+">"+ev.To)
		}
		if strings.Join(steps, " ") != ">pending pending>town_confirmed town_confirmed>suspension_issued suspension_issued>stopped" {
			t.Fatalf("trail %v", steps)
		}
		if evs[1].Actor != "周丽" || evs[1].ActorTown != "如城街道" || evs[1].Evidence != "火化证明 2024-118\n村委会证明" || evs[0].Actor != "吴涛" {
			t.Fatalf("trail who/evidence: %+v", evs[1])
		}
		aud.get(sp(x)).want(t, "trail page", 200, "镇已确认停发", "火化证明已核", "周丽")
		// pending suspects of the run are overdue once the reply date passed
		later := func() time.Time { return time.Now().AddDate(0, 0, 30) }
		e.srv.now, e.st.Now = later, later
		e.login("jihe").get(fmt.Sprintf("/audit/runs/%d", id)).want(t, "overdue", 200, "条疑点已逾期")
		e.login("rucheng").get("/audit/suspects").want(t, "overdue for clerk", 200, "已逾期")
	})
}

// TestAuditCases: a case with repayments gives the rates; a write-off
// needs a reason; the rates reach the self-evaluation page.
func TestAuditCases(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fs, _ := auditFiles(t, 600)
		id := newRun(t, e, map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}})
		aud, clk := e.login("jihe"), e.login("rucheng")
		aud.post(fmt.Sprintf("/audit/runs/%d/send", id), nil).want(t, "send", 303)
		var xs []store.AuditSuspect
		for _, x := range suspectsOf(t, e, id, "如城街道", "") {
			if x.Overpaid > 0 && len(xs) < 2 {
				xs = append(xs, x)
			}
		}
		if len(xs) < 2 {
			t.Fatal("fixture: two overpaid suspects in 如城街道")
		}
		sp := func(x store.AuditSuspect) string { return fmt.Sprintf("/audit/suspects/%d", x.ID) }
		// only a town-confirmed suspect becomes a case
		aud.post(sp(xs[0])+"/case", url.Values{"type": {"overpayment"}, "opened": {"2025-01-10"}}).want(t, "case before confirmation", 422)
		for _, x := range xs {
			clk.post(sp(x)+"/reply", url.Values{"decision": {"confirm"}, "note": {"属实"}}).want(t, "confirm", 303)
		}
		aud.post(sp(xs[0])+"/case", url.Values{"type": {"bogus"}, "opened": {"2025-01-10"}}).want(t, "bad type", 422)
		open := func(x store.AuditSuspect, typ string) string {
			res := aud.post(sp(x)+"/case", url.Values{"type": {typ}, "opened": {"2025-01-10"}})
			if res.code != http.StatusSeeOther || !strings.HasPrefix(res.location, "/audit/cases/") {
				t.Fatalf("open case: %d %q %.300s", res.code, res.location, res.body)
			}
			return res.location
		}
		a, b := open(xs[0], "overpayment"), open(xs[1], "fraud")
		aud.post(sp(xs[0])+"/case", url.Values{"type": {"fraud"}, "opened": {"2025-01-10"}}).want(t, "second case", 409)
		dueA, dueB := xs[0].Overpaid, xs[1].Overpaid
		half := dueA / 2
		// case A: two repayments, fully recovered 20 days after opening
		aud.post(a+"/repay", url.Values{"on": {"2025-01-15"}, "amount": {half.String()}, "method": {"银行转账"}}).want(t, "repay", 303)
		aud.post(a+"/repay", url.Values{"on": {"2025-01-20"}, "amount": {dueA.String()}, "method": {"现金"}}).want(t, "too much", 422, "还款超过")
		aud.post(a+"/repay", url.Values{"on": {"2025-01-01"}, "amount": {"1.00"}, "method": {"现金"}}).want(t, "before opening", 422)
		aud.post(a+"/repay", url.Values{"on": {"2025-01-30"}, "amount": {(dueA - half).String()}, "method": {"现金"}}).want(t, "repay rest", 303)
		aud.get(a).want(t, "recovered", 200, "已足额追回", ">20<")
		aud.post(a+"/repay", url.Values{"on": {"2025-02-01"}, "amount": {"1.00"}, "method": {"现金"}}).want(t, "closed", 409)
		// case B: a partial repayment, then written off — a reason is required
		aud.post(b+"/repay", url.Values{"on": {"2025-02-01"}, "amount": {"10.00"}, "method": {"银行转账"}}).want(t, "repay b", 303)
		aud.get(b).want(t, "partly", 200, "部分追回")
		aud.post(b+"/writeoff", url.Values{"reason": {"  "}, "on": {"2025-03-01"}}).want(t, "no reason", 422, "核销须说明原因")
		aud.post(b+"/writeoff", url.Values{"reason": {"无遗产可追"}, "on": {"2025-03-01"}}).want(t, "write off", 303)
		aud.get(b).want(t, "written off", 200, "已核销", "无遗产可追")
		// the rates over 2025: recovered / due, 1 of 2 in full, 1 of 2 in time
		recBP, _ := money.RatioBP(dueA+1000, dueA+dueB)
		wantRec := audit.Rate{BP: recBP, OK: true}.Percent()
		body := aud.get("/audit/cases?year=2025").body
		for _, s := range []string{`id="rate-recovery">` + wantRec, `id="rate-full">50.00%`, `id="rate-timely">50.00%`} {
			if !strings.Contains(body, s) {
				t.Fatalf("cases page lacks %q", s)
			}
		}
		// timely within 10 days: none
		aud.post("/audit/settings", url.Values{"timely_days": {"10"}}).want(t, "settings", 303)
		aud.get("/audit/cases?year=2025").want(t, "timely 10", 200, `id="rate-timely">0.00%`)
		aud.post("/audit/settings", url.Values{"timely_days": {"x"}}).want(t, "bad days", 422)
		// readers see the cases, IDs masked; the auditor sees them in full
		fin := e.login("caizheng").get(a)
		fin.want(t, "finance reads a case", 200, cnid.Mask(xs[0].IDNumber))
		if strings.Contains(fin.body, xs[0].IDNumber) {
			t.Fatal("finance sees the full ID")
		}
		aud.get(a).want(t, "auditor full ID", 200, xs[0].IDNumber)
		e.login("tianbao").post(a+"/repay", url.Values{"on": {"2025-02-01"}, "amount": {"1.00"}}).want(t, "filer repays", 403)
		// the demo's 2024 cases reach the 2024 稽查费 self-evaluation as computed values
		rates, err := e.st.AuditCases(ctx, store.CaseFilter{Year: 2024})
		if err != nil || len(rates) == 0 {
			t.Fatalf("demo cases: %d %v", len(rates), err)
		}
		ev := e.login("tianbao").get(fmt.Sprintf("/projects/%d/evaluate", e.id("稽查费", 2024)))
		ev.want(t, "evaluate hint", 200, "按追回案件计算", "/audit/cases?year=2024&amp;rate=recovery", "/audit/cases?year=2024&amp;rate=timely")
		e.login("tianbao").get("/audit/cases?year=2024&rate=full").want(t, "cases behind", 200, "✓")
	})
}

// TestAuditDemo: the demo's run has suspects in every state and cases.
func TestAuditDemo(t *testing.T) {
	e := newEnv(t, "sqlite")
	runs, err := e.st.AuditRuns(context.Background())
	if err != nil || len(runs) != 1 || runs[0].Suspects < 50 {
		t.Fatalf("demo runs: %+v %v", runs, err)
	}
	t.Logf("demo run: %d suspects, overpaid %s", runs[0].Suspects, runs[0].Overpaid)
	for _, st := range []audit.SuspectState{audit.StatePending, audit.StateTownRejected, audit.StateSuspensionIssued, audit.StateStopped} {
		if len(suspectsOf(t, e, runs[0].ID, "如城街道", string(st))) == 0 {
			t.Errorf("demo: no 如城街道 suspect in state %s", st)
		}
	}
	cs, _ := e.st.AuditCases(context.Background(), store.CaseFilter{})
	if len(cs) < 4 {
		t.Fatalf("demo: %d cases", len(cs))
	}
	e.login("jihe").get(fmt.Sprintf("/audit/runs/%d", runs[0].ID)).want(t, "demo run", 200, "如城街道", "白蒲镇", "条疑点已逾期")
	e.login("rucheng").get("/audit/suspects").want(t, "clerk list", 200, "如城街道")
	e.login("rucheng").get("/").want(t, "clerk home", 200, "/audit/suspects")
	e.login("jihe").get("/audit/cases").want(t, "cases", 200, "已核销", "已足额追回", "部分追回")
	// in English: the labels come from the catalogue, the reasons from the engine
	en := e.login("jihe")
	en.get("/lang/en")
	en.get(fmt.Sprintf("/audit/runs/%d", runs[0].ID)).want(t, "run in English", 200, "Progress by town", "Awaiting town", "Same ID", "suspect(s) overdue")
	en.get("/audit/cases").want(t, "cases in English", 200, "Recovery rate", "Written off", "Fully recovered")
	x := suspectsOf(t, e, runs[0].ID, "如城街道", string(audit.StateStopped))[0]
	en.get(fmt.Sprintf("/audit/suspects/%d", x.ID)).want(t, "suspect in English", 200, "Stopped (town confirmed)", html.EscapeString(x.ReasonEN))
}

// TestAuditCatalogue: every label of the audit pages has English.
func TestAuditCatalogue(t *testing.T) {
	for _, m := range []map[string]string{auditStateNames, auditKindNames, auditClassNames, auditFindingNames, auditActionNames, auditCaseTypes, auditCaseStatus, auditRoleNames} {
		for _, v := range m {
			if !locale.Has(v) {
				t.Errorf("no English for %q", v)
			}
		}
	}
	// the Chinese of the handlers' messages
	lit := regexp.MustCompile(`"([^"\n]*[\x{4e00}-\x{9fff}][^"\n]*)"`)
	files, _ := filepath.Glob("audit_*.go")
	files = append(files, "cert.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			for _, m := range lit.FindAllStringSubmatch(line, -1) {
				if !locale.Has(m[1]) {
					t.Errorf("%s: no English for %q", f, m[1])
				}
			}
		}
	}
}
