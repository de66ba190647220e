package rollfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// RowError is one rejected row.
type RowError struct {
	File   string
	Sheet  string // the workbook sheet, when a workbook has several
	Line   int
	Field  string // the column at fault, in Chinese; "" for the whole row
	Value  string
	Reason string
}

// Error formats the row error as "file:line: field "value": reason"
// (file[sheet]:line for a sheet of a workbook).
func (e RowError) Error() string {
	where := e.File
	if e.Sheet != "" {
		where += "[" + e.Sheet + "]"
	}
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", where, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s %q: %s", where, e.Line, e.Field, e.Value, e.Reason)
}

// FileError rejects a whole file.
type FileError struct {
	File   string
	Reason string
}

// Error formats the rejection.
func (e *FileError) Error() string {
	return fmt.Sprintf("%s: 整个文件被拒绝 (file rejected): %s", e.File, e.Reason)
}

// Report tells what reading one file did. Every row is accounted for:
// Read() = Good + Rejected + Skipped.
type Report struct {
	File     string
	Format   string // csv, xlsx or xls
	Encoding string // utf-8, utf-8-bom, gb18030, utf-16le, utf-16be; xlsx, xls
	Rows     int    // data rows read: Good + Rejected
	Good     int
	Rejected int
	Errors   []RowError // the first Options.MaxErrors row errors, by line

	// Skipped rows, by kind: above the header (titles, notes), the header
	// itself, blank, footers (合计, 制表人 …) and headers repeated inside
	// the data, and rows of sheets without a recognised header.
	Skipped                                                                 int
	SkippedAbove, SkippedHeader, SkippedBlank, SkippedFooter, SkippedSheets int

	Sheets []SheetReport // where the header was found, per sheet (one for CSV)

	// IDs: Damaged were cut by a spreadsheet or lost a character (used for
	// review matching in death lists, rejected elsewhere); MaybeDamaged
	// are valid as written but end in 000 as cut ones do; Cleaned had a
	// label, formula wrapper or ".0" removed.
	Damaged, MaybeDamaged, Cleaned int
	DamagedUsed                    int      // damaged rows still used (death lists, hardship lists by name)
	DamagedSamples                 []string // the first few damaged IDs as written

	DeathDateColumn string // the header used for the death date (death lists)
	MonthOnlyDates  int    // death dates given as a month only
}

// SheetReport says where the header of a sheet (or CSV file) was found,
// or why none was.
type SheetReport struct {
	Sheet      string // "" for a CSV file
	HeaderRow  int    // line or row number of the header's (last) row; 0 if none
	HeaderRows int    // 1, or 2 for a two-row header
	Data       int    // data rows read below it
	Reason     string // why no header was recognised
}

// Read is every row of the file that was looked at.
func (r Report) Read() int { return r.Rows + r.Skipped }

// Warnings says in words what a person must know about the file: damaged
// IDs and what to do about them, headers found below titles, sheets not
// used, month-only dates.
func (r Report) Warnings() []string {
	var w []string
	if r.Damaged > 0 {
		n := r.Damaged + r.MaybeDamaged
		ex := ""
		if len(r.DamagedSamples) > 0 {
			ex = "，如 " + strings.Join(r.DamagedSamples, "、")
		}
		w = append(w, fmt.Sprintf("%s：%d 个身份证号已损坏（被 Excel 存为数字后只剩 15 位有效数字、或缺位）%s。"+
			"这些记录无法按身份证号精确比对，只能按号码中可确定的部分（地址码、出生日期）和姓名列入待核实；"+
			"请让报送单位把身份证号列设为“文本”格式后重新导出（或在号码前加英文单引号 '，或导出为 CSV 前先将该列设为文本），再重新稽核。"+
			" (%d ID numbers are damaged — stored as numbers, 15 significant digits left, or a character lost; they can only be matched for review by their certain part and name. Ask the sender to format the ID column as Text and export again.)",
			r.File, n, ex, n))
	}
	if r.Cleaned > 0 {
		w = append(w, fmt.Sprintf("%s：%d 个身份证号带有前缀、公式或小数点，已清理后使用 (%d ID cells were cleaned of a label, formula or \".0\")", r.File, r.Cleaned, r.Cleaned))
	}
	if r.MonthOnlyDates > 0 {
		w = append(w, fmt.Sprintf("%s：%d 个死亡日期只有年月，按月比对和计算 (%d death dates give the month only; counted by month)", r.File, r.MonthOnlyDates, r.MonthOnlyDates))
	}
	for _, s := range r.Sheets {
		if s.Reason != "" {
			w = append(w, fmt.Sprintf("%s：工作表“%s”未使用 (sheet not used)：%s", r.File, s.Sheet, s.Reason))
		}
	}
	return w
}

// HeaderSummary says where the header was found: "第3行" or, for a
// workbook, "工作表“如城”第3行、工作表“白蒲”第2行".
func (r Report) HeaderSummary() string {
	var parts []string
	for _, s := range r.Sheets {
		if s.HeaderRow == 0 {
			continue
		}
		p := fmt.Sprintf("第%d行", s.HeaderRow)
		if s.HeaderRows == 2 {
			p = fmt.Sprintf("第%d–%d行（两行表头）", s.HeaderRow-1, s.HeaderRow)
		}
		if s.Sheet != "" {
			p = "工作表“" + s.Sheet + "”" + p
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "、")
}

// Options tune a scan.
type Options struct {
	// Workers reading a large plain UTF-8 CSV file in parallel (default 2).
	Workers int
	// Defaults for columns a file may lack: the scheme of a roll without a
	// 险种 column, the source of a death list without 数据来源, the group
	// of a hardship list without 困难类别.
	Scheme, Source, Group string
	// MaxErrors kept in Report.Errors (default 1000); all are counted.
	MaxErrors int
	// Progress, if set, is called now and then with the rows read so far
	// in this file (from any worker goroutine).
	Progress func(rows int64)
}

func (o *Options) norm() {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 1000
	}
}

// ErrUnsupported is returned for file types other than CSV/TXT/XLSX.
var ErrUnsupported = errors.New("不支持的文件类型，应为 .csv 或 .xlsx (unsupported file type; use .csv or .xlsx)")

// rowFunc parses one data row; it returns a RowError with Field/Value/
// Reason set, or nil.
type rowFunc func(w int, line int, cols *columns, cells [][]byte) *RowError

// headerCheck validates the mapped header; a non-empty reason rejects the file.
type headerCheck func(cols *columns) string

// parallelMin is the file size from which plain CSV files are read by
// several workers.
var parallelMin int64 = 4 << 20

// scan reads path and calls row for each data row.
func scan(path string, opt Options, check headerCheck, row rowFunc) (Report, error) {
	return scanBatch(path, opt, check, row, nil)
}

// scanWithOffsets is scan that also sets *offs to a function giving the
// file offset of the record worker w is parsing (-1 if unknown), valid
// inside row.
func scanWithOffsets(path string, opt Options, check headerCheck, row rowFunc, offs *func(w int) int64, need ...field) (Report, error) {
	return scanFull(path, opt, check, row, nil, offs, need...)
}

// batchBytes is how many bytes of records a batch holds before flush.
const batchBytes = 32 << 10

// scanBatch is scan for batch readers: the bytes of the rows passed to row
// stay valid until flush(w) is called for the worker; flush is called
// every batchBytes and at the end.
func scanBatch(path string, opt Options, check headerCheck, row rowFunc, flush func(w int)) (Report, error) {
	return scanFull(path, opt, check, row, flush, nil)
}

// scanFull is the reader behind all scans; need, if given, names the only
// fields the row parser reads, so records are split no further.
func scanFull(path string, opt Options, check headerCheck, row rowFunc, flush func(w int), offs *func(w int) int64, need ...field) (Report, error) {
	opt.norm()
	rep := Report{File: path}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".xls":
		return scanBook(path, opt, check, row, flush, rep)
	case ".csv", ".txt", ".tsv", "":
		rep.Format = "csv"
	default:
		return rep, &FileError{path, ErrUnsupported.Error()}
	}
	f, err := os.Open(path)
	if err != nil {
		return rep, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return rep, err
	}
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return rep, err
	}
	head = head[:n]
	enc := detect(head, n < len(head))
	rep.Encoding = enc
	skip := 0
	if enc == "utf-8-bom" {
		skip = 3
	}
	br := bufio.NewReaderSize(nil, 1<<20)
	// open reads the file from its start through the decoder its
	// encoding needs
	open := func() (*lineReader, error) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		var src io.Reader = f
		switch enc {
		case "gb18030":
			src = transform.NewReader(f, simplifiedchinese.GB18030.NewDecoder())
		case "utf-16le", "utf-16be":
			src = transform.NewReader(f, utf16Decoder(enc))
		}
		br.Reset(src)
		if skip > 0 {
			br.Discard(skip)
		}
		lr := &lineReader{r: br, base: int64(skip)}
		if enc != "utf-8" && enc != "utf-8-bom" {
			lr.base = -1
		}
		return lr, nil
	}
	lr, err := open()
	if err != nil {
		return rep, err
	}
	// look ahead at the leading records for the header
	type lookRow struct {
		raw  []byte
		end  int64 // bytes consumed after it
		line int   // its last physical line
	}
	var look []lookRow
	for len(look) < headerScan {
		rec, _, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, fmt.Errorf("%s:%d: %w", path, lr.line, err)
		}
		look = append(look, lookRow{bytes.Clone(rec), lr.consumed, lr.line})
	}
	if len(look) == 0 {
		return rep, &FileError{path, "文件为空或无表头 (empty file, no header)"}
	}
	tabs, commas := 0, 0
	for _, l := range look {
		tabs += bytes.Count(l.raw, []byte{'\t'})
		commas += bytes.Count(l.raw, []byte{','})
	}
	delim := byte(',')
	if tabs > commas {
		delim = '\t'
	}
	cand := make([][]string, len(look))
	for i, l := range look {
		if !utf8.Valid(l.raw) {
			continue
		}
		cells, _ := splitRecord(l.raw, delim, nil)
		cand[i] = make([]string, len(cells))
		for j, c := range cells {
			cand[i][j] = string(c)
		}
	}
	hf, ok, why := findHeader(cand, check)
	if !ok {
		if !utf8.Valid(look[0].raw) {
			why = "表头编码无法识别 (header encoding not recognised)"
		}
		return rep, &FileError{path, why}
	}
	cols := hf.cols
	last := look[hf.at+hf.rows-1]
	for _, l := range look[:hf.at] {
		if blank(l.raw) {
			rep.SkippedBlank++
		} else {
			rep.SkippedAbove++
		}
	}
	rep.SkippedHeader = hf.rows
	rep.Sheets = []SheetReport{{HeaderRow: last.line, HeaderRows: hf.rows}}
	noteColumns(&rep, &cols, hf.text)
	errs := &errSink{max: opt.MaxErrors, file: path, progress: opt.Progress, off: make([]padded[int64], opt.Workers)}
	if offs != nil {
		*offs = func(w int) int64 { return errs.off[w].v }
	}
	if len(need) > 0 {
		for _, f := range need {
			if cols[f]+2 > errs.split {
				errs.split = cols[f] + 2 // the field, and one for the rest
			}
		}
		if cols[fName] >= errs.split {
			errs.split = cols[fName] + 2 // the encoding check reads the name
		}
	}
	hdrBytes := last.end
	if (enc == "utf-8" || enc == "utf-8-bom") && st.Size() >= parallelMin && opt.Workers > 1 {
		ok, err := scanParallel(f, st.Size(), int64(skip)+hdrBytes, last.line, delim, opt.Workers, &cols, row, flush, &rep, errs)
		if err != nil {
			return rep, err
		}
		if ok {
			errs.finish(&rep)
			return rep, nil
		}
		// quotes present: fall through to the sequential reader
	}
	if lr, err = open(); err != nil {
		return rep, err
	}
	lr.delim = delim
	for range hf.at + hf.rows {
		if _, _, err := lr.next(); err != nil {
			return rep, fmt.Errorf("%s:%d: %w", path, lr.line, err)
		}
	}
	lr.keep = flush != nil
	if err := scanLines(lr, 0, delim, &cols, row, flush, &rep, errs); err != nil {
		return rep, err
	}
	errs.finish(&rep)
	return rep, nil
}

// noteColumns records in the report which header a death list's date came
// from (死亡日期, 火化日期 …).
func noteColumns(rep *Report, cols *columns, text []string) {
	if i := cols[fDeath]; i >= 0 && i < len(text) && rep.DeathDateColumn == "" {
		rep.DeathDateColumn = strings.TrimSpace(text[i])
	}
}

// utf16Decoder decodes UTF-16 text as Excel's "Unicode text" export writes
// it (little-endian with a byte-order mark).
func utf16Decoder(enc string) transform.Transformer {
	if enc == "utf-16be" {
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	}
	return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
}

// EstimateRows guesses the data rows of a CSV file from its size and the
// line lengths of its first 64 KiB, for reserving memory; 0 if unknown.
func EstimateRows(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	lines := bytes.Count(head[:n], []byte{'\n'})
	if lines == 0 {
		return 0
	}
	return int(st.Size() * int64(lines) / int64(n))
}

// readHeader finds the header of a UTF-8 CSV file (for ReadSchemeAt) in
// its first 64 KiB, the same way the scan did.
func readHeader(f *os.File, path string, check headerCheck) (columns, byte, error) {
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimPrefix(head[:n], []byte{0xEF, 0xBB, 0xBF})
	var lines [][]byte
	for len(lines) < headerScan && len(head) > 0 {
		line, rest, _ := bytes.Cut(head, []byte{'\n'})
		lines = append(lines, trimEOL(line))
		head = rest
	}
	tabs, commas := 0, 0
	for _, l := range lines {
		tabs += bytes.Count(l, []byte{'\t'})
		commas += bytes.Count(l, []byte{','})
	}
	delim := byte(',')
	if tabs > commas {
		delim = '\t'
	}
	cand := make([][]string, len(lines))
	for i, l := range lines {
		if !utf8.Valid(l) {
			continue
		}
		cells, _ := splitRecord(l, delim, nil)
		for _, c := range cells {
			cand[i] = append(cand[i], string(c))
		}
	}
	hf, ok, why := findHeader(cand, check)
	if !ok {
		return columns{}, delim, &FileError{path, why}
	}
	return hf.cols, delim, nil
}

// Seekable reports whether rows of the file can be read back by offset:
// a CSV file in UTF-8 (with or without BOM).
func Seekable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".txt", ".tsv", "":
	default:
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	enc := detect(head[:n], n < len(head))
	return enc == "utf-8" || enc == "utf-8-bom"
}

// detect names the encoding of the file's first bytes. A truncated final
// rune is tolerated when the sample is not the whole file.
func detect(b []byte, whole bool) string {
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		return "utf-8-bom"
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) {
		return "utf-16le" // Excel's "Unicode text" (.txt, tab-separated)
	}
	if bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return "utf-16be"
	}
	if len(b) >= 16 {
		// UTF-16 without a mark: ASCII shows as every other byte zero
		odd, even := 0, 0
		for i := 0; i+1 < len(b) && i < 512; i += 2 {
			if b[i] == 0 {
				even++
			}
			if b[i+1] == 0 {
				odd++
			}
		}
		n := min(len(b), 512) / 2
		if odd > n/3 && even == 0 {
			return "utf-16le"
		}
		if even > n/3 && odd == 0 {
			return "utf-16be"
		}
	}
	if !whole {
		// drop a rune cut at the sample's end
		for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	if utf8.Valid(b) {
		return "utf-8"
	}
	return "gb18030"
}

type errSink struct {
	// split, if positive, is how many leading fields the row parser
	// needs: the rest of a plain record is not split.
	split int
	// off[w] is the file offset of the record worker w is parsing, or -1
	// when the bytes are decoded (GB18030) and offsets mean nothing.
	off      []padded[int64]
	progress func(int64)
	rows     atomic.Int64
	mu       sync.Mutex
	max      int
	file     string
	sheet    string // the sheet being read, when a workbook has several
	errs     []RowError
	n        int
	// rows counted as data that are not: blank, footers, repeated headers
	blank, footer, rehead atomic.Int64
}

// reject records a row the parser refused, unless it is a footer or a
// repeated header, which are skipped and counted.
func (s *errSink) reject(e *RowError, line int, cells [][]byte) {
	switch skipKind(cells) {
	case skipFooter:
		s.footer.Add(1)
		return
	case skipHeader:
		s.rehead.Add(1)
		return
	}
	e.Line = line
	s.add(*e)
}

func (s *errSink) add(e RowError) {
	s.mu.Lock()
	s.n++
	e.File = s.file
	e.Sheet = s.sheet
	e.Value = strings.Clone(e.Value)
	s.errs = append(s.errs, e)
	s.mu.Unlock()
}

func (s *errSink) finish(r *Report) {
	slices.SortFunc(s.errs, func(a, b RowError) int { return a.Line - b.Line })
	if len(s.errs) > s.max {
		s.errs = s.errs[:s.max]
	}
	r.Errors = s.errs
	r.Rejected = s.n
	foot, re := int(s.footer.Load()), int(s.rehead.Load())
	r.Rows -= foot + re
	r.Good = r.Rows - s.n
	r.SkippedFooter += foot
	r.SkippedHeader += re
	r.SkippedBlank += int(s.blank.Load())
	r.Skipped = r.SkippedAbove + r.SkippedHeader + r.SkippedBlank + r.SkippedFooter + r.SkippedSheets
	if len(r.Sheets) == 1 {
		r.Sheets[0].Data = r.Rows
	}
}

// lineReader returns logical CSV records: physical lines joined while a
// quoted field is open.
type lineReader struct {
	r        *bufio.Reader
	buf      []byte
	delim    byte
	base     int64  // file offset of the stream's first byte; -1 if decoded
	recStart int64  // file offset of the last record returned (or -1)
	keep     bool   // records go to arena and stay valid until it is reset
	arena    []byte // records of the current batch (keep mode)
	line     int    // physical line number of the last line read
	consumed int64  // bytes consumed
}

// next returns the next record's bytes (without the newline), the line it
// started on, and io.EOF after the last one.
func (lr *lineReader) next() ([]byte, int, error) {
	lr.recStart = -1
	if lr.base >= 0 {
		lr.recStart = lr.base + lr.consumed
	}
	if lr.keep {
		// build the record at the end of the arena: earlier records of
		// the batch keep their bytes even if append moves the arena
		lr.buf = lr.arena[len(lr.arena):]
	} else {
		lr.buf = lr.buf[:0]
	}
	rec, line, err := lr.next1()
	if lr.keep && len(lr.buf) > 0 {
		n := len(lr.arena)
		if cap(lr.arena)-n >= len(lr.buf) && &lr.arena[:n+1][n] == &lr.buf[0] {
			lr.arena = lr.arena[:n+len(lr.buf)] // built in place
		} else {
			lr.arena = append(lr.arena, lr.buf...)
		}
		rec = lr.arena[n:]
		rec = rec[:len(trimEOL(rec))]
	}
	return rec, line, err
}

func (lr *lineReader) next1() ([]byte, int, error) {
	start := lr.line + 1
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.consumed += int64(len(chunk))
		if err == bufio.ErrBufferFull {
			lr.buf = append(lr.buf, chunk...)
			continue
		}
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			lr.line++
		} else if len(chunk) > 0 {
			lr.line++
		}
		lr.buf = append(lr.buf, chunk...)
		if err != nil {
			if len(lr.buf) == 0 {
				return nil, start, io.EOF
			}
			if err == io.EOF {
				return trimEOL(lr.buf), start, nil
			}
			return nil, start, err
		}
		if len(lr.buf) > maxRecord || !openQuote(lr.buf, lr.delim) {
			return trimEOL(lr.buf), start, nil
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// maxRecord caps a record joined across lines by an open quote.
const maxRecord = 1 << 20

// openQuote reports whether b ends inside a quoted field. A quote opens a
// field only as its first character; quotes inside unquoted fields are
// ordinary characters.
func openQuote(b []byte, delim byte) bool {
	if bytes.IndexByte(b, '"') < 0 {
		return false
	}
	if delim == 0 {
		delim = ','
	}
	in, start := false, true
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case in:
			if c == '"' {
				if i+1 < len(b) && b[i+1] == '"' {
					i++
				} else {
					in = false
				}
			}
		case c == delim || c == '\n':
			start = true
			continue
		case c == '"' && start:
			in = true
		}
		start = false
	}
	return in
}

// splitRecord splits a record into fields, honouring RFC 4180 quotes ("a,b"
// and "" for a quote). Fields with quotes are unescaped into fresh memory;
// the others alias b. A stray quote inside an unquoted field is kept.
func splitRecord(b []byte, delim byte, dst [][]byte) ([][]byte, bool) {
	dst = dst[:0]
	if bytes.IndexByte(b, '"') < 0 {
		for {
			i := bytes.IndexByte(b, delim)
			if i < 0 {
				return append(dst, b), true
			}
			dst = append(dst, b[:i])
			b = b[i+1:]
		}
	}
	ok := true
	for {
		if len(b) > 0 && b[0] == '"' {
			var out []byte
			i := 1
			closed := false
			for i < len(b) {
				if b[i] == '"' {
					if i+1 < len(b) && b[i+1] == '"' {
						out = append(out, '"')
						i += 2
						continue
					}
					closed = true
					i++
					break
				}
				out = append(out, b[i])
				i++
			}
			if !closed {
				ok = false
			}
			// text after the closing quote up to the delimiter is kept
			j := bytes.IndexByte(b[i:], delim)
			if j < 0 {
				out = append(out, b[i:]...)
				return append(dst, out), ok
			}
			out = append(out, b[i:i+j]...)
			dst = append(dst, out)
			b = b[i+j+1:]
			continue
		}
		i := bytes.IndexByte(b, delim)
		if i < 0 {
			return append(dst, b), ok
		}
		dst = append(dst, b[:i])
		b = b[i+1:]
	}
}

// splitPlain splits a record without quotes. It tests eight bytes at a
// time for the delimiter (SWAR: an exact zero-byte mask of word ^ pattern),
// since fields are short and a call per field costs more than the scan.
//
// With limit > 0 it stops once limit fields are split (the last one then
// holds the rest of the record).
func splitPlain(b []byte, delim byte, dst [][]byte, limit int) [][]byte {
	const lo7 = 0x7F7F7F7F7F7F7F7F
	pat := 0x0101010101010101 * uint64(delim)
	dst = dst[:0]
	start, i := 0, 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ pat
		m := ^((x&lo7 + lo7) | x | lo7) // high bit set where the byte is delim
		for m != 0 {
			j := i + bits.TrailingZeros64(m)>>3
			dst = append(dst, b[start:j])
			start = j + 1
			m &= m - 1
		}
		if limit > 0 && len(dst) >= limit {
			return append(dst, b[start:])
		}
	}
	for ; i < len(b); i++ {
		if b[i] == delim {
			dst = append(dst, b[start:i])
			start = i + 1
		}
	}
	return append(dst, b[start:])
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ',' && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// scanLines reads records sequentially; line numbers count the header as 1.
func scanLines(lr *lineReader, w int, delim byte, cols *columns, row rowFunc, flush func(int), rep *Report, errs *errSink) error {
	var cells [][]byte
	for {
		if flush != nil && len(lr.arena) >= batchBytes {
			flush(w)
			lr.arena = lr.arena[:0]
		}
		rec, line, err := lr.next()
		if err == io.EOF {
			if flush != nil {
				flush(w)
				lr.arena = lr.arena[:0]
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", rep.File, line, err)
		}
		if blank(rec) {
			errs.blank.Add(1)
			continue
		}
		rep.Rows++
		if rep.Rows&0xffff == 0 && errs.progress != nil {
			errs.progress(errs.rows.Add(0x10000))
		}
		if !utf8.Valid(rec) {
			errs.add(RowError{Line: line, Reason: "行内含无效编码字符 (row has invalid encoding)"})
			continue
		}
		var ok bool
		errs.off[w].v = lr.recStart
		cells, ok = splitRecord(rec, delim, cells)
		if !ok {
			errs.add(RowError{Line: line, Reason: "引号未闭合 (unterminated quote)"})
			continue
		}
		if e := row(w, line, cols, cells); e != nil {
			errs.reject(e, line, cells)
		}
	}
}

// scanParallel splits a plain UTF-8 CSV file without quotes into byte
// ranges at line boundaries and reads them with one goroutine each. It
// returns false, without calling row, when the file contains a quote.
func scanParallel(f *os.File, size, dataStart int64, hdrLine int, delim byte, workers int, cols *columns, row rowFunc, flush func(int), rep *Report, errs *errSink) (bool, error) {
	if data, unmap, err := mapFile(f, size); err == nil {
		defer unmap()
		return scanMapped(data, int(dataStart), hdrLine, delim, workers, cols, row, flush, rep, errs), nil
	}
	// Pre-pass: look for quotes and count lines before each cut.
	cuts := make([]int64, workers+1)
	cuts[0] = dataStart
	cuts[workers] = size
	for i := 1; i < workers; i++ {
		cuts[i] = dataStart + (size-dataStart)*int64(i)/int64(workers)
	}
	lines := make([]int, workers+1)
	buf := make([]byte, 4<<20)
	pos := dataStart
	ci := 1
	nl := 0
	for pos < size {
		n, err := f.ReadAt(buf, pos)
		if n == 0 && err != nil {
			return false, err
		}
		b := buf[:n]
		if bytes.IndexByte(b, '"') >= 0 {
			return false, nil
		}
		for ci < workers && cuts[ci] < pos+int64(n) {
			// move the cut to just after the next newline
			off := int(cuts[ci] - pos)
			j := bytes.IndexByte(b[off:], '\n')
			if j < 0 {
				cuts[ci] = pos + int64(n) // the newline is in the next block
				break
			}
			nl2 := nl + bytes.Count(b[:off+j+1], []byte{'\n'})
			cuts[ci] = pos + int64(off+j+1)
			lines[ci] = nl2
			ci++
		}
		nl += bytes.Count(b, []byte{'\n'})
		pos += int64(n)
	}
	for ; ci < workers; ci++ {
		cuts[ci] = size
		lines[ci] = nl
	}
	var wg sync.WaitGroup
	reps := make([]Report, workers)
	errc := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sec := io.NewSectionReader(f, cuts[w], cuts[w+1]-cuts[w])
			lr := &lineReader{r: bufio.NewReaderSize(sec, 1<<20), line: hdrLine + lines[w], delim: delim, keep: flush != nil, base: cuts[w]}
			reps[w].File = rep.File
			errc[w] = scanLines(lr, w, delim, cols, row, flush, &reps[w], errs)
		}(w)
	}
	wg.Wait()
	for w := range reps {
		rep.Rows += reps[w].Rows
		if errc[w] != nil {
			return true, errc[w]
		}
	}
	return true, nil
}

// validName is utf8.Valid with a quick answer for the common name: CJK
// characters only (three bytes each, lead byte 0xE4…0xE9, which with any
// two continuation bytes is always a valid character).
func validName(b []byte) bool {
	if len(b)%3 == 0 {
		i := 0
		for ; i < len(b); i += 3 {
			if c := b[i]; c < 0xE4 || c > 0xE9 || b[i+1]&0xC0 != 0x80 || b[i+2]&0xC0 != 0x80 {
				break
			}
		}
		if i == len(b) {
			return true
		}
	}
	return utf8.Valid(b)
}

// padded holds one worker's state on cache lines of its own: workers
// write their slot for every row, and slots sharing a line would make
// the cores fight over it (false sharing).
type padded[T any] struct {
	v T
	_ [128]byte
}

// str borrows b as a string without copying; valid while b is.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// scanMapped reads a mapped file in place: the data after the header is
// cut at line boundaries into one region per worker; a first parallel pass
// looks for quotes and counts lines (for line numbers), a second parses.
// It returns false, without calling row, when the file contains a quote.
// dropPagesFrom is the file size from which scanMapped drops the pages it
// has read (smaller files stay resident: dropping would only cost faults).
// A variable for the tests.
var dropPagesFrom = 256 << 20

func scanMapped(data []byte, start, hdrLine int, delim byte, workers int, cols *columns, row rowFunc, flush func(int), rep *Report, errs *errSink) bool {
	// More chunks than workers, taken in turn: on a shared machine a
	// worker whose core is busy elsewhere then holds up little.
	chunks := workers * 8
	if len(data)-start < chunks<<16 {
		chunks = workers
	}
	cuts := make([]int, chunks+1)
	cuts[0], cuts[chunks] = start, len(data)
	for i := 1; i < chunks; i++ {
		c := max(start+(len(data)-start)*i/chunks, cuts[i-1])
		if j := bytes.IndexByte(data[c:], '\n'); j >= 0 {
			c += j + 1
		} else {
			c = len(data)
		}
		cuts[i] = c
	}
	// each worker takes the next chunk until none is left
	each := func(fn func(w, chunk int)) {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Go(func() {
				for c := int(next.Add(1) - 1); c < chunks; c = int(next.Add(1) - 1) {
					fn(w, c)
				}
			})
		}
		wg.Wait()
	}
	// A large file's pages leave the resident set once a chunk is read
	// (the bytes stay in the page cache): a province's 2.6 GB of events
	// would otherwise count whole against the process's memory.
	drop := func(c int) {
		if len(data) >= dropPagesFrom {
			dropPages(data, cuts[c], cuts[c+1])
		}
	}
	counts := make([]int, chunks)
	var quoted atomic.Bool
	each(func(_, c int) {
		defer drop(c)
		// both tests on one block while it is in cache: the region is
		// read from memory once
		const block = 64 << 10
		region := data[cuts[c]:cuts[c+1]]
		n := 0
		for len(region) > 0 && !quoted.Load() {
			b := region[:min(block, len(region))]
			region = region[len(b):]
			if bytes.IndexByte(b, '"') >= 0 {
				quoted.Store(true)
				return
			}
			n += bytes.Count(b, []byte{'\n'})
		}
		counts[c] = n
	})
	if quoted.Load() {
		return false
	}
	first := make([]int, chunks)
	line := hdrLine // the header's last line
	for c := range chunks {
		first[c] = line
		line += counts[c]
	}
	rows := make([]int, chunks)
	each(func(w, c int) {
		rows[c] = scanRegion(data[cuts[c]:cuts[c+1]], int64(cuts[c]), first[c], w, delim, cols, row, flush, errs)
		drop(c)
	})
	for _, n := range rows {
		rep.Rows += n
	}
	return true
}

// scanRegion parses the lines of one region; line is the number of the
// line before it. It returns the data rows seen.
func scanRegion(b []byte, base int64, line, w int, delim byte, cols *columns, row rowFunc, flush func(int), errs *errSink) int {
	var cells [][]byte
	rows, batch := 0, 0
	end := base + int64(len(b))
	for len(b) > 0 {
		errs.off[w].v = end - int64(len(b))
		var rec []byte
		if j := bytes.IndexByte(b, '\n'); j >= 0 {
			rec, b = b[:j], b[j+1:]
		} else {
			rec, b = b, nil
		}
		line++
		if n := len(rec); n > 0 && rec[n-1] == '\r' {
			rec = rec[:n-1]
		}
		if blank(rec) {
			errs.blank.Add(1)
			continue
		}
		rows++
		if rows&0xffff == 0 && errs.progress != nil {
			errs.progress(errs.rows.Add(0x10000))
		}
		cells = splitPlain(rec, delim, cells, errs.split) // no quotes in this file
		// The header and the first 64 KiB were valid UTF-8. Here only the
		// name is checked (every name is non-ASCII, so a row in another
		// encoding shows there); other text is checked when a row is kept.
		if i := cols[fName]; i >= 0 && i < len(cells) && !validName(cells[i]) || cols[fName] < 0 && !utf8.Valid(rec) {
			errs.add(RowError{Line: line, Reason: "行内含无效编码字符 (row has invalid encoding)"})
			continue
		}
		if e := row(w, line, cols, cells); e != nil {
			errs.reject(e, line, cells)
		}
		if batch++; flush != nil && batch == 512 {
			flush(w)
			batch = 0
		}
	}
	if flush != nil {
		flush(w)
	}
	return rows
}
