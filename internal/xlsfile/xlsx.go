package xlsfile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"unsafe"
)

// xlsxBook is an open .xlsx workbook: sheet names and parts, the shared
// strings (read once) and which cell styles show dates.
type xlsxBook struct {
	z        *zip.Reader
	names    []string
	parts    []*zip.File
	shared   []string
	dateXF   []bool
	date1904 bool
}

func openXLSX(f *os.File, size int64) (*xlsxBook, error) {
	z, err := zip.NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("%w: zip: %v", ErrFormat, err)
	}
	b := &xlsxBook{z: z}
	files := map[string]*zip.File{}
	for _, zf := range z.File {
		files[strings.ToLower(strings.TrimPrefix(zf.Name, "/"))] = zf
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXML(files["xl/workbook.xml"], &wb); err != nil {
		return nil, fmt.Errorf("%w: xl/workbook.xml: %v", ErrFormat, err)
	}
	b.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXML(files["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, fmt.Errorf("%w: xl/_rels/workbook.xml.rels: %v", ErrFormat, err)
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = strings.ToLower(t)
	}
	for i, s := range wb.Sheets {
		zf := files[target[s.RID]]
		if zf == nil {
			zf = files[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)]
		}
		if zf == nil {
			continue // a chart sheet or a missing part: not a sheet of cells
		}
		b.names = append(b.names, s.Name)
		b.parts = append(b.parts, zf)
	}
	if len(b.names) == 0 {
		return nil, fmt.Errorf("%w: 无工作表 (no sheet)", ErrFormat)
	}
	if zf := files["xl/sharedstrings.xml"]; zf != nil {
		if b.shared, err = readShared(zf); err != nil {
			return nil, fmt.Errorf("%w: xl/sharedStrings.xml: %v", ErrFormat, err)
		}
	}
	if zf := files["xl/styles.xml"]; zf != nil {
		var st struct {
			Fmts []struct {
				ID   int    `xml:"numFmtId,attr"`
				Code string `xml:"formatCode,attr"`
			} `xml:"numFmts>numFmt"`
			XF []struct {
				Fmt int `xml:"numFmtId,attr"`
			} `xml:"cellXfs>xf"`
		}
		if readXML(zf, &st) == nil { // styles only decide date display
			codes := map[int]string{}
			for _, f := range st.Fmts {
				codes[f.ID] = f.Code
			}
			for _, x := range st.XF {
				b.dateXF = append(b.dateXF, isDateFormat(x.Fmt, codes[x.Fmt]))
			}
		}
	}
	return b, nil
}

func readXML(zf *zip.File, v any) error {
	if zf == nil {
		return fmt.Errorf("缺少部件 (part missing)")
	}
	if zf.UncompressedSize64 > 64<<20 {
		return fmt.Errorf("部件过大 (part too large)")
	}
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

// scanner walks XML bytes from a stream without building a tree: it finds
// tags and the text between them in a buffer refilled as it goes.
type scanner struct {
	r   io.Reader
	buf []byte
	i   int // next unread byte
	n   int // end of data in buf
	eof bool
	err error
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 256<<10)}
}

// fill keeps buf[i:n], moves it to the front and reads more; false when
// nothing more comes.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.i > 0 {
		copy(s.buf, s.buf[s.i:s.n])
		s.n -= s.i
		s.i = 0
	}
	if s.n == len(s.buf) {
		if len(s.buf) >= 64<<20 {
			s.err = fmt.Errorf("XML 单个元素过长 (an XML token is too long)")
			s.eof = true
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	m, err := s.r.Read(s.buf[s.n:])
	s.n += m
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
	}
	return m > 0 || !s.eof
}

// until returns the bytes up to the next c and moves past c; ok is false
// at the end of the stream. The bytes are valid until the next call.
func (s *scanner) until(c byte) ([]byte, bool) {
	from := 0
	for {
		if j := bytes.IndexByte(s.buf[s.i+from:s.n], c); j >= 0 {
			b := s.buf[s.i : s.i+from+j]
			s.i += from + j + 1
			return b, true
		}
		from = s.n - s.i
		if !s.fill() {
			return nil, false
		}
	}
}

// tag splits a tag's text into its local name (prefix dropped) and the
// rest; closing tags keep their "/".
func tagName(t []byte) (name, attrs []byte) {
	end := len(t)
	for k, c := range t {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c == '/' && k > 0) {
			end = k
			break
		}
	}
	name, attrs = t[:end], t[end:]
	slash := len(name) > 0 && name[0] == '/'
	if k := bytes.IndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
		if slash {
			name = append([]byte{'/'}, name...)
		}
	}
	return name, attrs
}

// attr returns the value of attribute key in attrs (no entity decoding).
func attr(attrs []byte, key string) []byte {
	for len(attrs) > 0 {
		k := bytes.Index(attrs, []byte(key+"="))
		if k < 0 {
			return nil
		}
		if k > 0 && attrs[k-1] != ' ' && attrs[k-1] != '\t' && attrs[k-1] != '\n' && attrs[k-1] != '\r' {
			attrs = attrs[k+len(key)+1:]
			continue
		}
		v := attrs[k+len(key)+1:]
		if len(v) == 0 {
			return nil
		}
		q := v[0]
		if q != '"' && q != '\'' {
			return nil
		}
		e := bytes.IndexByte(v[1:], q)
		if e < 0 {
			return nil
		}
		return v[1 : 1+e]
	}
	return nil
}

// cellAttrs reads the r, t and s attributes of a cell in one pass.
func cellAttrs(a []byte) (r, t, s []byte) {
	for i := 0; i < len(a); {
		for i < len(a) && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r' || a[i] == '/') {
			i++
		}
		ns := i
		for i < len(a) && a[i] != '=' {
			i++
		}
		name := a[ns:i]
		if i+1 >= len(a) {
			return
		}
		q := a[i+1]
		if q != '"' && q != '\'' {
			return
		}
		e := bytes.IndexByte(a[i+2:], q)
		if e < 0 {
			return
		}
		v := a[i+2 : i+2+e]
		i += 3 + e
		if len(name) == 1 {
			switch name[0] {
			case 'r':
				r = v
			case 't':
				t = v
			case 's':
				s = v
			}
		}
	}
	return
}

func selfClosing(attrs []byte) bool { return len(attrs) > 0 && attrs[len(attrs)-1] == '/' }

// readText reads the text of an element whose start tag was just read,
// up to the next tag, decoded into dst.
func (s *scanner) readText(dst []byte) ([]byte, bool) {
	t, ok := s.until('<')
	if !ok {
		return dst, false
	}
	s.i-- // leave the '<' for the next tag
	return appendDecoded(dst, t), true
}

// appendDecoded appends XML text with entities (&amp; &#20013; …) and the
// OOXML escapes _xHHHH_ decoded.
func appendDecoded(dst, t []byte) []byte {
	if bytes.IndexByte(t, '&') < 0 && !bytes.Contains(t, []byte("_x")) {
		return append(dst, t...)
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '&' {
			if e := bytes.IndexByte(t[i:], ';'); e > 1 && e < 12 {
				ent := string(t[i+1 : i+e])
				var r rune = -1
				switch ent {
				case "amp":
					r = '&'
				case "lt":
					r = '<'
				case "gt":
					r = '>'
				case "quot":
					r = '"'
				case "apos":
					r = '\''
				default:
					if strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X") {
						if v, err := strconv.ParseUint(ent[2:], 16, 32); err == nil {
							r = rune(v)
						}
					} else if strings.HasPrefix(ent, "#") {
						if v, err := strconv.ParseUint(ent[1:], 10, 32); err == nil {
							r = rune(v)
						}
					}
				}
				if r >= 0 {
					dst = appendRune(dst, r)
					i += e
					continue
				}
			}
		}
		if c == '_' && i+6 < len(t) && t[i+1] == 'x' && t[i+6] == '_' {
			if v, err := strconv.ParseUint(string(t[i+2:i+6]), 16, 32); err == nil {
				if v != '\r' { // _x000D_: a carriage return Excel keeps; drop it
					dst = appendRune(dst, rune(v))
				}
				i += 6
				continue
			}
		}
		dst = append(dst, c)
	}
	return dst
}

func appendRune(dst []byte, r rune) []byte {
	if r < 0x80 {
		return append(dst, byte(r))
	}
	return append(dst, string(r)...)
}

// readShared reads the shared-string table into one block of text.
func readShared(zf *zip.File) ([]string, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := newScanner(rc)
	var text []byte
	var ends []int
	depthPh := 0
	inSI := false
	for {
		if _, ok := s.until('<'); !ok {
			break
		}
		t, ok := s.until('>')
		if !ok {
			break
		}
		name, attrs := tagName(t)
		switch string(name) {
		case "si":
			inSI = true
		case "/si":
			ends = append(ends, len(text))
			inSI = false
		case "rPh":
			if !selfClosing(attrs) {
				depthPh++
			}
		case "/rPh":
			depthPh--
		case "t":
			if inSI && depthPh == 0 && !selfClosing(attrs) {
				text, _ = s.readText(text)
			}
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	all := unsafe.String(unsafe.SliceData(text), len(text))
	out := make([]string, len(ends))
	start := 0
	for i, e := range ends {
		out[i] = all[start:e]
		start = e
	}
	return out, nil
}

// colIndex reads the column of a cell reference such as "AB12" (0-based);
// -1 when there is none.
func colIndex(ref []byte) int {
	c := 0
	k := 0
	for ; k < len(ref) && k < 4; k++ {
		ch := ref[k]
		if ch >= 'a' && ch <= 'z' {
			ch -= 'a' - 'A'
		}
		if ch < 'A' || ch > 'Z' {
			break
		}
		c = c*26 + int(ch-'A'+1)
	}
	if k == 0 {
		return -1
	}
	return c - 1
}

func atoiBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > 1<<24 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	if len(b) == 0 {
		return -1
	}
	return n
}

// maxCols caps the columns of a row (XFD is 16,384).
const maxCols = 16384

func (b *xlsxBook) rows(i int, fn func(row int, cells []string) error) error {
	rc, err := b.parts[i].Open()
	if err != nil {
		return fmt.Errorf("工作表 %q 无法打开 (sheet cannot be opened): %v", b.names[i], err)
	}
	defer rc.Close()
	var src io.Reader = rc
	if b.parts[i].UncompressedSize64 > 4<<20 {
		// a large sheet: inflate on another core while this one parses
		ar := newAheadReader(rc)
		defer ar.stop()
		src = ar
	}
	s := newScanner(src)
	var (
		cells    []string
		arena    []byte
		row      int // current row number
		col      int // column of the current cell
		typ      byte
		style    int
		val      []byte // value text of the current cell (in arena)
		has      bool   // the cell had a value
		nonBlank bool
		inRow    bool
		inIS     bool
		phDepth  int
	)
	emit := func() error {
		inRow = false
		if !nonBlank {
			cells, arena = cells[:0], arena[:0]
			return nil
		}
		err := fn(row, cells)
		cells = cells[:0]
		arena = arena[:0]
		nonBlank = false
		return err
	}
	finishCell := func() {
		if !has || col < 0 || col >= maxCols {
			return
		}
		var v string
		switch typ {
		case 's':
			k := atoiBytes(val)
			if k >= 0 && k < len(b.shared) {
				v = b.shared[k]
			}
		case 'b':
			if len(val) == 1 && val[0] == '1' {
				v = "TRUE"
			} else {
				v = "FALSE"
			}
		case 'n':
			if style >= 0 && style < len(b.dateXF) && b.dateXF[style] {
				if f, err := strconv.ParseFloat(string(val), 64); err == nil {
					if d, ok := serialDate(f, b.date1904); ok {
						v = d
						break
					}
				}
			}
			v = formatRaw(val)
		case 'd':
			v = string(val)
			if len(v) > 10 && v[4] == '-' {
				v = v[:10]
			}
		default: // str, inlineStr, e
			v = unsafe.String(unsafe.SliceData(val), len(val))
		}
		if v == "" {
			return
		}
		for len(cells) <= col {
			cells = append(cells, "")
		}
		cells[col] = v
		nonBlank = true
	}
	for {
		if _, ok := s.until('<'); !ok {
			break
		}
		t, ok := s.until('>')
		if !ok {
			break
		}
		name, attrs := tagName(t)
		switch string(name) {
		case "row":
			if inRow {
				if err := emit(); err != nil {
					return err
				}
			}
			r := atoiBytes(attr(attrs, "r"))
			if r <= 0 {
				r = row + 1
			}
			row = r
			col = -1
			inRow = !selfClosing(attrs)
		case "/row":
			if err := emit(); err != nil {
				return err
			}
		case "c":
			ref, tv, sv := cellAttrs(attrs)
			if len(ref) > 0 {
				col = colIndex(ref)
			} else {
				col++
			}
			typ = 'n'
			switch {
			case len(tv) == 0 || string(tv) == "n":
			case string(tv) == "s":
				typ = 's'
			case string(tv) == "b":
				typ = 'b'
			case string(tv) == "d":
				typ = 'd'
			default:
				typ = 't' // str, inlineStr, e
			}
			style = -1
			if len(sv) > 0 {
				style = atoiBytes(sv)
			}
			has, val = false, nil
			if !inRow { // a cell outside a row: start one
				inRow = true
			}
		case "/c":
			finishCell()
			has = false
		case "v":
			if selfClosing(attrs) {
				break
			}
			start := len(arena)
			arena, _ = s.readText(arena)
			val, has = arena[start:], true
		case "is":
			inIS = !selfClosing(attrs)
			val, has = arena[len(arena):], true
		case "/is":
			inIS = false
		case "rPh":
			if !selfClosing(attrs) {
				phDepth++
			}
		case "/rPh":
			phDepth--
		case "t":
			if inIS && phDepth == 0 && !selfClosing(attrs) {
				start := len(arena) - len(val)
				arena, _ = s.readText(arena)
				val = arena[start:]
			}
		case "/sheetData":
			if inRow {
				if err := emit(); err != nil {
					return err
				}
			}
			return s.err
		}
	}
	if s.err != nil {
		return fmt.Errorf("工作表 %q 无法读取 (sheet unreadable): %v", b.names[i], s.err)
	}
	if inRow {
		return emit()
	}
	return nil
}

// aheadReader reads its source in a goroutine of its own, a few large
// blocks ahead of the consumer, so that inflating and parsing a sheet
// overlap on two cores.
type aheadReader struct {
	full  chan []byte
	free  chan []byte
	done  chan struct{}
	cur   []byte
	block []byte
	errc  chan error
}

func newAheadReader(r io.Reader) *aheadReader {
	const blocks, size = 4, 1 << 20
	a := &aheadReader{full: make(chan []byte, blocks), free: make(chan []byte, blocks), done: make(chan struct{}), errc: make(chan error, 1)}
	for range blocks {
		a.free <- make([]byte, size)
	}
	go func() {
		defer close(a.full)
		for {
			var b []byte
			select {
			case b = <-a.free:
			case <-a.done:
				return
			}
			n, err := io.ReadFull(r, b[:cap(b)])
			if n > 0 {
				select {
				case a.full <- b[:n]:
				case <-a.done:
					return
				}
			}
			if err != nil {
				if err != io.ErrUnexpectedEOF && err != io.EOF {
					a.errc <- err
				}
				return
			}
		}
	}()
	return a
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.block != nil {
			a.free <- a.block[:cap(a.block)]
			a.block = nil
		}
		b, ok := <-a.full
		if !ok {
			select {
			case err := <-a.errc:
				return 0, err
			default:
				return 0, io.EOF
			}
		}
		a.block, a.cur = b, b
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// stop ends the reading goroutine (the sheet may be left unfinished).
func (a *aheadReader) stop() {
	close(a.done)
	for range a.full { // let the goroutine see done and exit
	}
}
