package payroll

import (
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// person is one recipient of the roll, as the checker keeps it.
type person struct {
	ID, Name, Town, Scheme, Status string
	Birth                          cal.Date
	Start, PaidThrough             cal.Month
}

// rec is one payroll row after checking: 40 bytes, kept for every row
// until the duplicates are known.
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

// Checker verifies payroll rows. Add may be called from several
// goroutines at once, one per worker index.
type Checker struct {
	rules    *benefit.Rules
	from, to cal.Month
	people   []person
	index    idTable
	seed     maphash.Seed

	bits    []atomic.Uint64 // per person: months paid so far
	funded  []atomic.Bool   // per person: counted in the fund request
	dupOf   []atomic.Bool   // per person: some month paid twice
	acct    []atomic.Uint64 // per person: hash of the first account seen
	acctStr []string

	workers   []worker
	returns   returnsState
	raisedTab map[string]uint64 // per scheme: months under a raised standard
}

type worker struct {
	recs    []rec
	details []detail
	arena   audit.Arena
	unver   map[string]*Unverifiable
	rows    int
	outside int
	dueRows int
	dueAmt  money.Fen
	fund    fundAcc
	raise   int
	_       [64]byte
}

// NewChecker prepares a check of the months from…to (at most 64) against
// a roll. Roll rows with an unusable or repeated ID are skipped (they
// cannot be paid against); the count is returned.
func NewChecker(rules *benefit.Rules, roll []audit.Recipient, from, to cal.Month, workers int) (*Checker, int, error) {
	b, err := NewRollBuilder(rules, from, to, workers, len(roll))
	if err != nil {
		return nil, 0, err
	}
	for i := range roll {
		b.Add(&roll[i])
	}
	c, skipped := b.Checker()
	return c, skipped, nil
}

// RollBuilder takes the roll one row at a time (from one goroutine), so
// that a large roll is never held twice.
type RollBuilder struct {
	c       *Checker
	a       audit.Arena
	skipped int
}

// NewRollBuilder starts a checker; sizeHint is the expected roll size.
func NewRollBuilder(rules *benefit.Rules, from, to cal.Month, workers, sizeHint int) (*RollBuilder, error) {
	if from == 0 || to < from || int(to-from) >= sharedAccountLimit {
		return nil, fmt.Errorf("核对期间 %s–%s 无效，最多 64 个月 (period must be 1–64 months)", from, to)
	}
	workers = min(max(workers, 1), 255)
	c := &Checker{rules: rules, from: from, to: to, index: newIDTable(sizeHint), seed: maphash.MakeSeed(),
		workers: make([]worker, workers)}
	return &RollBuilder{c: c}, nil
}

// Add takes one roll row; its strings are copied.
func (b *RollBuilder) Add(r *audit.Recipient) {
	c := b.c
	id, err := cnid.Parse(r.ID)
	if err != nil {
		b.skipped++
		return
	}
	k, _ := cnid.Key(string(id))
	if _, dup := c.index.get(k); dup {
		b.skipped++
		return
	}
	birth := r.Birth
	if birth == 0 {
		ymd := id.BirthYMD()
		birth = cal.DateOf(ymd/10000, ymd/100%100, ymd%100)
	}
	a := &b.a
	c.index.put(k, int32(len(c.people)))
	c.people = append(c.people, person{ID: a.String(string(id)), Name: a.String(r.Name), Town: a.String(r.Town),
		Scheme: a.String(r.Scheme), Status: a.String(r.Status), Birth: birth, Start: r.Start, PaidThrough: r.PaidThrough})
}

// Checker finishes the roll and returns the checker and the rows skipped.
func (b *RollBuilder) Checker() (*Checker, int) {
	c := b.c
	n := len(c.people)
	c.bits = make([]atomic.Uint64, n)
	c.dupOf = make([]atomic.Bool, n)
	c.funded = make([]atomic.Bool, n)
	c.raisedTab = raisedTable(c.rules, c.from, c.to)
	c.acct = make([]atomic.Uint64, n)
	c.acctStr = make([]string, n)
	for w := range c.workers {
		c.workers[w].unver = map[string]*Unverifiable{}
	}
	return c, b.skipped
}

// Reserve sizes worker w's row store for about n rows.
func (c *Checker) Reserve(w, n int) {
	c.workers[w].recs = slices.Grow(c.workers[w].recs, n)
}

func (wk *worker) unverifiable(reason string, r *Row) {
	u := wk.unver[reason]
	if u == nil {
		u = &Unverifiable{Reason: reason}
		wk.unver[reason] = u
	}
	u.Rows++
	if len(u.Sample) < maxSamples {
		u.Sample = append(u.Sample, Sample{File: wk.arena.String(r.File), Line: r.Line, ID: wk.arena.String(r.ID)})
	}
}

// key returns the roll index of a row's ID.
func (c *Checker) lookup(id string) (int32, bool) {
	k, ok := cnid.Key(id)
	if !ok || len(id) != 18 {
		p, err := cnid.Parse(id)
		if err != nil {
			return -1, false
		}
		k, _ = cnid.Key(string(p))
	}
	return c.index.get(k)
}

// Add checks one row; w is the calling worker (0 ≤ w < workers). The row
// is not kept.
func (c *Checker) Add(w int, r *Row) {
	wk := &c.workers[w]
	wk.rows++
	if r.Month < c.from || r.Month > c.to {
		// another month of a year's file checked for one month: not a
		// fault of the row, counted once in Result.Outside
		wk.outside++
		return
	}
	wk.dueRows++
	wk.dueAmt += r.Paid
	if len(r.ID) != 18 && len(r.ID) != 15 {
		wk.unverifiable(reasonBadID, r)
		return
	}
	pi, ok := c.lookup(r.ID)
	if !ok {
		wk.unverifiable(reasonNotOnRoll, r)
		return
	}
	p := &c.people[pi]
	if old := c.bits[pi].Or(1 << uint(r.Month-c.from)); old&(1<<uint(r.Month-c.from)) != 0 {
		c.dupOf[pi].Store(true)
	}
	if r.Account != "" {
		h := maphash.String(c.seed, r.Account) | 1
		if c.acct[pi].CompareAndSwap(0, h) {
			c.acctStr[pi] = wk.arena.String(r.Account)
		}
	}
	kind, expected, st := c.classify(p, r)
	if r.Month == c.to && c.funded[pi].CompareAndSwap(false, true) {
		bp := c.benefitPerson(p, r)
		c.noteFund(wk, p, &bp, st)
	}
	if st != "" {
		// kept as a row so a second payment of the month is still seen
		wk.recs = append(wk.recs, rec{pi: pi, line: int32(r.Line), month: r.Month, detail: -1, kind: kindUnverified, paid: r.Paid})
		wk.unverifiable(st, r)
		return
	}
	if c.raisedTab[p.Scheme]&(1<<uint(r.Month-c.from)) != 0 {
		wk.raise++
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
func (c *Checker) benefitPerson(p *person, r *Row) benefit.Person {
	bp := benefit.Person{Scheme: p.Scheme, Birth: p.Birth, Start: p.Start, Years: r.Years, Makeup: r.Makeup,
		Balance: r.Balance, HasBalance: r.HasBalance}
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
func (c *Checker) classify(p *person, r *Row) (Kind, money.Fen, string) {
	if stopped(p.Status) {
		if p.PaidThrough == 0 {
			return 0, 0, reasonStopUnknown
		}
		if r.Month > p.PaidThrough {
			return AfterStop, 0, ""
		}
	}
	bp := c.benefitPerson(p, r)
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
			for _, s := range u.Sample {
				if len(t.Sample) < maxSamples {
					t.Sample = append(t.Sample, s)
				}
			}
		}
		for _, x := range wk.recs {
			if c.dupOf[x.pi].Load() {
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
		res.Unverified += u.Rows
		res.Unverifiable = append(res.Unverifiable, *u)
	}
	sort.Slice(res.Unverifiable, func(i, j int) bool { return res.Unverifiable[i].Reason < res.Unverifiable[j].Reason })
	// findings: one per person and kind, months in order
	slices.SortFunc(all, func(a, b rec) int {
		if a.pi != b.pi {
			return int(a.pi - b.pi)
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
		p := &c.people[group[0].pi]
		f := Finding{ID: p.ID, Name: p.Name, Town: p.Town, Scheme: p.Scheme, Kind: group[0].kind}
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
		f.Formula = c.formula(p, f.Kind, group[0])
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
func (c *Checker) formula(p *person, k Kind, x rec) string {
	m := x.month
	switch k {
	case AfterStop:
		return fmt.Sprintf("名册状态%s，最后发放年月 %s，%s 不应发放：应发 0", p.Status, p.PaidThrough, m)
	case UnderAge:
		age := 0
		if s := c.rules.Schemes[p.Scheme]; s != nil {
			age = s.MinAge
		}
		return fmt.Sprintf("出生日期 %s，%s 起满 %d 周岁，%s 未到领取年龄：应发 0", p.Birth, benefit.Reached(p.Birth, age, c.rules.PensionFrom), age, m)
	case BeforeStart:
		return fmt.Sprintf("待遇开始年月 %s，%s 早于开始年月：应发 0", p.Start, m)
	case Duplicate:
		return fmt.Sprintf("%s 已有一笔发放，本笔重复：应发 0", m)
	}
	if x.detail < 0 {
		return ""
	}
	d := c.workers[x.worker].details[x.detail]
	bp := benefit.Person{Scheme: p.Scheme, Birth: p.Birth, Start: p.Start, Years: d.years, Makeup: d.makeup,
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

// shared lists accounts paid to more than one recipient.
func (c *Checker) shared() []SharedAccount {
	type ph struct {
		h  uint64
		pi int32
	}
	var hs []ph
	for i := range c.acct {
		if h := c.acct[i].Load(); h != 0 {
			hs = append(hs, ph{h, int32(i)})
		}
	}
	slices.SortFunc(hs, func(a, b ph) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return int(a.pi - b.pi)
	})
	var out []SharedAccount
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].h == hs[i].h {
			j++
		}
		if j-i > 1 {
			// a hash collision is not a shared account: group by the text
			byText := map[string][]int32{}
			for _, x := range hs[i:j] {
				byText[c.acctStr[x.pi]] = append(byText[c.acctStr[x.pi]], x.pi)
			}
			for acct, pis := range byText {
				if len(pis) < 2 {
					continue
				}
				s := SharedAccount{Account: acct}
				for _, pi := range pis {
					p := &c.people[pi]
					s.IDs, s.Names, s.Towns = append(s.IDs, p.ID), append(s.Names, p.Name), append(s.Towns, p.Town)
				}
				out = append(out, s)
			}
		}
		i = j
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out
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

// idTable maps ID keys (cnid.Key, never 0) to roll indexes: open
// addressing with linear probing, key and value side by side so that a
// look-up costs one cache miss. Read-only once built.
type idTable struct {
	slots []idSlot
	mask  uint64
	n     int
}

type idSlot struct {
	key uint64
	val int32
}

func newIDTable(n int) idTable {
	size := 1024
	for size < 2*n {
		size <<= 1
	}
	return idTable{slots: make([]idSlot, size), mask: uint64(size - 1)}
}

func (t *idTable) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> 20 & t.mask }

func (t *idTable) get(k uint64) (int32, bool) {
	for i := t.slot(k); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == k {
			return s.val, true
		}
		if s.key == 0 {
			return -1, false
		}
	}
}

func (t *idTable) put(k uint64, v int32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		*t = newIDTable(2 * len(old))
		for _, s := range old {
			if s.key != 0 {
				t.put(s.key, s.val)
			}
		}
	}
	for i := t.slot(k); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == 0 {
			t.n++
		}
		if s.key == 0 || s.key == k {
			s.key, s.val = k, v
			return
		}
	}
}
