package auditmem

import (
	"strings"
	"testing"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
)

func ev(kind audit.MatchKind, date string, src ...string) string {
	return Evidence{Kind: kind, EventDate: date, Sources: src}.Key()
}

func TestDecide(t *testing.T) {
	may := time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)
	jun := time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC)
	m5 := cal.MonthOf(2024, 5)
	prior := []Prior{
		// rejected: 同名不同人
		{RunID: 1, AsOf: m5, IDNumber: "A", Finding: "death", State: audit.StateTownRejected, Note: "同名不同人",
			Evidence: ev(audit.KindNameBirth, "2024-03-01", "村居上报"), FirstSent: may},
		// rejected, and now a 公安 record names the person by ID
		{RunID: 1, AsOf: m5, IDNumber: "B", Finding: "death", State: audit.StateTownRejected, Note: "本人健在",
			Evidence: ev(audit.KindNameBirth, "2024-03-01", "村居上报"), FirstSent: may},
		// never answered
		{RunID: 1, AsOf: m5, IDNumber: "C", Finding: "death", State: audit.StatePending, Overpaid: 30000,
			Evidence: ev(audit.KindExactID, "2024-02-01", "公安户籍注销"), FirstSent: may},
		// confirmed and issued, but still paid
		{RunID: 1, AsOf: m5, IDNumber: "D", Finding: "death", State: audit.StateSuspensionIssued, Overpaid: 30000,
			Evidence: ev(audit.KindExactID, "2024-02-01", "公安户籍注销"), FirstSent: may},
		// an older run rejected E, the newer one (same rolls) left it pending: the latest counts
		{RunID: 0, AsOf: m5 - 1, IDNumber: "E", Finding: "duplicate", State: audit.StateTownRejected, FirstSent: may.AddDate(0, -1, 0)},
		{RunID: 1, AsOf: m5, IDNumber: "E", Finding: "duplicate", State: audit.StatePending, FirstSent: may},
		// closed as false alarm (outcome) with the same evidence
		{RunID: 1, AsOf: m5, IDNumber: "F", Finding: "duplicate", State: audit.StateTownRejected, Outcome: OutcomeFalse,
			Note: "同名不同人", Evidence: ev(audit.KindExactID, "企业职工养老@南通市")},
	}
	cur := []Candidate{
		{IDNumber: "A", Finding: "death", Evidence: ev(audit.KindNameBirth, "2024-03-01", "村居上报")},
		{IDNumber: "B", Finding: "death", Evidence: ev(audit.KindExactID, "2024-03-01", "公安户籍注销", "村居上报")},
		{IDNumber: "C", Finding: "death", Overpaid: 40000, Evidence: ev(audit.KindExactID, "2024-02-01", "公安户籍注销")},
		{IDNumber: "D", Finding: "death", Overpaid: 40000, Evidence: ev(audit.KindExactID, "2024-02-01", "公安户籍注销")},
		{IDNumber: "E", Finding: "duplicate"},
		{IDNumber: "F", Finding: "duplicate", Evidence: ev(audit.KindExactID, "企业职工养老@南通市")},
		{IDNumber: "G", Finding: "death"},
		{IDNumber: "A", Finding: "duplicate"}, // another finding of A is new
	}
	plan := Decide(prior, cur, jun)
	want := []Decision{Held, Resend, Carried, StillPaid, Carried, Held, New, New}
	for i, w := range want {
		if plan.Items[i].Decision != w {
			t.Errorf("%s/%s: %s, want %s (%s)", cur[i].IDNumber, cur[i].Finding, plan.Items[i].Decision, w, plan.Items[i].Why.ZH)
		}
	}
	if plan.Counts[Held] != 2 || plan.HeldWhy["同名不同人"] != 2 {
		t.Errorf("held %v %v", plan.Counts, plan.HeldWhy)
	}
	b := plan.Items[1]
	if len(b.Changed) != 2 || !strings.Contains(b.Why.ZH, "新的死亡记录：公安户籍注销") || !strings.Contains(b.Why.ZH, "name_birth → exact_id") {
		t.Errorf("resend: %v %s", b.Changed, b.Why.ZH)
	}
	c := plan.Items[2]
	if c.AgeDays != 31 || c.Accrued != 10000 || !strings.Contains(c.Why.ZH, "已31天") {
		t.Errorf("carried: %+v", c)
	}
	if e := plan.Items[4]; e.AgeDays != 61 {
		t.Errorf("age counts from the first send of the pair: %d", e.AgeDays)
	}
	if plan.Items[0].Send() || !plan.Items[1].Send() {
		t.Error("Send")
	}
	// a run that was never sent is not a memory
	if p := Decide([]Prior{{RunID: 3, AsOf: m5, IDNumber: "G", Finding: "death"}}, cur[6:7], jun); p.Items[0].Decision != New {
		t.Errorf("never sent: %s", p.Items[0].Decision)
	}
}

func TestCheckCloseState(t *testing.T) {
	for _, c := range []struct {
		o     Outcome
		state audit.SuspectState
		ok    bool
	}{
		{OutcomeFalse, audit.StateTownRejected, true},
		{OutcomeFalse, audit.StatePending, false},
		{OutcomeTerminated, audit.StateStopped, true},
		{OutcomeSuspended, audit.StateTownConfirmed, true},
		{OutcomeTerminated, audit.StateTownRejected, false},
		{OutcomeNoReply, audit.StatePending, true},
		{OutcomeNoReply, audit.StateStopped, false},
		{OutcomeDisputed, audit.StateTownRejected, true},
		{OutcomeDisputed, "", false},
	} {
		if err := CheckCloseState(c.o, c.state); (err == nil) != c.ok {
			t.Errorf("%s in %s: %v", c.o, c.state, err)
		}
	}
}

func TestOutcomesAndCauses(t *testing.T) {
	for _, s := range []string{"不属实", "误报", "不属实/误报", "false_alarm"} {
		if o, ok := ParseOutcome(s); !ok || o != OutcomeFalse {
			t.Errorf("%s: %s", s, o)
		}
	}
	if err := CheckClose(OutcomeTerminated, ""); err == nil {
		t.Error("属实已终止 without a cause accepted")
	}
	if err := CheckClose(OutcomeTerminated, CauseDeathUnreported); err != nil {
		t.Error(err)
	}
	if err := CheckClose(OutcomeFalse, ""); err != nil {
		t.Error(err)
	}
	if err := CheckClose("属实", CauseOther); err == nil {
		t.Error("unknown outcome accepted")
	}
	if err := CheckClose(OutcomeDuplicate, "天灾"); err == nil {
		t.Error("unknown cause accepted")
	}
	for _, c := range []struct {
		finding     string
		kind        audit.MatchKind
		roll, other string
		want        RootCause
	}{
		{"death", audit.KindExactID, "居保", "", CauseDeathUnreported},
		{"death", audit.KindOldCode, "居保", "", CauseIDChanged},
		{"duplicate", audit.KindExactID, "居保", "居保", CauseRemoteDuplicate},
		{"duplicate", audit.KindExactID, "居保", "企业职工养老", CauseCrossScheme},
		{"coverage", "", "", "", CauseOther},
	} {
		if got := SuggestCause(c.finding, c.kind, c.roll, c.other); got != c.want {
			t.Errorf("%+v: %s", c, got)
		}
	}
	if e := ParseEvidenceKey(ev(audit.KindExactID, "2024-01-02", "b", "a")); e.Kind != audit.KindExactID || len(e.Sources) != 2 || e.Sources[0] != "a" {
		t.Errorf("%+v", e)
	}
}
