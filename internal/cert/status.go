package cert

import (
	"fmt"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// birthMonth returns the recipient's birth month (1–12) from the roll's
// 出生日期 or the ID, or 0.
func birthMonth(r *audit.Recipient) int {
	if r.Birth != 0 {
		return r.Birth.Month().Num()
	}
	if len(r.ID) == 18 {
		m := int(r.ID[10]-'0')*10 + int(r.ID[11]-'0')
		if m >= 1 && m <= 12 {
			return m
		}
	}
	return 0
}

// Expiry returns the last valid month of a certification in month m: m +
// ValidMonths for the rolling cycle; for the birthday cycle the end of the
// cycle year containing m (the first birthday month at or after m) plus
// ValidMonths. bm is the birth month (1–12); 0 falls back to rolling.
func (ru *Rules) Expiry(m cal.Month, bm int) cal.Month {
	n := cal.Month(ru.ValidMonths)
	if n <= 0 {
		n = 12
	}
	if ru.Cycle == Birthday && bm >= 1 && bm <= 12 {
		d := (bm - m.Num() + 12) % 12
		return m + cal.Month(d) + n
	}
	return m + n
}

type lapse struct {
	from, to cal.Month // suspended months; to = the month certified again
	refused  bool
}

// Compute returns the certification status of roll row r in month asOf.
//
// events are r's certification events sorted by date (any order of
// channels; events after the end of asOf are ignored). death is the date
// of a recorded death (0 if none): the person is then 终止 from the month
// after, and months paid after the death are overpaid. A certification
// dated after the death is kept in Result.AfterDeath and sets Review: a
// person must look, nothing is done automatically. The platform's own
// timeline (validity, suspensions, 补发) counts every certification,
// including those after death, because that is what was paid.
func Compute(r *audit.Recipient, death cal.Date, events []Event, asOf cal.Month, ru *Rules) Result {
	var res Result
	res.DeathDate = death
	bm := birthMonth(r)
	start := r.Start
	if ru.FirstCycle != 0 && (start == 0 || start < ru.FirstCycle) {
		start = ru.FirstCycle
	}
	if ru.EventsFrom != 0 && (start == 0 || start < ru.EventsFrom) {
		start = ru.EventsFrom
	}
	var v cal.Month // last valid month; 0 = no basis yet
	if start != 0 {
		v = ru.Expiry(start-1, bm)
	}
	var lapses []lapse // closed suspensions, oldest first
	var lastLapse *lapse
	refused := false
	var last Event
	for _, e := range events {
		m := e.Date.Month()
		if m == 0 {
			continue
		}
		if m > asOf {
			break
		}
		if death != 0 && e.Date > death {
			res.AfterDeath = append(res.AfterDeath, e)
		}
		if e.Refused {
			if v == 0 || m <= v {
				v, refused = m, true
			}
			continue
		}
		if death == 0 || e.Date <= death {
			if m >= asOf-11 {
				res.CertifiedInYear = true
			}
		}
		if v != 0 && m > v {
			lapses = append(lapses, lapse{v + 1, m, refused})
			lastLapse = &lapses[len(lapses)-1]
			v = ru.Expiry(m, bm)
		} else {
			v = max(v, ru.Expiry(m, bm))
		}
		refused = false
		last = e
	}
	res.LastCert, res.LastChannel, res.ValidUntil = last.Date, last.Channel, v
	monthly := r.Monthly
	paidEnd := asOf
	if r.PaidThrough != 0 && r.PaidThrough < paidEnd {
		paidEnd = r.PaidThrough
	}
	res.FirstCycle = start
	res.RefusedLast = refused
	switch {
	case RollStatusTerminated(r.Status):
		res.Status = Terminated
		res.OnRoll = true
		if r.PaidThrough != 0 {
			res.Since = r.PaidThrough + 1
		}
		res.CertifiedInYear = false
	case death != 0:
		dm := death.Month()
		res.Status, res.Since = Terminated, dm+1
		lo := dm + 1
		if r.Start > lo {
			lo = r.Start
		}
		res.OverpaidMonths = paidMonths(lo, paidEnd, v, lapses, asOf, ru)
		res.Overpaid = money.Fen(res.OverpaidMonths) * monthly
		res.Review = len(res.AfterDeath) > 0
	case v == 0:
		res.Status = ShouldSuspend
		if RollStatusSuspended(r.Status) {
			res.Status = Suspended
		}
		res.Review = true
	case asOf > v:
		res.Since = v + 1
		res.UnpaidSinceSuspension = int(asOf - v)
		if RollStatusSuspended(r.Status) {
			res.Status = Suspended
		} else {
			res.Status = ShouldSuspend
			if paidEnd > v {
				res.PaidWithoutCertification = int(paidEnd - v)
			}
		}
	case lastLapse != nil && lastLapse.to == asOf:
		l := *lastLapse
		res.Status = Resumed
		res.ResumeFrom = asOf + 1
		res.BackPayFrom, res.BackPayTo = l.from, l.to
		if l.refused && ru.NoBackPayAfterRefusal {
			res.NoBackPay = true
		} else {
			res.BackPayMonths = int(l.to-l.from) + 1
			res.BackPay = money.Fen(res.BackPayMonths) * monthly
		}
	case ru.DueAhead > 0 && asOf >= v+1-cal.Month(ru.DueAhead):
		res.Status = Due
	default:
		res.Status = Normal
	}
	return res
}

// Words states the result and its reason in words, Chinese and English
// (built on demand: a province run formats only the rows it writes).
func (res *Result) Words() audit.Reason {
	var zh, en strings.Builder
	last := func() {
		if res.LastCert != 0 {
			fmt.Fprintf(&zh, "最后认证%s（%s）", res.LastCert, res.LastChannel)
			fmt.Fprintf(&en, "last certified %s (%s)", res.LastCert, res.LastChannel.EN())
		} else {
			zh.WriteString("无认证记录")
			en.WriteString("never certified")
		}
		if res.RefusedLast {
			zh.WriteString("，其后拒绝认证")
			en.WriteString(", then refused")
		}
	}
	v := res.ValidUntil
	switch {
	case res.Status == Terminated && res.OnRoll:
		zh.WriteString("名册状态为终止")
		en.WriteString("terminated on the roll")
	case res.Status == Terminated:
		fmt.Fprintf(&zh, "死亡日期%s，自%s起终止", res.DeathDate, res.Since)
		fmt.Fprintf(&en, "died %s; terminated from %s", res.DeathDate, res.Since)
		if res.OverpaidMonths > 0 {
			fmt.Fprintf(&zh, "；死亡后发放%d个月，多发%s元，应立案追回", res.OverpaidMonths, res.Overpaid)
			fmt.Fprintf(&en, "; paid %d months after death, %s yuan overpaid: open a recovery case", res.OverpaidMonths, res.Overpaid)
		}
		if len(res.AfterDeath) > 0 {
			a := res.AfterDeath[0]
			fmt.Fprintf(&zh, "；死亡后仍有认证（%s %s，共%d次），须人工核实，不自动处理", a.Date, a.Channel, len(res.AfterDeath))
			fmt.Fprintf(&en, "; certified after death (%s %s, %d in all): review, nothing automatic", a.Date, a.Channel.EN(), len(res.AfterDeath))
		}
	case v == 0:
		zh.WriteString("无认证记录，名册无待遇开始年月，无法确定认证周期，须核实")
		en.WriteString("no certification and no benefit start month: the cycle cannot be set; review")
	case res.Status == Suspended:
		last()
		fmt.Fprintf(&zh, "，有效期至%s，自%s起已暂停发放", v, v+1)
		fmt.Fprintf(&en, ", valid until %s; suspended since %s", v, v+1)
	case res.Status == ShouldSuspend:
		last()
		fmt.Fprintf(&zh, "，有效期至%s，自%s起应暂停发放", v, v+1)
		fmt.Fprintf(&en, ", valid until %s; to be suspended from %s", v, v+1)
		if n := res.PaidWithoutCertification; n > 0 {
			fmt.Fprintf(&zh, "（名册仍发放至%s，有效期满后已发%d个月）", v+cal.Month(n), n)
			fmt.Fprintf(&en, " (the roll still pays through %s: %d months after the validity ended)", v+cal.Month(n), n)
		}
	case res.Status == Resumed:
		fmt.Fprintf(&zh, "%s重新认证（%s），自%s起恢复发放", res.LastCert, res.LastChannel, res.ResumeFrom)
		fmt.Fprintf(&en, "certified again %s (%s); payment resumes from %s", res.LastCert, res.LastChannel.EN(), res.ResumeFrom)
		if res.NoBackPay {
			fmt.Fprintf(&zh, "；%s至%s因拒绝认证暂停，按规则不补发", res.BackPayFrom, res.BackPayTo)
			fmt.Fprintf(&en, "; %s … %s suspended after a refusal: no back-pay under the rules", res.BackPayFrom, res.BackPayTo)
		} else {
			fmt.Fprintf(&zh, "，补发%s至%s共%d个月，计%s元", res.BackPayFrom, res.BackPayTo, res.BackPayMonths, res.BackPay)
			fmt.Fprintf(&en, ", back-pay %s … %s, %d months, %s yuan", res.BackPayFrom, res.BackPayTo, res.BackPayMonths, res.BackPay)
		}
	default:
		if res.LastCert != 0 {
			fmt.Fprintf(&zh, "%s%s认证，", res.LastCert, res.LastChannel)
			fmt.Fprintf(&en, "certified %s (%s), ", res.LastCert, res.LastChannel.EN())
		} else {
			fmt.Fprintf(&zh, "首次认证周期自%s起算，", res.FirstCycle)
			fmt.Fprintf(&en, "first cycle from %s, ", res.FirstCycle)
		}
		if res.Status == Due {
			fmt.Fprintf(&zh, "有效期至%s，须在%s底前认证，否则自%s起暂停", v, v, v+1)
			fmt.Fprintf(&en, "valid until %s: certify by the end of %s or be suspended from %s", v, v, v+1)
		} else {
			fmt.Fprintf(&zh, "有效期至%s", v)
			fmt.Fprintf(&en, "valid until %s", v)
		}
	}
	if res.DeathReview != 0 {
		fmt.Fprintf(&zh, "；死亡名单疑似同一人（死亡日期%s），待核实，未按死亡处理", res.DeathReview)
		fmt.Fprintf(&en, "; a death list may name this person (died %s): review, not applied", res.DeathReview)
	}
	return audit.Reason{ZH: zh.String(), EN: en.String()}
}

// paidMonths counts the months lo … hi that the cycle paid: not in the
// open suspension (after v), nor in a closed one that was not back-paid
// (refusal without 补发) or whose 补发 falls after asOf.
func paidMonths(lo, hi, v cal.Month, lapses []lapse, asOf cal.Month, ru *Rules) int {
	if hi < lo {
		return 0
	}
	n := int(hi-lo) + 1
	overlap := func(a, b cal.Month) int {
		a, b = max(a, lo), min(b, hi)
		if b < a {
			return 0
		}
		return int(b-a) + 1
	}
	if v != 0 && v < hi {
		n -= overlap(v+1, hi)
	}
	for _, l := range lapses {
		if l.refused && ru.NoBackPayAfterRefusal || l.to >= asOf {
			n -= overlap(l.from, l.to)
		}
	}
	return n
}
