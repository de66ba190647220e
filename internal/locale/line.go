package locale

import (
	"regexp"
	"strings"
	"unicode"
)

// The command line's messages are written once, bilingually: "中文 (english)"
// pairs inside a line ("注意 (note): 名册超过 …", "计算失败 (failed): …"). Line
// prints such a line in one language: Chinese drops the English glosses;
// English puts each gloss in the place of the Chinese before it (back to
// the last ": " or gloss), keeping the quoted names that Chinese held.
// Text of one language only passes unchanged.

// gloss is an English gloss: " (words)" with no Chinese inside.
var gloss = regexp.MustCompile(`\s?\(([A-Za-z][^()\p{Han}]*)\)`)

// quoted are the names a message quotes ("roll.csv", “白蒲镇”).
var quoted = regexp.MustCompile(`"[^"]*"|“[^”]*”`)

// isFileLike reports a parenthesised text that is a path or a name, not
// words: no space and a dot or a slash.
func isFileLike(s string) bool {
	return !strings.Contains(s, " ") && strings.ContainsAny(s, "./\\")
}

// Line prints one line of the command line's output in the printer's
// language (see above).
func (p Printer) Line(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range gloss.FindAllStringSubmatchIndex(s, -1) {
		en := s[m[2]:m[3]]
		seg := s[last:m[0]]
		if !hasHan(seg) || isFileLike(en) || strings.Count(s[:m[0]], "(") > strings.Count(s[:m[0]], ")") {
			continue // no Chinese to gloss, a file name, or inside an outer bracket
		}
		if !p.IsEN() {
			b.WriteString(seg)
			last = m[1]
			continue
		}
		from := 0
		for _, d := range []string{": ", "："} {
			if i := strings.LastIndex(seg, d); i >= 0 && i+len(d) > from {
				from = i + len(d)
			}
		}
		start := from + strings.IndexFunc(seg[from:], func(r rune) bool { return unicode.Is(unicode.Han, r) })
		if start < from {
			start = len(seg)
		}
		b.WriteString(seg[:start])
		b.WriteString(en)
		for _, q := range quoted.FindAllString(seg[start:], -1) {
			if !strings.Contains(en, q) {
				b.WriteString(" " + q)
			}
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	if p.IsEN() {
		return asciiPunct(b.String())
	}
	return b.String()
}

// fullWidth are the Chinese punctuation marks an English line writes the
// English way ("2024-06，took" → "2024-06, took"); what a line quotes (a
// file's header “死亡日期”, a name) is data and kept as it is.
var fullWidth = map[rune]string{'，': ",", '：': ":", '；': ";", '。': ".", '、': ",", '（': "(", '）': ")"}

// asciiPunct writes the full-width punctuation outside quotes as ASCII,
// with the space English puts after a comma, colon or semicolon, and
// before an opening bracket.
func asciiPunct(s string) string {
	if !strings.ContainsAny(s, "，：；。、（）") {
		return s
	}
	var b strings.Builder
	last := 0
	plain := func(seg string) {
		rs := []rune(seg)
		for i, r := range rs {
			w, ok := fullWidth[r]
			if !ok {
				b.WriteRune(r)
				continue
			}
			prevSpace := b.Len() == 0 || strings.HasSuffix(b.String(), " ")
			nextSpace := i+1 >= len(rs) || rs[i+1] == ' '
			switch r {
			case '（':
				if !prevSpace {
					b.WriteByte(' ')
				}
				b.WriteString(w)
			case '）':
				b.WriteString(w)
			default:
				b.WriteString(w)
				if !nextSpace {
					b.WriteByte(' ')
				}
			}
		}
	}
	for _, m := range quoted.FindAllStringIndex(s, -1) {
		plain(s[last:m[0]])
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	plain(s[last:])
	return strings.TrimRight(b.String(), " ")
}

// flagDefault is what the flag package appends to a flag's usage.
var flagDefault = regexp.MustCompile(` \(default [^()]*\)$`)

// CLILine prints one line of the command line's messages: in English a
// line the catalogue holds (a help text, a flag's usage — its indentation
// and the flag package's "(default …)" kept) prints as the catalogue says;
// any other line goes through Line.
func (p Printer) CLILine(s string) string {
	if p.IsEN() {
		body := strings.TrimLeft(s, " \t")
		indent := s[:len(s)-len(body)]
		suffix := flagDefault.FindString(body)
		body = strings.TrimSuffix(body, suffix)
		if en, ok := english[body]; ok && body != "" {
			return indent + en + suffix
		}
	}
	return p.Line(s)
}
