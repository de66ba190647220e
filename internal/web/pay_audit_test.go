package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/payroll"
	"jixiao/internal/store"
)

func init() {
	for k, v := range map[string]string{
		"POST /pay/runs/{id}/cases":          "auditor",
		"POST /pay/runs/{id}/deaths":         "auditor",
		"GET /pay/runs/{id}/list":            "filer approver dept finance admin auditor clerk",
		"POST /projects/{id}/money/from-pay": "filer",
		"POST /projects/{id}/evidence-name":  "filer",
	} {
		allowed[k] = v
	}
}

// TestPayHandover: a checked month hands on what it found — every
// overpayment becomes a recovery case of type 多领 owing the finding's
// difference (once: a second press opens none), the 追回 and 补发 lists
// download as workbooks (a town clerk's of their own town, masked), and
// the closed and frozen accounts go to the towns as possible deaths
// (review), once.
func TestPayHandover(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		run := newPayRun(t, e)
		path := fmt.Sprintf("/pay/runs/%d", run.ID)
		all, err := e.st.PayFindings(ctx, store.PayFindingFilter{RunID: run.ID, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		over := map[string]money.Fen{} // ID|kind → difference
		var nOver, nUnder int
		var mine, anyUnder store.PayFinding // a finding of 如城街道, an underpayment
		mineList := ""
		for _, f := range all {
			k, _ := payroll.KindByName(f.Kind)
			if k.Overpayment() {
				over[f.IDNumber] += money.Fen(f.Difference())
				nOver++
			} else {
				nUnder++
				anyUnder = f
			}
			if f.Town == "如城街道" && mine.ID == 0 {
				mine, mineList = f, map[bool]string{true: "recover", false: "backpay"}[k.Overpayment()]
			}
		}
		if nOver == 0 || nUnder == 0 {
			t.Fatalf("generated month: %d over, %d under", nOver, nUnder)
		}
		aud := e.login("jihe")
		aud.get(path).want(t, "run page", 200, `id="open-pay-cases"`, `id="list-recover"`, `id="list-backpay"`)
		e.login("rucheng").post(path+"/cases", nil).want(t, "clerk opens cases", 403)
		before, _ := e.st.AuditCases(ctx, store.CaseFilter{})
		aud.post(path+"/cases", nil).want(t, "open cases", 303)
		cases, err := e.st.AuditCases(ctx, store.CaseFilter{})
		cases = cases[len(before):]
		if err != nil || len(cases) != nOver {
			t.Fatalf("%d cases for %d overpayments: %v", len(cases), nOver, err)
		}
		got := map[string]money.Fen{}
		for _, c := range cases {
			if c.Type != string(audit.CaseOverpayment) {
				t.Errorf("case %d of type %s: only a person decides 冒领", c.ID, c.Type)
			}
			got[c.IDNumber] += c.Due
		}
		for id, d := range over {
			if got[id] != d {
				t.Errorf("%s: cases owe %s, the findings %s", id, got[id], d)
			}
		}
		aud.post(path+"/cases", nil).want(t, "again", 303)
		if again, _ := e.st.AuditCases(ctx, store.CaseFilter{}); len(again) != len(before)+nOver {
			t.Errorf("a second press opened more: %d", len(again))
		}
		body := aud.get(path).body
		if strings.Contains(body, `id="open-pay-cases"`) || !strings.Contains(body, fmt.Sprintf("已立追回案件：%d", nOver)) {
			t.Error("the run page does not say the cases are open")
		}

		rows := xlsxRows(t, aud.get(path+"/list?kind=recover").body)
		if !strings.Contains(strings.Join(rows[0], ""), "追回名单") || len(rows) < 3+nOver {
			t.Fatalf("recovery list: %d rows %v", len(rows), rows[:min(len(rows), 3)])
		}
		if !strings.Contains(strings.Join(rows[3], "|"), "#") {
			t.Errorf("recovery list row without its case: %v", rows[3])
		}
		back := xlsxRows(t, aud.get(path+"/list?kind=backpay").body)
		if len(back) < 3+nUnder || !strings.Contains(fmt.Sprint(back), anyUnder.IDNumber) {
			t.Fatalf("back-pay list: %d rows for %d", len(back), nUnder)
		}
		clerk := xlsxRows(t, e.login("rucheng").get(path+"/list?kind="+mineList).body)
		cl := fmt.Sprint(clerk[3:])
		if mine.ID == 0 || !strings.Contains(cl, cnid.Mask(mine.IDNumber)) || strings.Contains(cl, mine.IDNumber) {
			t.Errorf("clerk's back-pay list: %v", clerk)
		}
		for _, r := range clerk[3:] {
			if len(r) > 1 && r[1] != "如城街道" && r[0] != "合计" && !strings.HasPrefix(r[0], "经办人") && r[1] != "" {
				t.Errorf("clerk's list has another town: %v", r)
			}
		}
		aud.get(path+"/list?kind=other").want(t, "unknown list", 404)
		d0, _ := e.st.PayRunRows(ctx, run.ID, "")
		re := xlsxRows(t, aud.get(path+"/list?kind=reissue").body)
		if len(d0.Failed) == 0 || len(re) < 3+len(d0.Failed) || !strings.Contains(fmt.Sprint(re), d0.Failed[0].IDNumber) || !strings.Contains(fmt.Sprint(re), d0.Failed[0].Reason) {
			t.Errorf("re-issue list: %d rows for %d failed payments", len(re), len(d0.Failed))
		}

		// the closed and frozen accounts, to the survival audit
		d, _ := e.st.PayRunRows(ctx, run.ID, "")
		deaths := paydb.PossibleDeaths(d)
		if len(deaths) == 0 {
			t.Fatal("the generated month has no closed or frozen account")
		}
		res := aud.post(path+"/deaths", nil)
		if res.code != 303 || !strings.HasPrefix(res.location, "/audit/runs/") {
			t.Fatalf("send deaths: %d %q", res.code, res.location)
		}
		aid, err := e.st.PayRunAuditRun(ctx, run.ID)
		if err != nil || aid == 0 {
			t.Fatal(err)
		}
		sus, err := e.st.AuditSuspects(ctx, store.SuspectFilter{RunID: aid})
		if err != nil || len(sus) != len(deaths) {
			t.Fatalf("%d suspects for %d accounts: %v", len(sus), len(deaths), err)
		}
		for _, x := range sus {
			if x.Confidence != string(audit.Review) || x.State != string(audit.StatePending) || (x.Kind != paydb.KindBankClosed && x.Kind != paydb.KindBankFrozen) {
				t.Errorf("suspect %+v: want a pending review of a bank account", x)
			}
		}
		aud.get(res.location).want(t, "audit run", 200, "银行账户")
		aud.post(path+"/deaths", nil).want(t, "twice", 303)
		if again, _ := e.st.AuditSuspects(ctx, store.SuspectFilter{RunID: aid}); len(again) != len(sus) {
			t.Error("sent twice")
		}
		aud.get(path).want(t, "linked", 200, `id="pay-deaths-run"`)
	})
}

// TestPayProjectMoney: a project's funds filled from the cycle — the
// receipts recorded against a month's request and the month's checked
// payout shared out by the request's sources — replace only what an
// earlier fill wrote, link each figure to its month and run, and give
// 资金到位率 and 预算执行率 per source on the project page.
func TestPayProjectMoney(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		aud := e.login("jihe")
		res := aud.post("/pay", url.Values{"source": {"demo"}, "month": {"2024-03"}, "recipients": {"1200"}})
		m := payRunLoc.FindStringSubmatch(res.location)
		if m == nil {
			t.Fatalf("demo run: %d %q", res.code, res.location)
		}
		runs, _ := e.st.PayRuns(ctx)
		run := runs[0]
		fr, err := paydb.Fund(run)
		if err != nil || fr == nil || !run.HasReturns {
			t.Fatalf("run %+v: %v", run, err)
		}
		filer := e.login("tianbao")
		for _, rc := range []struct{ src, amt, on string }{{"上级", "1000", "2024-04-03"}, {"上级", "234.56", "2024-04-09"}, {"本级", "2000", "2024-04-05"}} {
			filer.post("/pay/receipts", url.Values{"month": {"2024-04"}, "source": {rc.src}, "amount": {rc.amt}, "received_on": {rc.on}}).want(t, "receipt", 303)
		}
		pid := e.id("财政对城乡居民养老保险的补助", 2024)
		typedR, _ := e.st.MoneyRecords(ctx, pid, store.KindReceipt)
		typedS, _ := e.st.MoneyRecords(ctx, pid, store.KindSpending)
		e.login("jiuye").post(fmt.Sprintf("/projects/%d/money/from-pay", pid), nil).want(t, "another unit", 403)
		// the button asks first, naming how many filled records go
		projectPath := fmt.Sprintf("/projects/%d", pid)
		filer.get(projectPath).want(t, "before the first fill", 200, "此前从待遇发放填入的 0 条记录将被替换")
		for range 2 { // a second fill replaces the first
			filer.post(fmt.Sprintf("/projects/%d/money/from-pay", pid), nil).want(t, "fill", 303)
		}
		filled := 0
		for _, k := range []string{store.KindReceipt, store.KindSpending} {
			ms, _ := e.st.MoneyRecords(ctx, pid, k)
			for _, m := range ms {
				if m.PayMonth != "" {
					filled++
				}
			}
		}
		if filled == 0 {
			t.Fatal("nothing filled")
		}
		filer.get(projectPath).want(t, "after a fill", 200, `id="money-from-pay" data-confirm="`, fmt.Sprintf("此前从待遇发放填入的 %d 条记录将被替换", filled))
		rec, _ := e.st.MoneyRecords(ctx, pid, store.KindReceipt)
		sp, _ := e.st.MoneyRecords(ctx, pid, store.KindSpending)
		var total money.Fen
		for _, s := range fr.Source {
			total += s.Amount
		}
		want := map[int]money.Fen{}
		for _, s := range fr.Source {
			if i := paydb.SourceIndex(s.Source); s.Source == "上级" || s.Source == "本级" {
				want[i] = money.Fen(money.DivRound(run.RetPaid*int64(s.Amount), int64(total)))
			}
		}
		gotR, gotS := map[int]money.Fen{}, map[int]money.Fen{}
		for _, r := range rec {
			if r.PayMonth != "" {
				if r.PayMonth != "2024-04" {
					t.Errorf("receipt of %s", r.PayMonth)
				}
				gotR[r.Source] += r.Amount
			}
		}
		for _, r := range sp {
			if r.PayMonth != "" {
				if r.PayRun != run.ID || r.PayMonth != "2024-03" || r.Date != "2024-03-31" {
					t.Errorf("payout %+v", r)
				}
				gotS[r.Source] += r.Amount
			}
		}
		if len(rec) != len(typedR)+2 || len(sp) != len(typedS)+2 {
			t.Fatalf("records: %d receipts (typed %d), %d payouts (typed %d)", len(rec), len(typedR), len(sp), len(typedS))
		}
		if gotR[0] != 123456 || gotR[1] != 200000 || gotS[0] != want[0] || gotS[1] != want[1] || want[0] == 0 || want[1] == 0 {
			t.Errorf("receipts %v (want 123456, 200000), payouts %v (want %v)", gotR, gotS, want)
		}
		p, _ := e.st.Project(ctx, pid)
		budget := p.Budget[0]
		rate := audit.Rate{Num: int64(gotR[0]), Den: int64(budget), OK: true}
		rate.BP, _ = money.RatioBP(gotR[0], budget)
		page := filer.get(fmt.Sprintf("/projects/%d", pid))
		page.want(t, "project", 200, `id="money-sources"`, rate.Percent(), fmt.Sprintf(`href="/pay/runs/%d"`, run.ID), `href="/pay/funds?month=2024-04"`)
		evs, _ := e.st.Events(ctx, pid, 50)
		n := 0
		for _, ev := range evs {
			if ev.Action == store.ActionMoneyFromPay {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d trail entries of the fills", n)
		}
	})
}

// TestFundsHints: rows named by a source's rate (上级资金到位率, 本级预算执行率)
// are offered the rate computed from the project's money, and a written
// actual that disagrees is marked; the totals' rows are left to
// computedActual.
func TestFundsHints(t *testing.T) {
	sh := &store.Sheet{Project: store.Project{Year: 2023, Budget: [3]money.Fen{409840000, 513601100, 0}}}
	rec := []store.MoneyRecord{{Kind: store.KindReceipt, Date: "2023-12-31", Amount: 408510000, Source: 0},
		{Kind: store.KindReceipt, Date: "2023-12-31", Amount: 491931100, Source: 1}}
	sp := []store.MoneyRecord{{Kind: store.KindSpending, Date: "2023-12-31", Amount: 408510000, Source: 0},
		{Kind: store.KindSpending, Date: "2023-12-31", Amount: 491931100, Source: 1}}
	rows := []EvalRow{{Ind: store.Indicator{Level3: "上级资金预算执行率"}, Actual: "99.68%"},
		{Ind: store.Indicator{Level3: "本级预算执行率"}, Actual: "100%"},
		{Ind: store.Indicator{Level3: "预算执行率"}, Actual: "97.51%"}}
	fundsHints(2023, moneyBySource(sh, rec, sp), rows)
	if fs := markEvidence(2023, rows); len(fs) != 1 || fs[0].Indicator != "本级预算执行率" || fs[0].Rule != "evidence.mismatch" {
		t.Errorf("findings %+v", fs)
	}
	if h := rows[0].Hint; h == nil || h.Value != "99.68%" || h.Mismatch {
		t.Errorf("上级: %+v", h)
	}
	if h := rows[1].Hint; h == nil || h.Value != "95.78%" || !h.Mismatch {
		t.Errorf("本级: %+v", h)
	}
	if rows[2].Hint != nil {
		t.Errorf("total row hinted: %+v", rows[2].Hint)
	}
	// 99,995 of 100,000 shows as 100.00% but is not the 100% written
	near := []EvalRow{{Ind: store.Indicator{Level3: "足额发放率"}, Actual: "100%", Hint: &RateHint{Value: "100.00%", Basis: "99995/100000, 2023, #1"}},
		{Ind: store.Indicator{Level3: "发放率"}, Actual: "100%", Hint: &RateHint{Value: "100.00%", Basis: "5/5, 2023, #1"}}}
	if fs := markEvidence(2023, near); len(fs) != 1 || fs[0].Indicator != "足额发放率" || !near[0].Hint.Mismatch || near[1].Hint.Mismatch {
		t.Errorf("near-whole: %+v", fs)
	}
}

// TestPayYearIndicators: the checks page gives each checked month's rates
// and the year's, the year summing the months' numerators and
// denominators (the figure offered to the self-evaluation); a town clerk
// sees none of the city's figures.
func TestPayYearIndicators(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	aud := e.login("jihe")
	for _, m := range []string{"2023-05", "2023-06"} {
		aud.post("/pay", url.Values{"source": {"demo"}, "month": {m}, "recipients": {"600"}}).want(t, "demo "+m, 303)
	}
	ms, err := paydb.MonthsEvidence(ctx, e.st, 2023)
	if err != nil || len(ms) != 2 || ms[0].Month.String() != "2023-05" {
		t.Fatalf("months %+v: %v", ms, err)
	}
	var num, den int64
	var want []string
	for _, m := range ms {
		for _, ev := range m.Ev {
			if ev.Indicator == "足额发放率" {
				num, den = num+ev.Num, den+ev.Den
				want = append(want, fmt.Sprintf("%s (%d/%d)", ev.Percent(), ev.Num, ev.Den))
			}
		}
	}
	bp, _ := money.RatioBP(money.Fen(num), money.Fen(den))
	year := audit.Rate{BP: bp, OK: true}.Percent()
	want = append(want, fmt.Sprintf("%s (%d/%d)", year, num, den), `id="pay-year-indicators"`)
	aud.get("/pay").want(t, "checks", 200, want...)
	if strings.Contains(e.login("rucheng").get("/pay").body, "pay-year-indicators") {
		t.Error("a town clerk sees the city's rates")
	}
}

// TestCaseMonths: the cases page gives the year's recovery rates month by
// month (by the month a case was opened) beside the year's: the cases the
// payroll check opened today form their own month.
func TestCaseMonths(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	run := newPayRun(t, e)
	aud := e.login("jihe")
	aud.post(fmt.Sprintf("/pay/runs/%d/cases", run.ID), nil).want(t, "open cases", 303)
	all, err := e.st.AuditCases(ctx, store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	last := all[len(all)-1].Opened // today's, from the payroll check
	year, _ := strconv.Atoi(last[:4])
	var month []*audit.Case
	months := map[string]bool{}
	for _, c := range all {
		if c.Opened[:4] == last[:4] {
			months[c.Opened[:7]] = true
		}
		if c.Opened[:7] == last[:7] {
			month = append(month, auditdb.DomainCase(c))
		}
	}
	r := audit.ComputeRates(month, auditdb.TimelyDays(ctx, e.st))
	body := aud.get(fmt.Sprintf("/audit/cases?year=%d", year)).body
	i := strings.Index(body, `id="case-months"`)
	if i < 0 {
		t.Fatal("no month table")
	}
	table := body[i:]
	table = table[:strings.Index(table, "</table>")]
	row := fmt.Sprintf("<td>%s</td><td class=\"num\">%d</td><td class=\"num\">%s</td>", last[:7], len(month), r.Recovery.Percent())
	if !strings.Contains(table, row) || strings.Count(table, "<tr>") != len(months)+1 {
		t.Errorf("month table lacks %q or has other than %d months: %s", row, len(months), table)
	}
}
