package locale

import "strings"

// Split separates a bilingual message written "中文 (english)" — the
// domain packages' errors and audit-history notes carry both — into its
// Chinese and English parts. A message not in that form is returned as
// zh with en "".
func Split(msg string) (zh, en string) {
	if !strings.HasSuffix(msg, ")") {
		return msg, ""
	}
	i := strings.LastIndex(msg, " (")
	if i <= 0 {
		return msg, ""
	}
	head, tail := msg[:i], msg[i+2:len(msg)-1]
	if !hasHan(head) || hasHan(tail) || strings.IndexFunc(tail, func(r rune) bool { return r >= 'a' && r <= 'z' }) < 0 {
		return msg, ""
	}
	return head, tail
}

// One prints a message that may be bilingual ("中文 (english)") in the
// printer's language only.
func (p Printer) One(msg string) string {
	zh, en := Split(msg)
	return p.Pick(zh, en)
}
