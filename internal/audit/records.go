// Package audit is the pure domain of the survival audit (生存稽核): the
// records it reads, matching death records and other schemes' rolls
// against the benefit roll, overpayments, coverage of the hardship groups,
// the monthly two-up-two-down (两上两下) verification cycle between the city
// and its towns, and recovery cases with their rates.
//
// The package does no I/O: readers live in internal/rollfile, the command in
// cmd/jixiao. Every amount is a money.Fen.
package audit

import (
	"strings"
	"unsafe"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// Recipient is one row of a benefit roll (待遇发放名册) of one scheme.
// ID holds the number as normalised text, which may be 15 digits or even
// invalid: the matcher decides what it can use.
type Recipient struct {
	File        string    // source file, for reports
	Line        int       // line (CSV) or row (XLSX) in File
	ID          string    // 身份证号, normalised (cnid.Normalize)
	Name        string    // 姓名
	Sex         string    // 性别: 男 / 女 / ""
	Birth       cal.Date  // 出生日期, if the roll gives it
	Town        string    // 镇（街道）
	Village     string    // 村（社区）
	Scheme      string    // 险种: 居保, 失保 …
	Start       cal.Month // 待遇开始年月
	Monthly     money.Fen // 月待遇
	PaidThrough cal.Month // 最后发放年月 (发放至); 0 = paid through the run month
	Status      string    // 状态: 正常, 暂停, 终止 …

	// form caches what the matchers made of ID, so that a row streamed
	// through several matchers parses it once; formOf says for which ID.
	form   idForm
	formOf string
	qkey   uint64 // quickKey's answer for qOf
	qok    bool
	qOf    string
}

// Clone returns a copy that owns its strings, for keeping a row that a
// reader lent to a callback.
func (r *Recipient) Clone() Recipient {
	c := *r
	c.File, c.ID, c.Name, c.Sex = strings.Clone(c.File), strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Sex)
	c.Town, c.Village, c.Scheme, c.Status = strings.Clone(c.Town), strings.Clone(c.Village), strings.Clone(c.Scheme), strings.Clone(c.Status)
	c.form, c.formOf, c.qkey, c.qok, c.qOf = idForm{}, "", 0, false, ""
	return c
}

// CloneIn is Clone with the strings copied into a, so that keeping many
// rows costs a few large allocations instead of eight small ones a row.
func (r *Recipient) CloneIn(a *Arena) Recipient {
	c := *r
	if c.File != a.file { // rows come file by file
		a.file = a.String(c.File)
	}
	c.File, c.ID, c.Name, c.Sex = a.file, a.String(c.ID), a.String(c.Name), a.String(c.Sex)
	c.Town, c.Village, c.Scheme, c.Status = a.String(c.Town), a.String(c.Village), a.String(c.Scheme), a.String(c.Status)
	c.form, c.formOf, c.qkey, c.qok, c.qOf = idForm{}, "", 0, false, ""
	return c
}

// Arena copies strings into large blocks it owns. A block lives as long
// as any string in it; use one per goroutine.
type Arena struct {
	buf  []byte
	file string // CloneIn's copy of the last row's File
}

// String returns a copy of s that borrows nothing from its caller.
func (a *Arena) String(s string) string {
	if s == "" {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(s) {
		a.buf = make([]byte, 0, max(64<<10, len(s)))
	}
	n := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[n], len(s))
}

// idForm returns the parsed ID, cached while ID stays the same.
func (r *Recipient) idForm() idForm {
	if r.formOf != r.ID || r.ID == "" {
		r.form, r.formOf = parseIDForm(r.ID), r.ID
	}
	return r.form
}

// quickKey returns the join key of an 18-character ID without checking
// it (the check character and birth date are checked only when a filter
// says the key may match), or of a 15-digit ID once upgraded.
func (r *Recipient) quickKey() (uint64, bool) {
	if r.qOf == r.ID && r.ID != "" {
		return r.qkey, r.qok
	}
	if len(r.ID) == 18 {
		r.qkey, r.qok = idKey(r.ID)
	} else {
		f := r.idForm()
		r.qkey, r.qok = f.key, f.usable
	}
	r.qOf = r.ID
	return r.qkey, r.qok
}

// DeathRecord is one row of a death list. Lists from 民政 or 村居 may lack
// the ID and give name and birth date instead.
type DeathRecord struct {
	File      string
	Line      int
	ID        string // normalised, may be empty, 15 digits or invalid
	Name      string
	Sex       string
	Birth     cal.Date
	Town      string
	DeathDate cal.Date // 死亡日期; day 0 when the list gives the month only
	Source    string   // 数据来源: 公安户籍注销, 民政火化, 卫健死亡证明, 村居上报 …
	// Damaged, if set, says the ID as written was damaged (held as a
	// number by a spreadsheet, one character lost): ID is then empty,
	// unless the number is valid as written (Damaged.Maybe), and the
	// record is matched by what is certain of the number, the name and
	// the birth date, always for review.
	Damaged *cnid.Damage
}

// SchemeRow is one row of another scheme's roll (企业职工养老, another
// region's 居保 …), read for the duplicate-recipient check.
type SchemeRow struct {
	File    string
	Line    int
	ID      string
	Name    string
	Scheme  string    // 险种
	Region  string    // 参保地 / 数据来源
	Start   cal.Month // 待遇开始年月
	Monthly money.Fen
}

// HardshipMember is one member of a hardship group (低保, 特困, 低收入),
// whose resident-pension contribution the government pays (代缴).
type HardshipMember struct {
	File  string
	Line  int
	ID    string
	Name  string
	Birth cal.Date
	Town  string
	Group string // 低保 / 特困 / 低收入
}

// Contribution is one 代缴 payment made for a person in a year.
type Contribution struct {
	File   string
	Line   int
	ID     string
	Name   string
	Year   int
	Amount money.Fen
}

// Status values of a roll row that the audit treats specially.
const (
	StatusTerminated = "终止" // terminated: no longer paid, never matched for overpayment
	StatusSuspended  = "暂停" // suspended: not paid now, back-paid after re-certification
)
