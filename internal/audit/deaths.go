package audit

import (
	"slices"
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// DeathIndex holds the month's death records, indexed for streaming the
// roll against them: each roll row is looked up by its exact ID, by the
// IDs a mistyped death ID may stand for, and by birth date for records
// without a usable ID. Build it with NewDeathIndex; Match is safe for
// concurrent use.
type DeathIndex struct {
	recs    []DeathRecord
	forms   []idForm
	births  []cal.Date
	exact   table[int32]
	near    table[nearRef]
	keys    bloom           // over the keys of exact and near
	byBirth table[birthRef] // deaths without a valid ID, by birth date and first-character reading
	birthOK bloom           // over the keys of byBirth
	build   *deathBuild     // the maps the tables are built from; nil once built
}

// deathBuild collects the lists of DeathIndex before they are frozen into
// tables.
type deathBuild struct {
	exact   map[uint64][]int32
	near    map[uint64][]nearRef
	byBirth map[uint64][]birthRef
}

// birthRef is a death in a birth-date block, with the signature of its
// name (nameSig) to turn away most namesakes-by-block without comparing.
type birthRef struct {
	sig   uint64
	death int32
}

type nearRef struct {
	death int32
	kind  MatchKind
}

// NewDeathIndex indexes the death records. Records are kept as given; the
// index refers to them by position.
func NewDeathIndex(recs []DeathRecord) *DeathIndex {
	b := &deathBuild{
		exact:   make(map[uint64][]int32, len(recs)),
		near:    map[uint64][]nearRef{},
		byBirth: map[uint64][]birthRef{},
	}
	x := &DeathIndex{
		recs:   recs,
		forms:  make([]idForm, len(recs)),
		births: make([]cal.Date, len(recs)),
		build:  b,
	}
	for i := range recs {
		d := &recs[i]
		f := parseIDForm(d.ID)
		x.forms[i] = f
		birth := d.Birth
		if birth == 0 {
			birth = f.birth
		}
		x.births[i] = birth
		if f.usable {
			b.exact[f.key] = append(b.exact[f.key], int32(i))
		}
		if f.valid {
			x.addOldCode(d.ID, int32(i))
		} else {
			if len(d.ID) == 18 {
				digit, swap := neighbours(d.ID)
				for _, k := range digit {
					b.near[k] = append(b.near[k], nearRef{int32(i), KindOneDigit})
				}
				for _, k := range swap {
					b.near[k] = append(b.near[k], nearRef{int32(i), KindSwapped})
				}
			}
			x.addBirthName(birth, d.Name, int32(i))
			if f.birth != birth {
				x.addBirthName(f.birth, d.Name, int32(i))
			}
		}
		if d.Damaged != nil {
			// what is certain of a damaged number: its birth date(s)
			if d.Birth != 0 {
				x.addBirthName(d.Birth, d.Name, int32(i))
			} else {
				for _, b := range d.Damaged.Births() {
					x.addBirthName(cal.Date(b), d.Name, int32(i))
				}
			}
		}
	}
	x.keys = newBloom(len(b.exact)+len(b.near), 16)
	for k := range b.exact {
		x.keys.add(k)
	}
	for k := range b.near {
		x.keys.add(k)
	}
	x.birthOK = newBloom(len(b.byBirth), 16)
	for k := range b.byBirth {
		x.birthOK.add(k)
	}
	x.exact, x.near, x.byBirth = newTable(b.exact), newTable(b.near), newTable(b.byBirth)
	x.build = nil
	return x
}

// birthNameKeys appends the blocking keys of a birth date and a name: one
// per pinyin reading of the name's first character (so 陳 and 陈, 王 and
// 汪 … share a block), or the character itself when it has no reading.
func birthNameKeys(birth cal.Date, name string, dst []uint64) []uint64 {
	if birth == 0 {
		return dst
	}
	r := firstRune(name)
	if r == 0 {
		return dst
	}
	readingsOnce.Do(buildReadings)
	ids, ok := readingsOf(r)
	if !ok {
		// traditional and variant forms read like their standard form;
		// fold only characters the dictionary does not know
		if f, folded := foldChars[r]; folded {
			r = f
			ids, ok = readingsOf(r)
		}
	}
	if g := lookAlikeOf(r); g != 0 {
		// a look-alike surname (王/玉) meets its group in a block of its own
		dst = append(dst, uint64(birth)<<32|1<<30|uint64(g))
	}
	if !ok {
		return append(dst, uint64(birth)<<32|1<<31|uint64(r))
	}
	for _, id := range ids {
		if id == 0 {
			break
		}
		dst = append(dst, uint64(birth)<<32|uint64(id))
	}
	return dst
}

func (x *DeathIndex) addBirthName(birth cal.Date, name string, i int32) {
	var buf [5]uint64
	sig := nameSig(name)
	for _, k := range birthNameKeys(birth, name, buf[:0]) {
		if l := x.build.byBirth[k]; len(l) == 0 || l[len(l)-1].death != i {
			x.build.byBirth[k] = append(l, birthRef{sig, i})
		}
	}
}

// addOldCode links a valid ID under an abolished address code to the same
// number under today's code, and the reverse.
func (x *DeathIndex) addOldCode(id string, i int32) {
	for _, other := range cnid.AltCodes(id[:6]) {
		body := other + id[6:17]
		c, _ := cnid.CheckChar(body)
		if k, ok := cnid.Key(body + string(c)); ok {
			x.build.near[k] = append(x.build.near[k], nearRef{i, KindOldCode})
		}
	}
}

// Len returns the number of death records.
func (x *DeathIndex) Len() int { return len(x.recs) }

// Record returns death record i.
func (x *DeathIndex) Record(i int) *DeathRecord { return &x.recs[i] }

// Candidate is one death record a roll row may belong to.
type Candidate struct {
	Death      int32 // index into the DeathIndex
	Kind       MatchKind
	Confidence Confidence
	Names      NameAgreement
	Reason     Reason
}

// Match returns the death records the roll row may belong to, appended to
// dst. It reads r only during the call.
func (x *DeathIndex) Match(r *Recipient, dst []Candidate) []Candidate {
	k, ok := r.quickKey()
	return x.MatchProbed(r, ok && x.keys.has(k), dst)
}

// ProbeBatch sets may[i] for the rows whose ID may be on the death list
// (or a mistyped neighbour of one), for MatchProbed. Probing a batch at
// once lets the filter's cache misses overlap. may must be as long as
// rows.
func (x *DeathIndex) ProbeBatch(rows []Recipient, may []bool) {
	var keys [256]uint64
	for lo := 0; lo < len(rows); lo += len(keys) {
		n := min(len(keys), len(rows)-lo)
		zero := false
		for i := 0; i < n; i++ {
			k, ok := rows[lo+i].quickKey()
			if !ok {
				k = 0
			}
			keys[i] = k
			zero = zero || ok && k == 0
		}
		x.keys.hasBatch(keys[:n], may[lo:lo+n])
		for i := 0; zero && i < n; i++ { // key 0 is a real key here
			if k, ok := rows[lo+i].quickKey(); ok && k == 0 {
				may[lo+i] = x.keys.has(0)
			}
		}
	}
}

// MatchProbed is Match for a row that ProbeBatch has probed: may is its
// answer for the row.
func (x *DeathIndex) MatchProbed(r *Recipient, may bool, dst []Candidate) []Candidate {
	start := len(dst)
	var rf idForm
	if may {
		rf = r.idForm() // checked only when the key may match
	} else if len(r.ID) == 18 {
		rf = idForm{birth: birthFromDigits(r.ID[6:14]), male: sexFromDigit(r.ID[16])}
	} else {
		rf = r.idForm()
	}
	if rf.usable && x.keys.has(rf.key) {
		if s := x.exact.find(rf.key); s != nil {
			dst = x.judgeID(r, rf, s.first, dst)
			for _, di := range x.exact.rest(s) {
				dst = x.judgeID(r, rf, di, dst)
			}
		}
		if rf.valid {
			for _, n := range x.near.get(rf.key) {
				dst = x.judgeNear(r, rf, n, dst)
			}
		}
	}
	birth := rf.birth
	if birth == 0 {
		birth = r.Birth
	}
	var buf [5]uint64
	var sig uint64
	for _, k := range birthNameKeys(birth, r.Name, buf[:0]) {
		if !x.birthOK.has(k) {
			continue
		}
		if sig == 0 {
			sig = nameSig(r.Name) // never 0
		}
		s := x.byBirth.find(k)
		if s == nil {
			continue
		}
		if sigsMayAgree(sig, s.first.sig) && !seen(dst[start:], s.first.death) {
			dst = x.judgeNameBirth(r, rf, s.first.death, dst)
		}
		for _, b := range x.byBirth.rest(s) {
			if sigsMayAgree(sig, b.sig) && !seen(dst[start:], b.death) {
				dst = x.judgeNameBirth(r, rf, b.death, dst)
			}
		}
	}
	return dst
}

func seen(c []Candidate, di int32) bool {
	for i := range c {
		if c[i].Death == di {
			return true
		}
	}
	return false
}

func (x *DeathIndex) judgeID(r *Recipient, rf idForm, di int32, dst []Candidate) []Candidate {
	d := &x.recs[di]
	df := x.forms[di]
	c := Candidate{Death: di, Kind: KindExactID}
	if rf.upgraded || df.upgraded {
		c.Kind = Kind15To18
		c.Reason.add("15位身份证号升位后一致", "IDs agree once the 15-digit number is upgraded to 18")
	} else {
		c.Reason.add("身份证号一致", "same ID number")
	}
	c.Names = CompareNames(r.Name, d.Name)
	c.Reason.add(nameZH(c.Names), nameEN(c.Names))
	switch c.Names {
	case NameSame, NameVariant, NameHomophone:
		c.Confidence = Confirmed
	default:
		c.Confidence = Review
	}
	return append(dst, c)
}

func (x *DeathIndex) judgeNear(r *Recipient, rf idForm, n nearRef, dst []Candidate) []Candidate {
	d := &x.recs[n.death]
	c := Candidate{Death: n.death, Kind: n.kind, Names: CompareNames(r.Name, d.Name)}
	if c.Names != NameSame && c.Names != NameVariant && c.Names != NameHomophone && c.Names != NameLookAlike {
		return dst // a neighbouring number of someone else
	}
	switch n.kind {
	case KindOneDigit:
		c.Reason.add("死亡记录身份证号有一位错误", "the death record's ID has one wrong character")
	case KindSwapped:
		c.Reason.add("死亡记录身份证号相邻两位颠倒", "the death record's ID has two neighbouring digits swapped")
	case KindOldCode:
		c.Reason.add("身份证号仅地址码新旧不同", "IDs differ only by an old and a new address code")
	}
	c.Reason.add(nameZH(c.Names), nameEN(c.Names))
	dBirth := d.Birth
	if dBirth == 0 {
		dBirth = birthFromDigits(safeSlice(d.ID, 6, 14))
	}
	birthOK := dBirth != 0 && dBirth == rf.birth
	if birthOK {
		c.Reason.add("出生日期一致", "same birth date")
	} else {
		c.Reason.add("出生日期不一致或缺失", "birth date differs or is missing")
	}
	c.Confidence = Review
	if n.kind != KindOldCode && birthOK && (c.Names == NameSame || c.Names == NameVariant) {
		c.Confidence = Confirmed
	}
	return append(dst, c)
}

func (x *DeathIndex) judgeNameBirth(r *Recipient, rf idForm, di int32, dst []Candidate) []Candidate {
	d := &x.recs[di]
	names := CompareNames(r.Name, d.Name)
	if names != NameSame && names != NameVariant && names != NameHomophone && names != NameLookAlike {
		return dst
	}
	rs := rf.male
	if rs == 0 {
		rs = sexOf(r.Sex)
	}
	ds := sexOf(d.Sex)
	if ds == 0 {
		ds = x.forms[di].male
	}
	if rs != 0 && ds != 0 && rs != ds {
		return dst
	}
	if r.Town != "" && d.Town != "" && NormTown(r.Town) != NormTown(d.Town) {
		return dst
	}
	c := Candidate{Death: di, Kind: KindNameBirth, Confidence: Review, Names: names}
	if d.Damaged != nil {
		id := r.ID
		if len(id) == 15 {
			up, err := cnid.Upgrade15(id)
			if err != nil {
				return dst
			}
			id = string(up)
		}
		if !d.Damaged.Fits(id) {
			return dst // the certain part of the number says someone else
		}
		c.Kind = KindDamagedID
		zh, en := d.Damaged.Reason()
		c.Reason.add(zh, en)
	} else if d.ID == "" {
		c.Reason.add("死亡记录无身份证号", "the death record has no ID number")
	} else {
		c.Reason.add("死亡记录身份证号无法使用", "the death record's ID number is unusable")
	}
	c.Reason.add(nameZH(names)+"，出生日期一致", nameEN(names)+", same birth date")
	if r.Town != "" && d.Town != "" {
		c.Reason.add("镇（街道）一致", "same town")
	}
	return append(dst, c)
}

func safeSlice(s string, i, j int) string {
	if len(s) < j {
		return ""
	}
	return s[i:j]
}

func nameZH(a NameAgreement) string {
	switch a {
	case NameSame:
		return "姓名一致"
	case NameVariant:
		return "姓名为异体字/繁体字/空格写法"
	case NameHomophone:
		return "姓名同音不同字"
	case NameLookAlike:
		return "姓名仅有形近字不同（如 己/已、王/玉），须核实"
	case NameMissing:
		return "姓名缺失"
	}
	return "姓名不一致"
}

func nameEN(a NameAgreement) string {
	switch a {
	case NameSame:
		return "same name"
	case NameVariant:
		return "name written with variant/traditional characters or spaces"
	case NameHomophone:
		return "name sounds the same (same pinyin)"
	case NameLookAlike:
		return "names differ only by look-alike characters (such as 己/已, 王/玉); to be verified"
	case NameMissing:
		return "name missing"
	}
	return "names differ"
}

// RowMatch is a roll row kept because it matched, with its candidates.
// Roll must own its strings (not borrow a reader's buffer).
type RowMatch struct {
	Roll  Recipient
	Cands []Candidate
}

// Finding is one deceased recipient still being paid, as the run reports it.
type Finding struct {
	Roll           Recipient
	Death          DeathRecord // the death record used for the date
	Kind           MatchKind
	Confidence     Confidence
	Reason         Reason
	Sources        []string // all death lists that name this person
	OverpaidMonths int
	Overpaid       money.Fen
}

// sourceRank orders death sources by reliability: lower is stronger.
func sourceRank(s string) int {
	switch {
	case strings.Contains(s, "公安"):
		return 0
	case strings.Contains(s, "民政") || strings.Contains(s, "火化"):
		return 1
	case strings.Contains(s, "卫健") || strings.Contains(s, "卫生") || strings.Contains(s, "医学"):
		return 2
	case s == "":
		return 4
	}
	return 3
}

// ResolveDeaths turns raw row matches into findings: a death record that
// links to a roll row by its ID is not also offered by name alone to other
// rows; each roll row keeps its strongest candidate, and the overpayment is
// computed with the policy for the run month asOf. Findings come sorted by
// town, scheme and ID.
func ResolveDeaths(x *DeathIndex, rows []RowMatch, p Policy, asOf cal.Month) []Finding {
	best := make(map[int32]int, len(rows))
	for _, rm := range rows {
		for _, c := range rm.Cands {
			if b, ok := best[c.Death]; !ok || c.Kind.rank() < b {
				best[c.Death] = c.Kind.rank()
			}
		}
	}
	// build the findings in their final order: no large moves afterwards
	out := make([]Finding, 0, len(rows))
	var keep []Candidate
	for _, ri := range rollOrder(len(rows), func(i int) *Recipient { return &rows[i].Roll }) {
		rm := &rows[ri]
		keep = keep[:0]
		for _, c := range rm.Cands {
			if c.Kind.rank() <= best[c.Death] || c.Kind.rank() <= 1 {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			continue
		}
		slices.SortStableFunc(keep, func(a, b Candidate) int {
			if a.Confidence != b.Confidence {
				if a.Confidence == Confirmed {
					return -1
				}
				return 1
			}
			if a.Kind.rank() != b.Kind.rank() {
				return a.Kind.rank() - b.Kind.rank()
			}
			return sourceRank(x.recs[a.Death].Source) - sourceRank(x.recs[b.Death].Source)
		})
		top := keep[0]
		f := Finding{Roll: rm.Roll, Death: x.recs[top.Death], Kind: top.Kind, Confidence: top.Confidence, Reason: top.Reason}
		conflict := false
		for _, c := range keep {
			d := &x.recs[c.Death]
			if d.Source != "" && !slices.Contains(f.Sources, d.Source) {
				f.Sources = append(f.Sources, d.Source)
			}
			if c.Confidence == top.Confidence && d.DeathDate != 0 && d.DeathDate != f.Death.DeathDate {
				conflict = true
			}
		}
		if conflict {
			f.Reason.add("各来源死亡日期不一致，按最可靠来源计", "death dates differ between sources; the most reliable source is used")
		}
		if f.Death.DeathDate%100 == 0 && f.Death.DeathDate != 0 {
			f.Reason.add("死亡日期仅有年月，按月计算", "the death date gives the month only; counted by month")
		}
		if f.Death.DeathDate == 0 {
			f.Confidence = Review
			f.Reason.add("死亡日期缺失，无法计算多发金额", "death date missing, overpayment not computed")
		} else {
			f.OverpaidMonths, f.Overpaid = p.Overpaid(&f.Roll, f.Death.DeathDate, asOf)
		}
		out = append(out, f)
	}
	return out
}

// rollOrder returns the indexes 0…n-1 ordered by the roll rows' town,
// scheme and ID (towns and schemes ranked once, then compared as numbers);
// equal rows keep their order.
func rollOrder(n int, roll func(i int) *Recipient) []int32 {
	town := ranks(n, func(i int) string { return roll(i).Town })
	scheme := ranks(n, func(i int) string { return roll(i).Scheme })
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := town[a] - town[b]; c != 0 {
			return int(c)
		}
		if c := scheme[a] - scheme[b]; c != 0 {
			return int(c)
		}
		if c := strings.Compare(roll(int(a)).ID, roll(int(b)).ID); c != 0 {
			return c
		}
		return int(a - b)
	})
	return idx
}

// ranks gives each index the rank of its key among the distinct keys.
func ranks(n int, key func(i int) string) []int32 {
	seen := map[string]int32{}
	var keys []string
	for i := 0; i < n; i++ {
		k := key(i)
		if _, ok := seen[k]; !ok {
			seen[k] = 0
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		seen[k] = int32(i)
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = seen[key(i)]
	}
	return out
}

// Policy holds the payment rules of the overpayment arithmetic.
type Policy struct {
	// PayableMonthsAfterDeath is how many months after the month of death
	// are still payable: 0 (the default, 国发〔2014〕8号) pays through the
	// month of death and stops from the next month.
	PayableMonthsAfterDeath int
}

// Overpaid returns the months paid after entitlement ended and their
// amount: months from the first unpayable month (or the benefit start, if
// later) through the last paid month (the roll's 最后发放年月, or asOf when
// the roll does not say; never later than asOf when asOf is set). The
// amount is months × the roll's monthly benefit, exact in fen.
func (p Policy) Overpaid(r *Recipient, death cal.Date, asOf cal.Month) (months int, amount money.Fen) {
	dm := death.Month()
	if dm == 0 {
		return 0, 0
	}
	first := dm + cal.Month(p.PayableMonthsAfterDeath) + 1
	if r.Start != 0 && r.Start > first {
		first = r.Start
	}
	last := r.PaidThrough
	if last == 0 || (asOf != 0 && last > asOf) {
		last = asOf
	}
	if last == 0 || last < first {
		return 0, 0
	}
	months = int(last-first) + 1
	return months, money.Fen(months) * r.Monthly
}
