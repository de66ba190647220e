package auditgen

import (
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
)

// TestCertTruth checks the generator's certification truth against the
// pure rules of internal/cert on every recipient: every status, validity,
// suspension month, 补发 and overpayment after death is exact, and every
// scenario occurs.
func TestCertTruth(t *testing.T) {
	g := New(Config{Seed: 7, Recipients: 30000, Deaths: 600})
	type person struct {
		rec  audit.Recipient
		evs  []cert.Event
		info CertTruth
	}
	byID := map[string]*person{}
	var order []*person
	from := cal.Month(0)
	g.CertEvents(func(rec *audit.Recipient, e cert.Event) {
		p := byID[rec.ID]
		if p == nil {
			p = &person{rec: *rec}
			byID[rec.ID] = p
		}
		p.evs = append(p.evs, e)
		if m := e.Date.Month(); from == 0 || m < from {
			from = m
		}
	}, func(tr CertTruth) {
		p := byID[tr.ID]
		if p == nil {
			p = &person{rec: g.Recipient(len(order))}
			byID[tr.ID] = p
		}
		p.info = tr
		order = append(order, p)
	})
	if from != g.CertFrom() {
		t.Fatalf("events start %s, want %s", from, g.CertFrom())
	}
	ru := cert.DefaultRules()
	ru.EventsFrom = from
	scen := map[string]int{}
	status := map[cert.Status]int{}
	channels := map[cert.Channel]int{}
	events, afterDeath, bad := 0, 0, 0
	for _, p := range order {
		tr := p.info
		scen[tr.Scenario]++
		status[tr.Status]++
		events += len(p.evs)
		for _, e := range p.evs {
			channels[e.Channel]++
		}
		var death cal.Date
		if tr.DeathRecorded {
			death = tr.DeathDate
		}
		res := cert.Compute(&p.rec, death, p.evs, g.cfg.AsOf, &ru)
		if res.Status != tr.Status || res.ValidUntil != tr.ValidUntil && tr.Status != cert.Terminated || res.Since != tr.Since ||
			res.ResumeFrom != tr.ResumeFrom || res.BackPayMonths != tr.BackPayMonths || res.BackPay != tr.BackPay ||
			res.OverpaidMonths != tr.OverpaidMonths || res.Overpaid != tr.Overpaid || len(res.AfterDeath) != tr.AfterDeath {
			t.Errorf("%s (%s): computed %s valid %s since %s resume %s 补发 %d/%s overpaid %d/%s after-death %d; truth %+v\nevents %v start %s\n%s",
				tr.ID, tr.Scenario, res.Status, res.ValidUntil, res.Since, res.ResumeFrom, res.BackPayMonths, res.BackPay,
				res.OverpaidMonths, res.Overpaid, len(res.AfterDeath), tr, p.evs, p.rec.Start, res.Words().ZH)
			if bad++; bad == 20 {
				t.FailNow()
			}
		}
		if tr.AfterDeath > 0 {
			afterDeath++
			if !res.Review {
				t.Errorf("%s certified after death but not for review", tr.ID)
			}
		}
	}
	for _, s := range []string{ScenRegular, ScenLate, ScenStopped, ScenDeadNoRecord, ScenRefused, ScenRollSuspended, ScenDead, ScenCertAfterDead} {
		if scen[s] == 0 {
			t.Errorf("no %s recipient: %v", s, scen)
		}
	}
	for s := cert.Normal; s < cert.NStatuses; s++ {
		if status[s] == 0 {
			t.Errorf("no %s status: %v", s, status)
		}
	}
	if afterDeath == 0 {
		t.Error("nobody certified after death")
	}
	if big := channels[cert.ChannelBigData] * 100 / events; big < 45 || big > 65 {
		t.Errorf("大数据比对 share %d%%", big)
	}
	t.Logf("%d recipients, %d events; scenarios %v; statuses %v; certified after death %d", len(order), events, scen, status, afterDeath)
}
