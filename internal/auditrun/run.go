// Package auditrun runs a month's survival audit end to end: it reads the
// files with internal/rollfile, streams the roll through the matchers of
// internal/audit and returns the findings with counts. Both the command
// line (jixiao audit) and the web application call it.
package auditrun

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/rollfile"
)

// Checks selects what a run does.
type Checks struct {
	Deaths     bool // deceased recipients still paid
	Duplicates bool // recipients on two excluded schemes
	Coverage   bool // hardship-group members not enrolled or without 代缴
}

// Config names the input files and the rules of a run.
type Config struct {
	Rolls    []string // benefit rolls (居保, 失保 …)
	Deaths   []string // death lists
	Others   []string // other schemes' rolls
	Hardship []string // hardship-group lists
	Enrolled []string // further enrolment rolls for coverage (contributors)
	Daijiao  []string // 代缴 payment lists
	AsOf     cal.Month
	Policy   audit.Policy
	Rules    audit.Rules // nil means audit.DefaultRules
	Workers  int         // readers per large CSV file (default 2)
	// MaxBadShare is the share of a file's data rows that may be rejected
	// or carry damaged IDs before the run stops (default
	// DefaultMaxBadShare); AcceptDamaged runs on whatever the share.
	MaxBadShare   float64
	AcceptDamaged bool
	// Progress, if set, is told which file is read and how many rows so far.
	Progress func(file string, rows int64)
}

// Run is the result of one audit run.
type Run struct {
	Checks     Checks
	AsOf       cal.Month
	Started    time.Time
	Elapsed    time.Duration
	Files      []rollfile.Report
	RollRows   int // good roll rows streamed
	Terminated int // roll rows with status 终止, not audited
	Deaths     []audit.Finding
	Duplicates []audit.DupFinding
	Coverage   []audit.CoverageFinding
	// CoverageChecked counts the hardship-group members the coverage
	// check looked at (代缴覆盖率's denominator).
	CoverageChecked int
	// UnmatchedDamaged are the death records whose ID was damaged (cut by
	// a spreadsheet, a character lost) that matched no roll row: listed
	// so that nobody takes their absence as "not on the roll".
	UnmatchedDamaged []audit.DeathRecord
	Phases           []Phase // how long each step took
}

// Phase is one timed step of a run.
type Phase struct {
	Name    string
	Elapsed time.Duration
}

// ErrRejected is matched (errors.Is) by every error that rejects an input
// file — *RejectedFile and *TooDamaged; nothing of the run is returned
// then.
var ErrRejected = errors.New("输入文件被拒绝 (an input file was rejected)")

// Input names a kind of input list, for errors the CLI and the web word
// for their users (a flag, a form field).
type Input string

// Inputs of a run.
const (
	InputRoll     Input = "roll"
	InputDeaths   Input = "deaths"
	InputOther    Input = "other"
	InputHardship Input = "hardship"
)

// MissingInput says a check needs a list that was not given.
type MissingInput struct {
	Input Input
	Check string // deaths, duplicates, coverage
}

func (e *MissingInput) Error() string {
	what := map[Input]string{InputRoll: "待遇发放名册 (benefit roll)", InputDeaths: "死亡名单 (death list)",
		InputOther: "其他险种名册 (other scheme's roll)", InputHardship: "困难群体名单 (hardship list)"}[e.Input]
	return "缺少输入 (input missing): " + what
}

// RejectedFile is a file whose header, encoding or format could not be
// used (the reader's *rollfile.FileError is wrapped).
type RejectedFile struct {
	File string
	Err  error
}

func (e *RejectedFile) Error() string { return e.Err.Error() }

// Unwrap gives the reader's error.
func (e *RejectedFile) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrRejected) true.
func (e *RejectedFile) Is(target error) bool { return target == ErrRejected }

// TooDamaged is a file where more than the allowed share of rows was
// rejected or carried damaged IDs; the run stops unless damage is
// accepted (Config.AcceptDamaged).
type TooDamaged struct {
	File              string
	Rows, Bad         int // data rows; rejected + damaged-but-used
	Rejected, Damaged int
	Share, MaxShare   float64
	Report            rollfile.Report
}

func (e *TooDamaged) Error() string {
	return fmt.Sprintf("%s: %d 行中 %d 行被拒绝或身份证号已损坏（%.1f%%，超过允许的 %.1f%%；拒绝 %d，号码损坏 %d），未做比对 "+
		"(%d of %d rows rejected or with damaged IDs, %.1f%% > %.1f%%)",
		e.File, e.Rows, e.Bad, 100*e.Share, 100*e.MaxShare, e.Rejected, e.Damaged, e.Bad, e.Rows, 100*e.Share, 100*e.MaxShare)
}

// Is makes errors.Is(err, ErrRejected) true.
func (e *TooDamaged) Is(target error) bool { return target == ErrRejected }

// DefaultMaxBadShare is the share of a file's rows that may be rejected or
// carry damaged IDs before the run stops (Config.MaxBadShare).
const DefaultMaxBadShare = 0.10

// minBad is the fewest bad rows that stop a run: a few bad rows in a tiny
// file are reported, not fatal.
const minBad = 5

// Runner performs a run phase by phase: New checks the inputs, ReadLists
// reads the death lists, other schemes' rolls and hardship lists,
// StreamRolls streams the rolls through the matchers, Resolve turns the
// matches into findings. Execute does all four.
type Runner struct {
	cfg    Config
	checks Checks
	run    *Run
	rules  audit.Rules
	t0, tp time.Time
	mu     sync.Mutex // guards run.Files while lists are read side by side

	dx   *audit.DeathIndex
	sx   *audit.SchemeIndex
	cx   *audit.CoverageIndex
	outs []workerOut
}

// New checks that the lists each check needs are given.
func New(cfg Config, checks Checks, now time.Time) (*Runner, error) {
	switch {
	case len(cfg.Rolls) == 0 && (checks.Deaths || checks.Duplicates):
		return nil, &MissingInput{InputRoll, "deaths"}
	case checks.Deaths && len(cfg.Deaths) == 0:
		return nil, &MissingInput{InputDeaths, "deaths"}
	case checks.Duplicates && len(cfg.Others) == 0:
		return nil, &MissingInput{InputOther, "duplicates"}
	case checks.Coverage && len(cfg.Hardship) == 0:
		return nil, &MissingInput{InputHardship, "coverage"}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.MaxBadShare <= 0 {
		cfg.MaxBadShare = DefaultMaxBadShare
	}
	r := &Runner{cfg: cfg, checks: checks, run: &Run{Checks: checks, AsOf: cfg.AsOf, Started: now}, rules: cfg.Rules}
	if r.rules == nil {
		r.rules = audit.DefaultRules
	}
	r.t0 = time.Now()
	r.tp = r.t0
	return r, nil
}

// Execute performs the run. A rejected file (unusable header or encoding,
// too many bad rows) fails the whole run: nothing is half-imported.
func Execute(cfg Config, checks Checks, now time.Time) (*Run, error) {
	r, err := New(cfg, checks, now)
	if err != nil {
		return nil, err
	}
	if err := r.ReadLists(); err != nil {
		return nil, err
	}
	if err := r.StreamRolls(); err != nil {
		return nil, err
	}
	return r.Resolve()
}

func (r *Runner) phase(name string) {
	r.run.Phases = append(r.run.Phases, Phase{name, time.Since(r.tp)})
	r.tp = time.Now()
}

func (r *Runner) opt(path string) rollfile.Options {
	o := rollfile.Options{Workers: r.cfg.Workers}
	if r.cfg.Progress != nil {
		o.Progress = func(n int64) { r.cfg.Progress(path, n) }
	}
	return o
}

// keep records a file's report and turns its rejection, or too many bad
// rows, into the run's error.
func (r *Runner) keep(rep rollfile.Report, err error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.run.Files = append(r.run.Files, rep)
	var fe *rollfile.FileError
	if errors.As(err, &fe) || errors.Is(err, rollfile.ErrUnsupported) {
		return &RejectedFile{File: rep.File, Err: err}
	}
	if err != nil {
		return err
	}
	bad := rep.Rejected + rep.DamagedUsed
	if !r.cfg.AcceptDamaged && rep.Rows > 0 && bad >= minBad && float64(bad) > r.cfg.MaxBadShare*float64(rep.Rows) {
		return &TooDamaged{File: rep.File, Rows: rep.Rows, Bad: bad, Rejected: rep.Rejected, Damaged: rep.Damaged,
			Share: float64(bad) / float64(rep.Rows), MaxShare: r.cfg.MaxBadShare, Report: rep}
	}
	return nil
}

// ReadLists reads the death lists and the other schemes' rolls side by
// side (the reader of each large file is parallel too), then the
// hardship lists, and indexes them.
func (r *Runner) ReadLists() error {
	cfg, checks := r.cfg, r.checks
	var deathErr, otherErr error
	var deathsDone sync.WaitGroup
	if checks.Deaths {
		deathsDone.Go(func() {
			recs, err := readAll(cfg.Deaths, r.opt, r.keep, rollfile.ScanDeaths, cloneDeath)
			if err != nil {
				deathErr = err
				return
			}
			// parallel readers deliver rows in any order; fix it
			slices.SortStableFunc(recs, func(a, b audit.DeathRecord) int {
				if c := strings.Compare(a.File, b.File); c != 0 {
					return c
				}
				return a.Line - b.Line
			})
			r.dx = audit.NewDeathIndex(recs)
		})
	}
	if checks.Duplicates {
		workers := cfg.Workers
		var parts []*audit.SchemeBuilder
		for _, p := range cfg.Others {
			bs := make([]*audit.SchemeBuilder, workers)
			rows := rollfile.EstimateRows(p)
			lazy := rollfile.Seekable(p) // keep keys only; read the few matched rows back
			for i := range bs {
				bs[i] = newBuilder()
				if lazy {
					bs[i].Fetch = func(refs []int64) ([]audit.SchemeRow, error) { return rollfile.ReadSchemeAt(p, r.opt(p), refs) }
				}
				bs[i].Grow(rows/workers + rows/50)
			}
			if lazy {
				otherErr = r.keep(rollfile.ScanSchemeKeys(p, r.opt(p), func(w int, row *audit.SchemeRow, off int64) { bs[w].AddKey(row, off) }))
			} else {
				otherErr = r.keep(rollfile.ScanScheme(p, r.opt(p), func(w int, row *audit.SchemeRow) { bs[w].Add(row) }))
			}
			if otherErr != nil {
				break
			}
			parts = append(parts, bs...)
		}
		if otherErr == nil {
			r.sx = audit.NewSchemeIndex(parts...)
		}
	}
	deathsDone.Wait()
	if deathErr != nil {
		return deathErr
	}
	if otherErr != nil {
		return otherErr
	}
	// files are listed deaths first, then other schemes, whatever finished first
	slices.SortStableFunc(r.run.Files, func(a, b rollfile.Report) int { return fileRank(cfg, a.File) - fileRank(cfg, b.File) })
	r.phase("deaths and other schemes read")
	if checks.Coverage {
		members, err := readAll(cfg.Hardship, r.opt, r.keep, rollfile.ScanHardship, func(m *audit.HardshipMember) audit.HardshipMember {
			c := *m
			c.ID, c.Name, c.Town, c.Group = strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Town), strings.Clone(c.Group)
			return c
		})
		if err != nil {
			return err
		}
		r.cx = audit.NewCoverageIndex(members)
	}
	return nil
}

// hit is a roll row enrolled for a hardship member.
type hit struct {
	h audit.Hit
	r audit.Recipient
}

// workerOut is what one reading goroutine collects while the rolls stream.
type workerOut struct {
	rows       int
	terminated int
	matches    chunks[audit.RowMatch]
	probed     chunks[audit.Recipient]
	arena      audit.Arena
	hit        []bool
	may        []bool
	hits       []hit
	cands      []audit.Candidate
	hbuf       []audit.Hit
	_          [128]byte // each worker's counters on lines of their own
}

// stream reads one roll through the matchers; forCoverageOnly rolls
// (contributors) only count for coverage.
func (r *Runner) stream(p string, forCoverageOnly bool) error {
	dx, sx, cx := r.dx, r.sx, r.cx
	return r.keep(rollfile.ScanRollBatch(p, r.opt(p), func(w int, rows []audit.Recipient) {
		o := &r.outs[w]
		o.rows += len(rows)
		if cx != nil {
			for i := range rows {
				o.hbuf = cx.Enrolled(&rows[i], o.hbuf[:0])
				for _, h := range o.hbuf {
					o.hits = append(o.hits, hit{h, rows[i].Clone()})
				}
			}
		}
		if forCoverageOnly {
			return
		}
		if sx != nil {
			o.hit = slices.Grow(o.hit[:0], len(rows))[:len(rows)]
			sx.ProbeBatch(rows, o.hit)
		}
		if dx != nil {
			o.may = slices.Grow(o.may[:0], len(rows))[:len(rows)]
			dx.ProbeBatch(rows, o.may)
		}
		for i := range rows {
			row := &rows[i]
			if row.Status == audit.StatusTerminated {
				o.terminated++
				continue
			}
			var kept *audit.Recipient // the row's copy, made once
			if dx != nil {
				o.cands = dx.MatchProbed(row, o.may[i], o.cands[:0])
				if len(o.cands) > 0 {
					m := o.matches.add(audit.RowMatch{Roll: row.CloneIn(&o.arena), Cands: slices.Clone(o.cands)})
					kept = &m.Roll
				}
			}
			if sx != nil && o.hit[i] {
				if kept != nil {
					o.probed.add(*kept)
				} else {
					o.probed.add(row.CloneIn(&o.arena))
				}
			}
		}
	}))
}

// StreamRolls streams the rolls (and, for coverage, the contributors'
// rolls and the 代缴 lists) through the indexes.
func (r *Runner) StreamRolls() error {
	cfg := r.cfg
	r.outs = make([]workerOut, cfg.Workers)
	for _, p := range cfg.Rolls {
		if err := r.stream(p, false); err != nil {
			return err
		}
	}
	r.phase("rolls streamed")
	if r.cx != nil {
		cx := r.cx
		var payMu sync.Mutex
		for _, p := range cfg.Enrolled {
			if err := r.stream(p, true); err != nil {
				return err
			}
		}
		for _, p := range cfg.Daijiao {
			err := r.keep(rollfile.ScanContrib(p, r.opt(p), func(w int, c *audit.Contribution) {
				for _, m := range cx.PaidFor(c, cfg.AsOf.Year()) {
					// MarkPaid only sets a flag; workers may race on
					// the same member, so serialise.
					payMu.Lock()
					cx.MarkPaid(m)
					payMu.Unlock()
				}
			}))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// Resolve turns the streamed matches into findings and returns the run.
func (r *Runner) Resolve() (*Run, error) {
	run, cfg := r.run, r.cfg
	var nm, np int
	for i := range r.outs {
		nm, np = nm+r.outs[i].matches.len(), np+r.outs[i].probed.len()
	}
	matches := make([]audit.RowMatch, 0, nm)
	probed := make([]audit.Recipient, 0, np)
	for i := range r.outs {
		o := &r.outs[i]
		run.RollRows += o.rows
		run.Terminated += o.terminated
		matches = o.matches.appendTo(matches)
		probed = o.probed.appendTo(probed)
		for _, h := range o.hits {
			r.cx.MarkEnrolled(h.h, &h.r)
		}
	}
	// the two resolutions are independent: run them side by side
	var wg sync.WaitGroup
	var dupErr error
	if r.sx != nil {
		wg.Go(func() { run.Duplicates, dupErr = r.sx.Resolve(probed, r.rules, cfg.AsOf) })
	}
	if r.dx != nil {
		run.Deaths = audit.ResolveDeaths(r.dx, matches, cfg.Policy, cfg.AsOf)
		run.UnmatchedDamaged = unmatchedDamaged(r.dx, matches)
	}
	wg.Wait()
	if dupErr != nil {
		return nil, dupErr
	}
	r.phase("findings resolved")
	if r.cx != nil {
		run.Coverage = r.cx.Findings(cfg.AsOf)
		run.CoverageChecked = r.cx.Checked(cfg.AsOf)
	}
	run.Elapsed = time.Since(r.t0)
	return run, nil
}

// unmatchedDamaged lists the death records with damaged IDs that matched
// no roll row.
func unmatchedDamaged(x *audit.DeathIndex, matches []audit.RowMatch) []audit.DeathRecord {
	used := make([]bool, x.Len())
	for i := range matches {
		for _, c := range matches[i].Cands {
			used[c.Death] = true
		}
	}
	var out []audit.DeathRecord
	for i := 0; i < x.Len(); i++ {
		d := x.Record(i)
		if d.Damaged != nil && !d.Damaged.Maybe && !used[i] {
			out = append(out, *d)
		}
	}
	return out
}

// chunks is a list grown in blocks: no element is copied until appendTo,
// and no large slice is doubled while ten million rows stream.
type chunks[T any] struct {
	full [][]T
	cur  []T
}

// add appends v and returns a pointer to its slot, valid until appendTo.
func (c *chunks[T]) add(v T) *T {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, 1024)
	}
	c.cur = append(c.cur, v)
	return &c.cur[len(c.cur)-1]
}

func (c *chunks[T]) len() int {
	n := len(c.cur)
	for _, b := range c.full {
		n += len(b)
	}
	return n
}

// appendTo appends the elements, in the order added, to dst.
func (c *chunks[T]) appendTo(dst []T) []T {
	for _, b := range c.full {
		dst = append(dst, b...)
	}
	return append(dst, c.cur...)
}

// newBuilder allocates a scheme builder away from any other: each reading
// goroutine appends to its own for every row, and two builders sharing a
// cache line would make the cores fight over it.
func newBuilder() *audit.SchemeBuilder {
	type padded struct {
		_ [128]byte
		b audit.SchemeBuilder
		_ [128]byte
	}
	return &new(padded).b
}

// fileRank orders input files by their flag: deaths, others, hardship.
func fileRank(cfg Config, path string) int {
	for i, list := range [][]string{cfg.Deaths, cfg.Others, cfg.Hardship} {
		if slices.Contains(list, path) {
			return i
		}
	}
	return 3
}

// readAll reads small lists fully into memory, copying each record.
func readAll[T any](paths []string, opt func(string) rollfile.Options, keep func(rollfile.Report, error) error,
	scan func(string, rollfile.Options, func(int, *T)) (rollfile.Report, error), clone func(*T) T) ([]T, error) {
	var out []T
	var mu sync.Mutex
	for _, p := range paths {
		err := keep(scan(p, opt(p), func(w int, r *T) {
			c := clone(r)
			mu.Lock()
			out = append(out, c)
			mu.Unlock()
		}))
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func cloneDeath(d *audit.DeathRecord) audit.DeathRecord {
	c := *d
	c.ID, c.Name, c.Sex, c.Town, c.Source = strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Sex), strings.Clone(c.Town), strings.Clone(c.Source)
	return c
}

// Summary counts a run for the closing lines of the command and the run
// page.
type Summary struct {
	FilesRead, RowsRead, RowsRejected int
	RowsUsed, RowsSkipped, DamagedIDs int
	ByKindClass                       map[string]int // "exact_id/confirmed" → count
	Confirmed, Review                 int
	OverpaidConfirmed, OverpaidReview money.Fen
}

// Summarize counts the run.
func (r *Run) Summarize() Summary {
	s := Summary{FilesRead: len(r.Files), ByKindClass: map[string]int{}}
	for _, f := range r.Files {
		s.RowsRead += f.Read()
		s.RowsUsed += f.Good
		s.RowsRejected += f.Rejected
		s.RowsSkipped += f.Skipped
		s.DamagedIDs += f.Damaged
	}
	count := func(k audit.MatchKind, c audit.Confidence, amt money.Fen) {
		s.ByKindClass[string(k)+"/"+string(c)]++
		if c == audit.Confirmed {
			s.Confirmed++
			s.OverpaidConfirmed += amt
		} else {
			s.Review++
			s.OverpaidReview += amt
		}
	}
	for _, f := range r.Deaths {
		count(f.Kind, f.Confidence, f.Overpaid)
	}
	for _, f := range r.Duplicates {
		count(f.Kind, f.Confidence, f.Overpaid)
	}
	for _, f := range r.Coverage {
		count(f.Kind, f.Confidence, 0)
	}
	return s
}
