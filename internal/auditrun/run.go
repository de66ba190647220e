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
	AsOf     audit.Month
	Policy   audit.Policy
	Rules    audit.Rules // nil means audit.DefaultRules
	Workers  int         // readers per large CSV file (default 2)
	// Progress, if set, is told which file is read and how many rows so far.
	Progress func(file string, rows int64)
}

// Run is the result of one audit run.
type Run struct {
	Checks     Checks
	AsOf       audit.Month
	Started    time.Time
	Elapsed    time.Duration
	Files      []rollfile.Report
	RollRows   int // good roll rows streamed
	Terminated int // roll rows with status 终止, not audited
	Deaths     []audit.Finding
	Duplicates []audit.DupFinding
	Coverage   []audit.CoverageFinding
	Phases     []Phase // how long each step took
}

// Phase is one timed step of a run.
type Phase struct {
	Name    string
	Elapsed time.Duration
}

// ErrRejected wraps the rejection of an input file; nothing of the run is
// returned then.
var ErrRejected = errors.New("输入文件被拒绝 (an input file was rejected)")

// Execute performs the run. A rejected file (unusable header or encoding)
// fails the whole run: nothing is half-imported.
func Execute(cfg Config, checks Checks, now time.Time) (*Run, error) {
	run := &Run{Checks: checks, AsOf: cfg.AsOf, Started: now}
	t0 := time.Now()
	tp := t0
	phase := func(name string) {
		run.Phases = append(run.Phases, Phase{name, time.Since(tp)})
		tp = time.Now()
	}
	rules := cfg.Rules
	if rules == nil {
		rules = audit.DefaultRules
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = 2
	}
	opt := func(path string) rollfile.Options {
		o := rollfile.Options{Workers: workers}
		if cfg.Progress != nil {
			o.Progress = func(n int64) { cfg.Progress(path, n) }
		}
		return o
	}
	keep := func(rep rollfile.Report, err error) error {
		run.Files = append(run.Files, rep)
		var fe *rollfile.FileError
		if errors.As(err, &fe) {
			return fmt.Errorf("%w: %v", ErrRejected, err)
		}
		return err
	}
	if len(cfg.Rolls) == 0 && (checks.Deaths || checks.Duplicates) {
		return nil, errors.New("须指定名册 --roll (a roll is required)")
	}

	// The death lists and the other schemes' rolls are independent: read
	// them side by side (the reader of each large file is parallel too).
	if checks.Deaths && len(cfg.Deaths) == 0 {
		return nil, errors.New("须指定死亡名单 --deaths (a death list is required)")
	}
	if checks.Duplicates && len(cfg.Others) == 0 {
		return nil, errors.New("须指定其他险种名册 --other (another scheme's roll is required)")
	}
	var keepMu sync.Mutex
	keepSync := func(rep rollfile.Report, err error) error {
		keepMu.Lock()
		defer keepMu.Unlock()
		return keep(rep, err)
	}
	var dx *audit.DeathIndex
	var deathErr error
	var deathsDone sync.WaitGroup
	if checks.Deaths {
		deathsDone.Go(func() {
			recs, err := readAll(cfg.Deaths, opt, keepSync, rollfile.ScanDeaths, cloneDeath)
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
			dx = audit.NewDeathIndex(recs)
		})
	}
	var sx *audit.SchemeIndex
	var otherErr error
	if checks.Duplicates {
		var parts []*audit.SchemeBuilder
		for _, p := range cfg.Others {
			bs := make([]*audit.SchemeBuilder, workers)
			rows := rollfile.EstimateRows(p)
			lazy := rollfile.Seekable(p) // keep keys only; read the few matched rows back
			for i := range bs {
				bs[i] = newBuilder()
				if lazy {
					bs[i].Fetch = func(refs []int64) ([]audit.SchemeRow, error) { return rollfile.ReadSchemeAt(p, opt(p), refs) }
				}
				bs[i].Grow(rows/workers + rows/50)
			}
			if lazy {
				otherErr = keepSync(rollfile.ScanSchemeKeys(p, opt(p), func(w int, r *audit.SchemeRow, off int64) { bs[w].AddKey(r, off) }))
			} else {
				otherErr = keepSync(rollfile.ScanScheme(p, opt(p), func(w int, r *audit.SchemeRow) { bs[w].Add(r) }))
			}
			if otherErr != nil {
				break
			}
			parts = append(parts, bs...)
		}
		if otherErr == nil {
			sx = audit.NewSchemeIndex(parts...)
		}
	}
	deathsDone.Wait()
	if deathErr != nil {
		return nil, deathErr
	}
	if otherErr != nil {
		return nil, otherErr
	}
	// files are listed deaths first, then other schemes, whatever finished first
	slices.SortStableFunc(run.Files, func(a, b rollfile.Report) int { return fileRank(cfg, a.File) - fileRank(cfg, b.File) })
	phase("deaths and other schemes read")
	var cx *audit.CoverageIndex
	if checks.Coverage {
		if len(cfg.Hardship) == 0 {
			return nil, errors.New("须指定困难群体名单 --hardship (a hardship list is required)")
		}
		members, err := readAll(cfg.Hardship, opt, keep, rollfile.ScanHardship, func(m *audit.HardshipMember) audit.HardshipMember {
			c := *m
			c.ID, c.Name, c.Town, c.Group = strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Town), strings.Clone(c.Group)
			return c
		})
		if err != nil {
			return nil, err
		}
		cx = audit.NewCoverageIndex(members)
	}

	// Stream the rolls.
	type hit struct {
		h audit.Hit
		r audit.Recipient
	}
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
	outs := make([]workerOut, workers)
	stream := func(p string, forCoverageOnly bool) error {
		return keep(rollfile.ScanRollBatch(p, opt(p), func(w int, rows []audit.Recipient) {
			o := &outs[w]
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
				r := &rows[i]
				if r.Status == audit.StatusTerminated {
					o.terminated++
					continue
				}
				var kept *audit.Recipient // the row's copy, made once
				if dx != nil {
					o.cands = dx.MatchProbed(r, o.may[i], o.cands[:0])
					if len(o.cands) > 0 {
						m := o.matches.add(audit.RowMatch{Roll: r.CloneIn(&o.arena), Cands: slices.Clone(o.cands)})
						kept = &m.Roll
					}
				}
				if sx != nil && o.hit[i] {
					if kept != nil {
						o.probed.add(*kept)
					} else {
						o.probed.add(r.CloneIn(&o.arena))
					}
				}
			}
		}))
	}
	for _, p := range cfg.Rolls {
		if err := stream(p, false); err != nil {
			return nil, err
		}
	}
	phase("rolls streamed")
	if cx != nil {
		var payMu sync.Mutex
		for _, p := range cfg.Enrolled {
			if err := stream(p, true); err != nil {
				return nil, err
			}
		}
		for _, p := range cfg.Daijiao {
			err := keep(rollfile.ScanContrib(p, opt(p), func(w int, c *audit.Contribution) {
				for _, m := range cx.PaidFor(c, cfg.AsOf.Year()) {
					// MarkPaid only sets a flag; workers may race on
					// the same member, so serialise.
					payMu.Lock()
					cx.MarkPaid(m)
					payMu.Unlock()
				}
			}))
			if err != nil {
				return nil, err
			}
		}
	}
	var nm, np int
	for i := range outs {
		nm, np = nm+outs[i].matches.len(), np+outs[i].probed.len()
	}
	matches := make([]audit.RowMatch, 0, nm)
	probed := make([]audit.Recipient, 0, np)
	for i := range outs {
		o := &outs[i]
		run.RollRows += o.rows
		run.Terminated += o.terminated
		matches = o.matches.appendTo(matches)
		probed = o.probed.appendTo(probed)
		for _, h := range o.hits {
			cx.MarkEnrolled(h.h, &h.r)
		}
	}
	// the two resolutions are independent: run them side by side
	var wg sync.WaitGroup
	var dupErr error
	if sx != nil {
		wg.Go(func() { run.Duplicates, dupErr = sx.Resolve(probed, rules, cfg.AsOf) })
	}
	if dx != nil {
		run.Deaths = audit.ResolveDeaths(dx, matches, cfg.Policy, cfg.AsOf)
	}
	wg.Wait()
	if dupErr != nil {
		return nil, dupErr
	}
	phase("findings resolved")
	if cx != nil {
		run.Coverage = cx.Findings(cfg.AsOf)
	}
	run.Elapsed = time.Since(t0)
	return run, nil
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
	ByKindClass                       map[string]int // "exact_id/confirmed" → count
	Confirmed, Review                 int
	OverpaidConfirmed, OverpaidReview money.Fen
}

// Summarize counts the run.
func (r *Run) Summarize() Summary {
	s := Summary{FilesRead: len(r.Files), ByKindClass: map[string]int{}}
	for _, f := range r.Files {
		s.RowsRead += f.Rows
		s.RowsRejected += f.Rejected
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
