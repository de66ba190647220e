package xlsx

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/report"
	"jixiao/internal/report/table"
)

// Read reads one evaluation from a workbook: the 评分表 (required),
// and wherever they are, the header fields, the funds block and the
// narrative block jixiao writes. It is all or nothing: any problem returns
// report.Errors with sheet, row, column and reason, and no report.
//
// When several sheets look like a 评分表 and opt.Sheet is empty it returns
// *report.AmbiguousError listing them. size is the file's length; the
// container is checked against opt.Limits before anything is decompressed.
func Read(name string, r io.ReaderAt, size int64, opt report.Options) (imp *report.Import, err error) {
	// A malformed file must never take the process down, even through a
	// bug in a library: a panic becomes an import error.
	defer func() {
		if p := recover(); p != nil {
			imp, err = nil, report.Errorf(report.Pos{File: name}, "文件无法解析（内部错误）(the file could not be parsed: internal error): %v", p)
		}
	}()
	lim := opt.Lim()
	if _, err := report.OpenZip(name, r, size, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzipped,
		UnzipXMLSizeLimit: lim.MaxUnzipped,
	})
	if err != nil {
		return nil, report.Errorf(report.Pos{File: name}, "无法打开工作簿 (cannot open workbook): %v", err)
	}
	defer f.Close()

	var grids []*table.Grid
	for _, sh := range f.GetSheetList() {
		g, err := readGrid(f, name, sh, lim)
		if err != nil {
			return nil, err
		}
		grids = append(grids, g)
	}
	return table.Recognize(name, grids, opt)
}

// readGrid streams one sheet's rows with raw cell values, stopping at the
// row and column limits before anything else loads the sheet whole.
func readGrid(f *excelize.File, file, sheet string, lim report.Limits) (*table.Grid, error) {
	g := &table.Grid{Name: sheet}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, report.Errorf(report.Pos{File: file, Sheet: sheet}, "无法读取工作表 (cannot read sheet): %v", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if n > lim.MaxRows {
			return nil, report.Errorf(report.Pos{File: file, Sheet: sheet, Row: n},
				"工作表超过 %d 行，不像评分表；请只上传评分表 (sheet has more than %d rows): %v", lim.MaxRows, lim.MaxRows, report.ErrTooLarge)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, report.Errorf(report.Pos{File: file, Sheet: sheet, Row: n}, "无法读取此行 (cannot read row): %v", err)
		}
		if len(cols) > lim.MaxCols {
			for c := lim.MaxCols; c < len(cols); c++ {
				if strings.TrimSpace(cols[c]) != "" {
					return nil, report.Errorf(report.Pos{File: file, Sheet: sheet, Row: n, Col: c + 1},
						"超过 %d 列 (more than %d columns): %v", lim.MaxCols, lim.MaxCols, report.ErrTooLarge)
				}
			}
			cols = append([]string(nil), cols[:lim.MaxCols]...)
		}
		// Drop trailing empty rows' storage but keep the row index.
		g.Cells = append(g.Cells, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, report.Errorf(report.Pos{File: file, Sheet: sheet}, "工作表已损坏 (corrupt sheet): %v", err)
	}
	// Trim trailing empty rows.
	for len(g.Cells) > 0 && rowBlank(g.Cells[len(g.Cells)-1]) {
		g.Cells = g.Cells[:len(g.Cells)-1]
	}
	if len(g.Cells) == 0 {
		return g, nil
	}
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, report.Errorf(report.Pos{File: file, Sheet: sheet}, "无法读取合并单元格 (cannot read merged cells): %v", err)
	}
	if len(merges) > 10*lim.MaxRows {
		return nil, report.Errorf(report.Pos{File: file, Sheet: sheet}, "合并单元格过多 (too many merged cells): %v", report.ErrTooLarge)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
			return nil, report.Errorf(report.Pos{File: file, Sheet: sheet}, "合并单元格范围无效 (invalid merged range) %s:%s", m.GetStartAxis(), m.GetEndAxis())
		}
		g.Merges = append(g.Merges, table.Merge{Top: r1 - 1, Left: c1 - 1, Bottom: r2 - 1, Right: c2 - 1})
	}
	g.Formatted = func(r, c int) string {
		v, err := f.GetCellValue(sheet, cell(c+1, r+1))
		if err != nil {
			return ""
		}
		return v
	}
	g.Formula = func(r, c int) string {
		v, err := f.GetCellFormula(sheet, cell(c+1, r+1))
		if err != nil {
			return ""
		}
		return v
	}
	return g, nil
}

func rowBlank(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
