package audit

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// NameAgreement grades how two written names agree.
type NameAgreement int

// Grades of agreement, from best to worst.
const (
	NameSame      NameAgreement = iota // identical after trimming
	NameVariant                        // same after folding spaces, width, traditional and variant characters
	NameHomophone                      // same pinyin, character by character (王芳/王方)
	NameLookAlike                      // differ only by look-alike characters (王己/王已): only with birth-date or ID evidence, for review
	NameMissing                        // one or both names missing
	NameDiffer                         // different names
)

// String names the grade in Chinese and English.
func (a NameAgreement) String() string {
	switch a {
	case NameSame:
		return "姓名一致 (same name)"
	case NameVariant:
		return "姓名为异体/繁体/空格写法 (variant, traditional or spaced writing)"
	case NameHomophone:
		return "姓名同音 (same pinyin)"
	case NameLookAlike:
		return "姓名形近字 (look-alike characters)"
	case NameMissing:
		return "姓名缺失 (name missing)"
	}
	return "姓名不同 (different name)"
}

// foldChars maps traditional and common variant characters of names to the
// simplified standard form. It is deliberately small: the characters met on
// older hand-written registers of 如皋, not a full conversion table.
var foldChars = map[rune]rune{
	'華': '华', '國': '国', '蘭': '兰', '東': '东', '紅': '红', '鳳': '凤', '龍': '龙', '寶': '宝',
	'貴': '贵', '發': '发', '榮': '荣', '義': '义', '萬': '万', '陳': '陈', '張': '张', '劉': '刘',
	'吳': '吴', '趙': '赵', '錢': '钱', '孫': '孙', '馮': '冯', '鄭': '郑', '衛': '卫', '蔣': '蒋',
	'韓': '韩', '楊': '杨', '許': '许', '呂': '吕', '顧': '顾', '葉': '叶', '黃': '黄', '蘇': '苏',
	'鳴': '鸣', '慶': '庆', '廣': '广', '雲': '云', '麗': '丽', '鋼': '钢', '鐵': '铁', '順': '顺',
	'興': '兴', '長': '长', '進': '进', '蓮': '莲', '鵬': '鹏', '傑': '杰', '亞': '亚', '飛': '飞',
	'軍': '军', '愛': '爱', '貞': '贞', '锺': '钟', '鍾': '钟', '喆': '哲', '堃': '坤', '昇': '升',
	'裡': '里', '裏': '里', '峯': '峰', '岡': '冈', '崑': '昆', '羣': '群', '閆': '闫', '阎': '闫',
	'燄': '焰', '啟': '启', '祿': '禄', '壽': '寿', '惪': '德', '珎': '珍', '亙': '亘', '兌': '兑',
	'戶': '户', '綫': '线', '凈': '净', '淨': '净', '𠮷': '吉', '婦': '妇', '麥': '麦', '衞': '卫',
}

// FoldName returns the comparison form of a name: spaces, middle dots and
// zero-width characters dropped, full-width letters folded, traditional and
// variant characters mapped to the simplified form.
func FoldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if ignorable(r) {
			continue
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// CompareNames grades the agreement of two names. Names that differ in any
// character whose readings do not overlap are different — siblings such as
// 蒋经国 and 蒋纬国 never agree. It walks both names once without
// allocating: it runs for every candidate pair of a ten-million-row roll.
func CompareNames(a, b string) NameAgreement {
	if a == "" || b == "" {
		return NameMissing
	}
	if a == b {
		return NameSame
	}
	homophone, look, any := false, false, false
	i, j := 0, 0
	for {
		ra, na := nextNameRune(a, i)
		rb, nb := nextNameRune(b, j)
		if na < 0 || nb < 0 {
			if na >= 0 || nb >= 0 {
				return NameDiffer // one name is longer
			}
			break
		}
		i, j = na, nb
		any = true
		if ra == rb {
			continue
		}
		fa, fb := foldRune(ra), foldRune(rb)
		if fa == fb {
			continue // a variant or traditional writing
		}
		if !sameReading(fa, fb) {
			if !sameLookAlike(fa, fb) {
				return NameDiffer
			}
			look = true
			continue
		}
		homophone = true
	}
	switch {
	case !any:
		return NameMissing
	case look:
		return NameLookAlike
	case homophone:
		return NameHomophone
	}
	return NameVariant // equal after dropping spaces and folding characters
}

// nameSig summarises a name for sigsMayAgree, a quick test that is false
// only for names CompareNames grades NameDiffer (or NameMissing): the
// count of characters that count in a name (top 8 bits) and, for the
// second and third character, a 28-bit mask with one bit for the folded
// character and one for each of its readings. Two characters CompareNames
// accepts (equal, equal once folded, or sharing a reading) share a bit.
// Positions a name lacks have all bits set. It is never 0.
func nameSig(name string) uint64 {
	const all = 1<<28 - 1
	n := 0
	m := [2]uint64{all, all}
	for i := 0; ; n++ {
		r, next := nextNameRune(name, i)
		if next < 0 {
			break
		}
		i = next
		if n == 1 || n == 2 {
			m[n-1] = runeMask(r)
		}
	}
	return uint64(min(n, 255))<<56 | m[0]<<28 | m[1]
}

// runeMask is the 28-bit mask of one character for nameSig.
func runeMask(r rune) uint64 {
	readingsOnce.Do(buildReadings)
	f := foldRune(r)
	bit := func(h uint64) uint64 { return 1 << ((h * 0x9E3779B97F4A7C15 >> 32) % 28) }
	m := bit(uint64(f) | 1<<40)
	ids, _ := readingsOf(f)
	for _, id := range ids {
		if id == 0 {
			break
		}
		m |= bit(uint64(id))
	}
	if g := lookAlikeOf(f); g != 0 {
		m |= bit(uint64(g) | 1<<41) // look-alike characters share a bit
	}
	return m
}

// sigsMayAgree reports whether the names of two nameSig results may agree
// (NameSame, NameVariant, NameHomophone or NameLookAlike); false means
// they do not.
func sigsMayAgree(a, b uint64) bool {
	const m = 1<<28 - 1
	return a>>56 == b>>56 && (a>>28)&(b>>28)&m != 0 && a&b&m != 0
}

// nextNameRune returns the next character of s at or after byte i that
// counts in a name, and the index after it; -1 at the end.
func nextNameRune(s string, i int) (rune, int) {
	for i < len(s) {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		if ignorable(r) {
			continue
		}
		return r, i
	}
	return 0, -1
}

func ignorable(r rune) bool {
	switch r {
	case ' ', '\u3000', '\t', '\u200b', '\ufeff', '·', '•', '.', '\u00a0':
		return true
	}
	return false
}

// foldRune maps full-width letters and traditional or variant characters
// to the form FoldName uses.
func foldRune(r rune) rune {
	if r >= 0xFF21 && r <= 0xFF5A {
		return r - 0xFEE0
	}
	if f, ok := foldChars[r]; ok {
		return f
	}
	return r
}

// readings holds, for each CJK ideograph, up to four toneless pinyin
// syllables as small integers; built once from go-pinyin's dictionary with
// all heteronyms, so that surname readings (单 shan, 曾 zeng) are included.
var (
	readingsOnce sync.Once
	readingTab   map[rune][4]uint16
	readingFlat  [][4]uint16 // readingTab for cjkLo…cjkHi, the hot path
)

const cjkLo, cjkHi = 0x3400, 0xA000

func buildReadings() {
	syll := map[string]uint16{}
	readingTab = make(map[rune][4]uint16, len(pinyin.PinyinDict))
	// Characters in code-point order, so that syllable numbers — and with
	// them the name signatures' bits — are the same in every process.
	chars := make([]int, 0, len(pinyin.PinyinDict))
	for r := range pinyin.PinyinDict {
		chars = append(chars, r)
	}
	slices.Sort(chars)
	for _, r := range chars {
		s := pinyin.PinyinDict[r]
		var ids [4]uint16
		n := 0
		for _, p := range strings.Split(s, ",") {
			p = stripTone(p)
			if p == "" || n == 4 {
				continue
			}
			id, ok := syll[p]
			if !ok {
				id = uint16(len(syll) + 1)
				syll[p] = id
			}
			dup := false
			for _, x := range ids[:n] {
				dup = dup || x == id
			}
			if !dup {
				ids[n] = id
				n++
			}
		}
		if n > 0 {
			readingTab[rune(r)] = ids
		}
	}
	readingFlat = make([][4]uint16, cjkHi-cjkLo)
	for r, ids := range readingTab {
		if r >= cjkLo && r < cjkHi {
			readingFlat[r-cjkLo] = ids
		}
	}
}

func readingsOf(r rune) ([4]uint16, bool) {
	if r >= cjkLo && r < cjkHi {
		ids := readingFlat[r-cjkLo]
		return ids, ids[0] != 0
	}
	ids, ok := readingTab[r]
	return ids, ok
}

var toneFold = map[rune]rune{
	'ā': 'a', 'á': 'a', 'ǎ': 'a', 'à': 'a', 'ē': 'e', 'é': 'e', 'ě': 'e', 'è': 'e',
	'ī': 'i', 'í': 'i', 'ǐ': 'i', 'ì': 'i', 'ō': 'o', 'ó': 'o', 'ǒ': 'o', 'ò': 'o',
	'ū': 'u', 'ú': 'u', 'ǔ': 'u', 'ù': 'u', 'ǖ': 'v', 'ǘ': 'v', 'ǚ': 'v', 'ǜ': 'v', 'ü': 'v',
	'ń': 'n', 'ň': 'n', 'ǹ': 'n', 'ḿ': 'm', 'ê': 'e',
}

func stripTone(p string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(p) {
		if f, ok := toneFold[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sameReading reports whether two characters share a pinyin reading.
func sameReading(a, b rune) bool {
	readingsOnce.Do(buildReadings)
	ra, ok1 := readingsOf(a)
	rb, ok2 := readingsOf(b)
	if !ok1 || !ok2 {
		return false
	}
	for _, x := range ra {
		if x == 0 {
			break
		}
		for _, y := range rb {
			if y == 0 {
				break
			}
			if x == y {
				return true
			}
		}
	}
	return false
}

// Pinyin returns the toneless pinyin of a name, syllables separated by
// spaces, using the first reading of each character except for surnames
// with a special reading. It is for display and sorting, not matching.
func Pinyin(name string) string {
	name = FoldName(name)
	out := pinyin.LazyConvert(name, nil)
	if len(out) > 0 {
		first, _ := utf8.DecodeRuneInString(name)
		if s, ok := surnameReading[first]; ok {
			out[0] = s
		}
	}
	return strings.Join(out, " ")
}

// surnameReading lists surnames read differently from the character's
// common reading.
var surnameReading = map[rune]string{
	'单': "shan", '曾': "zeng", '仇': "qiu", '解': "xie", '区': "ou", '查': "zha", '朴': "piao",
	'盖': "ge", '乐': "yue", '缪': "miao", '尉': "yu", '覃': "qin", '召': "shao", '冼': "xian",
}

// firstRune returns the first character of a name, spaces skipped.
func firstRune(s string) rune {
	r, _ := nextNameRune(s, 0)
	return r
}
