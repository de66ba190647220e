// Package keyval reads jixiao's plain-text rule files (the scoring rule
// sets, the benefit rules, the bureau's rules): one `key = value` per
// line, `#` starts a comment, blank lines and a leading UTF-8 BOM are
// skipped, and a key may be given once. Each reader keeps its own keys,
// values and error type; this package only splits the lines, so that the
// format and its two errors are worded in one place.
package keyval

import (
	"fmt"
	"strings"
)

// Line is one `key = value` line, or a line that is not one (Err set).
type Line struct {
	N          int    // 1-based line number
	Key, Value string // the key as the normaliser returned it; the value trimmed
	// Err says why the line is refused (in Chinese and English): not
	// `key = value`, or a key given before. Key is then the line's text
	// or the key.
	Err string
}

// Lines splits data into its meaningful lines, in order. norm normalises
// a key before duplicates are looked for (nil: spaces collapsed to one).
// Seen maps each accepted key to its line.
func Lines(data []byte, norm func(string) string) (lines []Line, seen map[string]int) {
	if norm == nil {
		norm = Collapse
	}
	seen = map[string]int{}
	text := strings.TrimPrefix(string(data), "\ufeff")
	for i, raw := range strings.Split(text, "\n") {
		s := raw
		if j := strings.IndexByte(s, '#'); j >= 0 {
			s = s[:j]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		l := Line{N: i + 1}
		key, val, ok := strings.Cut(s, "=")
		if !ok {
			l.Key, l.Err = s, "应为“键 = 值” (expected key = value)"
			lines = append(lines, l)
			continue
		}
		l.Key, l.Value = norm(key), strings.TrimSpace(val)
		if prev, dup := seen[l.Key]; dup {
			l.Err = fmt.Sprintf("重复的键，第 %d 行已设置 (duplicate key, first on line %d)", prev, prev)
		} else {
			seen[l.Key] = l.N
		}
		lines = append(lines, l)
	}
	return lines, seen
}

// Collapse trims a key and collapses its inner spaces to one.
func Collapse(key string) string { return strings.Join(strings.Fields(key), " ") }

// Lower trims a key and lower-cases it.
func Lower(key string) string { return strings.ToLower(strings.TrimSpace(key)) }
