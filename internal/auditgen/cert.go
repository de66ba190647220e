package auditgen

import (
	"bufio"
	"math/rand/v2"
	"path/filepath"
	"strconv"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/money"
)

// Certification events (待遇资格认证) for the generated roll: three years
// of events ending with the run month, channels in realistic shares, and
// the people who matter to the rules: late certifiers (suspended, then
// resumed with 补发), people who stopped certifying, some of them dead
// with no death record, refusals, and certifications dated after a
// recorded death (someone certified for a dead person).

// CertYears is how many years of events are generated.
const CertYears = 3

// Certification scenarios.
const (
	ScenRegular       = "regular"         // certified every 9–12 months
	ScenLate          = "late"            // one gap of 13–20 months: suspended, resumed with 补发
	ScenStopped       = "stopped"         // stopped certifying
	ScenDeadNoRecord  = "dead_no_record"  // died, no death record: stops certifying
	ScenRefused       = "refused"         // refused once, certified again later (or not)
	ScenRollSuspended = "roll_suspended"  // the roll already says 暂停
	ScenDead          = "dead"            // on the death list: certified until death
	ScenCertAfterDead = "cert_after_dead" // on the death list and certified after death
)

// CertTruth is the ground truth of one recipient's certification, with the
// default rules (rolling 12-month cycle, due list 2 months ahead, 补发
// after any suspension) and history known from the first event's month.
type CertTruth struct {
	ID             string
	Scenario       string
	DeathDate      cal.Date // true date of death (with or without a record)
	DeathRecorded  bool     // on the death list
	Status         cert.Status
	ValidUntil     cal.Month
	Since          cal.Month
	ResumeFrom     cal.Month
	BackPayMonths  int
	BackPay        money.Fen
	OverpaidMonths int
	Overpaid       money.Fen
	AfterDeath     int // certifications dated after the death (recorded deaths only)
}

// channelOf draws a channel: 大数据比对 55 %, 线上自助 25 %, 线下辅助 12 %,
// 上门 5 %, 异地 3 %.
func channelOf(r *rand.Rand) cert.Channel {
	switch x := r.IntN(100); {
	case x < 55:
		return cert.ChannelBigData
	case x < 80:
		return cert.ChannelOnline
	case x < 92:
		return cert.ChannelOffline
	case x < 97:
		return cert.ChannelHome
	}
	return cert.ChannelRemote
}

func dateIn(r *rand.Rand, m cal.Month) cal.Date {
	return cal.DateOf(m.Year(), m.Num(), 1+r.IntN(28))
}

// certDeaths returns the death date of every recipient on the death list.
func (g *Gen) certDeaths() map[int]cal.Date {
	out := make(map[int]cal.Date, len(g.deathList))
	for k, i := range g.deathList {
		_, t := g.death(k)
		out[i] = t.DeathDate
	}
	return out
}

// CertFrom is the first month of the generated events.
func (g *Gen) CertFrom() cal.Month { return g.cfg.AsOf - CertYears*12 + 1 }

// certPerson returns recipient i's events (by date) and scenario; death is
// the recorded death date (0 if none).
//
// The anchor recipient (the first regular one paid since before the
// window) is always certified in the window's first month, so that the
// events begin there.
func (g *Gen) certPerson(i int, rec *audit.Recipient, death cal.Date, anchor bool) ([]cert.Event, string, cal.Date) {
	r := g.rng(20, i)
	asOf, from := g.cfg.AsOf, g.CertFrom()
	scen := ScenRegular
	var trueDeath cal.Date
	switch x := r.IntN(1000); {
	case death != 0:
		scen = ScenDead
		if r.IntN(5) == 0 {
			scen = ScenCertAfterDead
		}
		trueDeath = death
	case rec.Status == "暂停":
		scen = ScenRollSuspended
	case x < 80:
		scen = ScenLate
	case x < 120:
		scen = ScenStopped
	case x < 140:
		scen = ScenDeadNoRecord
		dm := asOf - cal.Month(3+r.IntN(24))
		trueDeath = dateIn(r, dm)
	case x < 155:
		scen = ScenRefused
	}
	var evs []cert.Event
	add := func(m cal.Month, c cert.Channel, refused bool) {
		if m < from || m > asOf || m < rec.Start {
			return
		}
		evs = append(evs, cert.Event{Date: dateIn(r, m), Channel: c, Refused: refused})
	}
	// the first certification in the window's first year, or in the month
	// the benefit started
	m := from + cal.Month(r.IntN(12))
	if anchor {
		scen, m = ScenRegular, from
	}
	if rec.Start > from {
		m = rec.Start + cal.Month(r.IntN(6))
	}
	stopAt := asOf + 1 // first month without certifications
	gapAt := cal.Month(0)
	switch scen {
	case ScenStopped:
		stopAt = asOf - cal.Month(r.IntN(24))
	case ScenDeadNoRecord, ScenDead, ScenCertAfterDead:
		stopAt = trueDeath.Month()
		if trueDeath.Month() < asOf && r.IntN(3) == 0 {
			stopAt = trueDeath.Month() + 1 // a silent hit in the month of death, before the date
		}
	case ScenLate:
		gapAt = from + cal.Month(6+r.IntN(CertYears*12-6))
	case ScenRollSuspended:
		// last certified 15 months before: valid until the month the roll stopped paying
		stopAt = rec.PaidThrough - 11
		m = stopAt - 1
		for m-12 >= from {
			m -= 12
		}
	}
	refuseAt := cal.Month(0)
	if scen == ScenRefused {
		refuseAt = from + cal.Month(r.IntN(CertYears*12))
	}
	for m <= asOf && m < stopAt {
		if scen == ScenDead || scen == ScenCertAfterDead {
			if m == trueDeath.Month() {
				// certified in the month of death, before the date
				if d := trueDeath % 100; d > 1 {
					evs = append(evs, cert.Event{Date: trueDeath - 1 - cal.Date(r.IntN(int(d-1))), Channel: channelOf(r)})
				}
				break
			}
		}
		add(m, channelOf(r), false)
		if r.IntN(10) == 0 { // an extra silent hit
			add(m+cal.Month(1+r.IntN(5)), cert.ChannelBigData, false)
		}
		step := cal.Month(9 + r.IntN(4))
		if scen == ScenRollSuspended {
			step = 12
		}
		if gapAt != 0 && m < gapAt && m+step >= gapAt {
			step = cal.Month(13 + r.IntN(8))
			gapAt = 0
		}
		if refuseAt != 0 && m < refuseAt && m+step >= refuseAt {
			add(refuseAt, cert.ChannelOffline, true)
			if r.IntN(2) == 0 {
				step = refuseAt - m + cal.Month(1+r.IntN(6)) // certified again after the refusal
			} else {
				break
			}
			refuseAt = 0
		}
		m += step
	}
	if scen == ScenCertAfterDead {
		dm := trueDeath.Month()
		am := dm + 1 + cal.Month(r.IntN(max(1, int(asOf-dm))))
		if am > asOf {
			am = asOf
		}
		if am == dm { // died in the run month: the same month, a later day
			if d := trueDeath % 100; d < 28 {
				evs = append(evs, cert.Event{Date: trueDeath + 1 + cal.Date(r.IntN(int(28-d))), Channel: cert.ChannelOnline})
			}
		} else {
			evs = append(evs, cert.Event{Date: dateIn(r, am), Channel: cert.ChannelOnline})
		}
	}
	sortEvents(evs)
	return evs, scen, trueDeath
}

func sortEvents(evs []cert.Event) {
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && evs[j].Date < evs[j-1].Date; j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
}

// CertEvents calls fn for every certification event of the roll, person
// by person, with the recipient's ID and name, and truth (if not nil) with
// each recipient's ground truth.
func (g *Gen) CertEvents(fn func(rec *audit.Recipient, e cert.Event), truth func(CertTruth)) {
	g.certEvents(fn, truth, false, true)
}

// CertTruthBirthday calls truth with each recipient's ground truth under
// the birthday-month cycle (周期 = 生日月; the other settings default):
// a certification keeps the payment through the birthday month of the
// year after the cycle year it falls in. With deaths false the truth is
// that of a run without the death lists (nobody is known dead).
func (g *Gen) CertTruthBirthday(deaths bool, truth func(CertTruth)) {
	g.certEvents(func(*audit.Recipient, cert.Event) {}, truth, true, deaths)
}

func (g *Gen) certEvents(fn func(rec *audit.Recipient, e cert.Event), truth func(CertTruth), birthday, known bool) {
	deaths := g.certDeaths()
	from := g.CertFrom()
	anchor := -1
	for i := 0; i < g.cfg.Recipients && anchor < 0; i++ {
		if rec := g.Recipient(i); rec.Start <= from && rec.Status == "正常" && deaths[i] == 0 {
			anchor = i
		}
	}
	for i := 0; i < g.cfg.Recipients; i++ {
		rec := g.Recipient(i)
		evs, scen, trueDeath := g.certPerson(i, &rec, deaths[i], i == anchor)
		for _, e := range evs {
			fn(&rec, e)
		}
		if truth != nil {
			expiry := func(m cal.Month) cal.Month { return m + 12 }
			if bm := birthMonthOf(&rec); birthday && bm >= 1 && bm <= 12 {
				expiry = func(m cal.Month) cal.Month {
					for m.Num() != bm { // to the end of the cycle year: the birthday month
						m++
					}
					return m + 12
				}
			}
			death := deaths[i]
			if !known {
				death = 0
			}
			t := simulate(&rec, evs, death, from, g.cfg.AsOf, expiry)
			t.ID, t.Scenario, t.DeathDate, t.DeathRecorded = rec.ID, scen, trueDeath, deaths[i] != 0
			truth(t)
		}
	}
}

// simulate is the ground truth, month by month: a person is paid in a
// month unless suspended; a suspension starts the month after the
// validity ends (or after a refusal) and ends with the next certification,
// whose month closes it; the suspended months are paid back the month
// after. It is written apart from internal/cert on purpose.
//
// expiry is the cycle: the last month a certification in month m pays
// (m + 12 for the rolling cycle).
func simulate(rec *audit.Recipient, evs []cert.Event, death cal.Date, from, asOf cal.Month, expiry func(cal.Month) cal.Month) CertTruth {
	var t CertTruth
	start := max(rec.Start, from)
	valid := expiry(start - 1) // first cycle: as if certified the month before
	suspended, suspFrom := false, cal.Month(0)
	paid := map[cal.Month]bool{}
	var lastLapseEnd, lapseFrom cal.Month
	k := 0
	for ; k < len(evs) && evs[k].Date.Month() < start; k++ {
		if x := expiry(evs[k].Date.Month()); !evs[k].Refused && x > valid {
			valid = x // certified before the benefit started
		}
	}
	paidEnd := asOf
	if rec.PaidThrough != 0 && rec.PaidThrough < asOf {
		paidEnd = rec.PaidThrough
	}
	for m := start; m <= asOf; m++ {
		if !suspended && m > valid {
			suspended, suspFrom = true, m
		}
		wasSuspended := suspended
		for ; k < len(evs) && evs[k].Date.Month() == m; k++ {
			e := evs[k]
			if e.Refused {
				if !suspended {
					valid = m // suspended from next month
				}
				continue
			}
			if suspended {
				suspended = false
				lastLapseEnd, lapseFrom = m, suspFrom
				if m < asOf { // back-paid next month
					for x := suspFrom; x <= m; x++ {
						paid[x] = true
					}
				}
			}
			if x := expiry(m); x > valid {
				valid = x
			}
		}
		if !wasSuspended {
			paid[m] = true
		}
	}
	t.ValidUntil = valid
	for _, e := range evs {
		if death != 0 && e.Date > death && e.Date.Month() <= asOf {
			t.AfterDeath++
		}
	}
	switch {
	case death != 0:
		t.Status, t.Since = cert.Terminated, death.Month()+1
		for m := max(death.Month()+1, rec.Start); m <= paidEnd; m++ {
			if paid[m] {
				t.OverpaidMonths++
			}
		}
		t.Overpaid = money.Fen(t.OverpaidMonths) * rec.Monthly
	case suspended:
		t.Since = suspFrom
		t.Status = cert.ShouldSuspend
		if cert.RollStatusSuspended(rec.Status) {
			t.Status = cert.Suspended
		}
	case lastLapseEnd == asOf:
		t.Status, t.ResumeFrom = cert.Resumed, asOf+1
		t.BackPayMonths = int(asOf-lapseFrom) + 1
		t.BackPay = money.Fen(t.BackPayMonths) * rec.Monthly
	case asOf >= valid-1:
		t.Status = cert.Due
	default:
		t.Status = cert.Normal
	}
	return t
}

// CertFiles names what WriteCert wrote.
type CertFiles struct{ Events, Truth string }

var certSources = map[cert.Channel]string{cert.ChannelBigData: "省大数据平台", cert.ChannelOnline: "江苏智慧人社",
	cert.ChannelOffline: "镇村经办平台", cert.ChannelHome: "镇村经办平台", cert.ChannelRemote: "异地协助认证"}

// WriteCert writes certevents.csv (身份证号, 姓名, 认证日期, 认证方式,
// 认证结果, 来源) and truth_cert.csv into dir; it returns the files and the
// number of events.
func (g *Gen) WriteCert(dir string) (CertFiles, int, error) {
	fs := CertFiles{Events: filepath.Join(dir, "certevents.csv"), Truth: filepath.Join(dir, "truth_cert.csv")}
	var truths []CertTruth
	n := 0
	err := writeCSV(fs.Events, "身份证号,姓名,认证日期,认证方式,认证结果,来源", func(w *bufio.Writer) {
		g.CertEvents(func(rec *audit.Recipient, e cert.Event) {
			res := "通过"
			if e.Refused {
				res = "拒绝认证"
			}
			line(w, rec.ID, rec.Name, e.Date.String(), e.Channel.String(), res, certSources[e.Channel])
			n++
		}, func(t CertTruth) { truths = append(truths, t) })
	})
	if err != nil {
		return fs, n, err
	}
	err = writeCSV(fs.Truth, "id_number,scenario,true_death_date,death_recorded,status,valid_until,since,resume_from,backpay_months,backpay_amount,overpaid_months,overpaid_amount,certified_after_death", func(w *bufio.Writer) {
		for _, t := range truths {
			line(w, t.ID, t.Scenario, t.DeathDate.String(), strconv.FormatBool(t.DeathRecorded), t.Status.String(), t.ValidUntil.String(),
				t.Since.String(), t.ResumeFrom.String(), strconv.Itoa(t.BackPayMonths), t.BackPay.String(), strconv.Itoa(t.OverpaidMonths),
				t.Overpaid.String(), strconv.Itoa(t.AfterDeath))
		}
	})
	return fs, n, err
}

// birthMonthOf is the recipient's birth month from the roll's 出生日期, or
// else from the ID's digits 11–12.
func birthMonthOf(rec *audit.Recipient) int {
	if rec.Birth != 0 {
		return rec.Birth.Month().Num()
	}
	m := 0
	if len(rec.ID) == 18 {
		m = int(rec.ID[10]-'0')*10 + int(rec.ID[11]-'0')
	}
	return m
}
