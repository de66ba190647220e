package auditdb

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditmem"
	"jixiao/internal/cal"
	"jixiao/internal/store"
)

// evidence is what a stored suspect rests on, as auditmem compares it:
// the match kind, the death date (or the other scheme) and the death lists.
func evidence(x *store.AuditSuspect) string {
	e := auditmem.Evidence{Kind: audit.MatchKind(x.Kind), EventDate: x.EventDate}
	if x.Finding == "death" {
		for _, s := range strings.Split(x.Sources, "、") {
			if s = strings.TrimSpace(s); s != "" {
				e.Sources = append(e.Sources, s)
			}
		}
	} else if e.EventDate == "" {
		e.EventDate = x.Sources
	}
	return e.Key()
}

// remember relates a new run's suspects to the earlier runs' (all runs of
// this database up to the month: the center's rolls): it drops the pairs
// held back and returns each kept suspect's memory, the run's link and the
// held pairs.
func remember(ctx context.Context, st *store.Store, asOf cal.Month, sus []store.AuditSuspect, now time.Time) ([]store.AuditSuspect, []store.SuspectMemory, store.RunLink, []store.HeldPair, error) {
	var link store.RunLink
	prior, err := st.PriorSuspects(ctx, asOf.String())
	if err != nil {
		return nil, nil, link, nil, err
	}
	ps := make([]auditmem.Prior, len(prior))
	for i := range prior {
		p := &prior[i]
		m, _ := cal.ParseMonth(p.AsOf)
		ps[i] = auditmem.Prior{RunID: p.RunID, AsOf: m, SuspectID: p.ID, IDNumber: p.IDNumber, Finding: p.Finding,
			State: audit.SuspectState(p.State), Evidence: evidence(&p.AuditSuspect), Overpaid: p.Overpaid,
			Outcome: auditmem.Outcome(p.Outcome), Cause: auditmem.RootCause(p.RootCause), Note: p.TownNote}
		if p.FirstSent != 0 {
			ps[i].FirstSent = time.Unix(p.FirstSent, 0)
		}
		if p.RunID > link.PrevRunID {
			link.PrevRunID = p.RunID
		}
	}
	cs := make([]auditmem.Candidate, len(sus))
	for i := range sus {
		cs[i] = auditmem.Candidate{IDNumber: sus[i].IDNumber, Finding: sus[i].Finding, Evidence: evidence(&sus[i]), Overpaid: sus[i].Overpaid}
	}
	plan := auditmem.Decide(ps, cs, now)
	var keep []store.AuditSuspect
	var mem []store.SuspectMemory
	var held []store.HeldPair
	for i, it := range plan.Items {
		var prevID int64
		if it.Prior != nil {
			prevID = it.Prior.SuspectID
		}
		if !it.Send() {
			held = append(held, store.HeldPair{PriorSuspectID: prevID, Town: sus[i].Town, IDNumber: sus[i].IDNumber, Name: sus[i].Name,
				Finding: sus[i].Finding, Evidence: cs[i].Evidence, Overpaid: sus[i].Overpaid, WhyZH: it.Why.ZH, WhyEN: it.Why.EN})
			continue
		}
		m := store.SuspectMemory{PrevSuspectID: prevID, Decision: string(it.Decision), Evidence: cs[i].Evidence, AgeDays: it.AgeDays,
			Accrued: it.Accrued, WhyZH: it.Why.ZH, WhyEN: it.Why.EN}
		if !it.First.IsZero() {
			m.FirstSent = it.First.Unix()
		}
		if it.Why.ZH != "" {
			sus[i].ReasonZH += "；" + it.Why.ZH
			sus[i].ReasonEN += "; " + it.Why.EN
		}
		keep = append(keep, sus[i])
		mem = append(mem, m)
	}
	link.New, link.Resent, link.Carried = plan.Counts[auditmem.New], plan.Counts[auditmem.Resend], plan.Counts[auditmem.Carried]
	link.StillPaid, link.Repeated, link.Held = plan.Counts[auditmem.StillPaid], plan.Counts[auditmem.Repeat], plan.Counts[auditmem.Held]
	var why []string
	for w, n := range plan.HeldWhy {
		why = append(why, fmt.Sprintf("%s: %d", w, n))
	}
	sort.Strings(why)
	link.HeldWhy = strings.Join(why, "\n")
	return keep, mem, link, held, nil
}

// Close ends a suspect with an outcome and a root cause (auditmem's rules:
// the outcome must fit the suspect's state; a true finding needs a cause).
func Close(ctx context.Context, st *store.Store, suspectID int64, by Actor, outcome auditmem.Outcome, cause auditmem.RootCause, note string, now time.Time) error {
	x, err := st.AuditSuspect(ctx, suspectID)
	if err != nil {
		return err
	}
	if err := auditmem.CheckClose(outcome, cause); err != nil {
		return err
	}
	if err := auditmem.CheckCloseState(outcome, audit.SuspectState(x.State)); err != nil {
		return err
	}
	line := fmt.Sprintf("办结：%s", outcome)
	if cause != "" {
		line += "，原因：" + string(cause)
	}
	if note = strings.TrimSpace(note); note != "" {
		line += "；" + note
	}
	return st.SetAuditOutcome(ctx, store.AuditOutcome{SuspectID: suspectID, Outcome: string(outcome), RootCause: string(cause), Note: note,
		ClosedBy: by.UserID, ClosedAt: now.Unix()},
		store.AuditEvent{SuspectID: suspectID, At: now.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(by.Role), ActorTown: by.Town,
			From: x.State, To: x.State, Note: line})
}
