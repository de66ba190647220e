package xlsfile

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"unicode/utf16"
)

// SheetData is one sheet to write: rows of cells, each a string, a
// float64, an int (an int is written as a number, as Excel stores
// numbers typed into cells) or a Percent.
type SheetData struct {
	Name string
	Rows [][]any
}

// Percent is a ratio written in a cell formatted as a percentage ("0.00%"):
// Percent(0.862) shows as 86.20%.
type Percent float64

// WriteXLS writes a minimal Excel 97–2003 workbook (BIFF8 in a compound
// file): shared strings (split over CONTINUE records when long) and
// numbers. It exists to build .xls fixtures in code; Excel and LibreOffice
// open what it writes.
func WriteXLS(w io.Writer, sheets []SheetData) error {
	var sst []string
	index := map[string]int{}
	for _, sh := range sheets {
		for _, row := range sh.Rows {
			for _, c := range row {
				if s, ok := c.(string); ok && s != "" {
					if _, seen := index[s]; !seen {
						index[s] = len(sst)
						sst = append(sst, s)
					}
				}
			}
		}
	}
	var g []byte
	rec := func(dst []byte, typ uint16, data []byte) []byte {
		dst = binary.LittleEndian.AppendUint16(dst, typ)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(len(data)))
		return append(dst, data...)
	}
	bof := func(kind uint16) []byte {
		d := binary.LittleEndian.AppendUint16(nil, 0x0600)
		d = binary.LittleEndian.AppendUint16(d, kind)
		return append(d, make([]byte, 12)...)
	}
	g = rec(g, recBOF, bof(5))
	g = rec(g, 0x0042, []byte{0xB0, 0x04}) // CODEPAGE 1200 (UTF-16)
	xf := make([]byte, 20)
	g = rec(g, recXF, xf) // XF 0: general
	binary.LittleEndian.PutUint16(xf[2:], 14)
	g = rec(g, recXF, xf) // XF 1: a date (m/d/yy)
	binary.LittleEndian.PutUint16(xf[2:], 10)
	g = rec(g, recXF, xf) // XF 2: a percentage (0.00%)
	sheetPos := make([]int, len(sheets))
	for i, sh := range sheets {
		sheetPos[i] = len(g) + 4 // where the position field sits
		d := make([]byte, 6)
		d = append(d, byte(len(utf16.Encode([]rune(sh.Name)))), 1)
		for _, u := range utf16.Encode([]rune(sh.Name)) {
			d = binary.LittleEndian.AppendUint16(d, u)
		}
		g = rec(g, recBoundSheet, d)
	}
	g = appendSST(g, sst, rec)
	g = rec(g, recEOF, nil)
	for i, sh := range sheets {
		binary.LittleEndian.PutUint32(g[sheetPos[i]:], uint32(len(g)))
		g = rec(g, recBOF, bof(0x10))
		for r, row := range sh.Rows {
			if r >= maxXLSRows {
				return fmt.Errorf("工作表 %q 超过 65536 行 (too many rows for .xls)", sh.Name)
			}
			for c, v := range row {
				if c >= 256 {
					return fmt.Errorf("工作表 %q 超过 256 列 (too many columns for .xls)", sh.Name)
				}
				d := binary.LittleEndian.AppendUint16(nil, uint16(r))
				d = binary.LittleEndian.AppendUint16(d, uint16(c))
				d = binary.LittleEndian.AppendUint16(d, 0)
				switch v := v.(type) {
				case string:
					if v == "" {
						continue
					}
					g = rec(g, recLabelSST, binary.LittleEndian.AppendUint32(d, uint32(index[v])))
				case float64:
					g = rec(g, recNumber, binary.LittleEndian.AppendUint64(d, math.Float64bits(v)))
				case int:
					g = rec(g, recNumber, binary.LittleEndian.AppendUint64(d, math.Float64bits(float64(v))))
				case Percent:
					binary.LittleEndian.PutUint16(d[4:], 2)
					g = rec(g, recNumber, binary.LittleEndian.AppendUint64(d, math.Float64bits(float64(v))))
				case nil:
				default:
					return fmt.Errorf("不支持的单元格类型 %T (unsupported cell type)", v)
				}
			}
		}
		g = rec(g, recEOF, nil)
	}
	return writeCFB(w, g)
}

// appendSST writes the shared-string table, continuing it in CONTINUE
// records of at most 8,224 bytes; a string cut there goes on after a new
// flag byte, as BIFF8 requires.
func appendSST(g []byte, sst []string, rec func([]byte, uint16, []byte) []byte) []byte {
	const maxData = 8224
	cur := binary.LittleEndian.AppendUint32(nil, uint32(len(sst)))
	cur = binary.LittleEndian.AppendUint32(cur, uint32(len(sst)))
	typ := uint16(recSST)
	flush := func() {
		g = rec(g, typ, cur)
		typ, cur = recContinue, nil
	}
	for _, s := range sst {
		u := utf16.Encode([]rune(s))
		if len(cur)+3+2 > maxData {
			flush()
		}
		cur = binary.LittleEndian.AppendUint16(cur, uint16(len(u)))
		cur = append(cur, 1) // UTF-16
		for len(u) > 0 {
			room := (maxData - len(cur)) / 2
			if room == 0 {
				flush()
				cur = append(cur, 1) // the continued string's flag byte
				continue
			}
			k := min(room, len(u))
			for _, c := range u[:k] {
				cur = binary.LittleEndian.AppendUint16(cur, c)
			}
			u = u[k:]
		}
	}
	flush()
	return g
}

// writeCFB wraps one stream named Workbook in a compound file (version 3,
// 512-byte sectors; the stream is padded to 4,096 bytes so that it lives
// in ordinary sectors).
func writeCFB(w io.Writer, stream []byte) error {
	const sec = 512
	const (
		endOfChain = 0xFFFFFFFE
		freeSect   = 0xFFFFFFFF
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
	)
	size := len(stream)
	if size < 4096 {
		stream = append(stream, make([]byte, 4096-size)...)
		size = 4096
	}
	nData := (size + sec - 1) / sec
	nFAT := 1
	for (nData+1+nFAT+127)/128 > nFAT {
		nFAT++
	}
	if nFAT > 109 {
		return fmt.Errorf("工作簿过大 (workbook too large for this writer)")
	}
	dirSec := nData
	fat := make([]uint32, nFAT*128)
	for i := range fat {
		fat[i] = freeSect
	}
	for i := 0; i < nData; i++ {
		fat[i] = uint32(i + 1)
	}
	fat[nData-1] = endOfChain
	fat[dirSec] = endOfChain
	for i := 0; i < nFAT; i++ {
		fat[dirSec+1+i] = fatSect
	}
	le := binary.LittleEndian
	h := make([]byte, sec)
	copy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(h[24:], 0x3E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(nFAT))
	le.PutUint32(h[48:], uint32(dirSec))
	le.PutUint32(h[56:], 4096)
	le.PutUint32(h[60:], endOfChain)
	le.PutUint32(h[68:], endOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(freeSect)
		if i < nFAT {
			v = uint32(dirSec + 1 + i)
		}
		le.PutUint32(h[76+4*i:], v)
	}
	dir := make([]byte, sec)
	entry := func(k int, name string, typ byte, child uint32, start uint32, size uint32) {
		e := dir[k*128 : (k+1)*128]
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			le.PutUint16(e[2*i:], c)
		}
		le.PutUint16(e[64:], uint16(2*(len(u)+1)))
		e[66] = typ
		e[67] = 1 // black
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], size)
	}
	entry(0, "Root Entry", 5, 1, endOfChain, 0)
	entry(1, "Workbook", 2, noStream, 0, uint32(size))
	for k := 2; k < 4; k++ { // unused entries
		e := dir[k*128 : (k+1)*128]
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], noStream)
	}
	out := append(h, stream...)
	out = append(out, make([]byte, nData*sec-size)...)
	out = append(out, dir...)
	for _, v := range fat {
		out = le.AppendUint32(out, v)
	}
	_, err := w.Write(out)
	return err
}
