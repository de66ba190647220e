// Package redact makes the publication version (公开版) of a report: resident
// ID numbers (18 or 15 characters, checked) and mobile numbers are removed
// from every text field, and the count of removals is returned so the
// page can say what was taken out. Names of persons cannot be told from
// other words reliably and are not touched; the page says so.
//
// The package is pure.
package redact

import (
	"regexp"

	"jixiao/internal/cnid"
	"jixiao/internal/eval"
)

// Marks put in place of what was removed.
const (
	IDMark    = "[身份证号已删除]"
	PhoneMark = "[电话已删除]"
)

var (
	// candidate ID numbers: 17 digits and a check character, or 15 digits,
	// not inside a longer run of digits.
	reID    = regexp.MustCompile(`(^|[^0-9])([0-9]{17}[0-9Xx]|[0-9]{15})($|[^0-9Xx])`)
	rePhone = regexp.MustCompile(`(^|[^0-9])(1[3-9][0-9]{9})($|[^0-9])`)
)

// Text removes ID numbers that pass the checksum (or 15-character IDs
// with a valid birth date) and mobile numbers from s.
func Text(s string) (string, int) {
	n := 0
	s = replaceAll(reID, s, func(m string) (string, bool) {
		if len(m) == 18 && cnid.Valid18(cnid.Normalize(m)) {
			return IDMark, true
		}
		if len(m) == 15 {
			if _, err := cnid.Upgrade15(m); err == nil {
				return IDMark, true
			}
		}
		return m, false
	}, &n)
	s = replaceAll(rePhone, s, func(string) (string, bool) { return PhoneMark, true }, &n)
	return s, n
}

// replaceAll replaces group 2 of each match where f says so; groups 1 and 3
// are the boundaries and stay. Matches that share a boundary are found on
// a second pass.
func replaceAll(re *regexp.Regexp, s string, f func(string) (string, bool), n *int) string {
	for pass := 0; pass < 2; pass++ {
		changed := false
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			sub := re.FindStringSubmatch(m)
			out, ok := f(sub[2])
			if !ok {
				return m
			}
			*n++
			changed = true
			return sub[1] + out + sub[3]
		})
		if !changed {
			break
		}
	}
	return s
}

// Report returns a copy of r with every narrative passage, indicator name,
// value text, basis and reason redacted, and the number of removals.
func Report(r *eval.Report) (*eval.Report, int) {
	c := *r
	total := 0
	red := func(s string) string {
		out, n := Text(s)
		total += n
		return out
	}
	c.Unit, c.Project = red(r.Unit), red(r.Project)
	for _, sec := range c.Narrative.Sections() {
		sec.Text.Text = red(sec.Text.Text)
	}
	c.Narrative.Other = append([]eval.Passage(nil), r.Narrative.Other...)
	for k := range c.Narrative.Other {
		c.Narrative.Other[k].Text = red(c.Narrative.Other[k].Text)
	}
	c.Sheet.Rows = append([]eval.Row(nil), r.Sheet.Rows...)
	for k := range c.Sheet.Rows {
		row := &c.Sheet.Rows[k]
		row.Level3, row.Basis, row.Reason = red(row.Level3), red(row.Basis), red(row.Reason)
		for _, v := range []*eval.Value{&row.Target, &row.Actual} {
			if v.Raw != "" {
				if out, n := Text(v.Raw); n > 0 {
					total += n
					*v = eval.ParseValue(out)
				}
			}
		}
	}
	return &c, total
}
