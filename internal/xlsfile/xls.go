package xlsfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// xlsBook is an Excel 97–2003 workbook (BIFF8) read from its compound
// file: the Workbook stream is held in memory (a .xls sheet has at most
// 65,536 rows) and each sheet's cell records are read from it on demand.
type xlsBook struct {
	data     []byte
	names    []string
	offsets  []int
	sst      []string
	dateXF   []bool
	pctXF    []bool // cells formatted as a percentage
	date1904 bool
	// percents gives numbers in %-formatted cells as shown ("95%").
	percents bool
}

// maxStream caps the Workbook stream read into memory.
const maxStream = 512 << 20

func openXLS(f *os.File, size int64) (b *xlsBook, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%w: 复合文件损坏 (damaged compound file): %v", ErrFormat, r)
		}
	}()
	doc, err := mscfb.New(io.NewSectionReader(f, 0, size))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	for {
		e, err := doc.Next()
		if err != nil {
			break
		}
		switch e.Name {
		case "Workbook", "WORKBOOK", "workbook":
		case "Book":
			return nil, fmt.Errorf("%w: Excel 5.0/95 (BIFF5) 格式不支持，请在 Excel 中另存为 .xlsx (BIFF5 not supported; save as .xlsx)", ErrFormat)
		default:
			continue
		}
		if e.Size > maxStream {
			return nil, fmt.Errorf("%w: 工作簿过大 (workbook stream too large)", ErrFormat)
		}
		data := make([]byte, e.Size)
		n, err := io.ReadFull(e, data)
		if err != nil && n == 0 {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		b = &xlsBook{data: data[:n]}
		if err := b.globals(); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: 复合文件中没有 Workbook 流 (no Workbook stream; not an Excel file?)", ErrFormat)
}

// record returns the record at off: its type, data and the next offset.
func (b *xlsBook) record(off int) (typ uint16, data []byte, next int, ok bool) {
	if off < 0 || off+4 > len(b.data) {
		return 0, nil, 0, false
	}
	typ = binary.LittleEndian.Uint16(b.data[off:])
	n := int(binary.LittleEndian.Uint16(b.data[off+2:]))
	if off+4+n > len(b.data) {
		return 0, nil, 0, false
	}
	return typ, b.data[off+4 : off+4+n], off + 4 + n, true
}

const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recBoundSheet = 0x0085
	recSST        = 0x00FC
	recContinue   = 0x003C
	recFormat     = 0x041E
	recXF         = 0x00E0
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recLabelSST   = 0x00FD
	recLabel      = 0x0204
	recRString    = 0x00D6
	recNumber     = 0x0203
	recRK         = 0x027E
	recMulRK      = 0x00BD
	recFormula    = 0x0006
	recString     = 0x0207
	recBoolErr    = 0x0205
)

var errShort = errors.New("记录过短 (record too short)")

func (b *xlsBook) globals() error {
	typ, data, off, ok := b.record(0)
	if !ok || typ != recBOF || len(data) < 4 {
		return fmt.Errorf("%w: 缺少 BOF 记录 (no BOF record)", ErrFormat)
	}
	if v := binary.LittleEndian.Uint16(data); v != 0x0600 {
		return fmt.Errorf("%w: 仅支持 Excel 97–2003 (BIFF8) 格式，请另存为 .xlsx (only BIFF8 is read; save as .xlsx)", ErrFormat)
	}
	formats := map[int]string{}
	var xfFmt []int
	for {
		typ, data, next, ok := b.record(off)
		if !ok {
			return fmt.Errorf("%w: 工作簿记录被截断 (workbook records truncated)", ErrFormat)
		}
		switch typ {
		case recEOF:
			for _, f := range xfFmt {
				b.dateXF = append(b.dateXF, isDateFormat(f, formats[f]))
				b.pctXF = append(b.pctXF, isPercentFormat(f, formats[f]))
			}
			if len(b.names) == 0 {
				return fmt.Errorf("%w: 无工作表 (no sheet)", ErrFormat)
			}
			return nil
		case recFilePass:
			return fmt.Errorf("%w: 文件已加密，请去除密码后另存 (the file is encrypted)", ErrFormat)
		case recDateMode:
			b.date1904 = len(data) >= 2 && data[0] == 1
		case recBoundSheet:
			if len(data) < 8 {
				return fmt.Errorf("%w: BOUNDSHEET %v", ErrFormat, errShort)
			}
			pos := int(binary.LittleEndian.Uint32(data))
			kind := data[5]
			r := &frag{frags: [][]byte{data[6:]}}
			cch := int(r.u8())
			name := r.chars(cch, r.u8()&1 != 0)
			if r.bad {
				return fmt.Errorf("%w: BOUNDSHEET %v", ErrFormat, errShort)
			}
			if kind == 0 { // a worksheet (not a chart or macro sheet)
				b.names = append(b.names, name)
				b.offsets = append(b.offsets, pos)
			}
		case recFormat:
			if len(data) >= 5 {
				r := &frag{frags: [][]byte{data[2:]}}
				formats[int(binary.LittleEndian.Uint16(data))] = r.ustring16()
			}
		case recXF:
			if len(data) >= 4 {
				xfFmt = append(xfFmt, int(binary.LittleEndian.Uint16(data[2:])))
			}
		case recSST:
			frags := [][]byte{data}
			for {
				t2, d2, n2, ok := b.record(next)
				if !ok || t2 != recContinue {
					break
				}
				frags = append(frags, d2)
				next = n2
			}
			b.sst = readSST(frags)
		}
		off = next
	}
}

// frag reads little-endian values across the fragments of a record and
// its CONTINUE records.
type frag struct {
	frags [][]byte
	fi    int
	pos   int
	bad   bool
}

func (r *frag) avail() bool {
	for r.fi < len(r.frags) && r.pos >= len(r.frags[r.fi]) {
		r.fi++
		r.pos = 0
	}
	return r.fi < len(r.frags)
}

func (r *frag) u8() byte {
	if !r.avail() {
		r.bad = true
		return 0
	}
	c := r.frags[r.fi][r.pos]
	r.pos++
	return c
}

func (r *frag) u16() int { return int(r.u8()) | int(r.u8())<<8 }

func (r *frag) u32() int { return r.u16() | r.u16()<<16 }

func (r *frag) skip(n int) {
	for n > 0 && r.avail() {
		k := min(n, len(r.frags[r.fi])-r.pos)
		r.pos += k
		n -= k
	}
	if n > 0 {
		r.bad = true
	}
}

// chars reads cch characters, compressed (one byte each) or UTF-16; a
// string continued in the next fragment starts there with a new flag byte.
func (r *frag) chars(cch int, high bool) string {
	u := make([]uint16, 0, min(cch, 1<<12))
	for len(u) < cch && !r.bad {
		if r.fi < len(r.frags) && r.pos >= len(r.frags[r.fi]) {
			r.fi++
			r.pos = 0
			if r.fi >= len(r.frags) {
				r.bad = true
				break
			}
			high = r.u8()&1 != 0
			continue
		}
		if r.fi >= len(r.frags) {
			r.bad = true
			break
		}
		if high {
			u = append(u, uint16(r.u16()))
		} else {
			u = append(u, uint16(r.u8()))
		}
	}
	return string(utf16.Decode(u))
}

// ustring16 reads an XLUnicodeString (16-bit length, flags, characters).
func (r *frag) ustring16() string {
	cch := r.u16()
	return r.chars(cch, r.u8()&1 != 0)
}

// readSST reads the shared-string table (XLUnicodeRichExtendedString
// entries, rich-text runs and phonetic data skipped).
func readSST(frags [][]byte) []string {
	r := &frag{frags: frags}
	r.u32()
	n := r.u32()
	out := make([]string, 0, min(n, 1<<20))
	for i := 0; i < n && !r.bad; i++ {
		cch := r.u16()
		flags := r.u8()
		runs, ext := 0, 0
		if flags&8 != 0 {
			runs = r.u16()
		}
		if flags&4 != 0 {
			ext = r.u32()
		}
		s := r.chars(cch, flags&1 != 0)
		r.skip(4 * runs)
		r.skip(ext)
		if r.bad {
			break
		}
		out = append(out, s)
	}
	return out
}

// rk decodes an RK number.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func (b *xlsBook) number(xf int, v float64) string {
	if xf >= 0 && xf < len(b.dateXF) && b.dateXF[xf] {
		if d, ok := serialDate(v, b.date1904); ok {
			return d
		}
	}
	if b.percents && xf >= 0 && xf < len(b.pctXF) && b.pctXF[xf] {
		return PercentText(v)
	}
	return FormatNumber(v)
}

// maxXLSRows is the row limit of BIFF8.
const maxXLSRows = 65536

func (b *xlsBook) rows(i int, fn func(row int, cells []string) error) error {
	off := b.offsets[i]
	typ, data, next, ok := b.record(off)
	if !ok || typ != recBOF || len(data) < 4 {
		return fmt.Errorf("工作表 %q 无法读取：缺少 BOF 记录 (sheet unreadable: no BOF)", b.names[i])
	}
	grid := map[int][]string{}
	maxRow := -1
	set := func(row, col int, v string) {
		if v == "" || row < 0 || row >= maxXLSRows || col < 0 || col >= 256 {
			return
		}
		r := grid[row]
		for len(r) <= col {
			r = append(r, "")
		}
		r[col] = v
		grid[row] = r
		maxRow = max(maxRow, row)
	}
	pendRow, pendCol := -1, -1 // a formula whose string result follows
	off = next
	for {
		typ, data, next, ok := b.record(off)
		if !ok || typ == recEOF {
			break
		}
		le := binary.LittleEndian
		if len(data) >= 6 {
			row, col, xf := int(le.Uint16(data)), int(le.Uint16(data[2:])), int(le.Uint16(data[4:]))
			switch typ {
			case recLabelSST:
				if len(data) >= 10 {
					if k := int(le.Uint32(data[6:])); k < len(b.sst) {
						set(row, col, b.sst[k])
					}
				}
			case recLabel, recRString:
				r := &frag{frags: [][]byte{data[6:]}}
				set(row, col, r.ustring16())
			case recNumber:
				if len(data) >= 14 {
					set(row, col, b.number(xf, math.Float64frombits(le.Uint64(data[6:]))))
				}
			case recRK:
				if len(data) >= 10 {
					set(row, col, b.number(xf, rk(le.Uint32(data[6:]))))
				}
			case recMulRK:
				// row, first column, (xf, rk)*, last column
				for k, c := 4, col; k+6 <= len(data)-2; k, c = k+6, c+1 {
					set(row, c, b.number(int(le.Uint16(data[k:])), rk(le.Uint32(data[k+2:]))))
				}
			case recBoolErr:
				if len(data) >= 8 && data[7] == 0 {
					if data[6] != 0 {
						set(row, col, "TRUE")
					} else {
						set(row, col, "FALSE")
					}
				}
			case recFormula:
				if len(data) >= 14 {
					res := data[6:14]
					if res[6] == 0xFF && res[7] == 0xFF {
						switch res[0] {
						case 0:
							pendRow, pendCol = row, col
						case 1:
							if res[2] != 0 {
								set(row, col, "TRUE")
							} else {
								set(row, col, "FALSE")
							}
						}
					} else {
						set(row, col, b.number(xf, math.Float64frombits(le.Uint64(res))))
					}
				}
			}
		}
		if typ == recString && pendRow >= 0 {
			frags := [][]byte{data}
			for {
				t2, d2, n2, ok := b.record(next)
				if !ok || t2 != recContinue {
					break
				}
				frags = append(frags, d2)
				next = n2
			}
			r := &frag{frags: frags}
			set(pendRow, pendCol, r.ustring16())
			pendRow = -1
		}
		off = next
	}
	for row := 0; row <= maxRow; row++ {
		cells, ok := grid[row]
		if !ok {
			continue
		}
		if err := fn(row+1, cells); err != nil {
			return err
		}
	}
	return nil
}
