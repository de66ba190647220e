package rollfile

import (
	"errors"
	"fmt"
	"strings"

	"jixiao/internal/xlsfile"
)

var errStop = errors.New("stop")

// scanBook reads every sheet of an .xlsx or .xls workbook whose header is
// recognised (a roll split over sheets by town is common); sheets without
// one are named in the report and their rows counted as skipped.
func scanBook(path string, opt Options, check headerCheck, row rowFunc, flush func(int), rep Report) (Report, error) {
	x, err := xlsfile.Open(path)
	if err != nil {
		return rep, &FileError{path, "无法打开工作簿 (cannot open workbook): " + err.Error()}
	}
	defer x.Close()
	rep.Format, rep.Encoding = x.Format, x.Format
	errs := &errSink{max: opt.MaxErrors, file: path, progress: opt.Progress, off: []padded[int64]{{v: -1}}}
	type plan struct {
		sheet int
		hf    headerFound
		last  int // row number of the header's last row
	}
	var plans []plan
	var whys []string
	for si, name := range x.Sheets() {
		var look [][]string
		var lines []int
		err := x.Rows(si, func(r int, cells []string) error {
			c := make([]string, len(cells))
			for i, s := range cells {
				c[i] = strings.Clone(s)
			}
			look, lines = append(look, c), append(lines, r)
			if len(look) >= headerScan {
				return errStop
			}
			return nil
		})
		if err != nil && err != errStop {
			return rep, &FileError{path, err.Error()}
		}
		hf, ok, why := findHeader(look, check)
		if !ok {
			if len(look) == 0 {
				why = "空工作表 (empty sheet)"
			}
			n := 0
			if err := x.Rows(si, func(int, []string) error { n++; return nil }); err != nil {
				return rep, &FileError{path, err.Error()}
			}
			rep.SkippedSheets += n
			rep.Sheets = append(rep.Sheets, SheetReport{Sheet: name, Reason: why})
			whys = append(whys, fmt.Sprintf("工作表“%s”：%s", name, why))
			continue
		}
		last := lines[hf.at+hf.rows-1]
		rep.SkippedAbove += hf.at // rows above the header (xlsx rows come non-empty)
		rep.SkippedHeader += hf.rows
		rep.Sheets = append(rep.Sheets, SheetReport{Sheet: name, HeaderRow: last, HeaderRows: hf.rows})
		noteColumns(&rep, &hf.cols, hf.text)
		plans = append(plans, plan{si, hf, last})
	}
	if len(plans) == 0 {
		return rep, &FileError{path, strings.Join(whys, "；")}
	}
	var cells [][]byte
	var arena []byte
	for _, p := range plans {
		if len(x.Sheets()) > 1 {
			errs.sheet = x.Sheets()[p.sheet]
		}
		cols := p.hf.cols
		before := rep.Rows
		err := x.Rows(p.sheet, func(r int, cs []string) error {
			if r <= p.last {
				return nil
			}
			empty := true
			cells = cells[:0]
			for _, c := range cs {
				if empty && strings.TrimSpace(c) != "" {
					empty = false
				}
				start := len(arena)
				arena = append(arena, c...)
				cells = append(cells, arena[start:len(arena):len(arena)])
			}
			if empty {
				errs.blank.Add(1)
				return nil
			}
			rep.Rows++
			if rep.Rows&0xffff == 0 && errs.progress != nil {
				errs.progress(errs.rows.Add(0x10000))
			}
			if e := row(0, r, &cols, cells); e != nil {
				errs.reject(e, r, cells)
			}
			if flush == nil {
				arena = arena[:0]
			} else if rep.Rows%256 == 0 {
				flush(0)
				arena = arena[:0]
			}
			return nil
		})
		if flush != nil {
			flush(0)
			arena = arena[:0]
		}
		if err != nil {
			return rep, &FileError{path, err.Error()}
		}
		for i := range rep.Sheets {
			if rep.Sheets[i].Sheet == x.Sheets()[p.sheet] {
				rep.Sheets[i].Data = rep.Rows - before
			}
		}
	}
	errs.finish(&rep)
	return rep, nil
}
