package cert

import (
	"strings"
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

func mo(y, m int) cal.Month { return cal.MonthOf(y, m) }

func ev(y, m, d int, c Channel) Event { return Event{Date: cal.DateOf(y, m, d), Channel: c} }

func refusal(y, m, d int) Event {
	return Event{Date: cal.DateOf(y, m, d), Channel: ChannelOffline, Refused: true}
}

// roll returns a recipient born in March (ID 320682195503…) paid 300.00 a
// month since 2022-07 (first cycle 2022-07 … 2023-06).
func roll() audit.Recipient {
	return audit.Recipient{ID: "320682195503150016", Name: "张三", Town: "如城街道", Scheme: "居保",
		Start: mo(2022, 7), Monthly: 30000, Status: "正常"}
}

func TestRollingCycle(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	cert := []Event{ev(2023, 5, 10, ChannelOnline)} // valid 2023-06 … 2024-05
	cases := []struct {
		asOf   cal.Month
		status Status
		since  cal.Month
	}{
		{mo(2023, 5), Normal, 0},
		{mo(2024, 3), Normal, 0},
		{mo(2024, 4), Due, 0}, // the last two valid months
		{mo(2024, 5), Due, 0},
		{mo(2024, 6), ShouldSuspend, mo(2024, 6)}, // M+13
		{mo(2024, 9), ShouldSuspend, mo(2024, 6)},
	}
	for _, c := range cases {
		res := Compute(&r, 0, cert, c.asOf, &ru)
		if res.Status != c.status || res.Since != c.since || res.ValidUntil != mo(2024, 5) {
			t.Errorf("%s: got %s since %s valid %s, want %s since %s valid 2024-05 (%s)", c.asOf, res.Status, res.Since, res.ValidUntil, c.status, c.since, res.Words().ZH)
		}
	}
	res := Compute(&r, 0, cert, mo(2024, 9), &ru)
	if res.UnpaidSinceSuspension != 4 || res.PaidWithoutCertification != 4 {
		t.Errorf("suspended months %d, paid without certification %d; want 4, 4", res.UnpaidSinceSuspension, res.PaidWithoutCertification)
	}
	r.Status = "暂停"
	if res := Compute(&r, 0, cert, mo(2024, 9), &ru); res.Status != Suspended || res.Since != mo(2024, 6) {
		t.Errorf("roll says 暂停: got %s since %s", res.Status, res.Since)
	}
}

func TestResumptionBackPay(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	evs := []Event{ev(2023, 5, 10, ChannelOnline), ev(2024, 9, 2, ChannelOffline)}
	res := Compute(&r, 0, evs, mo(2024, 9), &ru)
	// suspended 2024-06 … 2024-09 (certified in 9), resumes 2024-10
	if res.Status != Resumed || res.ResumeFrom != mo(2024, 10) || res.BackPayFrom != mo(2024, 6) || res.BackPayTo != mo(2024, 9) ||
		res.BackPayMonths != 4 || res.BackPay != 120000 {
		t.Fatalf("got %+v", res)
	}
	if !strings.Contains(res.Words().ZH, "补发2024-06至2024-09共4个月，计1200.00元") {
		t.Errorf("reason: %s", res.Words().ZH)
	}
	// the month after, the person is simply valid again until 2025-09
	res = Compute(&r, 0, evs, mo(2024, 10), &ru)
	if res.Status != Normal || res.ValidUntil != mo(2025, 9) || res.BackPay != 0 {
		t.Errorf("after resumption: %+v", res)
	}
	// certified inside the validity: no lapse, validity extends from the new month
	evs = []Event{ev(2023, 5, 10, ChannelOnline), ev(2024, 4, 2, ChannelBigData)}
	res = Compute(&r, 0, evs, mo(2024, 4), &ru)
	if res.Status != Normal || res.ValidUntil != mo(2025, 4) || res.LastChannel != ChannelBigData {
		t.Errorf("renewal in the due window: %+v", res)
	}
}

func TestRefusal(t *testing.T) {
	r := roll()
	evs := []Event{ev(2023, 5, 10, ChannelOnline), refusal(2023, 12, 1), ev(2024, 3, 5, ChannelOffline)}
	ru := DefaultRules()
	res := Compute(&r, 0, evs[:2], mo(2024, 1), &ru)
	if res.Status != ShouldSuspend || res.Since != mo(2024, 1) {
		t.Errorf("refusal in 2023-12 suspends from 2024-01: %+v", res)
	}
	res = Compute(&r, 0, evs, mo(2024, 3), &ru)
	if res.Status != Resumed || res.BackPayMonths != 3 || res.BackPay != 90000 || res.NoBackPay {
		t.Errorf("default rules back-pay after refusal: %+v", res)
	}
	ru.NoBackPayAfterRefusal = true
	res = Compute(&r, 0, evs, mo(2024, 3), &ru)
	if res.Status != Resumed || res.BackPayMonths != 0 || res.BackPay != 0 || !res.NoBackPay || res.ResumeFrom != mo(2024, 4) {
		t.Errorf("no back-pay after refusal: %+v", res)
	}
	// a lapse by time, then a refusal while suspended: not a refusal suspension
	r.Start = mo(2021, 2)
	evs = []Event{ev(2022, 1, 10, ChannelOnline), refusal(2023, 3, 1), ev(2023, 4, 5, ChannelOffline)}
	res = Compute(&r, 0, evs, mo(2023, 4), &ru)
	if res.Status != Resumed || res.BackPayMonths != 3 || res.NoBackPay {
		t.Errorf("time lapse then refusal: %+v", res)
	}
}

func TestFirstCycleFromStart(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	r.Start = mo(2023, 7) // first cycle 2023-07 … 2024-06
	if res := Compute(&r, 0, nil, mo(2024, 6), &ru); res.Status != Due || res.ValidUntil != mo(2024, 6) {
		t.Errorf("first cycle: %+v", res)
	}
	if res := Compute(&r, 0, nil, mo(2024, 7), &ru); res.Status != ShouldSuspend || res.Since != mo(2024, 7) {
		t.Errorf("first cycle over: %+v", res)
	}
	ru.FirstCycle = mo(2024, 1) // everyone from 2024-01 … 2024-12
	if res := Compute(&r, 0, nil, mo(2024, 7), &ru); res.Status != Normal || res.ValidUntil != mo(2024, 12) {
		t.Errorf("fixed first cycle: %+v", res)
	}
	r.Start = mo(2024, 5) // later start wins
	if res := Compute(&r, 0, nil, mo(2024, 7), &ru); res.ValidUntil != mo(2025, 4) {
		t.Errorf("fixed first cycle, later start: %+v", res)
	}
	r.Start = 0
	ru.FirstCycle = 0
	if res := Compute(&r, 0, nil, mo(2024, 7), &ru); res.Status != ShouldSuspend || !res.Review {
		t.Errorf("no basis: %+v", res)
	}
}

func TestBirthdayCycle(t *testing.T) {
	ru := DefaultRules()
	ru.Cycle = Birthday
	r := roll() // born in March
	for _, c := range []struct {
		cert, valid cal.Month
	}{
		{mo(2023, 1), mo(2024, 3)}, // cycle year ending 2023-03 → pays through 2024-03
		{mo(2023, 3), mo(2024, 3)},
		{mo(2023, 4), mo(2025, 3)}, // next cycle year
		{mo(2022, 12), mo(2024, 3)},
	} {
		res := Compute(&r, 0, []Event{{Date: cal.DateOf(c.cert.Year(), c.cert.Num(), 1)}}, c.cert, &ru)
		if res.ValidUntil != c.valid {
			t.Errorf("certified %s: valid until %s, want %s", c.cert, res.ValidUntil, c.valid)
		}
	}
	r.Birth = cal.DateOf(1955, 8, 1) // the roll's birth date wins over the ID
	res := Compute(&r, 0, []Event{ev(2023, 3, 1, ChannelOnline)}, mo(2023, 3), &ru)
	if res.ValidUntil != mo(2024, 8) {
		t.Errorf("birth date from the roll: %s", res.ValidUntil)
	}
}

func TestDeath(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	// certified 2023-05 (valid to 2024-05), died 2023-10-20, no death record
	// until now: suspended from 2024-06, then the death is recorded.
	evs := []Event{ev(2023, 5, 10, ChannelOnline)}
	death := cal.DateOf(2023, 10, 20)
	res := Compute(&r, death, evs, mo(2024, 8), &ru)
	// paid 2023-11 … 2024-05 = 7 months after death
	if res.Status != Terminated || res.Since != mo(2023, 11) || res.OverpaidMonths != 7 || res.Overpaid != 210000 || res.Review {
		t.Errorf("suspended then dead: %+v", res)
	}
	// the roll paid only through 2024-02
	r.PaidThrough = mo(2024, 2)
	if res := Compute(&r, death, evs, mo(2024, 8), &ru); res.OverpaidMonths != 4 {
		t.Errorf("paid through 2024-02: %d months", res.OverpaidMonths)
	}
	r.PaidThrough = 0
	// someone certified for the dead person in 2024-04: review, never automatic;
	// the platform kept paying through 2025-04.
	evs = append(evs, ev(2024, 4, 3, ChannelOnline))
	res = Compute(&r, death, evs, mo(2024, 8), &ru)
	if res.Status != Terminated || !res.Review || len(res.AfterDeath) != 1 || res.OverpaidMonths != 10 || res.CertifiedInYear {
		t.Errorf("certified after death: %+v", res)
	}
	if !strings.Contains(res.Words().ZH, "死亡后仍有认证") {
		t.Errorf("reason: %s", res.Words().ZH)
	}
	// a lapse back-paid by a certification after death counts as paid
	// once the 补发 was made (the month after the certification)
	r.Start = mo(2021, 2)
	evs = []Event{ev(2022, 1, 10, ChannelOnline), ev(2023, 6, 1, ChannelOffline)} // lapse 2023-02 … 2023-06
	death = cal.DateOf(2022, 12, 5)
	if res := Compute(&r, death, evs, mo(2023, 6), &ru); res.OverpaidMonths != 1 { // only 2023-01
		t.Errorf("back-pay not yet made: %d", res.OverpaidMonths)
	}
	if res := Compute(&r, death, evs, mo(2023, 7), &ru); res.OverpaidMonths != 7 { // 2023-01 … 2023-07
		t.Errorf("back-pay made: %d", res.OverpaidMonths)
	}
	r.Status = "终止"
	if res := Compute(&r, 0, nil, mo(2023, 7), &ru); res.Status != Terminated || res.OverpaidMonths != 0 {
		t.Errorf("terminated roll row: %+v", res)
	}
}

func TestFutureEventsIgnored(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	evs := []Event{ev(2023, 5, 10, ChannelOnline), ev(2024, 9, 1, ChannelOnline)}
	if res := Compute(&r, 0, evs, mo(2024, 6), &ru); res.Status != ShouldSuspend || res.LastCert != cal.DateOf(2023, 5, 10) {
		t.Errorf("%+v", res)
	}
}

func TestTally(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	var tl Tally
	for _, evs := range [][]Event{
		{ev(2024, 1, 1, ChannelBigData)},
		{ev(2024, 2, 1, ChannelBigData)},
		{ev(2023, 12, 1, ChannelOnline)},
		{ev(2022, 12, 1, ChannelOnline)}, // not in the 12 months
	} {
		res := Compute(&r, 0, evs, mo(2024, 6), &ru)
		tl.Add(&res)
	}
	dead := Compute(&r, cal.DateOf(2024, 1, 1), []Event{ev(2024, 1, 1, ChannelOnline)}, mo(2024, 6), &ru)
	tl.Add(&dead)
	if tl.Required != 4 || tl.Certified != 3 || tl.ByChannel[ChannelBigData] != 2 {
		t.Fatalf("%+v", tl)
	}
	if bp, ok := tl.RateBP(); FormatBP(bp, ok) != "75.00%" {
		t.Errorf("rate %d", bp)
	}
	if bp, ok := tl.ChannelShareBP(ChannelBigData); FormatBP(bp, ok) != "66.67%" {
		t.Errorf("big data share %d", bp)
	}
	if tl.Overpaid != money.Fen(5*30000) {
		t.Errorf("overpaid %s", tl.Overpaid)
	}
}

func TestChannels(t *testing.T) {
	for s, want := range map[string]Channel{
		"大数据比对": ChannelBigData, "静默认证": ChannelBigData, "线上自助": ChannelOnline, "江苏智慧人社APP": ChannelOnline,
		"人脸识别": ChannelOnline, "线下辅助": ChannelOffline, "现场认证": ChannelOffline, "上门认证": ChannelHome,
		"异地协助认证": ChannelRemote, "异地": ChannelRemote, "big_data": ChannelBigData, "home_visit": ChannelHome,
	} {
		if c, ok := ParseChannel(s); !ok || c != want {
			t.Errorf("%s: %s %v", s, c, ok)
		}
	}
	if _, ok := ParseChannel("邮寄"); ok {
		t.Error("unknown channel accepted")
	}
	if !IsRefusal("拒绝认证") || !IsRefusal("认证不通过") || IsRefusal("通过") {
		t.Error("IsRefusal")
	}
}

func TestParseRules(t *testing.T) {
	ru, err := ParseRules("r.txt", strings.NewReader("\ufeff# 规则\n周期 = 生日月\n提前提醒月数：3\nno_backpay_after_refusal = yes\n首次周期起点 = 2023年1月 # 新规\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ru.Cycle != Birthday || ru.DueAhead != 3 || !ru.NoBackPayAfterRefusal || ru.FirstCycle != mo(2023, 1) || ru.ValidMonths != 12 {
		t.Errorf("%+v", ru)
	}
	for src, want := range map[string]string{
		"周期 = 每年\n":            "r.txt:1: 周期",
		"\n\n提前 = 2\n":         "r.txt:3: 未知设置",
		"周期=滚动\ncycle=rolling": "r.txt:2: 设置 \"cycle\" 重复",
		"有效月数 = 十二\n":          "r.txt:1: 有效月数",
		"提前提醒月数 = 13":          "r.txt:1:",
		"首次周期起点 = 2023-13":     "r.txt:1:",
		"只有一个词":                "r.txt:1: 应为",
		"有效月数 = 1\n":           "r.txt:0: 提前提醒月数不能大于有效月数",
	} {
		_, err := ParseRules("r.txt", strings.NewReader(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want prefix %q", src, err, want)
		}
	}
	w := ru.Words()
	if !strings.Contains(w.ZH, "生日月") || !strings.Contains(w.ZH, "不补发") || !strings.Contains(w.EN, "2023-01") {
		t.Errorf("words: %s", w.ZH)
	}
}

func FuzzParseRules(f *testing.F) {
	f.Add("周期 = 生日月\n提前提醒月数 = 3\n")
	f.Add("首次周期起点 = 202301\n")
	f.Add("cycle: rolling # c\n有效月数=24")
	f.Fuzz(func(t *testing.T, s string) {
		ru, err := ParseRules("f", strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error without file:line: %v", err)
			}
			return
		}
		if ru.ValidMonths < 1 || ru.DueAhead < 0 || ru.DueAhead > ru.ValidMonths {
			t.Fatalf("accepted bad rules %+v", ru)
		}
		_ = ru.Words()
	})
}

func TestEventsFrom(t *testing.T) {
	ru := DefaultRules()
	r := roll()
	r.Start = mo(2015, 1)
	evs := []Event{ev(2023, 5, 10, ChannelOnline)}
	// without the window the 2023 certification ends an eight-year lapse
	if res := Compute(&r, 0, evs, mo(2023, 5), &ru); res.Status != Resumed || res.BackPayMonths != 89 {
		t.Errorf("%+v", res)
	}
	ru.EventsFrom = mo(2022, 6) // history known from 2022-06: valid through 2023-05
	if res := Compute(&r, 0, evs, mo(2023, 5), &ru); res.Status != Normal || res.ValidUntil != mo(2024, 5) {
		t.Errorf("%+v", res)
	}
	r.Start = 0
	if res := Compute(&r, 0, nil, mo(2023, 4), &ru); res.Status != Due || res.ValidUntil != mo(2023, 5) {
		t.Errorf("no start, window: %+v", res)
	}
}
