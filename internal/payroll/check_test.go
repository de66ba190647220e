package payroll

import (
	"fmt"
	"strings"
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

func id(birth string, seq int) string {
	body := "320682" + birth + string(rune('0'+seq/100)) + string(rune('0'+seq/10%10)) + string(rune('0'+seq%10))
	c, _ := cnid.CheckChar(body)
	return body + string(c)
}

func TestEveryKind(t *testing.T) {
	rules, _ := benefit.Builtin("rugao")
	m := func(mo int) cal.Month { return cal.MonthOf(2023, mo) }
	roll := []audit.Recipient{
		{ID: id("19550310", 1), Name: "甲", Town: "白蒲镇", Scheme: "居保", Status: "正常", Start: cal.MonthOf(2015, 4)}, // clean, 332.13
		{ID: id("19550310", 3), Name: "乙", Town: "白蒲镇", Scheme: "居保", Status: "终止", Start: cal.MonthOf(2015, 4), PaidThrough: m(3)},
		{ID: id("19630815", 5), Name: "丙", Town: "丁堰镇", Scheme: "居保", Status: "正常", Start: m(1)},  // 60 from 2023-09
		{ID: id("19550310", 7), Name: "丁", Town: "丁堰镇", Scheme: "居保", Status: "正常", Start: m(6)},  // before start
		{ID: id("19580501", 9), Name: "戊", Town: "九华镇", Scheme: "失保", Status: "正常", Start: m(1)},  // 失保 781
		{ID: id("19580501", 11), Name: "己", Town: "九华镇", Scheme: "居保", Status: "正常", Start: m(1)}, // 65 in May
		{ID: id("19580501", 13), Name: "庚", Town: "九华镇", Scheme: "居保", Status: "暂停", Start: m(1)}, // stopped, no paid-through
	}
	c, skipped, err := NewChecker(rules, roll, m(1), m(12), 2)
	if err != nil || skipped != 0 {
		t.Fatal(err, skipped)
	}
	row := func(i int, mo int, paid money.Fen, acct string) *Row {
		return &Row{File: "p.csv", Line: 1 + len(c.workers[0].recs) + len(c.workers[1].recs) + c.workers[0].rows + c.workers[1].rows, ID: roll[i].ID, Month: m(mo), Paid: paid, Years: 21, Makeup: 0,
			Balance: 12000 * money.Yuan, HasBalance: true, Account: acct}
	}
	line := 0
	add := func(w int, r *Row) { line++; r.Line = line; c.Add(w, r) }
	add(0, row(0, 1, 33213, "6228001"))
	add(1, row(0, 2, 33213, "6228001"))
	add(0, row(0, 2, 33213, "6228001"))                                                 // paid twice in February
	add(0, row(0, 3, 33300, "6228001"))                                                 // 多发 0.87
	add(0, row(0, 4, 33213-560, ""))                                                    // raise missed: 210 + 210×2%×6 = 235.20 vs 240.80 → 5.60 less
	add(0, row(0, 5, 33000, ""))                                                        // 少发 2.13
	add(0, row(1, 3, 33213, "6228001"))                                                 // same account as 甲
	add(0, row(1, 4, 33213, ""))                                                        // after stop
	add(1, row(2, 8, 30000, ""))                                                        // under age
	add(1, row(3, 5, 33213, ""))                                                        // before start
	add(1, row(4, 5, 78100, ""))                                                        // 失保 clean
	add(1, row(4, 6, 80000, ""))                                                        // 失保 多发 19
	add(1, row(5, 5, 33213-500, ""))                                                    // birthday month: no supplement yet → clean
	add(1, row(5, 6, 33213-500, ""))                                                    // supplement missed
	add(1, row(6, 6, 33213, ""))                                                        // stopped without paid-through: unverifiable
	add(1, &Row{ID: id("19500101", 15), Month: m(6), Paid: 100, Years: -1, Makeup: -1}) // not on roll
	add(1, &Row{ID: roll[0].ID, Month: cal.MonthOf(2024, 1), Paid: 100})                // outside the period
	res := c.Finish(line+1, 1)
	if !res.Reconciles() {
		t.Errorf("does not reconcile: %+v", res)
	}
	want := map[Kind]money.Fen{Overpaid: 87 + 1900, RaiseMissed: -560, Underpaid: -213, AfterStop: 33213, UnderAge: 30000,
		BeforeStart: 33213, Duplicate: 33213, AgeMissed: -500}
	for k, d := range want {
		if got := res.ByKind[k].Difference; got != d {
			t.Errorf("%s: difference %s, want %s", k, got, d)
		}
	}
	if len(res.ByKind) != len(want) {
		t.Errorf("kinds %v", res.ByKind)
	}
	if res.Verified != 5 || res.Unverified != 2 || res.Outside != 1 || res.Rejected != 1 {
		t.Errorf("verified %d unverified %d outside %d rejected %d", res.Verified, res.Unverified, res.Outside, res.Rejected)
	}
	if len(res.Shared) != 1 || len(res.Shared[0].IDs) != 2 {
		t.Errorf("shared %+v", res.Shared)
	}
	for _, f := range res.Findings {
		if f.Formula == "" {
			t.Errorf("%s %s: no formula", f.Name, f.Kind)
		}
		if f.Kind == RaiseMissed && f.Formula != "2023-04 应发 215 + 215×2%×6 + 5 + 12,000÷139 = 332.13（基础养老金 + 缴费年限加发 + 高龄加发 + 个人账户养老金，合计四舍五入到分）；实发按调整前标准 210 + 210×2%×6 + 5 + 12,000÷139 = 326.53" {
			t.Errorf("raise formula %q", f.Formula)
		}
	}
}

func TestFundRequest(t *testing.T) {
	rules, _ := benefit.Builtin("rugao")
	dec := cal.MonthOf(2022, 12)
	roll := []audit.Recipient{
		{ID: id("19550310", 1), Name: "甲", Scheme: "居保", Status: "正常", Start: cal.MonthOf(2015, 4)},
		{ID: id("19550310", 3), Name: "乙", Scheme: "居保", Status: "终止", Start: cal.MonthOf(2015, 4), PaidThrough: dec},
	}
	c, _, _ := NewChecker(rules, roll, dec, dec, 1)
	for i := range roll {
		c.Add(0, &Row{Line: i + 2, ID: roll[i].ID, Month: dec, Paid: 32653, Years: 21, Makeup: 0, Balance: 12000 * money.Yuan, HasBalance: true})
	}
	c.Finish(2, 0)
	fr := c.FundRequest()
	// January 2023: 215 + 25.80 + 5 + 86.33 = 332.13 for 甲 only (乙 stopped)
	if fr.Month != cal.MonthOf(2023, 1) || fr.People != 1 || fr.Total != 33213 || fr.Rounding != 0 {
		t.Fatalf("%+v", fr)
	}
	want := map[string]money.Fen{"上级": 10750, "本级": 10750 + 2580 + 500, "个人账户": 8633}
	for _, s := range fr.Source {
		if want[s.Source] != s.Amount {
			t.Errorf("%s: %s, want %s", s.Source, s.Amount, want[s.Source])
		}
		delete(want, s.Source)
	}
	if len(want) > 0 || fr.Skipped["名册状态终止/暂停 (stopped on the roll)"] != 1 {
		t.Errorf("missing sources %v; skipped %v", want, fr.Skipped)
	}
}

func TestIndicators(t *testing.T) {
	res := &Result{From: cal.MonthOf(2023, 1), To: cal.MonthOf(2023, 12), Verified: 990, FindingRows: 10, RaiseRows: 800,
		ByKind:  map[Kind]KindTotal{Underpaid: {Rows: 2}, RaiseMissed: {Rows: 4}, Overpaid: {Rows: 4}},
		Returns: &ReturnsResult{SucceededAmount: 99820, DueAmount: 100000}}
	got := map[string]string{}
	for _, e := range Indicators(res, "test") {
		got[e.Indicator] = e.Percent() + " " + e.Period
	}
	want := map[string]string{"发放率": "99.82% 2023", "足额发放率": "99.40% 2023", "待遇调整到位率": "99.50% 2023"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	rules, _ := benefit.Builtin("rugao")
	tab := raisedTable(rules, cal.MonthOf(2022, 1), cal.MonthOf(2023, 12))
	if tab["居保"] != 0xFFF<<12 || tab["失保"] != 0 {
		t.Errorf("raised months: 居保 %x 失保 %x", tab["居保"], tab["失保"])
	}
}

// A year's payroll and returns checked for one month: the other months are
// counted once as outside the period — not unverifiable, not unpaid, not
// "returned but not in the payroll" — and the rows still reconcile.
func TestOneMonthOfAYear(t *testing.T) {
	rules, _ := benefit.Builtin("rugao")
	jun := cal.MonthOf(2023, 6)
	roll := []audit.Recipient{{ID: id("19580501", 9), Name: "戊", Town: "九华镇", Scheme: "失保", Status: "正常", Start: cal.MonthOf(2023, 1)}}
	c, _, _ := NewChecker(rules, roll, jun, jun, 1)
	for mo := 1; mo <= 12; mo++ {
		c.Add(0, &Row{Line: mo + 1, ID: roll[0].ID, Month: cal.MonthOf(2023, mo), Paid: 78100, Years: -1, Makeup: -1})
	}
	res := c.Finish(12, 0)
	for _, mo := range []int{6, 12} {
		c.AddReturn(&Row{Line: mo, ID: roll[0].ID, Month: cal.MonthOf(2023, mo), Paid: 78100, Result: "成功"})
	}
	rr := c.Returns(res)
	if !res.Reconciles() || res.Verified != 1 || res.Outside != 11 || res.Unverified != 0 || len(res.Unverifiable) != 0 {
		t.Errorf("verified %d outside %d unverified %d %v", res.Verified, res.Outside, res.Unverified, res.Unverifiable)
	}
	if rr.Outside != 1 || rr.NotInPayroll != 0 || rr.NotReturned != 0 || rr.Succeeded != 1 || rr.RateByAmount().Percent() != "100.00%" {
		t.Errorf("returns %+v rate %s", rr, rr.RateByAmount().Percent())
	}
}

func TestTimely(t *testing.T) {
	jun := cal.MonthOf(2023, 6)
	res := &Result{From: jun, To: jun, Returns: &ReturnsResult{Succeeded: 995, DueRows: 1000}}
	e, ok := Timely(res, cal.DateOf(2023, 6, 8), cal.DateOf(2023, 6, 10), "t")
	if !ok || e.Percent() != "99.50%" || e.Period != "2023-06" || e.Indicator != "及时发放率" {
		t.Errorf("on time: %+v", e)
	}
	if e, _ := Timely(res, cal.DateOf(2023, 6, 12), cal.DateOf(2023, 6, 10), "t"); e.Percent() != "0.00%" || e.Den != 1000 {
		t.Errorf("late: %+v", e)
	}
	if _, ok := Timely(&Result{From: jun, To: jun}, cal.DateOf(2023, 6, 8), cal.DateOf(2023, 6, 10), "t"); ok {
		t.Error("no returns: the money is not assumed to have arrived")
	}
}

// The roll read by two workers at once: of a repeated ID the row earlier
// in the file stands whichever worker added it first, findings follow the
// roll's order, and bank accounts are told apart exactly — by number
// (0123 is not 123), or by text when an account is no number.
func TestRollOrderAndAccounts(t *testing.T) {
	rules, _ := benefit.Builtin("rugao")
	jan := cal.MonthOf(2023, 1)
	r := func(line int, name string, seq int) audit.Recipient {
		return audit.Recipient{File: "roll.csv", Line: line, ID: id("19580501", seq), Name: name, Town: "九华镇", Scheme: "失保",
			Status: "正常", Start: cal.MonthOf(2020, 1)}
	}
	b, err := NewRollBuilder(rules, jan, jan, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	// worker 1 reads the second half of the file first
	b.AddBatch(1, []audit.Recipient{r(6, "后", 1), r(7, "己", 11), r(8, "庚", 13), r(9, "辛", 15), r(10, "壬", 17)})
	b.AddBatch(0, []audit.Recipient{r(2, "甲", 1), r(3, "乙", 3), r(4, "丙", 5), r(5, "丁", 7), {File: "roll.csv", Line: 11, ID: "bad"}})
	c, skipped := b.Checker()
	if skipped != 2 {
		t.Errorf("skipped %d, want 2 (the repeated ID, the bad one)", skipped)
	}
	accounts := []string{"6228480000000000001", "6228480000000000001", "0123", "123", "账户-7", "账户-7", "9999999999999999999", "9999999999999999999"}
	seqs := []int{1, 3, 5, 7, 11, 13, 15, 17}
	rows := make([]Row, len(seqs))
	for i, s := range seqs {
		rows[i] = Row{Line: 20 - i, ID: id("19580501", s), Month: jan, Paid: 80000, Years: -1, Makeup: -1, Account: accounts[i]}
	}
	c.AddBatch(1, rows[4:])
	c.AddBatch(0, rows[:4])
	res := c.Finish(len(rows), 0)
	var names []string
	for _, f := range res.Findings {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ""); got != "甲乙丙丁己庚辛壬" {
		t.Errorf("findings in order %q, want the roll's 甲乙丙丁己庚辛壬 (甲 before the repeated 后)", got)
	}
	var shared []string
	for _, s := range res.Shared {
		shared = append(shared, s.Account+":"+strings.Join(s.Names, ""))
	}
	if got, want := strings.Join(shared, " "), "6228480000000000001:甲乙 9999999999999999999:辛壬 账户-7:己庚"; got != want {
		t.Errorf("shared %q, want %q", got, want)
	}
}

// FuzzChecker: rows built from the input, checked by two workers in
// batches and by one worker a row at a time, give the same result — the
// same sample rows of the unverifiable too — and it reconciles.
func FuzzChecker(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"), uint8(3))
	f.Add([]byte("\x01\x01\x01\x01\x02\x02\x02\x02\xff\xfe\x10\x20"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		rules, _ := benefit.Builtin("rugao")
		from, to := cal.MonthOf(2023, 1), cal.MonthOf(2023, 3)
		statuses := []string{"正常", "终止", "暂停"}
		var roll []audit.Recipient
		for i := range 6 {
			roll = append(roll, audit.Recipient{File: "r.csv", Line: 2 + i%4, ID: id("19580501", 1+2*(i%5)), Name: string(rune('甲' + i)),
				Town: "九华镇", Scheme: []string{"居保", "失保"}[i%2], Status: statuses[i%3], Start: cal.MonthOf(2020, 1), PaidThrough: from + cal.Month(i%3)})
		}
		var rows []Row
		for i := 0; i+3 < len(data) && len(rows) < 200; i += 4 {
			b0, b1, b2, b3 := data[i], data[i+1], data[i+2], data[i+3]
			r := Row{Line: len(rows) + 2, ID: id("19580501", 1+2*int(b0%7)), Month: from + cal.Month(b1%4) - 0, Paid: money.Fen(b2) * 500,
				Years: int(b3%30) - 1, Makeup: int(b3 % 3), Balance: money.Fen(b3) * 10000, HasBalance: b3%5 != 0, Account: []string{"", "6228", "0628", "x"}[b1%4]}
			if b0%11 == 10 {
				r.ID = "123"
			}
			rows = append(rows, r)
		}
		one := func(workers int, batch bool) *Result {
			c, _, err := NewChecker(rules, roll, from, to, workers)
			if err != nil {
				t.Fatal(err)
			}
			cp := append([]Row(nil), rows...)
			if batch {
				k := min(int(split), len(cp))
				c.AddBatch(0, cp[k:]) // the later rows first, on worker 0
				c.AddBatch(workers-1, cp[:k])
			} else {
				for i := range cp {
					c.Add(0, &cp[i])
				}
			}
			return c.Finish(len(rows), 0)
		}
		a, b := one(1, false), one(2, true)
		if !a.Reconciles() || !b.Reconciles() {
			t.Fatalf("does not reconcile: %+v / %+v", a, b)
		}
		sum := func(r *Result) string {
			var s strings.Builder
			fmt.Fprintf(&s, "%d %d %d %s %s %d|", r.Verified, r.FindingRows, r.Unverified, r.Due, r.Paid, len(r.Shared))
			for _, f := range r.Findings {
				fmt.Fprintf(&s, "%s %s %v %s %s %v %s;", f.ID, f.Kind, f.Months, f.Expected, f.Paid, f.Lines, f.Formula)
			}
			for _, sh := range r.Shared {
				fmt.Fprintf(&s, "%s %v;", sh.Account, sh.IDs)
			}
			for _, u := range r.Unverifiable {
				fmt.Fprintf(&s, "%s %d %v;", u.Reason, u.Rows, u.Sample) // the samples: the first rows, however read
			}
			return s.String()
		}
		if x, y := sum(a), sum(b); x != y {
			t.Errorf("one worker a row at a time:\n%s\ntwo workers in batches:\n%s", x, y)
		}
	})
}

// A year's payroll checked against one month's bank return: the months
// without any return row are unknown, not unpaid — they are named, and no
// 发放率 (by amount, by payment, as an indicator) is computed.
func TestYearAgainstOneMonthOfReturns(t *testing.T) {
	rules, _ := benefit.Builtin("rugao")
	roll := []audit.Recipient{{ID: id("19580501", 9), Name: "戊", Town: "九华镇", Scheme: "失保", Status: "正常", Start: cal.MonthOf(2023, 1)}}
	c, _, _ := NewChecker(rules, roll, cal.MonthOf(2023, 1), cal.MonthOf(2023, 12), 1)
	for mo := 1; mo <= 12; mo++ {
		c.Add(0, &Row{Line: mo + 1, ID: roll[0].ID, Month: cal.MonthOf(2023, mo), Paid: 78100, Years: -1, Makeup: -1})
	}
	res := c.Finish(12, 0)
	c.AddReturn(&Row{Line: 2, ID: roll[0].ID, Month: cal.MonthOf(2023, 12), Paid: 78100, Result: "成功"})
	rr := c.Returns(res)
	if len(rr.Missing) != 11 || rr.Missing[0] != cal.MonthOf(2023, 1) || rr.Missing[10] != cal.MonthOf(2023, 11) {
		t.Fatalf("missing %v", rr.Missing)
	}
	if rr.RateByAmount().OK || rr.RateByRows().OK {
		t.Errorf("a 发放率 over months without returns: %s", rr.RateByAmount().Percent())
	}
	for _, e := range Indicators(res, "t") {
		if e.Indicator == "发放率" {
			t.Errorf("发放率 offered: %+v", e)
		}
	}
	if _, ok := Timely(res, cal.DateOf(2023, 12, 8), cal.DateOf(2023, 12, 10), "t"); ok {
		t.Error("及时发放率 over months without returns")
	}
}
