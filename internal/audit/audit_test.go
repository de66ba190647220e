package audit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// mkID returns a valid ID for address, birth date and sequence.
func mkID(addr, birth, seq string) string {
	c, _ := cnid.CheckChar(addr + birth + seq)
	return addr + birth + seq + string(c)
}

func TestCompareNames(t *testing.T) {
	tests := []struct {
		a, b string
		want NameAgreement
	}{
		{"王芳", "王芳", NameSame},
		{"王芳", "王 芳", NameVariant},
		{"陈国华", "陳國華", NameVariant},
		{"王芳", "王方", NameHomophone},
		{"单雄信", "善雄信", NameHomophone}, // 单 read shan as a surname
		{"蒋经国", "蒋纬国", NameDiffer},    // siblings stay apart
		{"王芳", "王芳芳", NameDiffer},
		{"王芳", "", NameMissing},
		{"张三", "李四", NameDiffer},
	}
	for _, tc := range tests {
		if got := CompareNames(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareNames(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if Pinyin("单雄信") != "shan xiong xin" || Pinyin("曾国藩") != "zeng guo fan" {
		t.Errorf("surname readings: %q %q", Pinyin("单雄信"), Pinyin("曾国藩"))
	}
}

func TestNeighbours(t *testing.T) {
	id := mkID("320682", "19450101", "123")
	// every single-digit typo and adjacent swap of the body leads back
	for i := 0; i < 18; i++ {
		b := []byte(id)
		b[i] = '0' + (b[i]-'0'+3)%10
		if b[i] > '9' {
			b[i] = '1'
		}
		digit, _ := neighbours(string(b))
		if !containsKey(digit, id) {
			t.Errorf("typo at %d (%s) not traced back to %s", i, b, id)
		}
	}
	for i := 0; i < 16; i++ {
		b := []byte(id)
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		_, swap := neighbours(string(b))
		if !containsKey(swap, id) {
			t.Errorf("swap at %d (%s) not traced back", i, b)
		}
	}
	if d, s := neighbours("short"); d != nil || s != nil {
		t.Error("short input")
	}
	// the solved candidates are exactly the brute-force ones
	for _, bad := range []string{"320682194501011239", "32068219450110123X", "110105194912310021", "320682194501011230"} {
		digit, swap := neighbours(bad)
		want := bruteNeighbours(bad)
		got := map[uint64]bool{}
		for _, k := range append(digit, swap...) {
			got[k] = true
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d candidates, brute force %d", bad, len(got), len(want))
		}
		for k := range want {
			if !got[k] {
				t.Errorf("%s: missing %d", bad, k)
			}
		}
	}
}

func bruteNeighbours(s string) map[uint64]bool {
	out := map[uint64]bool{}
	try := func(b []byte) {
		if c, _ := cnid.CheckChar(string(b)); c == s[17] && birthFromDigits(string(b[6:14])) != 0 {
			k, _ := cnid.Key(string(b) + "0")
			out[k] = true
		}
	}
	b := []byte(s[:17])
	if c, _ := cnid.CheckChar(string(b)); c != s[17] {
		k, _ := cnid.Key(string(b) + "0")
		out[k] = true
	}
	for i := range b {
		o := b[i]
		for d := byte('0'); d <= '9'; d++ {
			if d != o {
				b[i] = d
				try(b)
			}
		}
		b[i] = o
	}
	for i := 0; i+1 < len(b); i++ {
		if b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			try(b)
			b[i], b[i+1] = b[i+1], b[i]
		}
	}
	return out
}

func containsKey(ks []uint64, id string) bool {
	k, _ := cnid.Key(id)
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func TestDeathMatching(t *testing.T) {
	zs := mkID("320682", "19450101", "123") // 张三
	ls := mkID("320682", "19400305", "224") // 李四
	ww := mkID("320682", "19380707", "335") // 王芳
	sib := mkID("320682", "19450101", "125")
	old := mkID("320622", "19300202", "441")
	oldNew := mkID("320682", "19300202", "441")
	typo := []byte(zs)
	typo[14] = '9' // one wrong digit
	roll := []Recipient{
		{ID: zs, Name: "张三", Town: "如城街道", Monthly: 30000, PaidThrough: cal.MonthOf(2024, 6)},
		{ID: sib, Name: "张山", Town: "如城街道", Monthly: 30000},                            // brother: same birth, homophone name, other valid ID
		{ID: ls, Name: "李四", Town: "白蒲镇", Monthly: 78100, Start: cal.MonthOf(2024, 5)}, // started after death
		{ID: ww, Name: "王芳", Town: "丁堰镇", Monthly: 21500},
		{ID: oldNew, Name: "赵六", Town: "丁堰镇", Monthly: 21500},
		{ID: mkID("320682", "19500101", "111"), Name: "无关", Monthly: 21500},
	}
	deaths := []DeathRecord{
		{ID: string(typo), Name: "张三", DeathDate: 20240315, Source: "公安户籍注销"},
		{ID: ls[:6] + ls[8:17], Name: "李四", DeathDate: 20240310, Source: "民政火化"},        // 15 digits
		{Name: "王 方", Birth: 19380707, Town: "丁堰", DeathDate: 20240120, Source: "村居上报"}, // no ID, homophone + space
		{ID: old, Name: "赵六", DeathDate: 20240101},
		{ID: mkID("320682", "19500101", "113"), Name: "无关", DeathDate: 20240101}, // namesake with another valid ID
	}
	x := NewDeathIndex(deaths)
	var rows []RowMatch
	for i := range roll {
		if c := x.Match(&roll[i], nil); len(c) > 0 {
			rows = append(rows, RowMatch{Roll: roll[i], Cands: c})
		}
	}
	fs := ResolveDeaths(x, rows, Policy{}, cal.MonthOf(2024, 6))
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.Roll.Name] = f
	}
	check := func(name string, kind MatchKind, conf Confidence, months int, amt money.Fen) {
		t.Helper()
		f, ok := got[name]
		if !ok {
			t.Errorf("%s not found", name)
			return
		}
		if f.Kind != kind || f.Confidence != conf || f.OverpaidMonths != months || f.Overpaid != amt {
			t.Errorf("%s: %s %s %d %s (%s), want %s %s %d %s", name, f.Kind, f.Confidence, f.OverpaidMonths, f.Overpaid, f.Reason.EN, kind, conf, months, amt)
		}
		if f.Reason.ZH == "" || f.Reason.EN == "" {
			t.Errorf("%s: no reason", name)
		}
	}
	check("张三", KindOneDigit, Confirmed, 3, 90000) // Apr–Jun
	check("李四", Kind15To18, Confirmed, 2, 156200)  // May–Jun (start May)
	check("王芳", KindNameBirth, Review, 5, 107500)  // Feb–Jun
	check("赵六", KindOldCode, Review, 5, 107500)
	if _, ok := got["张山"]; ok {
		t.Error("sibling matched")
	}
	if _, ok := got["无关"]; ok {
		t.Error("namesake with another valid ID matched")
	}
}

func TestExactIDNameDiffers(t *testing.T) {
	id := mkID("320682", "19450101", "123")
	x := NewDeathIndex([]DeathRecord{{ID: id, Name: "李四", DeathDate: 20240101}})
	c := x.Match(&Recipient{ID: id, Name: "张三"}, nil)
	if len(c) != 1 || c[0].Kind != KindExactID || c[0].Confidence != Review {
		t.Fatalf("%+v", c)
	}
}

func TestOverpaid(t *testing.T) {
	r := Recipient{Monthly: 21550, PaidThrough: cal.MonthOf(2024, 6)}
	tests := []struct {
		p      Policy
		death  cal.Date
		asOf   cal.Month
		months int
		amt    money.Fen
	}{
		{Policy{}, 20240331, cal.MonthOf(2024, 6), 3, 64650},
		{Policy{PayableMonthsAfterDeath: 1}, 20240331, cal.MonthOf(2024, 6), 2, 43100},
		{Policy{}, 20240615, cal.MonthOf(2024, 6), 0, 0},
		{Policy{}, 20240301, cal.MonthOf(2024, 5), 2, 43100}, // paid through capped at the run month
		{Policy{}, 0, cal.MonthOf(2024, 6), 0, 0},
	}
	for _, tc := range tests {
		m, a := tc.p.Overpaid(&r, tc.death, tc.asOf)
		if m != tc.months || a != tc.amt {
			t.Errorf("%+v %v: %d %s, want %d %s", tc.p, tc.death, m, a, tc.months, tc.amt)
		}
	}
}

func TestDuplicates(t *testing.T) {
	id := mkID("320682", "19450101", "123")
	b := &SchemeBuilder{}
	b.Add(&SchemeRow{ID: id, Name: "张三", Scheme: "企业职工养老", Region: "南通", Start: cal.MonthOf(2024, 1)})
	b.Add(&SchemeRow{ID: id[:6] + id[8:17], Name: "张三", Scheme: "失保", Region: "海安"})
	b.Add(&SchemeRow{ID: "bad", Name: "x", Scheme: "居保"})
	x := NewSchemeIndex(b)
	if x.Len() != 2 || b.Skipped != 1 {
		t.Fatalf("len %d skipped %d", x.Len(), b.Skipped)
	}
	r := Recipient{ID: id, Name: "张三", Scheme: "居保", Start: cal.MonthOf(2015, 1), Monthly: 30000}
	other := Recipient{ID: mkID("320682", "19450101", "125"), Name: "李四", Scheme: "居保"}
	if !x.Probe(&r) || x.Probe(&Recipient{ID: "bad"}) {
		t.Fatal("probe")
	}
	fs, _ := x.Resolve([]Recipient{r, other}, DefaultRules, cal.MonthOf(2024, 6))
	if len(fs) != 1 || fs[0].Other.Scheme != "企业职工养老" || fs[0].Confidence != Confirmed || fs[0].Kind != KindExactID {
		t.Fatalf("%+v", fs)
	}
	if fs[0].OverpaidMonths != 6 || fs[0].Overpaid != 180000 {
		t.Errorf("%d %s", fs[0].OverpaidMonths, fs[0].Overpaid)
	}
	rules, err := ParseRules("居保:失保, 失保：企业职工养老")
	fs, _ = x.Resolve([]Recipient{r}, rules, cal.MonthOf(2024, 6))
	if err != nil || len(fs) != 1 || fs[0].Kind != Kind15To18 || fs[0].Other.Region != "海安" {
		t.Errorf("custom rules: %v %+v", err, fs)
	}
	if _, err := ParseRules("居保"); err == nil {
		t.Error("bad rule accepted")
	}
	// a builder holding keys only reads matched rows back through Fetch
	lazy := &SchemeBuilder{}
	var asked []int64
	lazy.Fetch = func(refs []int64) ([]SchemeRow, error) {
		asked = append(asked, refs...)
		return []SchemeRow{{ID: id, Name: "张 三", Scheme: "企业职工养老", Region: "南通", Start: cal.MonthOf(2024, 1)}}, nil
	}
	lazy.AddKey(&SchemeRow{ID: mkID("320682", "19500101", "111"), Scheme: "企业职工养老"}, 10)
	lazy.AddKey(&SchemeRow{ID: id, Scheme: "企业职工养老"}, 77)
	fs, err = NewSchemeIndex(lazy).Resolve([]Recipient{r}, DefaultRules, cal.MonthOf(2024, 6))
	if err != nil || len(fs) != 1 || len(asked) != 1 || asked[0] != 77 || fs[0].Other.Region != "南通" || fs[0].Confidence != Confirmed {
		t.Errorf("lazy: %v %v %+v", err, asked, fs)
	}
}

func TestCoverage(t *testing.T) {
	a := mkID("320682", "19800101", "123")
	b := mkID("320682", "19810101", "124")
	c := mkID("320682", "19820101", "125")
	d := mkID("320682", "19400101", "126")
	kid := mkID("320682", "20150101", "127")
	x := NewCoverageIndex([]HardshipMember{{ID: a, Group: "低保"}, {ID: b, Group: "特困"}, {ID: c, Group: "低收入"}, {ID: d, Group: "低保"}, {ID: kid}})
	for _, r := range []Recipient{{ID: a}, {ID: b}, {ID: d, Monthly: 21500}} {
		for _, h := range x.Enrolled(&r, nil) {
			x.MarkEnrolled(h, &r)
		}
	}
	for _, m := range x.PaidFor(&Contribution{ID: a, Year: 2024}, 2024) {
		x.MarkPaid(m)
	}
	got := map[string]MatchKind{}
	for _, f := range x.Findings(cal.MonthOf(2024, 6)) {
		got[f.Member.ID] = f.Kind
	}
	want := map[string]MatchKind{b: KindDaijiaoUnpaid, c: KindNotEnrolled}
	if len(got) != len(want) || got[b] != want[b] || got[c] != want[c] {
		t.Errorf("got %v want %v", got, want)
	}
}

func TestCycle(t *testing.T) {
	city := Actor{Name: "稽核员", Role: RoleCity}
	town := Actor{Name: "经办员", Role: RoleTown, Town: "白蒲镇"}
	other := Actor{Name: "别镇", Role: RoleTown, Town: "丁堰镇"}
	t0 := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	sus := []*Suspect{{ID: "1", Town: "白蒲镇", Death: true}, {ID: "2", Town: "白蒲镇"}, {ID: "3", Town: "白蒲镇"}}
	c, err := NewCycle(cal.MonthOf(2024, 6), CycleConfig{}, sus, city, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewCycle(0, CycleConfig{}, nil, town, t0); !errors.Is(err, ErrRole) {
		t.Error("town started a cycle")
	}
	if err := c.TownReply("1", other, true, "x", nil, t0); !errors.Is(err, ErrForbidden) {
		t.Errorf("other town: %v", err)
	}
	if err := c.TownReply("1", town, true, "", nil, t0); !errors.Is(err, ErrNoteMissing) {
		t.Errorf("no note: %v", err)
	}
	if err := c.TownReply("1", town, true, "已核实死亡", []string{"火化证明.jpg"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.TownReply("2", town, false, "本人健在，已视频认证", []string{"认证截图.png"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.TownReply("2", town, true, "again", nil, t0); !errors.Is(err, ErrState) {
		t.Error("replied twice")
	}
	if n := len(c.Overdue(t0.AddDate(0, 0, 11))); n != 1 {
		t.Errorf("overdue %d, want 1 (suspect 3)", n)
	}
	issued, err := c.IssueSuspensions(city, nil, t0.AddDate(0, 0, 5))
	if err != nil || len(issued) != 1 || issued[0].Action != ActionTerminate || issued[0].Action.LabelZH() != "终止" {
		t.Fatalf("issued %v %v", issued, err)
	}
	if err := c.TownConfirmSuspension("1", town, "", t0.AddDate(0, 0, 6)); err != nil {
		t.Fatal(err)
	}
	s, _ := c.Suspect("1")
	if s.State != StateStopped || len(s.Trail) != 4 || s.Trail[1].Evidence[0] != "火化证明.jpg" {
		t.Errorf("state %s trail %d", s.State, len(s.Trail))
	}
	p := c.Progress(t0.AddDate(0, 0, 11))
	if len(p) != 1 || p[0].ByState[StateStopped] != 1 || p[0].ByState[StateTownRejected] != 1 || p[0].Overdue != 1 {
		t.Errorf("progress %+v", p)
	}
	if len(c.ForTown("丁堰镇")) != 0 || len(c.ForTown("白蒲镇")) != 3 {
		t.Error("ForTown")
	}
}

// TestWithdrawSuspensions: the city takes back a stop list with a reason;
// suspects a town already stopped stay stopped.
func TestWithdrawSuspensions(t *testing.T) {
	city := Actor{Name: "稽核员", Role: RoleCity}
	town := Actor{Name: "经办员", Role: RoleTown, Town: "白蒲镇"}
	t0 := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	sus := []*Suspect{{ID: "1", Town: "白蒲镇", Death: true}, {ID: "2", Town: "白蒲镇"}, {ID: "3", Town: "白蒲镇"}}
	c, err := NewCycle(cal.MonthOf(2024, 6), CycleConfig{}, sus, city, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WithdrawSuspensions(city, "发错了", t0); !errors.Is(err, ErrNoIssued) {
		t.Errorf("withdrew before any issue: %v", err)
	}
	for _, id := range []string{"1", "2", "3"} {
		if err := c.TownReply(id, town, true, "属实", nil, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.IssueSuspensions(city, nil, t0.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WithdrawSuspensions(town, "x", t0); !errors.Is(err, ErrRole) {
		t.Errorf("a town withdrew the list: %v", err)
	}
	if _, err := c.WithdrawSuspensions(city, "", t0); !errors.Is(err, ErrWithdrawWhy) {
		t.Errorf("withdrawn without reason: %v", err)
	}
	// all still waiting: the cycle is as before the issue
	out, err := c.WithdrawSuspensions(city, "名单有误", t0.AddDate(0, 0, 2))
	if err != nil || len(out) != 3 {
		t.Fatalf("withdrew %d: %v", len(out), err)
	}
	s1, _ := c.Suspect("1")
	last := s1.Trail[len(s1.Trail)-1]
	if s1.State != StateTownConfirmed || s1.Action != "" || last.From != StateSuspensionIssued || !strings.Contains(last.Note, "名单有误") {
		t.Errorf("after withdrawal: %s %q %+v", s1.State, s1.Action, last)
	}
	if !c.IssuedAt.IsZero() || !c.ConfirmDue.IsZero() {
		t.Error("issue dates kept after a full withdrawal")
	}
	// issued again; one town stops; the rest are withdrawn
	if _, err := c.IssueSuspensions(city, nil, t0.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	if err := c.TownConfirmSuspension("1", town, "", t0.AddDate(0, 0, 4)); err != nil {
		t.Fatal(err)
	}
	out, err = c.WithdrawSuspensions(city, "政策调整", t0.AddDate(0, 0, 5))
	if err != nil || len(out) != 2 {
		t.Fatalf("withdrew %d: %v", len(out), err)
	}
	if s1.State != StateStopped || c.IssuedAt.IsZero() {
		t.Errorf("a stopped suspect was withdrawn: %s, issued %v", s1.State, c.IssuedAt)
	}
}

func TestRecoveryAndRates(t *testing.T) {
	f := Finding{Roll: Recipient{ID: "x", Name: "张三"}, Overpaid: 100000}
	a, _ := NewCase("A", f, CaseOverpayment, 20240601)
	b, _ := NewCase("B", f, CaseFraud, 20240601)
	c, _ := NewCase("C", Finding{Overpaid: 33333}, CaseOverpayment, 20240601)
	if _, err := NewCase("D", Finding{}, CaseFraud, 20240601); err == nil {
		t.Error("zero case opened")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.Repay(Repayment{On: 20240610, Amount: 40000, Method: "银行转账"}))
	if a.Status() != CasePartly {
		t.Errorf("status %s", a.Status())
	}
	must(a.Repay(Repayment{On: 20240620, Amount: 60000, Method: "抵扣丧葬补助金"}))
	if a.Status() != CaseRecovered {
		t.Errorf("status %s", a.Status())
	}
	if d, ok := a.DaysToRecovery(); !ok || d != 19 {
		t.Errorf("days %d", d)
	}
	if err := a.Repay(Repayment{On: 20240621, Amount: 1}); !errors.Is(err, ErrClosed) {
		t.Error("repaid a closed case")
	}
	must(b.Repay(Repayment{On: 20240901, Amount: 100000}))
	if err := c.Repay(Repayment{On: 20240602, Amount: 40000}); !errors.Is(err, ErrTooMuch) {
		t.Error("over-repayment accepted")
	}
	if err := c.WriteOff("", 20240701); !errors.Is(err, ErrReason) {
		t.Error("write-off without reason")
	}
	must(c.Repay(Repayment{On: 20240602, Amount: 11111}))
	must(c.WriteOff("继承人无力偿还 (heirs cannot repay)", 20240701))
	if c.Status() != CaseWrittenOff || c.Status().LabelZH() != "已核销" {
		t.Error("write-off status")
	}
	// only the leader reverses a write-off, with a reason
	leader := Actor{Name: "负责人", Role: RoleLeader}
	if err := c.ReverseWriteOff(Actor{Role: RoleCity}, "发现遗产"); !errors.Is(err, ErrRole) {
		t.Errorf("the auditor reversed a write-off: %v", err)
	}
	if err := c.ReverseWriteOff(leader, ""); !errors.Is(err, ErrReverseReason) {
		t.Errorf("reversed without reason: %v", err)
	}
	if err := a.ReverseWriteOff(leader, "x"); !errors.Is(err, ErrNotWrittenOff) {
		t.Errorf("reversed a recovered case: %v", err)
	}
	must(c.ReverseWriteOff(leader, "发现遗产 (estate found)"))
	if c.Status() != CasePartly || c.WriteOffReason != "" || c.Outstanding() != 22222 {
		t.Errorf("after reversal: %s %q %d", c.Status(), c.WriteOffReason, c.Outstanding())
	}
	must(c.WriteOff("继承人无力偿还 (heirs cannot repay)", 20240701))
	r := ComputeRates([]*Case{a, b, c}, 30)
	// 追回率 = (100000+100000+11111)/233333 = 90.4762% → 9048 bp
	if r.Recovery.BP != 9048 || r.Recovery.Percent() != "90.48%" {
		t.Errorf("recovery %d %s", r.Recovery.BP, r.Recovery.Percent())
	}
	// 足额 = 2/3 = 66.67%; 及时 (≤30 days) = 1/3 = 33.33%
	if r.Full.BP != 6667 || r.Timely.BP != 3333 || len(r.Timely.CaseIDs) != 1 || r.Timely.CaseIDs[0] != "A" {
		t.Errorf("full %d timely %d %v", r.Full.BP, r.Timely.BP, r.Timely.CaseIDs)
	}
	if e := ComputeRates(nil, 30); e.Recovery.OK || e.Recovery.Percent() != "—" {
		t.Error("empty rates")
	}
}

func TestNormTownDays(t *testing.T) {
	if NormTown("如城街道") != "如城" || NormTown("白蒲镇") != "白蒲" || NormTown("镇") != "镇" {
		t.Error("NormTown")
	}
	if DaysBetween(20240101, 20240301) != 60 {
		t.Error("DaysBetween")
	}
}

func FuzzCompareNames(f *testing.F) {
	f.Add("王芳", "王方")
	f.Add("陳國華", "陈国华 ")
	f.Add("王己芳", "王已芳")
	f.Fuzz(func(t *testing.T, a, b string) {
		x, y := CompareNames(a, b), CompareNames(b, a)
		if x != y {
			t.Fatalf("not symmetric: %q %q: %v %v", a, b, x, y)
		}
		if a != "" && CompareNames(a, a) != NameSame {
			t.Fatal("not reflexive")
		}
		if x <= NameLookAlike && !sigsMayAgree(nameSig(a), nameSig(b)) {
			t.Fatalf("signatures turn away %q %q (%v)", a, b, x)
		}
	})
}

// TestNameSigNeverTurnsAwayAgreement checks the quick signature test
// against CompareNames on every pair of same-reading or variant characters
// in the second and third place of a name, with spaces and traditional
// forms mixed in.
func TestNameSigNeverTurnsAwayAgreement(t *testing.T) {
	readingsOnce.Do(buildReadings)
	byReading := map[uint16][]rune{}
	for r, ids := range readingTab {
		for _, id := range ids {
			if id != 0 && len(byReading[id]) < 12 {
				byReading[id] = append(byReading[id], r)
			}
		}
	}
	var pairs [][2]rune
	for _, rs := range byReading {
		for i := range rs {
			for j := range rs {
				pairs = append(pairs, [2]rune{rs[i], rs[j]})
			}
		}
	}
	for tr, s := range foldChars {
		pairs = append(pairs, [2]rune{tr, s})
	}
	agree, turned := 0, 0
	for i, p := range pairs {
		q := pairs[(i*7919)%len(pairs)]
		for _, ab := range [][2]string{
			{"王" + string(p[0]), "王" + string(p[1])},
			{"陳" + string(p[0]) + string(q[0]), "陈 " + string(p[1]) + string(q[1])},
			{string(p[0]) + "芳" + string(q[0]), string(p[1]) + "方" + string(q[1])},
			{"王" + string(p[0]), "王" + string(q[1])}, // mostly different names
		} {
			c := CompareNames(ab[0], ab[1])
			may := sigsMayAgree(nameSig(ab[0]), nameSig(ab[1]))
			if c <= NameHomophone {
				agree++
				if !may {
					t.Fatalf("%q %q agree (%v) but signatures differ", ab[0], ab[1], c)
				}
			} else if !may {
				turned++
			}
		}
	}
	t.Logf("agree %d, turned away %d", agree, turned)
	if agree == 0 || turned == 0 {
		t.Fatalf("agree %d, turned away %d", agree, turned)
	}
	if CompareNames("张伟", "张卫") > NameHomophone || !sigsMayAgree(nameSig("张伟"), nameSig("张卫")) {
		t.Fatal("张伟/张卫 should agree")
	}
	if sigsMayAgree(nameSig("张伟"), nameSig("张伟国")) || sigsMayAgree(nameSig("蒋经国"), nameSig("蒋纬国")) {
		t.Fatal("length or sibling not turned away")
	}
}

func FuzzDeathIndex(f *testing.F) {
	f.Add("32068219450101123X", "张三", "32068219450101128X", "张三", int32(19450101))
	f.Fuzz(func(t *testing.T, rid, rname, did, dname string, birth int32) {
		x := NewDeathIndex([]DeathRecord{{ID: cnid.Normalize(did), Name: dname, Birth: cal.Date(birth), DeathDate: 20240101}})
		r := Recipient{ID: cnid.Normalize(rid), Name: rname, Birth: cal.Date(birth), Monthly: 100}
		c := x.Match(&r, nil)
		fs := ResolveDeaths(x, []RowMatch{{Roll: r, Cands: c}}, Policy{}, cal.MonthOf(2024, 6))
		for _, f := range fs {
			if f.Confidence == Confirmed && f.Roll.ID != x.Record(0).ID && f.Kind == KindNameBirth {
				t.Fatal("name-only match confirmed")
			}
		}
	})
}
