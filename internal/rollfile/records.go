package rollfile

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// tally counts, across workers, what a scan did to IDs and dates.
type tally struct {
	damaged, used, maybe, cleaned, monthOnly atomic.Int64
	mu                                       sync.Mutex
	samples                                  []string
}

// id cleans and diagnoses an ID cell (cnid.Diagnose), with a quick answer
// for the common clean 18- or 15-character number. A returned damage owns
// its strings.
func (t *tally) id(raw string) (string, *cnid.Damage) {
	if n := len(raw); (n == 18 && raw[15:] != "000" || n == 15) && plainID(raw) {
		return raw, nil
	}
	id, d, cleaned := cnid.Diagnose(raw)
	if cleaned {
		t.cleaned.Add(1)
	}
	if d != nil {
		d.Raw, d.Part = strings.Clone(d.Raw), strings.Clone(d.Part)
		if d.Maybe {
			t.maybe.Add(1)
		} else {
			t.damaged.Add(1)
			t.mu.Lock()
			if len(t.samples) < 3 {
				t.samples = append(t.samples, d.Raw)
			}
			t.mu.Unlock()
		}
	}
	return id, d
}

func plainID(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == 'X' && i == len(s)-1) {
			return false
		}
	}
	return true
}

// into adds the tally to a scan's report.
func (t *tally) into(rep Report, err error) (Report, error) {
	rep.Damaged, rep.DamagedUsed = int(t.damaged.Load()), int(t.used.Load())
	rep.MaybeDamaged, rep.Cleaned = int(t.maybe.Load()), int(t.cleaned.Load())
	rep.MonthOnlyDates = int(t.monthOnly.Load())
	rep.DamagedSamples = t.samples
	return rep, err
}

// keyID is the ID of a row whose number is only a key (rolls, other
// schemes, 代缴): a number cut by a spreadsheet is kept as the file holds
// it — it fails its check character, so it is never taken for a valid ID
// and is matched by name and birth date only — and counted as damaged and
// used; a number that lost a character is refused.
func (t *tally) keyID(raw string) (string, *RowError) {
	id, d := t.id(raw)
	switch {
	case d == nil || d.Maybe:
		return id, nil
	case d.Value != "":
		t.used.Add(1)
		return d.Value, nil
	}
	return "", bad(fID, raw, damagedReason)
}

// damagedReason is the row error of a damaged ID where it cannot be used.
const damagedReason = "身份证号已损坏（疑被 Excel 存为数字截断为 15 位有效数字，或缺位），无法使用；请将该列设为文本后重新导出 (ID damaged: stored as a number or a character lost)"

func cell(cols *columns, cells [][]byte, f field) string {
	i := cols[f]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return trim(str(cells[i]))
}

// trim is strings.TrimSpace with a fast answer for the common cell that
// neither starts nor ends with a space (Chinese names included).
func trim(s string) string {
	n := len(s)
	if n == 0 {
		return s
	}
	c0, cl := s[0], s[n-1]
	// ASCII other than space and controls, or a CJK lead byte (0xE4+):
	// cannot start a Unicode space; likewise at the end.
	startOK := c0 > ' ' && c0 < utf8.RuneSelf || c0 >= 0xE4 && c0 < 0xF8
	endOK := cl > ' ' && cl < utf8.RuneSelf || n >= 3 && s[n-3] >= 0xE4 && s[n-3] < 0xF0
	if startOK && endOK || !maySpaceStart(s) && !maySpaceEnd(s) {
		return s
	}
	return strings.TrimSpace(s)
}

// maySpaceStart reports whether s may start with a Unicode space: ASCII
// white space, or a multi-byte sequence led by 0xC2 (U+0085, U+00A0),
// 0xE1 (U+1680), 0xE2 (U+2000…U+205F) or 0xE3 (U+3000). CJK characters
// (0xE4…0xE9 and beyond) answer at once.
func maySpaceStart(s string) bool {
	c := s[0]
	if c < utf8.RuneSelf {
		return isSpace(rune(c))
	}
	if c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 {
		r, _ := utf8.DecodeRuneInString(s)
		return isSpace(r)
	}
	return false
}

// maySpaceEnd is maySpaceStart for the last character.
func maySpaceEnd(s string) bool {
	n := len(s)
	c := s[n-1]
	if c < utf8.RuneSelf {
		return isSpace(rune(c))
	}
	if n >= 2 && s[n-2] == 0xC2 || n >= 3 && (s[n-3] == 0xE1 || s[n-3] == 0xE2 || s[n-3] == 0xE3) {
		r, _ := utf8.DecodeLastRuneInString(s)
		return isSpace(r)
	}
	return false
}

// isSpace is unicode.IsSpace with the answer for CJK (above U+3000) first.
func isSpace(r rune) bool {
	switch {
	case r > 0x3000:
		return false
	case r < utf8.RuneSelf:
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func bad(f field, v, reason string) *RowError {
	return &RowError{Field: fieldNames[f], Value: v, Reason: reason}
}

func require(cols *columns, fs ...field) string {
	var miss []string
	for _, f := range fs {
		if cols[f] < 0 {
			miss = append(miss, fieldNames[f])
		}
	}
	if len(miss) > 0 {
		return "缺少必需的列 (missing required column): " + strings.Join(miss, "、")
	}
	return ""
}

// ScanRoll reads a benefit roll. Required columns: 身份证号, 姓名, 月待遇.
// Each good row is passed to fn, possibly from several goroutines (w is
// the worker, 0 ≤ w < Options.Workers); the record is valid only during
// the call.
func ScanRoll(path string, opt Options, fn func(w int, r *audit.Recipient)) (Report, error) {
	return ScanRollBatch(path, opt, func(w int, rows []audit.Recipient) {
		for i := range rows {
			fn(w, &rows[i])
		}
	})
}

// ScanRollBatch is ScanRoll handing over good rows in batches of a few
// hundred, which lets a matcher overlap its memory look-ups. The rows and
// their strings are valid only during the call.
func ScanRollBatch(path string, opt Options, fn func(w int, rows []audit.Recipient)) (Report, error) {
	opt.norm()
	batches := make([]padded[[]audit.Recipient], opt.Workers)
	t := &tally{}
	return t.into(scanBatch(path, opt, func(c *columns) string {
		return require(c, fID, fName, fMonthly)
	}, func(w, line int, cols *columns, cells [][]byte) *RowError {
		b := batches[w].v
		if len(b) == cap(b) {
			b = append(b, audit.Recipient{})
		} else {
			b = b[:len(b)+1] // parseRecipient overwrites the whole slot
		}
		batches[w].v = b
		if e := parseRecipient(&b[len(b)-1], path, line, opt, cols, cells, t); e != nil {
			batches[w].v = b[:len(b)-1]
			return e
		}
		return nil
	}, func(w int) {
		if len(batches[w].v) > 0 {
			fn(w, batches[w].v)
		}
		batches[w].v = batches[w].v[:0]
	}))
}

func parseRecipient(r *audit.Recipient, path string, line int, opt Options, cols *columns, cells [][]byte, t *tally) *RowError {
	*r = audit.Recipient{File: path, Line: line}
	raw := cell(cols, cells, fID)
	var e *RowError
	if r.ID, e = t.keyID(raw); e != nil {
		return e
	}
	if r.ID == "" {
		return bad(fID, raw, "身份证号为空 (empty ID)")
	}
	if len(r.ID) != 18 && len(r.ID) != 15 {
		return bad(fID, raw, "身份证号长度错误 (ID length wrong)")
	}
	r.Name = cell(cols, cells, fName)
	if r.Name == "" {
		return bad(fName, "", "姓名为空 (empty name)")
	}
	v := cell(cols, cells, fMonthly)
	var ok bool
	if r.Monthly, ok = parseAmount(v); !ok || r.Monthly < 0 {
		return bad(fMonthly, v, "金额无效 (invalid amount)")
	}
	if e := optDate(cols, cells, fBirth, &r.Birth); e != nil {
		return e
	}
	if e := optMonth(cols, cells, fStart, &r.Start); e != nil {
		return e
	}
	if e := optMonth(cols, cells, fPaid, &r.PaidThrough); e != nil {
		return e
	}
	r.Sex = cell(cols, cells, fSex)
	r.Town = cell(cols, cells, fTown)
	r.Village = cell(cols, cells, fVillage)
	r.Scheme = cell(cols, cells, fScheme)
	if r.Scheme == "" {
		r.Scheme = opt.Scheme
	}
	r.Status = cell(cols, cells, fStatus)
	return nil
}

// ScanDeaths reads a death list. Required columns: 死亡日期 and 身份证号 or
// 姓名; a row needs an ID, or a name and a birth date.
func ScanDeaths(path string, opt Options, fn func(w int, d *audit.DeathRecord)) (Report, error) {
	opt.norm()
	recs := make([]padded[audit.DeathRecord], opt.Workers)
	t := &tally{}
	return t.into(scan(path, opt, func(c *columns) string {
		if c[fID] < 0 && (c[fName] < 0 || c[fBirth] < 0) {
			return "缺少必需的列 (missing required column): 身份证号，或姓名与出生日期"
		}
		return require(c, fDeath)
	}, func(w, line int, cols *columns, cells [][]byte) *RowError {
		d := &recs[w].v
		*d = audit.DeathRecord{File: path, Line: line}
		raw := cell(cols, cells, fID)
		d.ID, d.Damaged = t.id(raw)
		d.Name = cell(cols, cells, fName)
		if e := optDate(cols, cells, fBirth, &d.Birth); e != nil {
			return e
		}
		switch {
		case d.Damaged != nil && !d.Damaged.Maybe && d.Name == "":
			return bad(fID, raw, "身份证号已损坏且无姓名，无法比对 (ID damaged and no name)")
		case d.Damaged == nil && d.ID == "" && (d.Name == "" || d.Birth == 0):
			return bad(fID, raw, "无身份证号时须有姓名和出生日期 (without an ID, name and birth date are required)")
		}
		v := cell(cols, cells, fDeath)
		dd, ok := cal.ParseDate(v)
		if !ok {
			// a month only (2024年5月, 2024-05): matched and counted by month
			m, mok := cal.ParseMonth(v)
			if !mok || len(v) > 12 {
				return bad(fDeath, v, "日期无效 (invalid date)")
			}
			dd = cal.DateOf(m.Year(), m.Num(), 0)
			t.monthOnly.Add(1)
		}
		if d.Damaged != nil && !d.Damaged.Maybe {
			t.used.Add(1)
		}
		d.DeathDate = dd
		d.Sex = cell(cols, cells, fSex)
		d.Town = cell(cols, cells, fTown)
		d.Source = cell(cols, cells, fSource)
		if d.Source == "" {
			d.Source = opt.Source
		}
		fn(w, d)
		return nil
	}))
}

// ScanScheme reads another scheme's roll. Required column: 身份证号; 险种
// unless Options.Scheme gives it.
func ScanScheme(path string, opt Options, fn func(w int, r *audit.SchemeRow)) (Report, error) {
	opt.norm()
	recs := make([]padded[audit.SchemeRow], opt.Workers)
	t := &tally{}
	return t.into(scan(path, opt, schemeHeader(opt), func(w, line int, cols *columns, cells [][]byte) *RowError {
		r := &recs[w].v
		if e := parseSchemeRow(r, path, line, opt, cols, cells, true, t); e != nil {
			return e
		}
		fn(w, r)
		return nil
	}))
}

// ScanSchemeKeys is ScanScheme reading only 身份证号 and 险种 (and checking
// only those): for a ten-million-row roll of which a few rows will match.
// off is the file offset of the row, for ReadSchemeAt, or -1 when the file
// is not plain UTF-8 CSV (then use ScanScheme).
func ScanSchemeKeys(path string, opt Options, fn func(w int, r *audit.SchemeRow, off int64)) (Report, error) {
	opt.norm()
	recs := make([]padded[audit.SchemeRow], opt.Workers)
	var offs func(w int) int64
	t := &tally{}
	return t.into(scanWithOffsets(path, opt, schemeHeader(opt), func(w, line int, cols *columns, cells [][]byte) *RowError {
		r := &recs[w].v
		if e := parseSchemeRow(r, path, line, opt, cols, cells, false, t); e != nil {
			return e
		}
		fn(w, r, offs(w))
		return nil
	}, &offs, fID, fScheme))
}

// ReadSchemeAt reads in full the rows of another scheme's roll that start
// at the given offsets (from ScanSchemeKeys), in that order.
func ReadSchemeAt(path string, opt Options, offs []int64) ([]audit.SchemeRow, error) {
	opt.norm()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cols, delim, err := readHeader(f, path, schemeHeader(opt))
	if err != nil {
		return nil, err
	}
	out := make([]audit.SchemeRow, 0, len(offs))
	var cells [][]byte
	parse := func(off int64, rec []byte) error {
		if i := bytes.IndexByte(rec, '\n'); i >= 0 {
			rec = rec[:i]
		}
		cells, _ = splitRecord(trimEOL(rec), delim, cells)
		var r audit.SchemeRow
		if e := parseSchemeRow(&r, path, 0, opt, &cols, cells, true, &tally{}); e != nil {
			e.File = path
			return fmt.Errorf("偏移 %d (offset %d): %w", off, off, *e)
		}
		r.ID, r.Name, r.Scheme, r.Region = strings.Clone(r.ID), strings.Clone(r.Name), strings.Clone(r.Scheme), strings.Clone(r.Region)
		out = append(out, r)
		return nil
	}
	if st, err := f.Stat(); err == nil {
		if data, unmap, err := mapFile(f, st.Size()); err == nil {
			defer unmap()
			for _, off := range offs {
				if off < 0 || off >= int64(len(data)) {
					return nil, fmt.Errorf("%s: 偏移 %d 超出文件 (offset %d beyond the file)", path, off, off)
				}
				if err := parse(off, data[off:min(int64(len(data)), off+maxRecord)]); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
	}
	buf := make([]byte, 4096)
	for _, off := range offs {
		n, err := f.ReadAt(buf, off)
		if n == 0 && err != nil {
			return nil, fmt.Errorf("%s: 偏移 %d 处无法读取 (cannot read at offset %d): %w", path, off, off, err)
		}
		rec := buf[:n]
		for bytes.IndexByte(rec, '\n') < 0 && n == len(buf) && len(buf) < maxRecord {
			buf = append(buf, make([]byte, len(buf))...) // a long row: read more
			n, _ = f.ReadAt(buf, off)
			rec = buf[:n]
		}
		if err := parse(off, rec); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func schemeHeader(opt Options) headerCheck {
	return func(c *columns) string {
		if c[fScheme] < 0 && opt.Scheme == "" {
			return require(c, fID, fScheme)
		}
		return require(c, fID)
	}
}

// parseSchemeRow fills r from cells; with full false only the ID and the
// scheme are read.
func parseSchemeRow(r *audit.SchemeRow, path string, line int, opt Options, cols *columns, cells [][]byte, full bool, t *tally) *RowError {
	*r = audit.SchemeRow{File: path, Line: line}
	raw := cell(cols, cells, fID)
	var e *RowError
	if r.ID, e = t.keyID(raw); e != nil {
		return e
	}
	if len(r.ID) != 18 && len(r.ID) != 15 {
		return bad(fID, raw, "身份证号长度错误 (ID length wrong)")
	}
	r.Scheme = cell(cols, cells, fScheme)
	if r.Scheme == "" {
		r.Scheme = opt.Scheme
	}
	if !full {
		return nil
	}
	r.Name = cell(cols, cells, fName)
	r.Region = cell(cols, cells, fRegion)
	if r.Region == "" {
		r.Region = cell(cols, cells, fSource)
	}
	if e := optMonth(cols, cells, fStart, &r.Start); e != nil {
		return e
	}
	if v := cell(cols, cells, fMonthly); v != "" {
		m, ok := parseAmount(v)
		if !ok {
			return bad(fMonthly, v, "金额无效 (invalid amount)")
		}
		r.Monthly = m
	}
	return nil
}

// ScanHardship reads a hardship-group list (低保, 特困, 低收入). Required:
// 身份证号 or 姓名 + 出生日期; 困难类别 unless Options.Group gives it.
func ScanHardship(path string, opt Options, fn func(w int, m *audit.HardshipMember)) (Report, error) {
	opt.norm()
	recs := make([]padded[audit.HardshipMember], opt.Workers)
	t := &tally{}
	return t.into(scan(path, opt, func(c *columns) string {
		if c[fID] < 0 && (c[fName] < 0 || c[fBirth] < 0) {
			return "缺少必需的列 (missing required column): 身份证号，或姓名与出生日期"
		}
		if c[fGroup] < 0 && opt.Group == "" {
			return require(c, fGroup)
		}
		return ""
	}, func(w, line int, cols *columns, cells [][]byte) *RowError {
		m := &recs[w].v
		*m = audit.HardshipMember{File: path, Line: line}
		raw := cell(cols, cells, fID)
		var e *RowError
		if m.ID, e = t.keyID(raw); e != nil {
			return e
		}
		m.Name = cell(cols, cells, fName)
		if e := optDate(cols, cells, fBirth, &m.Birth); e != nil {
			return e
		}
		if m.ID == "" && (m.Name == "" || m.Birth == 0) {
			return bad(fID, raw, "无身份证号时须有姓名和出生日期 (without an ID, name and birth date are required)")
		}
		m.Town = cell(cols, cells, fTown)
		m.Group = cell(cols, cells, fGroup)
		if m.Group == "" {
			m.Group = opt.Group
		}
		fn(w, m)
		return nil
	}))
}

// ScanContrib reads a 代缴 payment list. Required: 身份证号.
func ScanContrib(path string, opt Options, fn func(w int, c *audit.Contribution)) (Report, error) {
	opt.norm()
	recs := make([]padded[audit.Contribution], opt.Workers)
	t := &tally{}
	return t.into(scan(path, opt, func(c *columns) string {
		return require(c, fID)
	}, func(w, line int, cols *columns, cells [][]byte) *RowError {
		c := &recs[w].v
		*c = audit.Contribution{File: path, Line: line}
		raw := cell(cols, cells, fID)
		var e *RowError
		if c.ID, e = t.keyID(raw); e != nil {
			return e
		}
		if c.ID == "" {
			return bad(fID, raw, "身份证号为空 (empty ID)")
		}
		c.Name = cell(cols, cells, fName)
		if v := cell(cols, cells, fYear); v != "" {
			y, err := strconv.Atoi(strings.TrimSuffix(v, "年"))
			if err != nil || y < 1900 || y > 2200 {
				return bad(fYear, v, "年度无效 (invalid year)")
			}
			c.Year = y
		}
		if v := cell(cols, cells, fAmount); v != "" {
			a, err := money.ParseYuan(v)
			if err != nil {
				return bad(fAmount, v, "金额无效 (invalid amount)")
			}
			c.Amount = a
		}
		fn(w, c)
		return nil
	}))
}

// parseAmount reads yuan: plain "327.83" directly, anything else (commas,
// full width, signs) through money.ParseYuan.
func parseAmount(s string) (money.Fen, bool) {
	var n int64
	dec := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9' && i < 15:
			n = n*10 + int64(c-'0')
			if dec >= 0 {
				dec++
			}
		case c == '.' && dec < 0 && i > 0:
			dec = 0
		default:
			f, err := money.ParseYuan(s)
			return f, err == nil
		}
	}
	switch {
	case len(s) == 0 || dec == 0:
		f, err := money.ParseYuan(s)
		return f, err == nil
	case dec < 0:
		return money.Fen(n * 100), true
	case dec == 1:
		return money.Fen(n * 10), true
	case dec == 2:
		return money.Fen(n), true
	}
	f, err := money.ParseYuan(s)
	return f, err == nil
}

func optDate(cols *columns, cells [][]byte, f field, dst *cal.Date) *RowError {
	v := cell(cols, cells, f)
	if v == "" {
		return nil
	}
	d, ok := cal.ParseDate(v)
	if !ok {
		return bad(f, v, "日期无效 (invalid date)")
	}
	*dst = d
	return nil
}

func optMonth(cols *columns, cells [][]byte, f field, dst *cal.Month) *RowError {
	v := cell(cols, cells, f)
	if v == "" {
		return nil
	}
	m, ok := cal.ParseMonth(v)
	if !ok {
		return bad(f, v, "年月无效 (invalid month)")
	}
	*dst = m
	return nil
}
