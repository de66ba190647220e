package payroll

import (
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
)

// The roll as the checker keeps it: a province's 10 million recipients
// must fit in well under a gigabyte and be looked up 10 million times a
// month, so a recipient is one fixed 56-byte record holding no pointer
// (the collector never scans it): the ID as its number (cnid.Key, the
// 18-character ID is rebuilt by cnid.FromKey), the dates, the months paid,
// the first bank account as a number, and small indexes for the rest —
// the name into its block's byte arena, (town, scheme, status) into a
// table of the few distinct triples, the file into the roll files.
// Everything the check of a payroll row touches is in this one record,
// which the ID table finds in one more probe.

// person is one recipient of the roll.
type person struct {
	key         uint64        // cnid.Key of the ID; 0 for an unused slot
	bits        atomic.Uint64 // months paid so far (bit m−from)
	acct        atomic.Uint64 // acctCode of the first bank account seen; 0 = none
	birth       cal.Date
	start       cal.Month
	paidThrough cal.Month
	line        int32         // line (row) in its roll file
	name        uint32        // offset of the name in its block's arena
	group       uint32        // index into Checker.groups
	flags       atomic.Uint32 // flagFunded, flagDup, flagSkipped
	nameLen     uint16
	file        uint16 // index into Checker.files
}

const (
	flagFunded  = 1 << iota // counted in the fund request
	flagDup                 // some month paid twice
	flagSkipped             // a later row of a repeated ID: not on the roll
)

// blockBits: the roll is kept in blocks of 2^14 recipients, one worker
// filling each, so that the roll is read in parallel and never copied to
// grow. A person's index (pi) is block<<blockBits | slot.
const (
	blockBits = 14
	blockSize = 1 << blockBits
	blockMask = blockSize - 1
)

type block struct {
	p     []person
	names []byte
	n     int
}

// group is one (town, scheme, status) of the roll, with what the check
// derives from it.
type group struct {
	Town, Scheme, Status string
	stopped              bool
	raised               uint64          // months of the period under a raised standard
	ref                  *benefit.Scheme // the rules' Scheme, nil if none
}

type groupKey struct{ town, scheme, status string }

type groupEntry struct {
	ix  uint32
	key groupKey
}

type groupCached struct {
	h  uint64
	e  groupEntry
	ok bool
}

func (c *Checker) person(pi int32) *person {
	return &c.blocks[pi>>blockBits].p[pi&blockMask]
}

// idOf is the person's normalised 18-character ID.
func (p *person) idOf() string { return string(cnid.FromKey(p.key)) }

func (c *Checker) nameOf(pi int32) string {
	b := c.blocks[pi>>blockBits]
	p := &b.p[pi&blockMask]
	return string(b.names[p.name : p.name+uint32(p.nameLen)])
}

// earlier reports whether person pi comes before qi in the roll files
// (rows without a line keep the order they were added in).
func (c *Checker) earlier(pi, qi int32) bool {
	p, q := c.person(pi), c.person(qi)
	if p.file != q.file {
		return p.file < q.file
	}
	if p.line != q.line {
		return p.line < q.line
	}
	return pi < qi
}

// rollOrder compares people by their place in the roll files.
func (c *Checker) rollOrder(pi, qi int32) int {
	switch {
	case pi == qi:
		return 0
	case c.earlier(pi, qi):
		return -1
	}
	return 1
}

// each calls fn for every person on the roll (not the rows skipped), in
// blocks' order.
func (c *Checker) each(fn func(pi int32, p *person)) {
	for bi, b := range c.blocks {
		for i := range b.n {
			if p := &b.p[i]; p.flags.Load()&flagSkipped == 0 {
				fn(int32(bi<<blockBits|i), p)
			}
		}
	}
}

// slots is the size of the person index space (for per-person arrays).
func (c *Checker) slots() int { return len(c.blocks) << blockBits }

// NewChecker prepares a check of the months from…to (at most 64) against
// a roll. Roll rows with an unusable or repeated ID are skipped (they
// cannot be paid against); the count is returned.
func NewChecker(rules *benefit.Rules, roll []audit.Recipient, from, to cal.Month, workers int) (*Checker, int, error) {
	b, err := NewRollBuilder(rules, from, to, workers, len(roll))
	if err != nil {
		return nil, 0, err
	}
	b.AddBatch(0, roll)
	c, skipped := b.Checker()
	return c, skipped, nil
}

// RollBuilder takes the roll, from one goroutine per worker (AddBatch),
// so that a large roll is read on every core and never held twice.
type RollBuilder struct {
	c       *Checker
	mu      sync.Mutex // blocks, groups, files
	groupIx map[groupKey]uint32
	fileIx  map[string]uint16
	ws      []rollWorker
}

type rollWorker struct {
	blk     *block // the block being filled, nil for none
	groups  map[uint64]groupEntry
	cache   *[512]groupCached // a direct-mapped cache in front of groups
	last    groupKey          // the last row's group, a quick answer for runs of one town
	lastIx  uint32
	hasLast bool
	file    string
	fileIx  uint16
	hasFile bool
	skipped int
	_       [64]byte
}

// MaxWorkers is the most workers a check uses: a row notes its worker in
// a byte. Callers that hand rows to AddBatch clamp their own count to it.
const MaxWorkers = 255

// NewRollBuilder starts a checker; sizeHint is the expected roll size.
func NewRollBuilder(rules *benefit.Rules, from, to cal.Month, workers, sizeHint int) (*RollBuilder, error) {
	if from == 0 || to < from || int(to-from) >= sharedAccountLimit {
		return nil, fmt.Errorf("核对期间 %s–%s 无效，最多 64 个月 (period must be 1–64 months)", from, to)
	}
	workers = min(max(workers, 1), MaxWorkers)
	c := &Checker{rules: rules, from: from, to: to, seed: maphash.MakeSeed(), workers: make([]worker, workers),
		blocks: make([]*block, 0, max(sizeHint, 0)/blockSize+workers)}
	b := &RollBuilder{c: c, groupIx: map[groupKey]uint32{}, fileIx: map[string]uint16{}, ws: make([]rollWorker, workers)}
	for w := range b.ws {
		b.ws[w].groups = map[uint64]groupEntry{}
		b.ws[w].cache = new([512]groupCached)
	}
	return b, nil
}

// Add takes one roll row (as worker 0); its strings are copied.
func (b *RollBuilder) Add(r *audit.Recipient) { b.add(&b.ws[0], r) }

// AddBatch takes roll rows as worker w (0 ≤ w < workers); calls for
// different workers may run at once. The rows' strings are copied.
func (b *RollBuilder) AddBatch(w int, rows []audit.Recipient) {
	rw := &b.ws[w]
	for i := range rows {
		b.add(rw, &rows[i])
	}
}

// maxRollFiles is the number of roll files a check can hold apart.
const maxRollFiles = 1 << 16

func (b *RollBuilder) add(rw *rollWorker, r *audit.Recipient) {
	id := cnid.ID(r.ID)
	if !cnid.Valid18(r.ID) { // the readers' IDs are normalised already: Parse only the others
		var err error
		if id, err = cnid.Parse(r.ID); err != nil {
			rw.skipped++
			return
		}
	}
	k, _ := cnid.Key(string(id))
	birth := r.Birth
	if birth == 0 {
		ymd := id.BirthYMD()
		birth = cal.DateOf(ymd/10000, ymd/100%100, ymd%100)
	}
	if !rw.hasFile || rw.file != r.File {
		ix, ok := b.fileIndex(r.File)
		if !ok {
			rw.skipped++
			return
		}
		rw.file, rw.fileIx, rw.hasFile = r.File, ix, true
	}
	if gk := (groupKey{r.Town, r.Scheme, r.Status}); !rw.hasLast || gk != rw.last {
		// the worker's own table, by a hash of the three strings (cheaper
		// than a map keyed by them); the common table only for a new one
		h := maphash.String(b.c.seed, gk.town)*31 ^ maphash.String(b.c.seed, gk.scheme)*17 ^ maphash.String(b.c.seed, gk.status)
		cached := &rw.cache[h%uint64(len(rw.cache))]
		e := cached.e
		if !cached.ok || cached.h != h || e.key != gk {
			var ok bool
			if e, ok = rw.groups[h]; !ok || e.key != gk {
				e.ix, e.key = b.groupIndex(gk) // the table's copies: the row's strings are borrowed
				if !ok {
					rw.groups[h] = e
				}
			}
			cached.h, cached.e, cached.ok = h, e, true
		}
		rw.last, rw.lastIx, rw.hasLast = e.key, e.ix, true
	}
	blk := rw.blk
	if blk == nil || blk.n == blockSize {
		blk = &block{p: make([]person, blockSize)}
		b.mu.Lock()
		b.c.blocks = append(b.c.blocks, blk)
		b.mu.Unlock()
		rw.blk = blk
	}
	p := &blk.p[blk.n]
	blk.n++
	name := r.Name
	if len(name) > 0xffff {
		// a name is a few characters: this is no name, kept only for
		// display, cut at a character's start
		cut := 0xffff
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	p.key, p.birth, p.start, p.paidThrough = k, birth, r.Start, r.PaidThrough
	p.line, p.file, p.group = int32(min(r.Line, 1<<31-1)), rw.fileIx, rw.lastIx
	p.name, p.nameLen = uint32(len(blk.names)), uint16(len(name))
	blk.names = append(blk.names, name...)
}

// fileIndex returns the index of a roll file, adding it.
func (b *RollBuilder) fileIndex(path string) (uint16, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ix, ok := b.fileIx[path]
	if !ok && len(b.c.files) < maxRollFiles {
		ix, ok = uint16(len(b.c.files)), true
		path = strings.Clone(path)
		b.c.files = append(b.c.files, path)
		b.fileIx[path] = ix
	}
	return ix, ok
}

// groupIndex returns the index of a (town, scheme, status), adding it.
func (b *RollBuilder) groupIndex(k groupKey) (uint32, groupKey) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ix, ok := b.groupIx[k]
	if !ok {
		ix = uint32(len(b.c.groups))
		g := group{Town: strings.Clone(k.town), Scheme: strings.Clone(k.scheme), Status: strings.Clone(k.status)}
		g.stopped = stopped(g.Status)
		b.c.groups = append(b.c.groups, g)
		b.groupIx[g.key()] = ix
	}
	return ix, b.c.groups[ix].key()
}

func (g *group) key() groupKey { return groupKey{g.Town, g.Scheme, g.Status} }

// Checker finishes the roll and returns the checker and the rows skipped
// (an unusable ID, or an ID already on the roll: the first row in the
// files' order stands).
func (b *RollBuilder) Checker() (*Checker, int) {
	c := b.c
	skipped := 0
	for w := range b.ws {
		skipped += b.ws[w].skipped
		b.ws[w] = rollWorker{}
	}
	raised := raisedTable(c.rules, c.from, c.to)
	for i := range c.groups {
		c.groups[i].raised = raised[c.groups[i].Scheme]
		c.groups[i].ref = c.rules.Schemes[c.groups[i].Scheme]
	}
	n := 0
	for _, blk := range c.blocks {
		n += blk.n
	}
	c.index = newIDTable(n)
	// every worker inserts whole blocks, a batch at a time
	var lost atomic.Int64
	c.parallelBlocks(func(bi int, _ *block) { lost.Add(int64(c.insertBlock(bi))) })
	c.persons = n - int(lost.Load())
	for w := range c.workers {
		c.workers[w].unver = map[string]*Unverifiable{}
		c.workers[w].acctText = map[int32]string{}
	}
	return c, skipped + int(lost.Load())
}

// insertBlock puts a block's people into the ID table and returns how
// many lost to an earlier row of the same ID.
func (c *Checker) insertBlock(bi int) int {
	blk := c.blocks[bi]
	lost := 0
	var home [lookBatch]uint64
	for lo := 0; lo < blk.n; lo += lookBatch {
		part := blk.p[lo:min(blk.n, lo+lookBatch)]
		// the slots are loaded first, in a loop of independent loads, so
		// that their cache misses overlap
		var sink uint64
		for i := range part {
			home[i] = c.index.home(part[i].key)
		}
		for i := range part {
			sink += c.index.slots[home[i]>>c.index.shift].Load()
		}
		c.sink.Add(sink & 1)
		for i := range part {
			if l := c.index.insert(c, int32(bi<<blockBits|(lo+i)), &part[i], home[i]); l >= 0 {
				c.person(l).flags.Or(flagSkipped)
				lost++
			}
		}
	}
	return lost
}

// lookBatch is how many IDs are looked up together.
const lookBatch = 256

// idTable maps ID keys (cnid.Key) to people: open addressing with linear
// probing over 8-byte slots, each holding 32 bits of the key's hash and
// the person's index + 1 (0: empty), so that a probe rarely reads a
// person that is not the one sought. At most two thirds full.
type idTable struct {
	slots []atomic.Uint64
	mask  uint64
	shift uint
}

func newIDTable(n int) idTable {
	size, lg := 1024, uint(10)
	for size < n+n/2 {
		size <<= 1
		lg++
	}
	return idTable{slots: make([]atomic.Uint64, size), mask: uint64(size - 1), shift: 64 - lg}
}

func mix(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// home is the hash of k: its top bits are the first slot to probe, its
// low 32 bits the fingerprint kept in the slot.
func (t *idTable) home(k uint64) uint64 { return mix(k) }

// get returns the person of key k; h is home(k).
func (t *idTable) get(c *Checker, k, h uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	fp := h & 0xffffffff
	for i := h >> t.shift; ; i = (i + 1) & t.mask {
		s := t.slots[i].Load()
		if s == 0 {
			return -1, false
		}
		if s>>32 == fp {
			if pi := int32(uint32(s)) - 1; c.person(pi).key == k {
				return pi, true
			}
		}
	}
}

// insert adds person pi (p) with hash h, from any goroutine. Of two
// people with the same key the one earlier in the roll files stays; the
// other's index is returned (-1 when there is none).
func (t *idTable) insert(c *Checker, pi int32, p *person, h uint64) int32 {
	fp := h & 0xffffffff
	want := fp<<32 | uint64(uint32(pi+1))
	for i := h >> t.shift; ; {
		s := t.slots[i].Load()
		if s == 0 {
			if t.slots[i].CompareAndSwap(0, want) {
				return -1
			}
			continue // taken meanwhile: look again
		}
		if s>>32 == fp {
			q := int32(uint32(s)) - 1
			if c.person(q).key == p.key {
				if !c.earlier(pi, q) {
					return pi
				}
				if t.slots[i].CompareAndSwap(s, want) {
					return q
				}
				continue // replaced meanwhile: compare with the new one
			}
		}
		i = (i + 1) & t.mask
	}
}
