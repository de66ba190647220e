package audit

import (
	"jixiao/internal/cal"
	"slices"
	"strings"
)

// Coverage kinds.
const (
	KindNotEnrolled    MatchKind = "not_enrolled"   // a hardship-group member on no roll
	KindDaijiaoUnpaid  MatchKind = "daijiao_unpaid" // enrolled contributor whose 代缴 was not paid
	KindEnrolledByName MatchKind = "enrolled_by_name_only"
)

// CoverageIndex checks that every hardship-group member is enrolled and,
// while of contributing age, has the contribution paid for them (代缴).
// Stream the rolls through Enrolled/MarkEnrolled and the payments through
// PaidFor/MarkPaid, then call Findings.
type CoverageIndex struct {
	members []HardshipMember
	forms   []idForm
	byKey   map[uint64][]int32
	byBirth map[cal.Date][]int32
	state   []coverState
}

type coverState struct {
	enrolled   bool
	byName     bool // only by name + birth date
	recipient  bool // draws a benefit (no contribution due)
	paid       bool
	rollScheme string
}

// NewCoverageIndex indexes the members of the hardship lists.
func NewCoverageIndex(members []HardshipMember) *CoverageIndex {
	x := &CoverageIndex{members: members, forms: make([]idForm, len(members)),
		byKey: map[uint64][]int32{}, byBirth: map[cal.Date][]int32{}, state: make([]coverState, len(members))}
	for i := range members {
		f := parseIDForm(members[i].ID)
		x.forms[i] = f
		if f.usable {
			x.byKey[f.key] = append(x.byKey[f.key], int32(i))
		}
		b := members[i].Birth
		if b == 0 {
			b = f.birth
		}
		if !f.usable && b != 0 {
			x.byBirth[b] = append(x.byBirth[b], int32(i))
		}
	}
	return x
}

// Hit is a member a roll row or payment belongs to.
type Hit struct {
	Member int32
	ByName bool
}

// Enrolled returns the members this roll row enrols, appended to dst. Safe
// for concurrent use.
func (x *CoverageIndex) Enrolled(r *Recipient, dst []Hit) []Hit {
	f := r.idForm()
	if f.usable {
		for _, m := range x.byKey[f.key] {
			dst = append(dst, Hit{Member: m})
		}
	}
	b := f.birth
	if b == 0 {
		b = r.Birth
	}
	for _, m := range x.byBirth[b] {
		if a := CompareNames(r.Name, x.members[m].Name); a <= NameHomophone {
			dst = append(dst, Hit{Member: m, ByName: true})
		}
	}
	return dst
}

// MarkEnrolled records that hit's member is on the roll as r. Not safe for
// concurrent use.
func (x *CoverageIndex) MarkEnrolled(h Hit, r *Recipient) {
	s := &x.state[h.Member]
	if s.enrolled && !s.byName {
		return
	}
	s.enrolled, s.byName = true, h.ByName
	s.recipient = r.Monthly > 0
	s.rollScheme = strings.Clone(r.Scheme)
}

// PaidFor returns the members a 代缴 payment is for.
func (x *CoverageIndex) PaidFor(c *Contribution, year int) []int32 {
	if year != 0 && c.Year != 0 && c.Year != year {
		return nil
	}
	f := parseIDForm(c.ID)
	if !f.usable {
		return nil
	}
	return x.byKey[f.key]
}

// age is member i's age in years at the start of asOf's year, -1 when
// the birth date is unknown.
func (x *CoverageIndex) age(i int, asOf cal.Month) int {
	b := x.members[i].Birth
	if b == 0 {
		b = x.forms[i].birth
	}
	if b == 0 || asOf.Year() <= 0 {
		return -1
	}
	return asOf.Year() - int(b)/10000
}

// Checked counts the members Findings looks at (all but those under 16):
// the denominator of 代缴覆盖率, whose numerator is Checked − len(Findings).
func (x *CoverageIndex) Checked(asOf cal.Month) int {
	n := 0
	for i := range x.members {
		if a := x.age(i, asOf); a < 0 || a >= 16 {
			n++
		}
	}
	return n
}

// MarkPaid records a 代缴 payment for member m.
func (x *CoverageIndex) MarkPaid(m int32) { x.state[m].paid = true }

// CoverageFinding is a hardship-group member who is not covered.
type CoverageFinding struct {
	Member     HardshipMember
	Kind       MatchKind
	Confidence Confidence
	Reason     Reason
}

// Findings lists members not enrolled, and enrolled members of
// contributing age (16 to 59 at the start of asOf's year) with no 代缴
// payment. Members under 16 are skipped. A member whose ID is unusable and
// who was found by name and birth date alone goes to review.
func (x *CoverageIndex) Findings(asOf cal.Month) []CoverageFinding {
	var out []CoverageFinding
	for i, m := range x.members {
		f := x.forms[i]
		age := x.age(i, asOf)
		if age >= 0 && age < 16 {
			continue
		}
		s := x.state[i]
		cf := CoverageFinding{Member: m, Confidence: Confirmed}
		switch {
		case !s.enrolled:
			cf.Kind = KindNotEnrolled
			cf.Reason.add("未在任何名册中找到", "not found on any roll")
			if !f.usable {
				cf.Confidence = Review
				cf.Reason.add("身份证号无法使用，需人工核实", "ID number unusable, verify by hand")
			}
		case s.byName:
			cf.Kind = KindEnrolledByName
			cf.Confidence = Review
			cf.Reason.add("仅按姓名和出生日期在名册中找到", "found on a roll by name and birth date only")
		case !s.recipient && !s.paid && (age < 0 || age < 60):
			cf.Kind = KindDaijiaoUnpaid
			cf.Reason.add("已参保但本年度未代缴", "enrolled, but no contribution paid for them this year")
		default:
			continue
		}
		out = append(out, cf)
	}
	slices.SortStableFunc(out, func(a, b CoverageFinding) int {
		if c := strings.Compare(a.Member.Town, b.Member.Town); c != 0 {
			return c
		}
		return strings.Compare(a.Member.ID, b.Member.ID)
	})
	return out
}
