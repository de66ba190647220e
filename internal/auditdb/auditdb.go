// Package auditdb connects the survival-audit engine to the database for
// the web application and its demo: it runs a month with internal/auditrun
// and stores the findings as suspects, and it drives each suspect through
// the two-up-two-down (两上两下) cycle and each recovery case through its
// repayments with the rules of internal/audit, writing what they decide.
//
// Nothing here re-implements a rule: every transition is made by an
// audit.Cycle or an audit.Case rebuilt from the stored rows, and the rows
// are written only when the domain accepted the step.
package auditdb

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/auditrun"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/rollfile"
	"jixiao/internal/store"
)

// MaxRowErrors is how many bad rows a run keeps for its page.
const MaxRowErrors = 200

// Input is one run's files and rules.
type Input struct {
	Rolls, Deaths, Others []string          // paths; Others enables the duplicate check
	Hardship              []string          // hardship-group lists; enable the coverage check
	Names                 map[string]string // path → name shown (the uploaded file name)
	AsOf                  cal.Month
	Source                string // upload | demo
	By                    int64  // user ID
	ReplyDays             int    // days a town has to verify (default 10)
	ConfirmDays           int    // days to confirm a suspension (default 5)
	// AcceptDamaged runs even when a file has more rejected rows or
	// damaged IDs than auditrun allows (the person said so).
	AcceptDamaged bool
}

// Execute runs the month with auditrun and stores the run and its
// suspects in one transaction. A rejected file (auditrun.ErrRejected)
// stores nothing.
func Execute(ctx context.Context, st *store.Store, in Input, now time.Time) (int64, *auditrun.Run, error) {
	checks := auditrun.Checks{Deaths: true, Duplicates: len(in.Others) > 0, Coverage: len(in.Hardship) > 0}
	run, err := auditrun.Execute(auditrun.Config{Rolls: in.Rolls, Deaths: in.Deaths, Others: in.Others, Hardship: in.Hardship, AsOf: in.AsOf, AcceptDamaged: in.AcceptDamaged}, checks, now)
	if err != nil {
		return 0, nil, in.rename(err)
	}
	towns, err := townNames(ctx, st)
	if err != nil {
		return 0, nil, err
	}
	r := store.AuditRun{AsOf: in.AsOf.String(), Source: in.Source, RollRows: run.RollRows, CreatedBy: in.By,
		ReplyDays: in.ReplyDays, ConfirmDays: in.ConfirmDays}
	if r.ReplyDays <= 0 {
		r.ReplyDays = 10
	}
	if r.ConfirmDays <= 0 {
		r.ConfirmDays = 5
	}
	for _, f := range run.Files {
		r.Files = append(r.Files, in.name(f.File))
		r.RowsRead += f.Rows
		r.RowsRejected += f.Rejected
		r.Report.Files = append(r.Report.Files, in.fileReport(f))
		for _, e := range f.Errors {
			if len(r.RowErrors) < MaxRowErrors {
				e.File = in.name(e.File)
				r.RowErrors = append(r.RowErrors, e.Error())
			}
		}
	}
	r.Report.CoverageChecked = run.CoverageChecked
	for _, c := range run.Coverage {
		r.Report.Coverage = append(r.Report.Coverage, store.AuditCoverage{Town: towns.canon(c.Member.Town), IDNumber: c.Member.ID, Name: c.Member.Name,
			Group: c.Member.Group, Kind: string(c.Kind), Confidence: string(c.Confidence), ReasonZH: c.Reason.ZH, ReasonEN: c.Reason.EN})
	}
	for _, d := range run.UnmatchedDamaged {
		r.Report.UnmatchedDamaged = append(r.Report.UnmatchedDamaged,
			fmt.Sprintf("%s:%d %s %s 死亡日期 %s", in.name(d.File), d.Line, d.Damaged.Raw, d.Name, d.DeathDate))
	}
	var sus []store.AuditSuspect
	for _, f := range run.Deaths {
		sus = append(sus, store.AuditSuspect{Town: towns.canon(f.Roll.Town), IDNumber: f.Roll.ID, Name: f.Roll.Name, Scheme: f.Roll.Scheme,
			Finding: "death", Kind: string(f.Kind), Confidence: string(f.Confidence), ReasonZH: f.Reason.ZH, ReasonEN: f.Reason.EN,
			EventDate: f.Death.DeathDate.String(), Sources: strings.Join(f.Sources, "、"), Monthly: f.Roll.Monthly,
			OverpaidMonths: f.OverpaidMonths, Overpaid: f.Overpaid})
	}
	for _, f := range run.Duplicates {
		other := f.Other.Scheme
		if f.Other.Region != "" {
			other += " · " + f.Other.Region
		}
		sus = append(sus, store.AuditSuspect{Town: towns.canon(f.Roll.Town), IDNumber: f.Roll.ID, Name: f.Roll.Name, Scheme: f.Roll.Scheme,
			Finding: "duplicate", Kind: string(f.Kind), Confidence: string(f.Confidence), ReasonZH: f.Reason.ZH, ReasonEN: f.Reason.EN,
			Sources: other, Monthly: f.Roll.Monthly, OverpaidMonths: f.OverpaidMonths, Overpaid: f.Overpaid})
	}
	keep, mem, link, held, err := remember(ctx, st, in.AsOf, sus, now) // memory.go
	if err != nil {
		return 0, nil, err
	}
	id, err := st.CreateAuditRunRemembering(ctx, r, keep, mem, link, held)
	return id, run, err
}

// fileReport is what a file gave, named as uploaded.
func (in Input) fileReport(f rollfile.Report) store.AuditRunFile {
	kind := "roll"
	switch {
	case slices.Contains(in.Deaths, f.File):
		kind = "deaths"
	case slices.Contains(in.Others, f.File):
		kind = "other"
	case slices.Contains(in.Hardship, f.File):
		kind = "hardship"
	}
	out := store.AuditRunFile{Name: in.name(f.File), Kind: kind, Format: f.Format, Header: f.HeaderSummary(),
		Read: f.Read(), Used: f.Good, Rejected: f.Rejected, Skipped: f.Skipped, DamagedIDs: f.Damaged,
		SkippedNote: fmt.Sprintf("表头上方 %d、表头 %d、空行 %d、合计/签名行 %d、未用工作表 %d", f.SkippedAbove, f.SkippedHeader, f.SkippedBlank, f.SkippedFooter, f.SkippedSheets)}
	if f.DeathDateColumn != "" {
		out.Header += "；死亡日期取自“" + f.DeathDateColumn + "”列"
	}
	for _, w := range f.Warnings() {
		out.Warnings = append(out.Warnings, strings.ReplaceAll(w, f.File, out.Name))
	}
	return out
}

func (in Input) name(path string) string {
	if n, ok := in.Names[path]; ok {
		return n
	}
	return filepath.Base(path)
}

// rename replaces temporary paths in an error with the files' names.
func (in Input) rename(err error) error {
	msg := err.Error()
	changed := false
	for p, n := range in.Names {
		if strings.Contains(msg, p) {
			msg, changed = strings.ReplaceAll(msg, p, n), true
		}
	}
	if !changed {
		return err
	}
	return renamed{msg, err}
}

type renamed struct {
	msg string
	err error
}

func (r renamed) Error() string { return r.msg }
func (r renamed) Unwrap() error { return r.err }

// towns maps the spellings of a town (如城, 如城街道, 如城镇) to the name of
// its unit, so that a town clerk's unit finds its suspects.
type towns map[string]string

func townNames(ctx context.Context, st *store.Store) (towns, error) {
	us, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	t := towns{}
	for _, u := range us {
		if u.Kind == store.KindTown {
			t[audit.NormTown(u.Name)] = u.Name
		}
	}
	return t, nil
}

func (t towns) canon(s string) string {
	if n, ok := t[audit.NormTown(s)]; ok {
		return n
	}
	return strings.TrimSpace(s)
}

// Demo generates a small month with internal/auditgen into dir and
// returns the input for Execute.
func Demo(dir string, cfg auditgen.Config) (Input, error) {
	g := auditgen.New(cfg)
	fs, _, err := g.WriteDir(dir)
	if err != nil {
		return Input{}, err
	}
	in := Input{Rolls: []string{fs.Roll}, Deaths: []string{fs.Deaths}, AsOf: g.Config().AsOf, Source: "demo"}
	if cfg.Other > 0 {
		in.Others = []string{fs.Other}
	}
	return in, nil
}

// Actor is the person acting: a user with a role in the cycle.
type Actor struct {
	UserID int64
	Name   string
	Role   audit.Role
	Town   string // the town clerk's town (unit name)
}

func (a Actor) domain() audit.Actor {
	return audit.Actor{Name: a.Name, Role: a.Role, Town: audit.NormTown(a.Town)}
}

// ErrNotSent is returned for steps of a run whose suspects were not sent yet.
var ErrNotSent = errors.New("疑点尚未下发 (the suspects were not sent yet)")

// ErrAlreadySent is returned when a run's suspects were sent already.
var ErrAlreadySent = errors.New("疑点已下发 (the suspects were sent already)")

func runMonth(r store.AuditRun) cal.Month {
	m, _ := cal.ParseMonth(r.AsOf)
	return m
}

func domainSuspect(x store.AuditSuspect) *audit.Suspect {
	return &audit.Suspect{ID: strconv.FormatInt(x.ID, 10), Town: audit.NormTown(x.Town), RollID: x.IDNumber, Name: x.Name,
		Scheme: x.Scheme, Kind: audit.MatchKind(x.Kind), Reason: audit.Reason{ZH: x.ReasonZH, EN: x.ReasonEN},
		Overpaid: x.Overpaid, Death: x.Finding == "death"}
}

// cycle rebuilds the run's cycle over the given stored suspects, with
// their stored states and the run's dates, and an empty trail so that
// whatever the domain appends is new.
func cycle(r store.AuditRun, xs []store.AuditSuspect) (*audit.Cycle, []*audit.Suspect, error) {
	if r.SentAt == 0 {
		return nil, nil, ErrNotSent
	}
	ds := make([]*audit.Suspect, len(xs))
	for i, x := range xs {
		ds[i] = domainSuspect(x)
	}
	c, err := audit.NewCycle(runMonth(r), audit.CycleConfig{ReplyDays: r.ReplyDays, ConfirmDays: r.ConfirmDays}, ds,
		audit.Actor{Role: audit.RoleCity}, time.Unix(r.SentAt, 0))
	if err != nil {
		return nil, nil, err
	}
	c.ReplyDue = time.Unix(r.ReplyDue, 0)
	if r.IssuedAt != 0 {
		c.IssuedAt, c.ConfirmDue = time.Unix(r.IssuedAt, 0), time.Unix(r.ConfirmDue, 0)
	}
	for i, x := range xs {
		ds[i].State, ds[i].Action, ds[i].Trail = audit.SuspectState(x.State), audit.Action(x.Action), nil
	}
	return c, ds, nil
}

// changes turns what the domain did to the suspects into rows to write.
func changes(by Actor, xs []store.AuditSuspect, ds []*audit.Suspect) []store.SuspectChange {
	var out []store.SuspectChange
	for i, d := range ds {
		if len(d.Trail) == 0 {
			continue
		}
		c := store.SuspectChange{ID: xs[i].ID, From: xs[i].State, To: string(d.State), Action: string(d.Action)}
		for _, e := range d.Trail {
			c.Events = append(c.Events, store.AuditEvent{At: e.At.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(e.Actor.Role),
				ActorTown: by.Town, From: string(e.From), To: string(e.To), Note: e.Note, Evidence: strings.Join(e.Evidence, "\n")})
		}
		out = append(out, c)
	}
	return out
}

// Send is the first 下: the city sends every suspect of the run to its
// town. It returns how many were sent.
func Send(ctx context.Context, st *store.Store, runID int64, by Actor, now time.Time) (int, error) {
	r, err := st.AuditRun(ctx, runID)
	if err != nil {
		return 0, err
	}
	if r.SentAt != 0 {
		return 0, ErrAlreadySent
	}
	xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: runID})
	if err != nil {
		return 0, err
	}
	ds := make([]*audit.Suspect, len(xs))
	for i, x := range xs {
		ds[i] = domainSuspect(x)
	}
	c, err := audit.NewCycle(runMonth(r), audit.CycleConfig{ReplyDays: r.ReplyDays, ConfirmDays: r.ConfirmDays}, ds, by.domain(), now)
	if err != nil {
		return 0, err
	}
	t := store.RunTimes{SentAt: c.SentAt.Unix(), SentBy: by.UserID, ReplyDue: c.ReplyDue.Unix()}
	return len(xs), st.ApplyAuditChanges(ctx, runID, t, changes(by, xs, ds))
}

// one rebuilds the cycle around a single suspect.
func one(ctx context.Context, st *store.Store, id int64) (store.AuditRun, store.AuditSuspect, *audit.Cycle, *audit.Suspect, error) {
	x, err := st.AuditSuspect(ctx, id)
	if err != nil {
		return store.AuditRun{}, x, nil, nil, err
	}
	r, err := st.AuditRun(ctx, x.RunID)
	if err != nil {
		return r, x, nil, nil, err
	}
	c, ds, err := cycle(r, []store.AuditSuspect{x})
	if err != nil {
		return r, x, nil, nil, err
	}
	return r, x, c, ds[0], nil
}

// Reply is the first 上: the town confirms or rejects a suspect with a
// note and evidence (one reference per line).
func Reply(ctx context.Context, st *store.Store, suspectID int64, by Actor, confirm bool, note, evidence string, now time.Time) error {
	r, x, c, d, err := one(ctx, st, suspectID)
	if err != nil {
		return err
	}
	var ev []string
	for _, l := range strings.Split(evidence, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ev = append(ev, l)
		}
	}
	if err := c.TownReply(d.ID, by.domain(), confirm, strings.TrimSpace(note), ev, now); err != nil {
		return err
	}
	return st.ApplyAuditChanges(ctx, r.ID, store.RunTimes{}, changes(by, []store.AuditSuspect{x}, []*audit.Suspect{d}))
}

// ReplyMany is the first 上 for many suspects at once: a town clerk's one
// conclusion, note and evidence for every suspect ticked (they may belong
// to several runs). Each is checked by the domain as Reply checks one —
// the clerk's own town, still pending, a note — and gets its own trail
// row; one refusal refuses them all, and nothing is written. It returns
// how many were answered.
func ReplyMany(ctx context.Context, st *store.Store, ids []int64, by Actor, confirm bool, note, evidence string, now time.Time) (int, error) {
	var ev []string
	for _, l := range strings.Split(evidence, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ev = append(ev, l)
		}
	}
	byRun := map[int64][]store.AuditSuspect{}
	var order []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		x, err := st.AuditSuspect(ctx, id)
		if err != nil {
			return 0, err
		}
		if _, ok := byRun[x.RunID]; !ok {
			order = append(order, x.RunID)
		}
		byRun[x.RunID] = append(byRun[x.RunID], x)
	}
	var sets []store.AuditChangeSet
	n := 0
	for _, runID := range order {
		r, err := st.AuditRun(ctx, runID)
		if err != nil {
			return 0, err
		}
		xs := byRun[runID]
		c, ds, err := cycle(r, xs)
		if err != nil {
			return 0, err
		}
		for _, d := range ds {
			if err := c.TownReply(d.ID, by.domain(), confirm, strings.TrimSpace(note), ev, now); err != nil {
				return 0, fmt.Errorf("#%s: %w", d.ID, err)
			}
		}
		ch := changes(by, xs, ds)
		n += len(ch)
		sets = append(sets, store.AuditChangeSet{RunID: runID, Changes: ch})
	}
	return n, st.ApplyAuditChangeSets(ctx, sets)
}

// Issue is the second 下: the city puts every town-confirmed suspect of
// the run on the suspension list (deaths 终止, others 暂停). It returns
// how many were issued.
func Issue(ctx context.Context, st *store.Store, runID int64, by Actor, now time.Time) (int, error) {
	r, err := st.AuditRun(ctx, runID)
	if err != nil {
		return 0, err
	}
	xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: runID, State: string(audit.StateTownConfirmed)})
	if err != nil {
		return 0, err
	}
	c, ds, err := cycle(r, xs)
	if err != nil {
		return 0, err
	}
	issued, err := c.IssueSuspensions(by.domain(), nil, now)
	if err != nil || len(issued) == 0 {
		return 0, err
	}
	t := store.RunTimes{IssuedAt: c.IssuedAt.Unix(), ConfirmDue: c.ConfirmDue.Unix()}
	return len(issued), st.ApplyAuditChanges(ctx, runID, t, changes(by, xs, ds))
}

// Withdraw takes back the run's stop list with a reason: every suspect
// still waiting for its town's confirmation returns to 镇已核实属实; those a
// town stopped stay. It returns how many were withdrawn.
func Withdraw(ctx context.Context, st *store.Store, runID int64, by Actor, reason string, now time.Time) (int, error) {
	r, err := st.AuditRun(ctx, runID)
	if err != nil {
		return 0, err
	}
	var xs []store.AuditSuspect
	for _, state := range []audit.SuspectState{audit.StateSuspensionIssued, audit.StateStopped} {
		ys, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: runID, State: string(state)})
		if err != nil {
			return 0, err
		}
		xs = append(xs, ys...)
	}
	c, ds, err := cycle(r, xs)
	if err != nil {
		return 0, err
	}
	out, err := c.WithdrawSuspensions(by.domain(), strings.TrimSpace(reason), now)
	if err != nil {
		return 0, err
	}
	t := store.RunTimes{ClearIssue: c.IssuedAt.IsZero()}
	return len(out), st.ApplyAuditChanges(ctx, runID, t, changes(by, xs, ds))
}

// ConfirmStop is the second 上: the town confirms the payment is stopped.
func ConfirmStop(ctx context.Context, st *store.Store, suspectID int64, by Actor, note string, now time.Time) error {
	r, x, c, d, err := one(ctx, st, suspectID)
	if err != nil {
		return err
	}
	if err := c.TownConfirmSuspension(d.ID, by.domain(), strings.TrimSpace(note), now); err != nil {
		return err
	}
	return st.ApplyAuditChanges(ctx, r.ID, store.RunTimes{}, changes(by, []store.AuditSuspect{x}, []*audit.Suspect{d}))
}

// Progress returns the run's progress per town and the IDs of its overdue
// suspects at now, as the cycle computes them.
func Progress(ctx context.Context, st *store.Store, r store.AuditRun, now time.Time) ([]audit.TownProgress, map[int64]bool, error) {
	if r.SentAt == 0 {
		return nil, nil, nil
	}
	xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: r.ID})
	if err != nil {
		return nil, nil, err
	}
	c, ds, err := cycle(r, xs)
	if err != nil {
		return nil, nil, err
	}
	// the cycle compares normalised towns; show the stored names
	name := map[string]string{}
	for i, d := range ds {
		name[d.Town] = xs[i].Town
	}
	prog := c.Progress(now)
	for i := range prog {
		prog[i].Town = name[prog[i].Town]
	}
	over := map[int64]bool{}
	for _, d := range c.Overdue(now) {
		id, _ := strconv.ParseInt(d.ID, 10, 64)
		over[id] = true
	}
	return prog, over, nil
}

// Overdue reports whether one suspect is past its due date at now.
func Overdue(r store.AuditRun, x store.AuditSuspect, now time.Time) bool {
	c, _, err := cycle(r, []store.AuditSuspect{x})
	return err == nil && len(c.Overdue(now)) > 0
}

// ErrNoCase is returned when a suspect cannot become a recovery case.
var ErrNoCase = errors.New("只有镇已核实属实且有多发金额的疑点才能立案 (only a town-confirmed suspect with an overpayment becomes a case)")

// OpenCase turns a town-confirmed overpayment into a recovery case.
func OpenCase(ctx context.Context, st *store.Store, suspectID int64, by Actor, t audit.CaseType, opened cal.Date, now time.Time) (int64, error) {
	x, err := st.AuditSuspect(ctx, suspectID)
	if err != nil {
		return 0, err
	}
	switch audit.SuspectState(x.State) {
	case audit.StateTownConfirmed, audit.StateSuspensionIssued, audit.StateStopped:
	default:
		return 0, ErrNoCase
	}
	if t != audit.CaseFraud && t != audit.CaseOverpayment {
		return 0, fmt.Errorf("案件类型无效 (bad case type) %q", t)
	}
	f := audit.Finding{Roll: audit.Recipient{ID: x.IDNumber, Name: x.Name, Town: x.Town, Scheme: x.Scheme}, Overpaid: x.Overpaid}
	c, err := audit.NewCase(strconv.FormatInt(x.ID, 10), f, t, opened)
	if err != nil {
		return 0, err
	}
	return st.CreateAuditCase(ctx, store.AuditCase{SuspectID: x.ID, IDNumber: c.RollID, Name: c.Name, Town: c.Town, Scheme: c.Scheme,
		Type: string(c.Type), Due: c.Due, Opened: c.Opened.String(), CreatedBy: by.UserID},
		store.AuditEvent{At: now.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(by.Role), To: string(audit.CaseOpen),
			Note: "立案 " + t.LabelZH() + " 应追回 " + c.Due.String() + " 元"})
}

// DomainCase rebuilds a stored case as an audit.Case.
func DomainCase(c store.AuditCase) *audit.Case {
	d := &audit.Case{ID: strconv.FormatInt(c.ID, 10), RollID: c.IDNumber, Name: c.Name, Town: c.Town, Scheme: c.Scheme,
		Type: audit.CaseType(c.Type), Due: c.Due, Opened: parseDate(c.Opened), WrittenOff: c.WrittenOff,
		WriteOffReason: c.WriteOffReason, WriteOffOn: parseDate(c.WriteOffOn)}
	for _, r := range c.Repayments {
		d.Repayments = append(d.Repayments, audit.Repayment{On: parseDate(r.On), Amount: r.Amount, Method: r.Method})
	}
	return d
}

func parseDate(s string) cal.Date {
	d, _ := cal.ParseDate(s)
	return d
}

// Repay records a repayment if the case accepts it.
func Repay(ctx context.Context, st *store.Store, caseID int64, by Actor, on cal.Date, amount money.Fen, method string, now time.Time) error {
	sc, err := st.AuditCase(ctx, caseID)
	if err != nil {
		return err
	}
	c := DomainCase(sc)
	before := c.Status()
	repaid := c.Recovered()
	method = strings.TrimSpace(method)
	if err := c.Repay(audit.Repayment{On: on, Amount: amount, Method: method}); err != nil {
		return err
	}
	return st.AddRepayment(ctx, store.AuditRepayment{CaseID: caseID, On: on.String(), Amount: amount, Method: method, CreatedBy: by.UserID}, repaid,
		store.AuditEvent{At: now.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(by.Role), From: string(before), To: string(c.Status()),
			Note: "还款 " + amount.String() + " 元 " + on.String() + " " + method})
}

// WriteOff closes a case without full recovery; the reason is required.
func WriteOff(ctx context.Context, st *store.Store, caseID int64, by Actor, reason string, on cal.Date, now time.Time) error {
	sc, err := st.AuditCase(ctx, caseID)
	if err != nil {
		return err
	}
	c := DomainCase(sc)
	before := c.Status()
	reason = strings.TrimSpace(reason)
	if err := c.WriteOff(reason, on); err != nil {
		return err
	}
	return st.WriteOffCase(ctx, caseID, reason, on.String(),
		store.AuditEvent{At: now.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(by.Role), From: string(before), To: string(c.Status()), Note: "核销：" + reason})
}

// ReverseWriteOff undoes a case's write-off; by must be the unit's leader
// (audit.RoleLeader) and give a reason.
func ReverseWriteOff(ctx context.Context, st *store.Store, caseID int64, by Actor, reason string, now time.Time) error {
	sc, err := st.AuditCase(ctx, caseID)
	if err != nil {
		return err
	}
	c := DomainCase(sc)
	before := c.Status()
	reason = strings.TrimSpace(reason)
	if err := c.ReverseWriteOff(by.domain(), reason); err != nil {
		return err
	}
	return st.ReverseWriteOffCase(ctx, caseID,
		store.AuditEvent{At: now.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(by.Role), From: string(before), To: string(c.Status()), Note: "撤销核销：" + reason})
}

// Rates computes 追回率, 足额追回率 and 及时追回率 over the cases the filter
// selects (opened in a year, of a town) with audit.ComputeRates.
func Rates(ctx context.Context, st *store.Store, f store.CaseFilter, timelyDays int) (audit.Rates, []store.AuditCase, error) {
	cs, err := st.AuditCases(ctx, f)
	if err != nil {
		return audit.Rates{}, nil, err
	}
	ds := make([]*audit.Case, len(cs))
	for i, c := range cs {
		ds[i] = DomainCase(c)
	}
	return audit.ComputeRates(ds, timelyDays), cs, nil
}

// SettingTimelyDays is the setting of 及时追回率's days.
const SettingTimelyDays = "audit_timely_days"

// DefaultTimelyDays counts a case recovered within 90 days as timely.
const DefaultTimelyDays = 90

// TimelyDays reads the setting.
func TimelyDays(ctx context.Context, st *store.Store) int {
	v, err := st.Setting(ctx, SettingTimelyDays, "")
	n, perr := strconv.Atoi(v)
	if err != nil || perr != nil || n <= 0 {
		return DefaultTimelyDays
	}
	return n
}

// CanonTowns returns a function that names a town as its unit is named
// (so that a town clerk's unit finds the rows of the town), for other
// stores of per-town rows such as the pay runs (internal/paydb).
func CanonTowns(ctx context.Context, st *store.Store) (func(string) string, error) {
	t, err := townNames(ctx, st)
	if err != nil {
		return nil, err
	}
	return t.canon, nil
}
