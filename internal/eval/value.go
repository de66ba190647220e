package eval

import (
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a target or actual cell holds.
type Kind int

// Kinds of values found in real sheets.
const (
	KindEmpty  Kind = iota // blank, "—", "/", "*"
	KindNumber             // 100%, >95%, ≥50个, ≤90万元, 48.35万元, 0%
	KindTime               // 及时, 按期, 按时 (and 不及时, 延期)
	KindBool               // 是, 否
	KindWord               // qualitative: 充分, 规范, 合理, 有效, 达成 …
	KindText               // anything else, kept as written
)

var kindNames = [...]string{"空", "数值", "时效", "是否", "定性", "文字"}

// String is the kind's Chinese name.
func (k Kind) String() string { return kindNames[k] }

// Op is the comparison a target states.
type Op int

// Comparison operators of targets.
const (
	OpNone Op = iota // a bare value: "100%"
	OpGE             // ≥
	OpGT             // >
	OpEQ             // =
	OpLE             // ≤
	OpLT             // <
)

var opSigns = [...]string{"", "≥", ">", "=", "≤", "<"}

// String is the operator's sign.
func (o Op) String() string { return opSigns[o] }

// Value is one parsed cell. Raw keeps what was written; the rest is what it
// means. A Value is never an error: text that is not a figure is KindText,
// and the checks decide whether that matters.
type Value struct {
	Raw  string
	Kind Kind
	Op   Op
	Num  Number // KindNumber
	Unit string // KindNumber: "%", "万元", "元", "人", "个" …; "百分比" becomes "%"
	Word string // KindTime, KindBool, KindWord: the normalised word
	// Negative is true for words that state failure: 否 (for KindBool),
	// 不及时, 未达成, 不规范 …
	Negative bool
}

// String prints the value as written, or as canonical text when built in memory.
func (v Value) String() string {
	if v.Raw != "" {
		return v.Raw
	}
	switch v.Kind {
	case KindNumber:
		return v.Op.String() + v.Num.String() + v.Unit
	case KindEmpty:
		return ""
	}
	return v.Word
}

// Normalize folds full-width forms to ASCII, turns ">=" and "≧" into "≥",
// removes spaces, and trims. It is applied to every cell before parsing.
func Normalize(s string) string {
	if !needsNormalize(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\u3000' || unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			continue
		case r >= 0xFF01 && r <= 0xFF5E && r != 0xFF08 && r != 0xFF09:
			r -= 0xFEE0 // full-width ASCII; keep （）as Chinese brackets
		case r == '≧' || r == '⩾':
			r = '≥'
		case r == '≦' || r == '⩽':
			r = '≤'
		case r == '％':
			r = '%'
		}
		b.WriteRune(r)
	}
	s = b.String()
	if strings.ContainsAny(s, "<>=") {
		s = opReplacer.Replace(s)
	}
	return s
}

// needsNormalize reports whether Normalize would change s; most cells are
// already clean, and this saves a copy of each.
func needsNormalize(s string) bool {
	for _, r := range s {
		switch {
		case r <= ' ', unicode.IsSpace(r), r == '\u3000', r == '\u200b', r == '\ufeff',
			r >= 0xFF01 && r <= 0xFF5E, r == '≧', r == '⩾', r == '≦', r == '⩽', r == '％',
			r == '<', r == '>', r == '=':
			return true
		}
	}
	return false
}

var opReplacer = strings.NewReplacer(">=", "≥", "<=", "≤", "==", "=")

// opWords are the words that state a comparison in prose.
var opWords = []struct {
	word string
	op   Op
}{
	{"不低于", OpGE}, {"不少于", OpGE}, {"不小于", OpGE}, {"至少", OpGE}, {"达到", OpGE}, {"以上", OpGE},
	{"不高于", OpLE}, {"不超过", OpLE}, {"不大于", OpLE}, {"不多于", OpLE}, {"最多", OpLE}, {"控制在", OpLE}, {"以内", OpLE}, {"以下", OpLE},
	{"大于", OpGT}, {"高于", OpGT}, {"超过", OpGT}, {"多于", OpGT},
	{"小于", OpLT}, {"低于", OpLT}, {"少于", OpLT},
	{"等于", OpEQ},
}

// timeWords are 时效 words; the bool says whether the word states failure.
var timeWords = map[string]bool{
	"及时": false, "按期": false, "按时": false, "准时": false, "如期": false, "按期完成": false, "及时完成": false,
	"不及时": true, "延期": true, "逾期": true, "滞后": true, "未按期": true, "未按时": true,
}

// qualWords are qualitative words; the bool says whether the word states failure.
var qualWords = map[string]bool{
	"充分": false, "规范": false, "合理": false, "明确": false, "科学": false, "合规": false,
	"健全": false, "有效": false, "提高": false, "提升": false, "足额": false, "理解": false,
	"积极": false, "达成": false, "达标": false, "完成": false, "良好": false, "较好": false,
	"显著": false, "明显": false, "效果明显": false, "达成预期指标": false, "达成年度指标": false,
	"稳定": false, "安全": false, "到位": false, "满意": false, "增强": false, "改善": false,
	"部分达成": false, "基本达成": false, "一般": false, "较差": true, "差": true,
	"未达成": true, "未完成": true, "无效": true, "不足": true, "降低": false,
}

// partialWords mark a qualitative actual as 部分达成.
var partialWords = map[string]bool{"部分达成": true, "基本达成": true, "基本": true, "一般": true, "部分": true, "较好": true, "基本完成": true, "部分完成": true}

// IsPartial reports whether a qualitative actual states partial achievement
// (部分达成, 基本达成, 一般 …).
func (v Value) IsPartial() bool { return v.Kind == KindWord && partialWords[v.Word] }

// emptyMarks are cells that mean "no value".
var emptyMarks = map[string]bool{"": true, "—": true, "-": true, "/": true, "*": true, "无": false, "——": true, "－": true, "\\": true}

// ParseValue reads a target or actual cell.
func ParseValue(raw string) Value {
	s := Normalize(raw)
	v := Value{Raw: strings.TrimSpace(raw)}
	if emptyMarks[s] {
		v.Kind = KindEmpty
		return v
	}
	switch s {
	case "是", "有", "已", "是的":
		v.Kind, v.Word = KindBool, "是"
		return v
	case "否", "没有", "未":
		v.Kind, v.Word, v.Negative = KindBool, "否", true
		return v
	}
	if neg, ok := timeWords[s]; ok {
		v.Kind, v.Word, v.Negative = KindTime, s, neg
		return v
	}
	if neg, ok := qualWords[s]; ok {
		v.Kind, v.Word, v.Negative = KindWord, s, neg
		return v
	}
	if n, ok := parseQuantity(s); ok {
		n.Raw = v.Raw
		return n
	}
	// Negated qualitative words: 不规范, 不充分, 不合理 …
	if w, ok := strings.CutPrefix(s, "不"); ok {
		if neg, known := qualWords[w]; known && !neg {
			v.Kind, v.Word, v.Negative = KindWord, s, true
			return v
		}
	}
	v.Kind, v.Word = KindText, s
	return v
}

// parseQuantity reads an optional operator, a number and an optional unit.
func parseQuantity(s string) (Value, bool) {
	v := Value{Kind: KindNumber}
	rest := s
	switch {
	case strings.HasPrefix(rest, "≥"):
		v.Op, rest = OpGE, rest[len("≥"):]
	case strings.HasPrefix(rest, "≤"):
		v.Op, rest = OpLE, rest[len("≤"):]
	case strings.HasPrefix(rest, ">"):
		v.Op, rest = OpGT, rest[1:]
	case strings.HasPrefix(rest, "<"):
		v.Op, rest = OpLT, rest[1:]
	case strings.HasPrefix(rest, "="):
		v.Op, rest = OpEQ, rest[1:]
	default:
		for _, w := range opWords {
			if strings.HasPrefix(rest, w.word) {
				v.Op, rest = w.op, rest[len(w.word):]
				break
			}
		}
	}
	// The number: digits, one dot, an optional leading minus.
	i := 0
	if i < len(rest) && (rest[i] == '-' || rest[i] == '+') {
		i++
	}
	start := i
	for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == ',') {
		i++
	}
	if i == start {
		return Value{}, false
	}
	n, err := ParseNumber(rest[:i])
	if err != nil {
		return Value{}, false
	}
	v.Num = n
	unit := rest[i:]
	// Trailing operator words: "95%以上", "90万元以内".
	for _, w := range opWords {
		if (w.word == "以上" || w.word == "以内" || w.word == "以下") && strings.HasSuffix(unit, w.word) {
			if v.Op != OpNone {
				return Value{}, false
			}
			v.Op, unit = w.op, strings.TrimSuffix(unit, w.word)
		}
	}
	if unit == "百分比" || unit == "百分点" {
		unit = "%"
	}
	if !plausibleUnit(unit) {
		return Value{}, false
	}
	v.Unit = unit
	return v, true
}

// plausibleUnit accepts a short unit: "%", "‰", or up to four letters or Han
// characters with no digits ("万元", "人次", "个", "km").
func plausibleUnit(u string) bool {
	if u == "" || u == "%" || u == "‰" {
		return true
	}
	if utf8.RuneCountInString(u) > 4 {
		return false
	}
	for _, r := range u {
		if !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && r != '/' {
			return false
		}
	}
	return true
}

// unitScale gives units that convert into each other a common base:
// money in yuan, ratios in percent.
var unitScale = map[string]struct {
	family string
	factor int64 // base units per unit
	per    int64 // units per base unit (for ‰)
}{
	"元": {"money", 1, 1}, "万元": {"money", 10000, 1}, "亿元": {"money", 100000000, 1}, "千元": {"money", 1000, 1},
	"%": {"ratio", 1, 1}, "‰": {"ratio", 1, 10},
}

// Comparable returns v and w as exact rationals in a common unit, so they can
// be compared and divided. ok is false when either is not a number or their
// units differ and do not convert (人 vs 万元). A missing unit on one side
// takes the other's.
func Comparable(v, w Value) (a, b *big.Rat, ok bool) {
	if v.Kind != KindNumber || w.Kind != KindNumber {
		return nil, nil, false
	}
	a, b = v.Num.Rat(), w.Num.Rat()
	if v.Unit == w.Unit || v.Unit == "" || w.Unit == "" {
		return a, b, true
	}
	su, okv := unitScale[v.Unit]
	sw, okw := unitScale[w.Unit]
	if !okv || !okw || su.family != sw.family {
		return nil, nil, false
	}
	a.Mul(a, big.NewRat(su.factor, su.per))
	b.Mul(b, big.NewRat(sw.factor, sw.per))
	return a, b, true
}
