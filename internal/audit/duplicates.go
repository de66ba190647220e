package audit

import (
	"fmt"
	"slices"
	"strings"

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
	keys    []uint64
	scheme  []uint16
	region  []uint16
	start   []Month
	monthly []money.Fen
	line    []int32
	file    []uint16
	nameEnd []uint32
	names   []byte
	idx     map[uint64]uint32 // key → row+1 of the last row with it
	next    []uint32          // row → row+1 of the previous row with the same key
	strs    map[string]uint16
	strList []string
	lastS   string
	lastI   uint16
	// Skipped counts rows whose ID could not be used (not valid, not
	// upgradable).
	Skipped int
}

func (b *SchemeBuilder) intern(s string) uint16 {
	if s == b.lastS && b.strList != nil {
		return b.lastI
	}
	i := b.intern1(s)
	b.lastS, b.lastI = b.strList[i], i
	return i
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
func (b *SchemeBuilder) Add(r *SchemeRow) {
	f := parseIDForm(r.ID)
	if !f.usable {
		b.Skipped++
		return
	}
	if b.idx == nil {
		b.idx = map[uint64]uint32{}
	}
	b.next = append(b.next, b.idx[f.key])
	b.idx[f.key] = uint32(len(b.keys) + 1)
	b.keys = append(b.keys, f.key)
	b.scheme = append(b.scheme, b.intern(r.Scheme))
	b.region = append(b.region, b.intern(r.Region))
	b.file = append(b.file, b.intern(r.File))
	b.start = append(b.start, r.Start)
	b.monthly = append(b.monthly, r.Monthly)
	b.line = append(b.line, int32(r.Line))
	b.names = append(b.names, r.Name...)
	b.nameEnd = append(b.nameEnd, uint32(len(b.names)))
}

// SchemeIndex answers "which other-scheme rows carry this ID?". It is
// read-only after NewSchemeIndex and safe for concurrent use.
type SchemeIndex struct {
	parts []*SchemeBuilder
	keys  bloom
}

// NewSchemeIndex indexes the rows of the builders. Each builder already
// holds a hash map of its own rows (built by its reading goroutine); the
// index adds one Bloom filter over all of them, so that the many roll rows
// on no other roll cost one cache line.
func NewSchemeIndex(parts ...*SchemeBuilder) *SchemeIndex {
	n := 0
	for _, p := range parts {
		n += len(p.keys)
	}
	x := &SchemeIndex{parts: parts, keys: newBloom(n)}
	for _, p := range parts {
		for _, k := range p.keys {
			x.keys.add(k)
		}
	}
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

// DupCandidate is an other-scheme row carrying the same person's ID.
type DupCandidate struct {
	Other      SchemeRow
	Kind       MatchKind
	Confidence Confidence
	Names      NameAgreement
	Reason     Reason
}

// Match returns the other-scheme rows that exclude the roll row under
// rules, appended to dst. The returned rows own their strings.
func (x *SchemeIndex) Match(r *Recipient, rules Rules, dst []DupCandidate) []DupCandidate {
	f := r.idForm()
	if !f.usable || !x.keys.has(f.key) {
		return dst
	}
	for _, p := range x.parts {
		for ref := p.idx[f.key]; ref != 0; ref = p.next[ref-1] {
			dst = p.match(r, f, int(ref-1), rules, dst)
		}
	}
	return dst
}

func (p *SchemeBuilder) match(r *Recipient, f idForm, i int, rules Rules, dst []DupCandidate) []DupCandidate {
	{
		scheme := p.strList[p.scheme[i]]
		if rules.Excludes(r.Scheme, scheme) {
			o := p.row(i)
			c := DupCandidate{Other: o, Kind: KindExactID, Names: CompareNames(r.Name, o.Name)}
			if f.upgraded {
				c.Kind = Kind15To18
			}
			c.Reason.add(fmt.Sprintf("同时领取%s与%s（%s）", r.Scheme, o.Scheme, o.Region),
				fmt.Sprintf("draws both %s and %s (%s)", r.Scheme, o.Scheme, o.Region))
			c.Reason.add(nameZH(c.Names), nameEN(c.Names))
			c.Confidence = Review
			if c.Names == NameSame || c.Names == NameVariant || c.Names == NameHomophone {
				c.Confidence = Confirmed
			}
			dst = append(dst, c)
		}
	}
	return dst
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
func ResolveDuplicate(r Recipient, c DupCandidate, asOf Month) DupFinding {
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

// SortDupFindings orders duplicate findings by town, scheme and ID.
func SortDupFindings(fs []DupFinding) {
	slices.SortStableFunc(fs, func(a, b DupFinding) int { return cmpRoll(&a.Roll, &b.Roll) })
}
