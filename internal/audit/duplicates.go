package audit

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Exclusion says that receiving scheme A and scheme B at once is not
// allowed (e.g. 居保 with 企业职工养老). Rules are symmetric.
type Exclusion struct{ A, B string }

// Rules is a set of mutually exclusive scheme pairs.
type Rules []Exclusion

// DefaultRules are the exclusions of 国发〔2014〕8号 (a 居保 recipient must
// not draw another statutory basic pension) and the rule that nobody draws
// the same scheme twice (in two places). 失保 combinations vary by local
// rule-set and are left to configuration.
var DefaultRules = Rules{
	{"居保", "企业职工养老"}, {"居保", "机关事业养老"}, {"居保", "居保"}, {"失保", "失保"},
}

// ParseRules reads rules written "居保:企业职工养老,居保:机关事业养老".
func ParseRules(s string) (Rules, error) {
	var out Rules
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, b, ok := strings.Cut(part, ":")
		if !ok {
			a, b, ok = strings.Cut(part, "：")
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if !ok || a == "" || b == "" {
			return nil, fmt.Errorf("互斥规则 %q 应写作 险种A:险种B (exclusion rule must read SchemeA:SchemeB)", part)
		}
		out = append(out, Exclusion{a, b})
	}
	return out, nil
}

// Excludes reports whether schemes a and b exclude each other. Scheme names
// are compared after trimming; a scheme name containing the rule's name
// counts (城乡居民基本养老保险 has 居保 only if written so — write the
// names your files use).
func (rs Rules) Excludes(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	for _, r := range rs {
		if r.A == a && r.B == b || r.A == b && r.B == a {
			return true
		}
	}
	return false
}

// SchemeBuilder collects other-scheme rows compactly. Use one per reading
// goroutine, then NewSchemeIndex.
type SchemeBuilder struct {
	keys     []uint64
	scheme   []uint16
	region   []uint16
	start    []cal.Month
	monthly  []money.Fen
	line     []int32
	file     []uint16
	nameEnd  []uint32
	names    []byte
	upgraded []bool  // the row's ID was a 15-digit number
	refs     []int64 // AddKey: where each row can be read back
	// Fetch, set with AddKey, reads back the full rows at refs (file
	// offsets or whatever the reader hands out), in order. It is how a
	// builder holds ten million rows as little more than their keys.
	Fetch   func(refs []int64) ([]SchemeRow, error)
	strs    map[string]uint16
	strList []string
	last    [3]struct {
		s string
		i uint16
	} // per-column cache of intern: scheme, region, file
	// Skipped counts rows whose ID could not be used (not valid, not
	// upgradable).
	Skipped int
}

func (b *SchemeBuilder) intern(col int, s string) uint16 {
	c := &b.last[col]
	if s == c.s && b.strList != nil {
		return c.i
	}
	i := b.intern1(s)
	c.s, c.i = b.strList[i], i
	return i
}

// Grow reserves room for n more rows, to spare the slices repeated
// doubling on a ten-million-row file.
func (b *SchemeBuilder) Grow(n int) {
	b.keys = slices.Grow(b.keys, n)
	b.upgraded = slices.Grow(b.upgraded, n)
	b.scheme = slices.Grow(b.scheme, n)
	if b.Fetch != nil { // AddKey keeps nothing else
		b.refs = slices.Grow(b.refs, n)
		return
	}
	b.region = slices.Grow(b.region, n)
	b.file = slices.Grow(b.file, n)
	b.start = slices.Grow(b.start, n)
	b.monthly = slices.Grow(b.monthly, n)
	b.line = slices.Grow(b.line, n)
	b.nameEnd = slices.Grow(b.nameEnd, n)
	b.names = slices.Grow(b.names, n*9)
}

func (b *SchemeBuilder) intern1(s string) uint16 {
	if b.strs == nil {
		b.strs = map[string]uint16{}
	}
	if i, ok := b.strs[s]; ok {
		return i
	}
	if len(b.strList) >= 65535 {
		return 0
	}
	b.strList = append(b.strList, strings.Clone(s))
	i := uint16(len(b.strList) - 1)
	b.strs[strings.Clone(s)] = i
	return i
}

// Add stores one row; the row's strings are copied, so it may borrow a
// reader's buffer.
//
// An 18-character ID is keyed by its 17 body digits without checking its
// check character: a roll row it meets in Resolve has been checked, and
// an equal body is the same number.
func (b *SchemeBuilder) Add(r *SchemeRow) {
	if !b.addKey(r) {
		return
	}
	b.region = append(b.region, b.intern(1, r.Region))
	b.file = append(b.file, b.intern(2, r.File))
	b.start = append(b.start, r.Start)
	b.monthly = append(b.monthly, r.Monthly)
	b.line = append(b.line, int32(r.Line))
	b.names = append(b.names, r.Name...)
	b.nameEnd = append(b.nameEnd, uint32(len(b.names)))
}

// SchemeIndex joins streamed roll rows with the other schemes' rows. It
// holds no hash map of the (possibly ten million) other rows: Probe tests a
// roll row against a Bloom filter of their IDs while the roll streams, and
// Resolve joins the few probed rows with the other rows in one sequential
// pass. It is read-only after NewSchemeIndex; Probe is safe for concurrent
// use.
type SchemeIndex struct {
	parts []*SchemeBuilder
	keys  bloom
}

// NewSchemeIndex indexes the rows of the builders.
func NewSchemeIndex(parts ...*SchemeBuilder) *SchemeIndex {
	n := 0
	for _, p := range parts {
		n += len(p.keys)
	}
	x := &SchemeIndex{parts: parts, keys: newBloom(n, 16)}
	var wg sync.WaitGroup
	for _, p := range parts { // the parts fill the filter side by side
		wg.Go(func() {
			for _, k := range p.keys {
				x.keys.addAtomic(k)
			}
		})
	}
	wg.Wait()
	return x
}

// Len returns the number of indexed rows.
func (x *SchemeIndex) Len() int {
	n := 0
	for _, p := range x.parts {
		n += len(p.keys)
	}
	return n
}

// Probe reports whether the roll row may carry the ID of an other-scheme
// row. False positives happen (about 0.5%); Resolve sorts them out.
func (x *SchemeIndex) Probe(r *Recipient) bool {
	k, ok := r.quickKey()
	return ok && x.keys.has(k)
}

// ProbeBatch is Probe for a batch of rows: it sets hit[i] for the rows
// that may be on another roll. Probing a batch in one tight loop lets the
// processor overlap the filter's cache misses. hit must be as long as rows.
func (x *SchemeIndex) ProbeBatch(rows []Recipient, hit []bool) {
	var keys [256]uint64
	for lo := 0; lo < len(rows); lo += len(keys) {
		n := min(len(keys), len(rows)-lo)
		for i := 0; i < n; i++ {
			k, ok := rows[lo+i].quickKey()
			if !ok {
				k = 0
			}
			keys[i] = k
		}
		x.keys.hasBatch(keys[:n], hit[lo:lo+n])
	}
}

// Resolve joins probed roll rows (which must own their strings) with the
// other-scheme rows carrying the same ID whose scheme the rules exclude,
// and returns the findings sorted by town, scheme and ID.
func (x *SchemeIndex) Resolve(probed []Recipient, rules Rules, asOf cal.Month) ([]DupFinding, error) {
	byKey := make(map[uint64][]int32, len(probed))
	forms := make([]idForm, len(probed))
	for i := range probed {
		f := probed[i].idForm()
		forms[i] = f
		if f.usable {
			byKey[f.key] = append(byKey[f.key], int32(i))
		}
	}
	// a small filter over the probed keys spares the map look-up for
	// almost every one of the other rows
	probe := newBloom(len(byKey), 16)
	for k := range byKey {
		probe.add(k)
	}
	// each part (one per reading goroutine) is joined in its own goroutine
	outs := make([][]DupFinding, len(x.parts))
	errs := make([]error, len(x.parts))
	var wg sync.WaitGroup
	for pi, p := range x.parts {
		wg.Go(func() { outs[pi], errs[pi] = p.join(probed, forms, byKey, &probe, rules, asOf) })
	}
	wg.Wait()
	var out []DupFinding
	for pi := range outs {
		if errs[pi] != nil {
			return nil, errs[pi]
		}
		out = append(out, outs[pi]...)
	}
	SortDupFindings(out)
	return out, nil
}

// join finds the probed roll rows whose key is on this part and whose
// schemes the rules exclude, and builds their findings.
func (p *SchemeBuilder) join(probed []Recipient, forms []idForm, byKey map[uint64][]int32, probe *bloom, rules Rules, asOf cal.Month) ([]DupFinding, error) {
	type pair struct{ roll, other int32 }
	var out []DupFinding
	var pairs []pair
	var need []int
	for j, k := range p.keys {
		if !probe.has(k) {
			continue
		}
		for _, i := range byKey[k] {
			if rules.Excludes(probed[i].Scheme, p.strList[p.scheme[j]]) {
				if len(need) == 0 || need[len(need)-1] != j {
					need = append(need, j)
				}
				pairs = append(pairs, pair{i, int32(len(need) - 1)})
			}
		}
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	rows, err := p.rows(need)
	if err != nil {
		return nil, err
	}
	for _, pr := range pairs {
		r, o, j := &probed[pr.roll], rows[pr.other], need[pr.other]
		c := DupCandidate{Other: o, Kind: KindExactID, Names: CompareNames(r.Name, o.Name)}
		if forms[pr.roll].upgraded || p.upgraded[j] {
			c.Kind = Kind15To18
		}
		c.Reason.add(fmt.Sprintf("同时领取%s与%s（%s）", r.Scheme, o.Scheme, o.Region),
			fmt.Sprintf("draws both %s and %s (%s)", r.Scheme, o.Scheme, o.Region))
		c.Reason.add(nameZH(c.Names), nameEN(c.Names))
		c.Confidence = Review
		if c.Names == NameSame || c.Names == NameVariant || c.Names == NameHomophone {
			c.Confidence = Confirmed
		}
		out = append(out, ResolveDuplicate(*r, c, asOf))
	}
	return out, nil
}

// rows returns the full rows j of the builder: from memory, or through
// Fetch for a builder filled by AddKey.
func (p *SchemeBuilder) rows(js []int) ([]SchemeRow, error) {
	if p.Fetch == nil {
		out := make([]SchemeRow, len(js))
		for i, j := range js {
			out[i] = p.row(j)
		}
		return out, nil
	}
	refs := make([]int64, len(js))
	for i, j := range js {
		refs[i] = p.refs[j]
	}
	out, err := p.Fetch(refs)
	if err == nil && len(out) != len(js) {
		err = fmt.Errorf("读回 %d 行，应为 %d 行 (fetched %d rows, want %d)", len(out), len(js), len(out), len(js))
	}
	return out, err
}

func (p *SchemeBuilder) row(i int) SchemeRow {
	lo := uint32(0)
	if i > 0 {
		lo = p.nameEnd[i-1]
	}
	return SchemeRow{
		File: p.strList[p.file[i]], Line: int(p.line[i]),
		Name: string(p.names[lo:p.nameEnd[i]]), Scheme: p.strList[p.scheme[i]],
		Region: p.strList[p.region[i]], Start: p.start[i], Monthly: p.monthly[i],
	}
}

// AddKey stores only the ID, the scheme and a reference to read the row
// back (see Fetch); the row's strings are copied where kept.
func (b *SchemeBuilder) AddKey(r *SchemeRow, ref int64) {
	if b.addKey(r) {
		b.refs = append(b.refs, ref)
	}
}

// addKey stores what both Add and AddKey keep: key, form and scheme.
func (b *SchemeBuilder) addKey(r *SchemeRow) bool {
	key, upgraded, ok := b.keyOf(r.ID)
	if ok {
		b.keys = append(b.keys, key)
		b.upgraded = append(b.upgraded, upgraded)
		b.scheme = append(b.scheme, b.intern(0, r.Scheme))
	}
	return ok
}

// keyOf keys an other-scheme ID: an 18-character one by its 17 body
// digits (a digit or X must follow), a 15-digit one once upgraded. Rows
// without a usable ID are counted in Skipped.
func (b *SchemeBuilder) keyOf(id string) (key uint64, upgraded, ok bool) {
	if len(id) == 18 && (id[17] >= '0' && id[17] <= '9' || id[17] == 'X') {
		if k, ok := idKey(id); ok {
			return k, false, true
		}
	}
	if f := parseIDForm(id); f.usable {
		return f.key, f.upgraded, true
	}
	b.Skipped++
	return 0, false, false
}

// DupCandidate is an other-scheme row carrying the same person's ID.
type DupCandidate struct {
	Other      SchemeRow
	Kind       MatchKind
	Confidence Confidence
	Names      NameAgreement
	Reason     Reason
}

// DupFinding is a recipient who draws two schemes that exclude each other.
type DupFinding struct {
	Roll           Recipient
	Other          SchemeRow
	Kind           MatchKind
	Confidence     Confidence
	Reason         Reason
	OverpaidMonths int       // months both were drawn
	Overpaid       money.Fen // the roll's benefit over those months
}

// ResolveDuplicate turns a candidate into a finding. The overlap runs from
// the later of the two start months through the roll's last paid month (or
// asOf); the roll's scheme is the one to give back, as the center can only
// recover what it paid.
func ResolveDuplicate(r Recipient, c DupCandidate, asOf cal.Month) DupFinding {
	f := DupFinding{Roll: r, Other: c.Other, Kind: c.Kind, Confidence: c.Confidence, Reason: c.Reason}
	first := max(r.Start, c.Other.Start)
	last := r.PaidThrough
	if last == 0 || asOf != 0 && last > asOf {
		last = asOf
	}
	if first != 0 && last >= first {
		f.OverpaidMonths = int(last-first) + 1
		f.Overpaid = money.Fen(f.OverpaidMonths) * r.Monthly
	}
	return f
}

// SortDupFindings orders duplicate findings by town, scheme and ID,
// moving each (large) finding once.
func SortDupFindings(fs []DupFinding) {
	idx := rollOrder(len(fs), func(i int) *Recipient { return &fs[i].Roll })
	sorted := make([]DupFinding, len(fs))
	for i, j := range idx {
		sorted[i] = fs[j]
	}
	copy(fs, sorted)
}
