// Package auditmem is the memory of the survival audit (pure): how a
// month's findings relate to the suspects of earlier runs of the same
// rolls. A pair a town rejected is not sent again unless the evidence
// changed (a new death record, a new ID match); an unanswered suspect is
// carried forward with its age and the overpayment accrued to this month;
// every suspect ends with an outcome and a root cause that the monthly
// report counts.
package auditmem

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Outcome is how a suspect ended.
type Outcome string

// Outcomes (the list, in the monthly report's order).
const (
	OutcomeFalse      Outcome = "不属实/误报"
	OutcomeTerminated Outcome = "属实已终止"
	OutcomeSuspended  Outcome = "属实已暂停"
	OutcomeDuplicate  Outcome = "重复领取已处理"
	OutcomeNoReply    Outcome = "无回复已上报"
	OutcomeDisputed   Outcome = "争议"
	OutcomeNone       Outcome = "" // still open
)

// Outcomes lists the outcomes in report order.
var Outcomes = []Outcome{OutcomeFalse, OutcomeTerminated, OutcomeSuspended, OutcomeDuplicate, OutcomeNoReply, OutcomeDisputed}

var outcomeEN = map[Outcome]string{OutcomeFalse: "false_alarm", OutcomeTerminated: "confirmed_terminated",
	OutcomeSuspended: "confirmed_suspended", OutcomeDuplicate: "duplicate_handled", OutcomeNoReply: "no_reply_reported",
	OutcomeDisputed: "disputed"}

// EN returns the English key.
func (o Outcome) EN() string { return outcomeEN[o] }

// ParseOutcome reads an outcome by its Chinese name (不属实 and 误报 alone
// work too) or English key.
func ParseOutcome(s string) (Outcome, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "不属实", "误报", "false":
		return OutcomeFalse, true
	}
	for _, o := range Outcomes {
		if s == string(o) || s == o.EN() {
			return o, true
		}
	}
	return OutcomeNone, false
}

// Closed reports whether the outcome ends the suspect (争议 stays open).
func (o Outcome) Closed() bool { return o != OutcomeNone && o != OutcomeDisputed }

// RootCause is why the error arose.
type RootCause string

// Root causes.
const (
	CauseDeathUnreported RootCause = "死亡未申报"
	CauseRemoteDuplicate RootCause = "异地重复领取"
	CauseCrossScheme     RootCause = "跨险种重复"
	CauseDataEntry       RootCause = "数据录入错误"
	CauseIDChanged       RootCause = "证件号码变更"
	CauseOther           RootCause = "其他"
)

// RootCauses lists the causes in report order.
var RootCauses = []RootCause{CauseDeathUnreported, CauseRemoteDuplicate, CauseCrossScheme, CauseDataEntry, CauseIDChanged, CauseOther}

var causeEN = map[RootCause]string{CauseDeathUnreported: "death_unreported", CauseRemoteDuplicate: "remote_duplicate",
	CauseCrossScheme: "cross_scheme", CauseDataEntry: "data_entry", CauseIDChanged: "id_changed", CauseOther: "other"}

// EN returns the English key.
func (c RootCause) EN() string { return causeEN[c] }

// ParseRootCause reads a cause by its Chinese name or English key.
func ParseRootCause(s string) (RootCause, bool) {
	s = strings.TrimSpace(s)
	for _, c := range RootCauses {
		if s == string(c) || s == c.EN() {
			return c, true
		}
	}
	return "", false
}

// SuggestCause proposes a root cause from the finding: deaths → 死亡未申报
// (a changed address code → 证件号码变更); a duplicate of the same scheme
// → 异地重复领取, of another scheme → 跨险种重复. The person closing the
// suspect decides.
func SuggestCause(finding string, kind audit.MatchKind, rollScheme, otherScheme string) RootCause {
	switch {
	case kind == audit.KindOldCode:
		return CauseIDChanged
	case finding == "death":
		return CauseDeathUnreported
	case finding == "duplicate" && rollScheme != "" && rollScheme == otherScheme:
		return CauseRemoteDuplicate
	case finding == "duplicate":
		return CauseCrossScheme
	}
	return CauseOther
}

// ErrOutcome is returned for an unknown outcome or root cause, or a true
// outcome without a cause.
var ErrOutcome = errors.New("办结结果或原因代码无效 (invalid outcome or root cause)")

// CheckClose validates closing a suspect: a known outcome; a true finding
// (属实…, 重复领取已处理) needs a root cause; 不属实/误报 may name one
// (数据录入错误 when the roll was wrong) or none.
func CheckClose(o Outcome, c RootCause) error {
	if _, ok := ParseOutcome(string(o)); !ok {
		return fmt.Errorf("%w: 办结结果 %q", ErrOutcome, o)
	}
	if c != "" {
		if _, ok := ParseRootCause(string(c)); !ok {
			return fmt.Errorf("%w: 原因代码 %q", ErrOutcome, c)
		}
	}
	switch o {
	case OutcomeTerminated, OutcomeSuspended, OutcomeDuplicate:
		if c == "" {
			return fmt.Errorf("%w: %s 须填写原因代码 (a confirmed finding needs a root cause)", ErrOutcome, o)
		}
	}
	return nil
}

// CheckCloseState says whether a suspect in state may be closed with o:
// 不属实/误报 after the town rejected it; 属实已终止, 属实已暂停 and
// 重复领取已处理 once the town confirmed it (or later); 无回复已上报 while
// the town has not answered; 争议 at any time once sent.
func CheckCloseState(o Outcome, state audit.SuspectState) error {
	ok := false
	switch o {
	case OutcomeFalse:
		ok = state == audit.StateTownRejected
	case OutcomeTerminated, OutcomeSuspended, OutcomeDuplicate:
		ok = state == audit.StateTownConfirmed || state == audit.StateSuspensionIssued || state == audit.StateStopped
	case OutcomeNoReply:
		ok = state == audit.StatePending
	case OutcomeDisputed:
		ok = state != ""
	}
	if !ok {
		return fmt.Errorf("%w: %s 不能以「%s」办结 (cannot close with this outcome in this state)", audit.ErrState, state.LabelZH(), o)
	}
	return nil
}

// Evidence is what a finding rests on; when it changes, a rejected pair
// is sent again.
type Evidence struct {
	Kind      audit.MatchKind // how the pair matched (a new ID match changes it)
	EventDate string          // death date, or the other scheme
	Sources   []string        // death lists naming the person (a new death record adds one)
}

// Key is the evidence as one comparable string.
func (e Evidence) Key() string {
	src := append([]string(nil), e.Sources...)
	sort.Strings(src)
	return string(e.Kind) + "|" + e.EventDate + "|" + strings.Join(src, ";")
}

// ParseEvidenceKey is the inverse of Key.
func ParseEvidenceKey(k string) Evidence {
	parts := strings.SplitN(k, "|", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	var src []string
	if parts[2] != "" {
		src = strings.Split(parts[2], ";")
	}
	return Evidence{Kind: audit.MatchKind(parts[0]), EventDate: parts[1], Sources: src}
}

// Prior is a suspect of an earlier run of the same rolls.
type Prior struct {
	RunID     int64
	AsOf      cal.Month
	SuspectID int64
	IDNumber  string
	Finding   string // death | duplicate | coverage
	State     audit.SuspectState
	Evidence  string    // Evidence.Key
	FirstSent time.Time // when the pair was first sent down (carried from run to run); zero if never sent
	Overpaid  money.Fen
	Outcome   Outcome
	Cause     RootCause
	Note      string // the town's answer
}

// Candidate is a finding of the new run.
type Candidate struct {
	IDNumber string
	Finding  string
	Evidence string // Evidence.Key
	Overpaid money.Fen
}

// Decision says what the new run does with a finding.
type Decision string

// Decisions.
const (
	New       Decision = "new"        // never seen: send
	Resend    Decision = "resend"     // rejected before, the evidence changed: send again, saying what changed
	Held      Decision = "held"       // rejected before, same evidence: not sent
	Carried   Decision = "carried"    // sent before, unanswered (or disputed): carried forward with its age
	StillPaid Decision = "still_paid" // confirmed before and still paid: send again, flagged
	Repeat    Decision = "repeat"     // closed with an outcome that does not bar it (e.g. 无回复已上报): send
)

// Item is the decision for one candidate.
type Item struct {
	Decision Decision
	Prior    *Prior       // the latest earlier suspect of the pair, if any
	AgeDays  int          // Carried: days since first sent
	Accrued  money.Fen    // Carried/StillPaid: overpayment grown since the prior run
	Changed  []string     // Resend: what changed
	Why      audit.Reason // in words
	First    time.Time    // the first send of the pair (carried forward), zero if new
}

// Plan is the outcome of Decide.
type Plan struct {
	Items   []Item // one per candidate, same order
	Counts  map[Decision]int
	HeldWhy map[string]int // held back, by reason (the town's answer, shortened)
}

// Send reports whether the item goes to the town in this run.
func (it *Item) Send() bool { return it.Decision != Held }

// Decide relates a new run's candidates to the earlier suspects of the
// same rolls (any order; the latest run of each pair counts). now is the
// run's time, for the age of carried suspects.
func Decide(prior []Prior, cur []Candidate, now time.Time) Plan {
	latest := map[string]*Prior{}
	first := map[string]time.Time{}
	for i := range prior {
		p := &prior[i]
		if p.State == "" && p.Outcome == OutcomeNone {
			continue // never sent: the town never saw it
		}
		k := p.IDNumber + "\x00" + p.Finding
		if q := latest[k]; q == nil || p.AsOf > q.AsOf || p.AsOf == q.AsOf && p.RunID > q.RunID {
			latest[k] = p
		}
		if !p.FirstSent.IsZero() && (first[k].IsZero() || p.FirstSent.Before(first[k])) {
			first[k] = p.FirstSent
		}
	}
	plan := Plan{Items: make([]Item, len(cur)), Counts: map[Decision]int{}, HeldWhy: map[string]int{}}
	for i, c := range cur {
		k := c.IDNumber + "\x00" + c.Finding
		p := latest[k]
		it := Item{Prior: p, First: first[k]}
		switch {
		case p == nil:
			it.Decision = New
		case p.State == audit.StateTownRejected || p.Outcome == OutcomeFalse:
			if changed := diff(ParseEvidenceKey(p.Evidence), ParseEvidenceKey(c.Evidence)); len(changed) > 0 {
				it.Decision, it.Changed = Resend, changed
				it.Why = audit.Reason{
					ZH: fmt.Sprintf("%s镇核实不属实，证据已变（%s），重新下发", p.AsOf, strings.Join(changed, "；")),
					EN: fmt.Sprintf("rejected by the town in %s; the evidence changed (%s): sent again", p.AsOf, strings.Join(changed, "; "))}
			} else {
				it.Decision = Held
				why := shortNote(p.Note)
				plan.HeldWhy[why]++
				it.Why = audit.Reason{
					ZH: fmt.Sprintf("%s镇核实不属实（%s），证据未变，不再下发", p.AsOf, why),
					EN: fmt.Sprintf("rejected by the town in %s (%s), evidence unchanged: not sent again", p.AsOf, why)}
			}
		case p.State == audit.StatePending && p.Outcome == OutcomeNone || p.Outcome == OutcomeDisputed:
			it.Decision = Carried
			if !it.First.IsZero() {
				it.AgeDays = int(now.Sub(it.First).Hours() / 24)
			}
			if c.Overpaid > p.Overpaid {
				it.Accrued = c.Overpaid - p.Overpaid
			}
			it.Why = audit.Reason{
				ZH: fmt.Sprintf("自%s起未办结（已%d天），多发待遇累计至本月%s元（较上期增加%s元）", p.AsOf, it.AgeDays, c.Overpaid, it.Accrued),
				EN: fmt.Sprintf("open since %s (%d days); overpaid to this month %s yuan (+%s since)", p.AsOf, it.AgeDays, c.Overpaid, it.Accrued)}
		case p.Outcome == OutcomeNoReply:
			it.Decision = Repeat
			it.Why = audit.Reason{ZH: fmt.Sprintf("%s无回复已上报，仍在名册上，再次下发", p.AsOf), EN: fmt.Sprintf("reported unanswered in %s, still on the roll: sent again", p.AsOf)}
		default: // confirmed, issued, stopped, or closed as true — and still found paid
			it.Decision = StillPaid
			if c.Overpaid > p.Overpaid {
				it.Accrued = c.Overpaid - p.Overpaid
			}
			it.Why = audit.Reason{
				ZH: fmt.Sprintf("%s已核实属实（%s），本月仍在发放，多发增加%s元", p.AsOf, labelOf(p), it.Accrued),
				EN: fmt.Sprintf("confirmed in %s (%s) yet still paid this month: overpaid +%s yuan", p.AsOf, p.State, it.Accrued)}
		}
		plan.Items[i] = it
		plan.Counts[it.Decision]++
	}
	return plan
}

func labelOf(p *Prior) string {
	if p.Outcome != OutcomeNone {
		return string(p.Outcome)
	}
	return p.State.LabelZH()
}

// diff names what changed between two pieces of evidence: a new death
// record (source), another match kind (a new ID match), another date.
func diff(old, cur Evidence) []string {
	var out []string
	if old.Kind != cur.Kind {
		out = append(out, fmt.Sprintf("比对方式 %s → %s", old.Kind, cur.Kind))
	}
	seen := map[string]bool{}
	for _, s := range old.Sources {
		seen[s] = true
	}
	for _, s := range cur.Sources {
		if !seen[s] {
			out = append(out, "新的死亡记录："+s)
		}
	}
	if old.EventDate != cur.EventDate {
		out = append(out, fmt.Sprintf("日期 %s → %s", old.EventDate, cur.EventDate))
	}
	return out
}

// shortNote shortens a town's answer to group the held-back pairs.
func shortNote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "未说明"
	}
	r := []rune(s)
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
