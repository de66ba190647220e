package payroll

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// cleanRec is a payroll row found clean: 16 bytes, kept for every such
// row until the duplicates are known (a second payment of a month turns
// a later clean row into a duplicate).
type cleanRec struct {
	pi    int32
	line  int32
	paid  int32 // fen; rows paying more are kept as a rec
	month uint8 // month − from
	_     [3]byte
}

// rec is a payroll row that is not clean, or one of a person paid twice.
type rec struct {
	pi       int32
	line     int32
	month    cal.Month
	detail   int32 // index into the worker's details, -1 for a clean row
	kind     Kind
	worker   uint8
	_        [6]byte
	paid     money.Fen
	expected money.Fen
}

// detail is what a finding's formula needs from its row.
type detail struct {
	scheme        string
	years, makeup int
	balance       money.Fen
	hasBalance    bool
}

// unverifiable reasons beyond benefit.Status.
const (
	reasonNotOnRoll    = "不在名册中 (not on the roll)"
	reasonBadID        = "身份证号无法识别 (ID not usable)"
	reasonStopUnknown  = "名册状态为终止/暂停但无最后发放年月 (stopped without a last paid month)"
	maxSamples         = 20
	sharedAccountLimit = 64 // months a period may span (one bit each)
)

// Checker verifies payroll rows. Add and AddBatch may be called from
// several goroutines at once, one per worker index.
type Checker struct {
	rules    *benefit.Rules
	from, to cal.Month
	blocks   []*block // the roll (roll.go)
	groups   []group
	files    []string
	persons  int // on the roll, repeated IDs not counted
	index    idTable
	seed     maphash.Seed
	sink     atomic.Uint64 // loads made only to warm the cache land here

	workers []worker
	returns returnsState
}

type worker struct {
	clean    [][]cleanRec // chunks of cleanChunk: filled, never copied to grow
	recs     []rec
	details  []detail
	dups     []int32 // people seen paid twice in a month
	acctText map[int32]string
	arena    audit.Arena
	unver    map[string]*Unverifiable
	rows     int
	outside  int
	dueRows  int
	dueAmt   money.Fen
	fund     fundAcc
	raise    int
	sink     uint64
	_        [64]byte
}

// cleanChunk is how many clean rows a chunk of a worker's store holds
// (1 MiB): the store grows by chunks, so that it neither copies itself to
// grow nor needs to know the rows in advance.
const cleanChunk = 1 << 16

func (wk *worker) unverifiable(reason string, r *Row) {
	u := wk.unver[reason]
	if u == nil {
		u = &Unverifiable{Reason: reason}
		wk.unver[reason] = u
	}
	u.Rows++
	// the samples are the rows first in the files, whichever worker read
	// them: the worker keeps its first ones, Finish the first of all
	x := Sample{File: r.File, Line: r.Line, ID: r.ID}
	if len(u.Sample) < maxSamples {
		u.Sample = append(u.Sample, Sample{File: wk.arena.String(r.File), Line: r.Line, ID: wk.arena.String(r.ID)})
		return
	}
	last := 0
	for i := range u.Sample {
		if sampleOrder(u.Sample[i], u.Sample[last]) > 0 {
			last = i
		}
	}
	if sampleOrder(x, u.Sample[last]) < 0 {
		u.Sample[last] = Sample{File: wk.arena.String(r.File), Line: r.Line, ID: wk.arena.String(r.ID)}
	}
}

// sampleOrder orders samples by file and line.
func sampleOrder(a, b Sample) int {
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	return cmp.Compare(a.Line, b.Line)
}

// key returns the ID key of a payroll row's ID: an 18-character ID by its
// first 17 digits, a 15-digit one upgraded.
func key(id string) (uint64, bool) {
	k, ok := cnid.Key(id)
	if !ok || len(id) != 18 {
		p, err := cnid.Parse(id)
		if err != nil {
			return 0, false
		}
		k, _ = cnid.Key(string(p))
	}
	return k, true
}

// lookup returns the roll index of a row's ID.
func (c *Checker) lookup(id string) (int32, bool) {
	k, ok := key(id)
	if !ok {
		return -1, false
	}
	return c.index.get(c, k, c.index.home(k))
}

// Add checks one row; w is the calling worker (0 ≤ w < workers). The row
// is not kept.
func (c *Checker) Add(w int, r *Row) {
	wk := &c.workers[w]
	if !c.admit(wk, r) {
		return
	}
	pi, ok := c.lookup(r.ID)
	c.check(w, wk, r, pi, ok)
}

// AddBatch checks rows as Add does, looking their IDs up together so that
// the cache misses of a large roll overlap.
func (c *Checker) AddBatch(w int, rows []Row) {
	wk := &c.workers[w]
	var keys, hs [lookBatch]uint64
	var pis [lookBatch]int32
	var state [lookBatch]uint8 // 0: counted already, 1: ID unusable, 2: looked up, 3: found
	t := &c.index
	for len(rows) > 0 {
		part := rows[:min(len(rows), lookBatch)]
		rows = rows[len(part):]
		for i := range part {
			state[i] = 0
			if c.admit(wk, &part[i]) {
				state[i] = 1
				if k, ok := key(part[i].ID); ok && len(t.slots) > 0 {
					keys[i], hs[i], state[i] = k, t.home(k), 2
				}
			}
		}
		// the slots, then the people, are loaded in loops of independent
		// loads, so that their cache misses overlap
		for i := range part {
			if state[i] == 2 {
				wk.sink += t.slots[hs[i]>>t.shift].Load()
			}
		}
		for i := range part {
			if state[i] == 2 {
				var ok bool
				if pis[i], ok = t.get(c, keys[i], hs[i]); ok {
					state[i] = 3
					wk.sink += c.person(pis[i]).bits.Load()
				}
			}
		}
		for i := range part {
			if state[i] != 0 {
				c.check(w, wk, &part[i], pis[i], state[i] == 3)
			}
		}
	}
}

// admit counts a row and tells whether it is to be looked up.
func (c *Checker) admit(wk *worker, r *Row) bool {
	wk.rows++
	if r.Month < c.from || r.Month > c.to {
		// another month of a year's file checked for one month: not a
		// fault of the row, counted once in Result.Outside
		wk.outside++
		return false
	}
	wk.dueRows++
	wk.dueAmt += r.Paid
	if len(r.ID) != 18 && len(r.ID) != 15 {
		wk.unverifiable(reasonBadID, r)
		return false
	}
	return true
}

// check checks an admitted row; pi is its person when found.
func (c *Checker) check(w int, wk *worker, r *Row, pi int32, found bool) {
	if !found {
		wk.unverifiable(reasonNotOnRoll, r)
		return
	}
	p := c.person(pi)
	g := &c.groups[p.group]
	m := uint(r.Month - c.from)
	if old := p.bits.Or(1 << m); old&(1<<m) != 0 {
		p.flags.Or(flagDup)
		wk.dups = append(wk.dups, pi)
	}
	if r.Account != "" {
		code := c.acctCode(r.Account)
		if p.acct.CompareAndSwap(0, code) && code&acctHashed != 0 {
			wk.acctText[pi] = strings.Clone(r.Account)
		}
	}
	kind, expected, st := c.classify(p, g, r)
	if r.Month == c.to && p.flags.Load()&flagFunded == 0 && p.flags.Or(flagFunded)&flagFunded == 0 {
		bp := c.benefitPerson(p, g, r)
		c.noteFund(wk, p, g, &bp, st)
	}
	if st != "" {
		// kept as a row so a second payment of the month is still seen
		wk.recs = append(wk.recs, rec{pi: pi, line: int32(r.Line), month: r.Month, detail: -1, kind: kindUnverified, paid: r.Paid})
		wk.unverifiable(st, r)
		return
	}
	if g.raised&(1<<m) != 0 {
		wk.raise++
	}
	if kind == Clean && r.Paid <= math.MaxInt32 && r.Line <= math.MaxInt32 {
		if n := len(wk.clean); n == 0 || len(wk.clean[n-1]) == cleanChunk {
			wk.clean = append(wk.clean, make([]cleanRec, 0, cleanChunk))
		}
		last := &wk.clean[len(wk.clean)-1]
		*last = append(*last, cleanRec{pi: pi, line: int32(r.Line), paid: int32(r.Paid), month: uint8(m)})
		return
	}
	d := int32(-1)
	if kind != Clean {
		d = int32(len(wk.details))
		wk.details = append(wk.details, detail{scheme: wk.arena.String(r.Scheme), years: r.Years, makeup: r.Makeup,
			balance: r.Balance, hasBalance: r.HasBalance})
	}
	wk.recs = append(wk.recs, rec{pi: pi, line: int32(r.Line), month: r.Month, detail: d, kind: kind, worker: uint8(w),
		paid: r.Paid, expected: expected})
}

// kindUnverified marks a kept row that could not be verified.
const kindUnverified Kind = 255

// benefitPerson combines the roll and the row into what the rules need.
func (c *Checker) benefitPerson(p *person, g *group, r *Row) benefit.Person {
	bp := benefit.Person{Scheme: g.Scheme, Birth: p.birth, Start: p.start, Years: r.Years, Makeup: r.Makeup,
		Balance: r.Balance, HasBalance: r.HasBalance, Ref: g.ref}
	if r.Scheme != "" {
		bp.Scheme = r.Scheme
	}
	if bp.Start == 0 {
		bp.Start = r.Start
	}
	return bp
}

func stopped(status string) bool {
	return status == audit.StatusTerminated || status == audit.StatusSuspended
}

// classify returns the row's kind and the amount due, or an unverifiable
// reason.
func (c *Checker) classify(p *person, g *group, r *Row) (Kind, money.Fen, string) {
	if g.stopped {
		if p.paidThrough == 0 {
			return 0, 0, reasonStopUnknown
		}
		if r.Month > p.paidThrough {
			return AfterStop, 0, ""
		}
	}
	bp := c.benefitPerson(p, g, r)
	switch st := c.rules.Eligible(&bp, r.Month); st {
	case benefit.OK:
	case benefit.UnderAge:
		return UnderAge, 0, ""
	default:
		return 0, 0, st.LabelZH() + " (" + st.LabelEN() + ")"
	}
	if bp.Start != 0 && r.Month < bp.Start {
		return BeforeStart, 0, ""
	}
	due, st := c.rules.Amount(&bp, r.Month, benefit.Normal)
	if st != benefit.OK {
		return 0, 0, st.LabelZH() + " (" + st.LabelEN() + ")"
	}
	switch {
	case r.Paid == due:
		return Clean, due, ""
	case r.Paid > due:
		return Overpaid, due, ""
	}
	if a, st := c.rules.Amount(&bp, r.Month, benefit.PrevStandard); st == benefit.OK && a == r.Paid {
		return RaiseMissed, due, ""
	}
	if a, st := c.rules.Amount(&bp, r.Month, benefit.NoSupplement); st == benefit.OK && a == r.Paid {
		return AgeMissed, due, ""
	}
	if a, st := c.rules.Amount(&bp, r.Month, benefit.PrevStandard|benefit.NoSupplement); st == benefit.OK && a == r.Paid {
		return RaiseMissed, due, ""
	}
	return Underpaid, due, ""
}

// acctHashed marks an account code that is a hash (the account is not a
// number of at most 19 digits without a leading zero below 2^63).
const acctHashed = 1 << 63

// acctCode is a bank account as a number: the account itself when it is
// one (bank card numbers are), else a hash with the top bit set. Never 0.
func (c *Checker) acctCode(s string) uint64 {
	if n := len(s); n <= 19 && s[0] >= '1' && s[0] <= '9' {
		var v uint64
		i := 0
		for ; i < n; i++ {
			d := s[i] - '0'
			if d > 9 {
				break
			}
			v = v*10 + uint64(d)
		}
		if i == n && v < acctHashed {
			return v
		}
	}
	return maphash.String(c.seed, s) | acctHashed
}

// Result is what a check found.
type Result struct {
	From, To cal.Month
	// Reconciliation: Read = Verified + FindingRows + Unverified + Outside + Rejected.
	Read, Verified, FindingRows, Unverified, Rejected int
	// Outside counts rows for months outside the period (a year's file
	// checked for one month): not checked, summarised once — neither
	// unverifiable nor lost.
	Outside int
	// RollSkipped counts roll rows with an unusable or repeated ID.
	RollSkipped  int
	Findings     []Finding
	Shared       []SharedAccount
	Unverifiable []Unverifiable
	// Totals over the verified and finding rows.
	Due, Paid money.Fen
	ByKind    map[Kind]KindTotal
	// Returns is set by Checker.Returns when bank returns were read.
	Returns *ReturnsResult
	// RaiseRows counts verified payments in months whose standard was
	// raised within the past 12 months (待遇调整到位率's denominator).
	RaiseRows int
}

// KindTotal sums one kind of finding.
type KindTotal struct {
	People, Rows int
	Difference   money.Fen
}

// Reconciles reports whether every row read is accounted for.
func (r *Result) Reconciles() bool {
	return r.Read == r.Verified+r.FindingRows+r.Unverified+r.Outside+r.Rejected
}

// Finish merges the workers' rows into the result. rejected is the count
// of rows the reader refused; rows lists the rows it read in total.
func (c *Checker) Finish(read, rejected int) *Result {
	res := &Result{From: c.from, To: c.to, Read: read, Rejected: rejected, ByKind: map[Kind]KindTotal{}}
	unver := map[string]*Unverifiable{}
	// the people paid twice in a month, as a bitmap over the index space
	dupBits := make([]uint64, (c.slots()+63)/64)
	hasDup := false
	for w := range c.workers {
		for _, pi := range c.workers[w].dups {
			dupBits[pi/64] |= 1 << (pi % 64)
			hasDup = true
		}
	}
	isDup := func(pi int32) bool { return hasDup && dupBits[pi/64]&(1<<(pi%64)) != 0 }
	var all []rec
	var dups []rec
	for w := range c.workers {
		wk := &c.workers[w]
		res.RaiseRows += wk.raise
		res.Outside += wk.outside
		for reason, u := range wk.unver {
			t := unver[reason]
			if t == nil {
				t = &Unverifiable{Reason: reason}
				unver[reason] = t
			}
			t.Rows += u.Rows
			t.Sample = append(t.Sample, u.Sample...)
		}
		var sum money.Fen
		for _, chunk := range wk.clean {
			for _, x := range chunk {
				if isDup(x.pi) {
					dups = append(dups, rec{pi: x.pi, line: x.line, month: c.from + cal.Month(x.month), detail: -1, kind: Clean,
						worker: uint8(w), paid: money.Fen(x.paid), expected: money.Fen(x.paid)})
					continue
				}
				res.Verified++
				sum += money.Fen(x.paid)
			}
		}
		res.Due += sum // a clean row was paid what was due
		res.Paid += sum
		for _, x := range wk.recs {
			if isDup(x.pi) {
				dups = append(dups, x)
				continue
			}
			if x.kind != Clean {
				all = append(all, x)
			} else {
				res.Verified++
				res.Due += x.expected
				res.Paid += x.paid
			}
		}
	}
	// the first payment of a month (by line) stands; later ones are duplicates
	sort.Slice(dups, func(i, j int) bool {
		a, b := dups[i], dups[j]
		if a.pi != b.pi {
			return a.pi < b.pi
		}
		if a.month != b.month {
			return a.month < b.month
		}
		return a.line < b.line
	})
	for i, x := range dups {
		if i > 0 && dups[i-1].pi == x.pi && dups[i-1].month == x.month && x.kind != kindUnverified {
			x.kind, x.expected = Duplicate, 0
		}
		if x.kind == Clean {
			res.Verified++
			res.Due += x.expected
			res.Paid += x.paid
			continue
		}
		all = append(all, x)
	}
	for _, u := range unver {
		slices.SortFunc(u.Sample, sampleOrder)
		u.Sample = u.Sample[:min(len(u.Sample), maxSamples)]
		res.Unverified += u.Rows
		res.Unverifiable = append(res.Unverifiable, *u)
	}
	sort.Slice(res.Unverifiable, func(i, j int) bool { return res.Unverifiable[i].Reason < res.Unverifiable[j].Reason })
	// findings: one per person and kind, in the roll's order, months in order
	slices.SortFunc(all, func(a, b rec) int {
		if a.pi != b.pi {
			return c.rollOrder(a.pi, b.pi)
		}
		if a.kind != b.kind {
			return int(a.kind) - int(b.kind)
		}
		if a.month != b.month {
			return int(a.month - b.month)
		}
		return int(a.line - b.line)
	})
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].pi == all[i].pi && all[j].kind == all[i].kind {
			j++
		}
		group := all[i:j]
		i = j
		if group[0].kind == kindUnverified {
			continue // counted with its reason already
		}
		pi := group[0].pi
		p := c.person(pi)
		g := &c.groups[p.group]
		f := Finding{ID: p.idOf(), Name: c.nameOf(pi), Town: g.Town, Scheme: g.Scheme, Kind: group[0].kind}
		for _, x := range group {
			if len(f.Months) == 0 || f.Months[len(f.Months)-1] != x.month {
				f.Months = append(f.Months, x.month)
			}
			f.Lines = append(f.Lines, int(x.line))
			f.Expected += x.expected
			f.Paid += x.paid
		}
		res.FindingRows += len(group)
		res.Due += f.Expected
		res.Paid += f.Paid
		f.Formula = c.formula(p, g, f.Kind, group[0])
		t := res.ByKind[f.Kind]
		t.People++
		t.Rows += len(group)
		t.Difference += f.Difference()
		res.ByKind[f.Kind] = t
		res.Findings = append(res.Findings, f)
	}
	// the unverifiable rows kept for the duplicate check were counted
	// with their reasons
	res.Shared = c.shared()
	return res
}

// formula explains the amount due for the finding's first row x.
func (c *Checker) formula(p *person, g *group, k Kind, x rec) string {
	m := x.month
	switch k {
	case AfterStop:
		return fmt.Sprintf("名册状态%s，最后发放年月 %s，%s 不应发放：应发 0", g.Status, p.paidThrough, m)
	case UnderAge:
		age := 0
		if s := c.rules.Schemes[g.Scheme]; s != nil {
			age = s.MinAge
		}
		return fmt.Sprintf("出生日期 %s，%s 起满 %d 周岁，%s 未到领取年龄：应发 0", p.birth, benefit.Reached(p.birth, age, c.rules.PensionFrom), age, m)
	case BeforeStart:
		return fmt.Sprintf("待遇开始年月 %s，%s 早于开始年月：应发 0", p.start, m)
	case Duplicate:
		return fmt.Sprintf("%s 已有一笔发放，本笔重复：应发 0", m)
	}
	if x.detail < 0 {
		return ""
	}
	d := c.workers[x.worker].details[x.detail]
	bp := benefit.Person{Scheme: g.Scheme, Birth: p.birth, Start: p.start, Years: d.years, Makeup: d.makeup,
		Balance: d.balance, HasBalance: d.hasBalance}
	if d.scheme != "" {
		bp.Scheme = d.scheme
	}
	e, st := c.rules.Explain(&bp, m, benefit.Normal)
	if st != benefit.OK {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s 应发 %s（%s）", m, e.Formula, e.Labels)
	var v benefit.Variant
	switch k {
	case RaiseMissed:
		v = benefit.PrevStandard
		if a, _ := c.rules.Amount(&bp, m, v); a != x.paid {
			v |= benefit.NoSupplement
		}
	case AgeMissed:
		v = benefit.NoSupplement
	}
	if v != 0 {
		if e2, st := c.rules.Explain(&bp, m, v); st == benefit.OK {
			what := "调整前标准"
			if k == AgeMissed {
				what = "未加高龄加发"
			}
			fmt.Fprintf(&b, "；实发按%s %s", what, e2.Formula)
			return b.String()
		}
	}
	fmt.Fprintf(&b, "；实发 %s", x.paid)
	return b.String()
}

// shared lists accounts paid to more than one recipient. A table of two
// bits per hash slot (seen, seen twice), filled by every worker, finds the
// few accounts that may be shared; only those people are sorted by
// account.
func (c *Checker) shared() []SharedAccount {
	size, lg := 1<<16, uint(16)
	for size < 12*c.persons {
		size <<= 1
		lg++
	}
	marks := make([]atomic.Uint64, size/32) // slot h: bit 2(h%32) seen, the next seen twice
	slot := func(code uint64) (uint64, uint64) { h := mix(code) >> (64 - lg); return h / 32, 1 << (2 * (h % 32)) }
	c.parallelBlocks(func(bi int, blk *block) {
		for i := range blk.n {
			if code := blk.p[i].acct.Load(); code != 0 {
				w, b := slot(code)
				if marks[w].Or(b)&b != 0 {
					marks[w].Or(b << 1)
				}
			}
		}
	})
	type ph struct {
		code uint64
		pi   int32
	}
	var mu sync.Mutex
	var hs []ph
	c.parallelBlocks(func(bi int, blk *block) {
		var mine []ph
		for i := range blk.n {
			p := &blk.p[i]
			if code := p.acct.Load(); code != 0 && p.flags.Load()&flagSkipped == 0 {
				if w, b := slot(code); marks[w].Load()&(b<<1) != 0 {
					mine = append(mine, ph{code, int32(bi<<blockBits | i)})
				}
			}
		}
		mu.Lock()
		hs = append(hs, mine...)
		mu.Unlock()
	})
	slices.SortFunc(hs, func(a, b ph) int {
		if a.code != b.code {
			return cmp.Compare(a.code, b.code)
		}
		return c.rollOrder(a.pi, b.pi)
	})
	var out []SharedAccount
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].code == hs[i].code {
			j++
		}
		if j-i > 1 {
			// a hash is not an account: group by the text
			var texts []string
			byText := map[string][]int32{}
			for _, x := range hs[i:j] {
				t := c.acctTextOf(x.code, x.pi)
				if byText[t] == nil {
					texts = append(texts, t)
				}
				byText[t] = append(byText[t], x.pi)
			}
			for _, acct := range texts {
				pis := byText[acct]
				if len(pis) < 2 {
					continue
				}
				s := SharedAccount{Account: acct}
				for _, pi := range pis {
					p := c.person(pi)
					s.IDs, s.Names, s.Towns = append(s.IDs, p.idOf()), append(s.Names, c.nameOf(pi)), append(s.Towns, c.groups[p.group].Town)
				}
				out = append(out, s)
			}
		}
		i = j
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out
}

// acctTextOf is the text of person pi's account code.
func (c *Checker) acctTextOf(code uint64, pi int32) string {
	if code&acctHashed == 0 {
		return strconv.FormatUint(code, 10)
	}
	for w := range c.workers {
		if t, ok := c.workers[w].acctText[pi]; ok {
			return t
		}
	}
	return ""
}

// parallelBlocks calls fn for every block of the roll, on every worker.
func (c *Checker) parallelBlocks(fn func(bi int, blk *block)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range len(c.workers) {
		wg.Go(func() {
			for bi := int(next.Add(1) - 1); bi < len(c.blocks); bi = int(next.Add(1) - 1) {
				fn(bi, c.blocks[bi])
			}
		})
	}
	wg.Wait()
}

// MonthsText formats months compactly: "2023-01…2023-06, 2023-09".
func MonthsText(ms []cal.Month) string {
	var parts []string
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && ms[j+1] == ms[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, ms[i].String()+"…"+ms[j].String())
		} else {
			parts = append(parts, ms[i].String())
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
