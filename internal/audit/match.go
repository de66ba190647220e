package audit

import (
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
)

// MatchKind says how a roll row and a record were linked.
type MatchKind string

// Match kinds, strongest first.
const (
	KindExactID   MatchKind = "exact_id"       // the same 18-digit ID
	Kind15To18    MatchKind = "id_15_to_18"    // the same ID once a 15-digit number is upgraded
	KindOneDigit  MatchKind = "id_one_digit"   // the record's ID has one wrong digit
	KindSwapped   MatchKind = "id_swapped"     // the record's ID has two neighbouring digits swapped
	KindOldCode   MatchKind = "id_old_address" // same ID but for an abolished address code (320622 → 320682)
	KindNameBirth MatchKind = "name_birth"     // no usable ID: name + birth date (+ town)
	KindDamagedID MatchKind = "id_damaged"     // the record's ID was damaged (cut by a spreadsheet, a character lost): its certain part + name + birth date
)

// rank orders kinds: lower is stronger.
func (k MatchKind) rank() int {
	switch k {
	case KindExactID:
		return 0
	case Kind15To18:
		return 1
	case KindOneDigit, KindSwapped:
		return 2
	case KindOldCode:
		return 3
	}
	return 4
}

// Confidence is the class of a match.
type Confidence string

// Confidence classes.
const (
	Confirmed Confidence = "confirmed" // a person confirms, then payment is suspended
	Review    Confidence = "review"    // the town verifies first (两上两下)
)

// Reason explains a match in words, in Chinese and English.
type Reason struct {
	ZH, EN string
}

func (r *Reason) add(zh, en string) {
	if r.ZH != "" {
		r.ZH += "；"
		r.EN += "; "
	}
	r.ZH += zh
	r.EN += en
}

// idForm is what the matcher could make of an ID as written.
type idForm struct {
	key      uint64   // 17 body digits of the 18-digit form
	valid    bool     // a valid 18-digit ID as written
	upgraded bool     // a 15-digit ID, upgraded
	usable   bool     // key is meaningful (valid or upgraded)
	birth    cal.Date // birth date from the ID if it parses
	male     int8     // 1 male, -1 female, 0 unknown
}

func parseIDForm(s string) idForm {
	var f idForm
	switch len(s) {
	case 18:
		if cnid.Valid18(s) {
			f.key, _ = idKey(s)
			f.valid, f.usable = true, true
		}
		f.birth = birthFromDigits(s[6:14])
		if s[16] >= '0' && s[16] <= '9' {
			f.male = sexFromDigit(s[16])
		}
	case 15:
		if id, err := cnid.Upgrade15(s); err == nil {
			f.key, _ = cnid.Key(string(id))
			f.upgraded, f.usable = true, true
			f.birth = cal.Date(id.BirthYMD())
			f.male = sexFromDigit(s[14])
		}
	}
	return f
}

func sexFromDigit(c byte) int8 {
	if (c-'0')%2 == 1 {
		return 1
	}
	return -1
}

func sexOf(s string) int8 {
	switch strings.TrimSpace(s) {
	case "男", "M", "m", "1", "male":
		return 1
	case "女", "F", "f", "2", "female":
		return -1
	}
	return 0
}

// birthFromDigits reads YYYYMMDD if it is a plausible date.
func birthFromDigits(s string) cal.Date {
	if len(s) != 8 {
		return 0
	}
	n := 0
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	y, m, d := n/10000, n/100%100, n%100
	if y < 1850 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0
	}
	return cal.Date(n)
}

// NormTown strips the suffixes 街道, 办事处, 镇, 乡 so that 如城街道, 如城 and
// 如城镇 compare equal.
func NormTown(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"街道办事处", "办事处", "街道", "镇", "乡"} {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			return t
		}
	}
	return s
}

// neighbours returns the 18-digit keys a mistyped ID may stand for: every
// ID that differs in one body digit or in one swap of neighbours and whose
// check character equals the one written, plus the body as written when
// only the check character is wrong. s must be 18 characters.
//
// It solves the checksum instead of trying all 160 variants: changing
// digit i from d to d' moves the sum by wᵢ(d'−d) mod 11, so at most one d'
// per position fits the written check character.
func neighbours(s string) (digit, swap []uint64) {
	if len(s) != 18 {
		return nil, nil
	}
	var d [17]int
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, nil
		}
		d[i] = int(c - '0')
		sum += d[i] * idWeights[i]
	}
	want := strings.IndexByte("10X98765432", s[17]) // the sum mod 11 the check character stands for
	if want < 0 {
		return nil, nil
	}
	key := func() uint64 {
		var k uint64
		for _, x := range d {
			k = k*10 + uint64(x)
		}
		return k
	}
	birthOK := func() bool {
		var b [8]byte
		for i := range b {
			b[i] = byte('0' + d[6+i])
		}
		return birthFromDigits(string(b[:])) != 0
	}
	if sum%11 != want {
		digit = append(digit, key()) // the check character itself is wrong
	}
	delta := ((want-sum)%11 + 11) % 11
	for i := 0; i < 17 && delta != 0; i++ {
		// wᵢ·k ≡ delta (mod 11) → k = delta·wᵢ⁻¹
		k := delta * inv11[idWeights[i]%11] % 11
		for _, nd := range []int{d[i] + k, d[i] + k - 11} {
			if nd >= 0 && nd <= 9 && nd != d[i] {
				old := d[i]
				d[i] = nd
				if birthOK() {
					digit = append(digit, key())
				}
				d[i] = old
			}
		}
	}
	for i := 0; i+1 < 17; i++ {
		if d[i] == d[i+1] {
			continue
		}
		change := (idWeights[i] - idWeights[i+1]) * (d[i+1] - d[i])
		if ((change-delta)%11+11)%11 != 0 {
			continue
		}
		d[i], d[i+1] = d[i+1], d[i]
		if birthOK() {
			swap = append(swap, key())
		}
		d[i], d[i+1] = d[i+1], d[i]
	}
	return digit, swap
}

// idWeights are the GB 11643-1999 weights; inv11 holds inverses mod 11.
var (
	idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	inv11     = [11]int{0, 1, 6, 4, 3, 9, 2, 8, 7, 5, 10}
)
