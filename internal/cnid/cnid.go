// Package cnid handles resident identity numbers of the People's Republic of
// China (公民身份号码, GB 11643-1999): normalising what people type,
// validating the check character, birth date and address code, upgrading old
// 15-digit numbers to 18 digits, deriving birth date and sex, and masking for
// display.
//
// The package is pure: no I/O, no global mutable state.
//
// Address codes: the first two digits must be a real province-level code
// (GB/T 2260, see provinces). County codes are NOT checked against a full list. IDs are
// never re-issued when divisions are renamed or merged, so a roll holds
// numbers from every historical version of GB/T 2260 (如皋: 320622 before
// 1990, 320682 after). A full historical table is large and still misses
// odd cases; rejecting a real person's number is worse than accepting an
// unknown county, and the check character already catches typos. Known
// codes of Nantong (both old and new) are listed in Counties for display.
package cnid

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors returned by Parse. They are wrapped with the offending input.
var (
	ErrEmpty    = errors.New("身份证号为空 (empty ID number)")
	ErrLength   = errors.New("身份证号长度应为15或18位 (ID number must have 15 or 18 characters)")
	ErrChar     = errors.New("身份证号含非法字符 (ID number has an invalid character)")
	ErrCheck    = errors.New("身份证号校验位错误 (check character does not match)")
	ErrBirth    = errors.New("身份证号出生日期无效 (invalid birth date in ID number)")
	ErrProvince = errors.New("身份证号地址码省份无效 (unknown province in address code)")
)

// weights are the GB 11643-1999 weights of positions 1..17 (2^(18-i) mod 11).
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps Σ(dᵢ·wᵢ) mod 11 to the check character.
const checkChars = "10X98765432"

// ID is a valid, normalised 18-character identity number.
type ID string

// Normalize folds full-width digits and letters to ASCII, upper-cases x and
// drops spaces, tabs, hyphens and zero-width characters. It does not
// validate.
func Normalize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == 'X') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteByte(byte('0' + r - '０'))
		case r == 'x' || r == 'Ｘ' || r == 'ｘ' || r == '×':
			b.WriteByte('X')
		case r == ' ' || r == '\t' || r == '\u3000' || r == '-' || r == '\u200b' || r == '\ufeff' || r == '\'' || r == '\u00a0' || r == '\r' || r == '\n':
			// dropped: spaces, hyphens, zero-width, a leading apostrophe
			// that Excel users type to keep a number as text.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CheckChar returns the check character for the first 17 digits of body.
// body must hold at least 17 ASCII digits; ok is false otherwise.
func CheckChar(body string) (c byte, ok bool) {
	if len(body) < 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		d := body[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		sum += int(d-'0') * weights[i]
	}
	return checkChars[sum%11], true
}

// Parse normalises s and returns the 18-character ID. A 15-digit number is
// upgraded (see Upgrade15). Errors wrap one of the Err* values and quote the
// input.
func Parse(s string) (ID, error) {
	n := Normalize(s)
	if n == "" {
		return "", ErrEmpty
	}
	switch len(n) {
	case 18:
		if err := validate18(n); err != nil {
			return "", fmt.Errorf("%q: %w", s, err)
		}
		return ID(n), nil
	case 15:
		id, err := Upgrade15(n)
		if err != nil {
			return "", fmt.Errorf("%q: %w", s, err)
		}
		return id, nil
	}
	return "", fmt.Errorf("%q: %w", s, ErrLength)
}

// Valid18 reports whether s (already normalised) is a valid 18-character ID.
func Valid18(s string) bool { return len(s) == 18 && validate18(s) == nil }

func validate18(n string) error {
	for i := 0; i < 17; i++ {
		if n[i] < '0' || n[i] > '9' {
			return ErrChar
		}
	}
	if c := n[17]; !(c >= '0' && c <= '9' || c == 'X') {
		return ErrChar
	}
	if !provinceOK(n[:2]) {
		return ErrProvince
	}
	if !birthValid(n[6:14]) {
		return ErrBirth
	}
	if c, _ := CheckChar(n); c != n[17] {
		return ErrCheck
	}
	return nil
}

// Upgrade15 converts a 15-digit number (GB 11643-1989: 6 address + YYMMDD +
// 3 sequence) to 18 digits by inserting "19" before the birth date and
// appending the check character. Sequence codes 996–999 (once used for
// centenarians) are accepted.
func Upgrade15(s string) (ID, error) {
	n := Normalize(s)
	if len(n) != 15 {
		return "", ErrLength
	}
	for i := 0; i < 15; i++ {
		if n[i] < '0' || n[i] > '9' {
			return "", ErrChar
		}
	}
	if !provinceOK(n[:2]) {
		return "", ErrProvince
	}
	body := n[:6] + "19" + n[6:]
	if _, ok := birthOK(body[6:14]); !ok {
		return "", ErrBirth
	}
	c, _ := CheckChar(body)
	return ID(body + string(c)), nil
}

// birthOK parses YYYYMMDD; years 1850 to 2100 are accepted (the future
// check belongs to the caller, which knows "today").
func birthOK(s string) (time.Time, bool) {
	if !birthValid(s) {
		return time.Time{}, false
	}
	return time.Date(atoi(s[0:4]), time.Month(atoi(s[4:6])), atoi(s[6:8]), 0, 0, 0, 0, time.UTC), true
}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// birthValid is birthOK without building a time.Time (the hot path).
func birthValid(s string) bool {
	if len(s) != 8 {
		return false
	}
	y, m, d := atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	if y < 1850 || y > 2100 || m < 1 || m > 12 || d < 1 || d > monthDays[m] {
		return false
	}
	return m != 2 || d < 29 || y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Birth returns the birth date encoded in the ID.
func (id ID) Birth() time.Time {
	t, _ := birthOK(string(id)[6:14])
	return t
}

// BirthYMD returns the birth date as an integer YYYYMMDD.
func (id ID) BirthYMD() int { return atoi(string(id)[6:14]) }

// Male reports whether the sequence code is odd (male).
func (id ID) Male() bool { return (id[16]-'0')%2 == 1 }

// Sex returns "男" or "女".
func (id ID) Sex() string {
	if id.Male() {
		return "男"
	}
	return "女"
}

// Address returns the six-digit address code.
func (id ID) Address() string { return string(id)[:6] }

// Masked returns the ID with the birth date and first sequence digits
// hidden: 320682********123X. See Mask.
func (id ID) Masked() string { return Mask(string(id)) }

// Mask hides all but the first six and last four characters of s, so that
// the address code and the tail stay readable for the clerk:
// "32068219500101123X" → "320682********123X". Strings shorter than 11
// characters are masked entirely but for the last character.
func Mask(s string) string {
	n := len(s)
	if n == 0 {
		return ""
	}
	if n < 11 {
		return strings.Repeat("*", n-1) + s[n-1:]
	}
	return s[:6] + strings.Repeat("*", n-10) + s[n-4:]
}

// Key packs a valid 18-character ID into an integer: the 17 body digits
// (the check character follows from them). It is the join key of the
// matchers. ok is false if s is not 17 digits followed by anything.
func Key(s string) (k uint64, ok bool) {
	if len(s) != 18 {
		return 0, false
	}
	for i := 0; i < 17; i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		k = k*10 + uint64(d)
	}
	return k, true
}

// FromKey is the inverse of Key: it rebuilds the 18-character ID.
func FromKey(k uint64) ID {
	var b [18]byte
	for i := 16; i >= 0; i-- {
		b[i] = byte('0' + k%10)
		k /= 10
	}
	c, _ := CheckChar(string(b[:17]))
	b[17] = c
	return ID(b[:])
}

// provinces are the province-level prefixes of GB/T 2260, current and
// historical (e.g. 23 黑龙江, 46 海南 since 1988, 50 重庆 since 1997, 71
// 台湾, 81 香港, 82 澳门, and 83 for Taiwan residents' mainland permits;
// 91 for foreigners' permanent-residence IDs of the 2023 format is not a
// resident ID and is rejected).
var provinces = map[string]string{
	"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
	"21": "辽宁", "22": "吉林", "23": "黑龙江",
	"31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
	"41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
	"50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
	"61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
	"71": "台湾", "81": "香港", "82": "澳门", "83": "台湾居民",
}

// provinceTab is provinces as a table indexed by the two digits, for the
// hot path of validation.
var provinceTab = func() (t [100]bool) {
	for p := range provinces {
		t[atoi(p)] = true
	}
	return t
}()

func provinceOK(p string) bool {
	n := atoi(p)
	return len(p) == 2 && n >= 0 && provinceTab[n]
}

// Counties names the county-level codes of 南通 that appear on 如皋's rolls,
// old and new. It is for display only; unknown codes stay valid.
var Counties = map[string]string{
	"320682": "如皋市", "320622": "如皋县（1983–1990）",
	"320601": "南通市辖区", "320602": "崇川区", "320611": "港闸区（–2020）", "320612": "通州区",
	"320613": "崇川区", "320614": "海门区",
	"320621": "海安县（–2017）", "320685": "海安市", "320623": "如东县",
	"320624": "南通县（–1992）", "320625": "海门县（–1993）", "320626": "启东县（–1988）",
	"320681": "启东市", "320683": "通州市（–2008）", "320684": "海门市（–2019）",
}

// OldToNew maps an abolished county code to the code of the same place
// today, for matching a person recorded under both.
var OldToNew = map[string]string{
	"320622": "320682", "320621": "320685", "320683": "320612", "320684": "320614",
	"320625": "320684", "320626": "320681", "320624": "320683",
}

// AltCodes returns the codes a person's address code may also be written
// with: today's code for an abolished one, and the abolished codes of
// today's (320622 ↔ 320682).
func AltCodes(code string) []string {
	var out []string
	for old, cur := range OldToNew {
		switch code {
		case old:
			out = append(out, cur)
		case cur:
			out = append(out, old)
		}
	}
	return out
}
