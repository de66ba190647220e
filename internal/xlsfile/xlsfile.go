// Package xlsfile reads spreadsheets as rows of text: Office Open XML
// workbooks (.xlsx, .xlsm) by streaming the sheet XML, and old binary
// Excel 97–2003 workbooks (.xls, BIFF8) from their compound file.
//
// Every sheet is offered; cells come as the text a person sees: shared
// and inline strings, numbers in their shortest exact form (a whole number
// of 16 or more digits, which a spreadsheet cannot hold exactly, in
// scientific notation such as 3.20682196012087E+17 so that the loss shows),
// booleans as TRUE/FALSE, and cells formatted as dates as 2024-03-05.
//
// Reading a sheet streams it: memory is bounded by the shared-string table
// (xlsx) or the workbook stream (xls, at most 65,536 rows a sheet), not by
// the sheet. The package never panics on malformed input: a damaged file
// is an error naming what could not be read.
package xlsfile

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrFormat says the file is not a spreadsheet this package reads.
var ErrFormat = errors.New("不是可读取的 Excel 文件 (not a readable Excel file)")

// File is an open workbook.
type File struct {
	Format string // "xlsx" or "xls"
	sheets []string
	x      *xlsxBook
	b      *xlsBook
	osf    *os.File
}

// Open opens an .xlsx/.xlsm or .xls workbook; the format is taken from the
// file's first bytes (a zip archive or a compound file), not its name.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	var magic [8]byte
	n, _ := f.ReadAt(magic[:], 0)
	out := &File{osf: f}
	switch {
	case n >= 4 && string(magic[:4]) == "PK\x03\x04":
		out.Format = "xlsx"
		out.x, err = openXLSX(f, st.Size())
		if err == nil {
			out.sheets = out.x.names
		}
	case n == 8 && string(magic[:]) == "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
		out.Format = "xls"
		out.b, err = openXLS(f, st.Size())
		if err == nil {
			out.sheets = out.b.names
		}
	default:
		err = fmt.Errorf("%w: %s", ErrFormat, filepath.Base(path))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return out, nil
}

// ShowPercents makes an .xls workbook give a number in a cell formatted as
// a percentage as the cell shows it ("95%", "86.2%") instead of the ratio
// it stores (0.95): for forms, where the person typed 95%. (.xlsx
// workbooks keep giving the stored value.)
func (f *File) ShowPercents() {
	if f.b != nil {
		f.b.percents = true
	}
}

// Close releases the file.
func (f *File) Close() error { return f.osf.Close() }

// Sheets returns the sheet names in workbook order.
func (f *File) Sheets() []string { return f.sheets }

// Rows calls fn for each row of sheet i that holds at least one cell,
// with the row's 1-based number as the spreadsheet shows it and its cells
// by column (missing cells are ""). cells and its strings are valid only
// during the call. A non-nil error from fn stops the scan and is returned.
func (f *File) Rows(i int, fn func(row int, cells []string) error) (err error) {
	if i < 0 || i >= len(f.sheets) {
		return fmt.Errorf("工作表 %d 不存在 (no sheet %d)", i+1, i+1)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("工作表 %q 无法读取 (sheet unreadable): %v", f.sheets[i], r)
		}
	}()
	if f.x != nil {
		return f.x.rows(i, fn)
	}
	return f.b.rows(i, fn)
}

// Grid returns sheet i as a grid of strings (row r-1 holds spreadsheet row
// r; empty rows are empty slices). For small sheets such as forms.
func (f *File) Grid(i int) ([][]string, error) {
	var g [][]string
	err := f.Rows(i, func(row int, cells []string) error {
		if row > 1<<20 {
			return fmt.Errorf("行号 %d 过大 (row number too large)", row)
		}
		for len(g) < row {
			g = append(g, nil)
		}
		c := make([]string, len(cells))
		for j, s := range cells {
			c[j] = strings.Clone(s)
		}
		g[row-1] = c
		return nil
	})
	return g, err
}

// ReadAll opens path and returns every sheet as a grid, by sheet name
// order (for forms and small lists).
func ReadAll(path string) (names []string, grids [][][]string, err error) {
	f, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	for i := range f.Sheets() {
		g, err := f.Grid(i)
		if err != nil {
			return nil, nil, err
		}
		grids = append(grids, g)
	}
	return f.Sheets(), grids, nil
}

// FormatNumber renders a spreadsheet number as text: whole numbers below
// 10^16 exactly ("320682196012086" stays), larger ones — which a double
// cannot hold to the unit — in scientific notation with the digits the
// file gave, at least 15 ("3.20682196012087E+17"), others with at most 15 significant
// digits as Excel shows them (327.82999999999998 → "327.83").
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	a := math.Abs(v)
	if a >= 1e16 {
		// at least the 15 digits a spreadsheet keeps, trailing zeros
		// included: 3.20682195404100E+17, not 3.206821954041E+17
		s := strconv.FormatFloat(v, 'E', -1, 64)
		if m, _, _ := strings.Cut(s, "E"); len(strings.TrimLeft(strings.Replace(m, ".", "", 1), "-")) < 15 {
			s = strconv.FormatFloat(v, 'E', 14, 64)
		}
		return s
	}
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		r = v
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// PercentText writes a ratio as a percentage, exactly: 0.862 → "86.2%",
// 1 → "100%" (the decimal point of its shortest form moved two places).
func PercentText(v float64) string {
	s := FormatNumber(v)
	if s == "" || strings.ContainsAny(s, "Ee") {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	frac += "00"
	whole, frac = whole+frac[:2], frac[2:]
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out + "%"
}

// isPercentFormat reports a number format that shows a percentage: the
// built-in 0% and 0.00%, or a code with % outside quotes and brackets.
func isPercentFormat(id int, code string) bool {
	if id == 9 || id == 10 {
		return true
	}
	in, br := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			in = !in
		case in:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			br = true
		case c == ']':
			br = false
		case br:
		case c == '%':
			return true
		}
	}
	return false
}

// formatRaw renders the text of an xlsx numeric cell: short plain numbers
// as written, others through FormatNumber.
func formatRaw(raw []byte) string {
	plain := len(raw) <= 15
	for _, c := range raw {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-') {
			plain = false
			break
		}
	}
	if plain {
		return string(raw)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64)
	if err != nil {
		return string(raw)
	}
	return FormatNumber(v)
}

// serialDate renders an Excel day number (1900 system) as 2006-01-02;
// ok is false outside 1900–2200.
func serialDate(v float64, date1904 bool) (string, bool) {
	if math.IsNaN(v) || v < 1 || v > 120000 {
		return "", false
	}
	n := int(v)
	if date1904 {
		n += 1462
	}
	// days since 1899-12-30 (Excel's 1900 leap-year bug absorbed for n > 60)
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format("2006-01-02"), true
}

// isDateFormat reports whether a number format shows a date: the built-in
// date formats, or a custom code with y, m or d outside quotes and
// brackets (and not only a time of day).
func isDateFormat(id int, code string) bool {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return true
	case id < 164 && code == "":
		return false
	}
	in, br := false, false
	date := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			in = !in
		case in:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			br = true
		case c == ']':
			br = false
		case br:
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e' && i+1 < len(code) && code[i+1] == 'e':
			date = true
		case c == 'm' || c == 'M':
			// m next to h or s is minutes; alone with y/d it is a month
		}
	}
	return date
}
