// Package certrun runs a month's certification status from files: it
// reads the certification events, optionally matches the death lists
// (through auditrun, the survival audit's matcher), streams the benefit
// rolls and computes every recipient's status with internal/cert. It is
// the glue between the files and the pure domain; the command and the web
// pages call it.
package certrun

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditrun"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/cnid"
	"jixiao/internal/rollfile"
)

// Config names the input files and the rules of a run.
type Config struct {
	Rolls   []string // benefit rolls
	Events  []string // certification-event files
	Deaths  []string // death lists (optional)
	AsOf    cal.Month
	Rules   cert.Rules
	Workers int // readers per large CSV file (default 2)
	// KeepEventsFrom: do not set Rules.EventsFrom from the earliest event
	// (the rules' first cycle alone decides).
	KeepEventsFrom bool
	Progress       func(file string, rows int64)
}

// Row is one recipient's status. Roll is a copy the run owns.
type Row struct {
	Roll audit.Recipient
	Res  cert.Result
	// DeathReview: the death lists name this person only by a fuzzy match
	// (a `review` finding of the survival audit): not applied, to verify.
	DeathReview cal.Date
}

// Run is the result of a certification run.
type Run struct {
	AsOf        cal.Month
	Rules       cert.Rules
	Started     time.Time
	Elapsed     time.Duration
	Files       []rollfile.Report
	Events      int       // events read
	EventsFrom  cal.Month // earliest event month
	EventsTo    cal.Month
	Unmatched   int // events whose ID is on no roll
	UnmatchedID int // distinct such IDs
	Future      int // events dated after the run month (not used)
	RollRows    int
	Deaths      int // confirmed death matches applied
	DeathReview int // review death matches, not applied
	Total       cert.Tally
	Towns       []TownTally // by town, in name order
	// Lists (roll order within each file): 即将到期 (the due list), 应暂停
	// (the suspension list), 恢复 (resumptions with 补发), 终止 by a
	// recorded death, and the rows a person must review.
	Due, Suspend, Resume, Dead, Review []Row
}

// TownTally is one town's counts.
type TownTally struct {
	Town string
	cert.Tally
}

// ErrRejected wraps the rejection of an input file.
var ErrRejected = auditrun.ErrRejected

// Key returns the join key of an ID (18 characters, or 15 digits
// upgraded), as the event index uses it.
func Key(id string) (uint64, bool) {
	if len(id) == 15 {
		up, err := cnid.Upgrade15(id)
		if err != nil {
			return 0, false
		}
		id = string(up)
	}
	return cnid.Key(id)
}

// Index holds certification events by person, as the readers left them:
// one run per reader, each sorted in place by key and date. Nothing is
// copied into a joined array (a province's 34 million events are ~550 MB a
// copy); a person whose events two readers saw is merged on lookup.
type Index struct {
	runs []indexRun
}

type indexRun struct {
	es    []entry
	marks []atomic.Uint32 // one bit per entry: its person is on a roll
}

type entry struct {
	key uint64
	ev  cert.Event
}

func cmpEntry(a, b entry) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.ev.Date, b.ev.Date)
}

// newIndex sorts each reader's pairs in place (in parallel) and keeps
// them as the index's runs. A slice with much unused capacity is copied
// to its length first, one at a time, so that append's growth does not
// stay allocated.
func newIndex(per [][]entry) *Index {
	ix := &Index{}
	for i, es := range per {
		if len(es) == 0 {
			continue
		}
		if cap(es)-len(es) > len(es)/8 {
			es = slices.Clone(es)
			per[i] = nil
		}
		ix.runs = append(ix.runs, indexRun{es: es, marks: make([]atomic.Uint32, (len(es)+31)/32)})
	}
	var wg sync.WaitGroup
	for i := range ix.runs {
		wg.Go(func() { slices.SortFunc(ix.runs[i].es, cmpEntry) })
	}
	wg.Wait()
	return ix
}

// span returns the entries of key k in the run and marks them.
func (r *indexRun) span(k uint64) []entry {
	i, ok := slices.BinarySearchFunc(r.es, k, func(e entry, k uint64) int { return cmp.Compare(e.key, k) })
	if !ok {
		return nil
	}
	j := i + 1
	for j < len(r.es) && r.es[j].key == k {
		j++
	}
	r.marks[i/32].Or(1 << (i % 32))
	return r.es[i:j]
}

// Events appends the events of key k, sorted by date, to buf[:0] and
// returns it; it marks them as belonging to a roll row.
func (ix *Index) Events(k uint64, buf []cert.Event) []cert.Event {
	buf = buf[:0]
	n := 0
	for i := range ix.runs {
		for _, e := range ix.runs[i].span(k) {
			buf = append(buf, e.ev)
		}
		if len(buf) > n && n > 0 { // a second run had some: keep date order
			slices.SortStableFunc(buf, func(a, b cert.Event) int { return cmp.Compare(a.Date, b.Date) })
		}
		n = len(buf)
	}
	return buf
}

// unmatched counts the events (and distinct IDs) never asked for.
func (ix *Index) unmatched() (events, ids int) {
	pos := make([]int, len(ix.runs))
	for {
		// the smallest key not yet passed, over all runs
		var k uint64
		found := false
		for r := range ix.runs {
			if p := pos[r]; p < len(ix.runs[r].es) && (!found || ix.runs[r].es[p].key < k) {
				k, found = ix.runs[r].es[p].key, true
			}
		}
		if !found {
			return
		}
		asked, n := false, 0
		for r := range ix.runs {
			run := &ix.runs[r]
			i := pos[r]
			if i >= len(run.es) || run.es[i].key != k {
				continue
			}
			if run.marks[i/32].Load()&(1<<(i%32)) != 0 {
				asked = true
			}
			j := i + 1
			for j < len(run.es) && run.es[j].key == k {
				j++
			}
			n += j - i
			pos[r] = j
		}
		if !asked {
			events += n
			ids++
		}
	}
}

// Execute runs the month. each, if not nil, is called for every roll row
// (from several goroutines; the row is valid only during the call). A
// rejected file fails the whole run.
func Execute(cfg Config, each func(w int, r *Row)) (*Run, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	run := &Run{AsOf: cfg.AsOf, Rules: cfg.Rules, Started: time.Now()}
	opt := func(path string) rollfile.Options {
		o := rollfile.Options{Workers: cfg.Workers}
		if cfg.Progress != nil {
			o.Progress = func(n int64) { cfg.Progress(path, n) }
		}
		return o
	}
	if len(cfg.Rolls) == 0 || len(cfg.Events) == 0 {
		return nil, errors.New("需要名册和认证记录 (a roll and certification events are required)")
	}
	// 1. events
	per := make([][]entry, cfg.Workers)
	var mu sync.Mutex
	for _, p := range cfg.Events {
		rep, err := rollfile.ScanCertEvents(p, opt(p), func(w int, r *cert.Record) {
			k, ok := cnid.Key(r.ID)
			if !ok {
				return
			}
			if w >= len(per) {
				mu.Lock()
				defer mu.Unlock()
				w = 0
			}
			per[w] = append(per[w], entry{k, r.Event})
		})
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrRejected, err)
		}
		run.Files = append(run.Files, rep)
	}
	for _, p := range per {
		run.Events += len(p)
		for _, e := range p {
			m := e.ev.Date.Month()
			if m > cfg.AsOf {
				run.Future++
				continue
			}
			if run.EventsFrom == 0 || m < run.EventsFrom {
				run.EventsFrom = m
			}
			run.EventsTo = max(run.EventsTo, m)
		}
	}
	if !cfg.KeepEventsFrom {
		run.Rules.EventsFrom = run.EventsFrom
	}
	ix := newIndex(per)
	per = nil
	// 2. deaths, by the survival audit's matcher
	type death struct {
		date    cal.Date
		confirm bool
	}
	deaths := map[uint64]death{}
	if len(cfg.Deaths) > 0 {
		ar, err := auditrun.Execute(auditrun.Config{Rolls: cfg.Rolls, Deaths: cfg.Deaths, AsOf: cfg.AsOf, Workers: cfg.Workers,
			Progress: cfg.Progress}, auditrun.Checks{Deaths: true}, time.Now())
		if err != nil {
			return nil, err
		}
		for _, rep := range ar.Files {
			if isIn(rep.File, cfg.Deaths) {
				run.Files = append(run.Files, rep)
			}
		}
		for _, f := range ar.Deaths {
			k, ok := Key(f.Roll.ID)
			if !ok {
				continue
			}
			d := death{f.Death.DeathDate, f.Confidence == audit.Confirmed}
			if old, seen := deaths[k]; !seen || d.confirm && !old.confirm {
				deaths[k] = d
			}
		}
	}
	// 3. the rolls
	type worker struct {
		towns    map[string]*cert.Tally
		arena    audit.Arena
		lists    [5][]Row
		buf      []cert.Event // Index.Events' scratch
		rows     int
		dead, dr int
		_        [64]byte
	}
	ws := make([]worker, cfg.Workers)
	for i := range ws {
		ws[i].towns = map[string]*cert.Tally{}
	}
	ru := run.Rules
	for _, p := range cfg.Rolls {
		rep, err := rollfile.ScanRollBatch(p, opt(p), func(w int, rows []audit.Recipient) {
			wk := &ws[w%len(ws)]
			var row Row
			for i := range rows {
				r := &rows[i]
				wk.rows++
				k, ok := Key(r.ID)
				var evs []cert.Event
				var d death
				if ok {
					wk.buf = ix.Events(k, wk.buf)
					evs = wk.buf
					d = deaths[k]
				}
				var dd cal.Date
				row.DeathReview = 0
				if d.confirm {
					dd = d.date
					wk.dead++
				} else if d.date != 0 {
					row.DeathReview = d.date
					wk.dr++
				}
				row.Roll = *r
				row.Res = cert.Compute(r, dd, evs, cfg.AsOf, &ru)
				if row.DeathReview != 0 {
					row.Res.Review = true
					row.Res.DeathReview = row.DeathReview
				}
				t := wk.towns[r.Town]
				if t == nil {
					t = &cert.Tally{}
					wk.towns[strings.Clone(r.Town)] = t
				}
				t.Add(&row.Res)
				if each != nil {
					each(w, &row)
				}
				list := -1
				switch row.Res.Status {
				case cert.Due:
					list = 0
				case cert.ShouldSuspend:
					list = 1
				case cert.Resumed:
					list = 2
				case cert.Terminated:
					if row.Res.DeathDate != 0 {
						list = 3
					}
				}
				if list >= 0 || row.Res.Review {
					keep := row
					keep.Roll = r.CloneIn(&wk.arena)
					keep.Res.AfterDeath = slices.Clone(row.Res.AfterDeath)
					if list >= 0 {
						wk.lists[list] = append(wk.lists[list], keep)
					}
					if row.Res.Review {
						wk.lists[4] = append(wk.lists[4], keep)
					}
				}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrRejected, err)
		}
		run.Files = append(run.Files, rep)
	}
	towns := map[string]*cert.Tally{}
	var lists [5][]Row
	for i := range ws {
		wk := &ws[i]
		run.RollRows += wk.rows
		run.Deaths += wk.dead
		run.DeathReview += wk.dr
		for name, t := range wk.towns {
			if towns[name] == nil {
				towns[name] = &cert.Tally{}
			}
			towns[name].Merge(t)
		}
		for l := range lists {
			lists[l] = append(lists[l], wk.lists[l]...)
		}
	}
	for name, t := range towns {
		run.Towns = append(run.Towns, TownTally{name, *t})
		run.Total.Merge(t)
	}
	sort.Slice(run.Towns, func(i, j int) bool { return run.Towns[i].Town < run.Towns[j].Town })
	fileOrder := map[string]int{}
	for i, p := range cfg.Rolls {
		fileOrder[p] = i
	}
	for l := range lists {
		sort.Slice(lists[l], func(i, j int) bool {
			a, b := &lists[l][i].Roll, &lists[l][j].Roll
			if a.Town != b.Town {
				return a.Town < b.Town
			}
			if fa, fb := fileOrder[a.File], fileOrder[b.File]; fa != fb {
				return fa < fb
			}
			return a.Line < b.Line
		})
	}
	run.Due, run.Suspend, run.Resume, run.Dead, run.Review = lists[0], lists[1], lists[2], lists[3], lists[4]
	run.Unmatched, run.UnmatchedID = ix.unmatched()
	run.Elapsed = time.Since(run.Started)
	return run, nil
}

func isIn(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ForTown returns the rows of a list that belong to a town (by
// audit.NormTown, so 如城 = 如城街道).
func ForTown(rows []Row, town string) []Row {
	want := audit.NormTown(town)
	var out []Row
	for _, r := range rows {
		if audit.NormTown(r.Roll.Town) == want {
			out = append(out, r)
		}
	}
	return out
}
