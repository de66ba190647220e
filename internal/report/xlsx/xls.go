package xlsx

import (
	"errors"
	"io"
	"os"

	"jixiao/internal/report"
	"jixiao/internal/report/table"
	"jixiao/internal/xlsfile"
)

// ReadXLS reads an Excel 97–2003 workbook (.xls, BIFF8) with
// internal/xlsfile, the project's one .xls reader, and recognises its
// forms as Read does. The .xls reader gives cell texts without merged
// ranges: merged labels read as their top-left cell (the recogniser fills
// 一级/二级 down as in plain text). A number in a %-formatted cell reads as
// the cell shows it (95%, not the ratio 0.95). All or nothing, like every
// reader.
func ReadXLS(name string, r io.ReaderAt, size int64, opt report.Options) (imp *report.Import, err error) {
	defer func() {
		if p := recover(); p != nil {
			imp, err = nil, report.Errorf(report.Pos{File: name}, "文件无法解析（内部错误）(the file could not be parsed: internal error): %v", p)
		}
	}()
	lim := opt.Lim()
	// xlsfile reads from a file: the upload is copied to a private
	// temporary one, removed when done.
	tmp, err := os.CreateTemp("", "jixiao-*.xls")
	if err != nil {
		return nil, report.Errorf(report.Pos{File: name}, "无法建立临时文件 (cannot create a temporary file): %v", err)
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, io.NewSectionReader(r, 0, size))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, report.Errorf(report.Pos{File: name}, "无法写入临时文件 (cannot write a temporary file): %v", err)
	}
	f, err := xlsfile.Open(tmp.Name())
	if err != nil {
		if errors.Is(err, xlsfile.ErrFormat) {
			return nil, report.Errorf(report.Pos{File: name}, "不是可读取的 Excel 文件 (not a readable Excel file)")
		}
		return nil, report.Errorf(report.Pos{File: name}, "无法打开 .xls 工作簿 (cannot open the .xls workbook): %v", err)
	}
	defer f.Close()
	f.ShowPercents() // 95% as typed, not the ratio 0.95
	var grids []*table.Grid
	for i, sh := range f.Sheets() {
		g := &table.Grid{Name: sh}
		err := f.Rows(i, func(row int, cells []string) error {
			if row > lim.MaxRows {
				return report.Errorf(report.Pos{File: name, Sheet: sh, Row: row},
					"工作表超过 %d 行，不像评分表 (sheet has more than %d rows): %v", lim.MaxRows, lim.MaxRows, report.ErrTooLarge)
			}
			for len(g.Cells) < row-1 {
				g.Cells = append(g.Cells, nil)
			}
			n := min(len(cells), lim.MaxCols)
			c := make([]string, n)
			for j := range n {
				c[j] = string([]byte(cells[j])) // cells are valid only during the call
			}
			g.Cells = append(g.Cells, c)
			return nil
		})
		if err != nil {
			var re *report.Error
			if errors.As(err, &re) {
				return nil, err
			}
			return nil, report.Errorf(report.Pos{File: name, Sheet: sh}, "工作表已损坏 (corrupt sheet): %v", err)
		}
		grids = append(grids, g)
	}
	return table.Recognize(name, grids, opt)
}
