package cnid

import (
	"strings"
	"unicode/utf8"
)

// DamageKind says how an ID number was damaged.
type DamageKind uint8

// Kinds of damage.
const (
	// Truncated: the number was held as a floating-point number (an Excel
	// numeric cell keeps 15 significant digits: 320682196012086606 becomes
	// 3.20682196012087E+17 or 320682196012087000). The leading digits are
	// certain within a known range; the rest is lost.
	Truncated DamageKind = iota + 1
	// Short: one character is missing (17 characters): either the first
	// or the check character was lost.
	Short
)

// Damage describes an ID number as written that cannot be used as it
// stands but still says something certain: the range its first 17 digits
// lie in (Truncated), or 17 of its 18 characters (Short). A damaged number
// is never taken as anyone's valid ID; Fits tells which valid IDs it may
// stand for.
type Damage struct {
	Kind DamageKind
	Raw  string // as written
	Sig  int    // significant digits kept (Truncated)
	// Lo and Hi bound the 17-digit body (the ID without its check
	// character, as a number) of the true ID (Truncated).
	Lo, Hi uint64
	Part   string // the 17 characters kept (Short)
	// Value is the 18-digit number as the file holds it
	// ("320682196012087000"), for files where the number is only a key
	// (Truncated; "" when it has no 18 digits).
	Value string
	// Maybe marks a number that is itself valid but ends in zeros as a
	// truncated one would: it is used as written and also as damaged.
	Maybe bool
}

// Diagnose cleans an ID cell as people and programs write it — a label
// before it ("身份证：…"), a formula wrapper (="320682…"), a trailing ".0"
// — and normalises it (Normalize). It returns the cleaned number, and the
// damage when the number was held as a floating-point number or lost a
// character. cleaned says that something other than spaces, full-width
// forms or an apostrophe had to be removed.
func Diagnose(raw string) (id string, dmg *Damage, cleaned bool) {
	s := strings.TrimSpace(raw)
	if len(s) > 0 && s[0] == '=' { // ="320682…", Excel's keep-as-text trick
		s = strings.Trim(s[1:], "\"' ")
		cleaned = true
	}
	if i := strings.LastIndexAny(s, ":："); i >= 0 { // 身份证：320682…
		_, n := utf8.DecodeRuneInString(s[i:])
		if rest := s[i+n:]; strings.Count(Normalize(rest), "") > 15 {
			s = rest
			cleaned = true
		}
	}
	id = Normalize(s)
	if strings.HasSuffix(id, ".0") && allDigits(id[:len(id)-2]) {
		id = id[:len(id)-2]
		cleaned = true
	}
	switch {
	case len(id) == 18 && allDigits(id[:17]):
		if strings.HasSuffix(id, "000") {
			d := truncated(raw, id, 15) // Excel keeps 15 significant digits
			if Valid18(id) {
				d.Maybe = true // a real number may end in 000, one in 1,100 does
			} else {
				id = ""
			}
			return id, d, cleaned
		}
	case len(id) == 17 && allDigits(id[:16]):
		return "", &Damage{Kind: Short, Raw: raw, Part: id}, cleaned
	case strings.ContainsAny(id, "Ee"):
		if d := scientific(raw, id); d != nil {
			if d.Sig >= 15 && d.Lo == d.Hi {
				// a 15-digit number written in scientific notation
				// without loss: use it
				return digitsOf(d.Lo, 15), nil, true
			}
			return "", d, cleaned
		}
	}
	return id, nil, cleaned
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// truncated builds the damage of an 18-digit value v whose first sig
// digits are kept (rounded or cut).
func truncated(raw, v string, sig int) *Damage {
	var n uint64
	for i := 0; i < 18; i++ {
		n = n*10 + uint64(v[i]-'0')
	}
	return rangeDamage(raw, n, sig)
}

var pow10 = [20]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// rangeDamage: the true 18-digit value lies within the last kept digit's
// unit of n (rounded or cut), and within a double's precision (±64) when
// more digits were kept than a double holds.
func rangeDamage(raw string, n uint64, sig int) *Damage {
	tol := uint64(64)
	if sig < 18 {
		tol = max(tol, pow10[18-sig])
	}
	lo := uint64(1e17)
	if n > lo+tol {
		lo = n - tol
	}
	hi := min(n+tol, 999999999999999999)
	return &Damage{Kind: Truncated, Raw: raw, Sig: sig, Lo: lo / 10, Hi: hi / 10, Value: digitsOf(n, 18)}
}

// scientific reads a number such as 3.20682196012087E+17 (or 3.2E17)
// whose value has 18 digits (an 18-digit ID) or 15 (an old one).
func scientific(raw, s string) *Damage {
	s = strings.ToUpper(s)
	mant, exp, ok := strings.Cut(s, "E")
	if !ok {
		return nil
	}
	exp = strings.TrimPrefix(exp, "+")
	if !allDigits(exp) || len(exp) > 2 {
		return nil
	}
	e := int(exp[0] - '0')
	if len(exp) == 2 {
		e = e*10 + int(exp[1]-'0')
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if len(ip) != 1 || !allDigits(ip) || fp != "" && !allDigits(fp) {
		return nil
	}
	digits := ip + fp // written digits are kept digits, trailing zeros too
	sig := len(digits)
	if sig > e+1 && strings.Trim(digits[e+1:], "0") == "" {
		digits, sig = digits[:e+1], e+1
	}
	if sig == 0 || sig > e+1 || sig > 18 {
		return nil
	}
	var n uint64
	for i := 0; i < sig; i++ {
		n = n*10 + uint64(digits[i]-'0')
	}
	switch e {
	case 17:
		return rangeDamage(raw, n*pow10[18-sig], sig)
	case 14: // a 15-digit number: exact when all digits are there
		v := n * pow10[15-sig]
		if sig == 15 {
			return &Damage{Kind: Truncated, Raw: raw, Sig: 15, Lo: v, Hi: v}
		}
		return rangeDamage(raw, upgradeValue(v), sig+2) // 15→18 inserts two certain digits
	}
	return nil
}

// upgradeValue turns a 15-digit value into the 18-digit value (19
// inserted before the year, check digit 0) for range arithmetic.
func upgradeValue(v uint64) uint64 {
	addr, rest := v/1e9, v%1e9
	return (addr*1e11 + 19*1e9 + rest) * 10
}

func digitsOf(v uint64, n int) string {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b)
}

// Fits reports whether the valid 18-character ID id may be the number
// that was damaged.
func (d *Damage) Fits(id string) bool {
	if len(id) != 18 {
		return false
	}
	switch d.Kind {
	case Truncated:
		var body uint64
		for i := 0; i < 17; i++ {
			c := id[i]
			if c < '0' || c > '9' {
				return false
			}
			body = body*10 + uint64(c-'0')
		}
		if body >= d.Lo && body <= d.Hi {
			return true
		}
		// the rest fits and the address code differs by one mistyped or
		// two swapped digits (the name and birth date must agree too)
		if d.Lo/1e11 == d.Hi/1e11 && body%1e11 >= d.Lo%1e11 && body%1e11 <= d.Hi%1e11 && nearCode(id[:6], digitsOf(d.Lo/1e11, 6)) {
			return true
		}
		// the same person under an abolished address code (320622 ↔ 320682)
		for _, other := range AltCodes(id[:6]) {
			var code uint64
			for i := 0; i < 6; i++ {
				code = code*10 + uint64(other[i]-'0')
			}
			if b := code*1e11 + body%1e11; b >= d.Lo && b <= d.Hi {
				return true
			}
		}
		return false
	case Short:
		return id[:17] == d.Part || id[1:] == d.Part
	}
	return false
}

// nearCode reports whether two six-digit codes differ by one character or
// by two neighbouring characters swapped.
func nearCode(a, b string) bool {
	diff := []int{}
	for i := 0; i < 6; i++ {
		if a[i] != b[i] {
			diff = append(diff, i)
		}
	}
	switch len(diff) {
	case 1:
		return true
	case 2:
		i, j := diff[0], diff[1]
		return j == i+1 && a[i] == b[j] && a[j] == b[i]
	}
	return false
}

// Births returns the birth dates (YYYYMMDD) the certain part allows: one
// or two for a number kept to 15 significant digits (a rounding carry may
// have moved the day), none when too little is left.
func (d *Damage) Births() []int {
	var out []int
	add := func(s string) {
		if len(s) >= 14 && birthValid(s[6:14]) {
			b := atoi(s[6:14])
			for _, x := range out {
				if x == b {
					return
				}
			}
			out = append(out, b)
		}
	}
	switch d.Kind {
	case Truncated:
		// the first 14 digits (address and birth date) of every body in
		// range; too many means the birth date is not certain
		if d.Hi/1000-d.Lo/1000 > 2 {
			return nil
		}
		for p := d.Lo / 1000; p <= d.Hi/1000; p++ {
			add(digitsOf(p, 14))
		}
	case Short:
		add(d.Part)       // the check character was lost
		add("0" + d.Part) // the first character was lost
	}
	return out
}

// Reason says in words what happened to the number.
func (d *Damage) Reason() (zh, en string) {
	switch d.Kind {
	case Short:
		return "身份证号缺一位（" + d.Raw + "），按其余17位、姓名和出生日期比对", "the ID number lacks one character (" + d.Raw + "); matched by the other 17, name and birth date"
	}
	if d.Sig == 15 || d.Sig == 0 {
		return "身份证号疑被 Excel 截断为 15 位有效数字（" + d.Raw + "），按前14位（地址码和出生日期）、姓名比对", "the ID number looks cut by Excel to 15 significant digits (" + d.Raw + "); matched by its first 14 digits (address and birth date) and name"
	}
	return "身份证号被存为数字，仅余 " + itoa(d.Sig) + " 位有效数字（" + d.Raw + "），按所余数字、姓名和出生日期比对", "the ID number was stored as a number with " + itoa(d.Sig) + " significant digits left (" + d.Raw + "); matched by those digits, name and birth date"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
