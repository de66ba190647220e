package table

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// reSpaces splits a line copied from a PDF's layout text: two or more
// spaces (or an ideographic space) between cells.
var reSpaces = regexp.MustCompile(`[ \x{3000}]{2,}|\x{3000}`)

// textCells splits one line of pasted text into cells: "| a | b |" rows
// (a web page or Markdown), tab-separated rows (a spreadsheet), or columns
// set apart by runs of spaces (a PDF's layout text). A line with none of
// these is one cell.
func textCells(line string) []string {
	t := strings.TrimSpace(line)
	var cells []string
	switch {
	case strings.Count(t, "|") >= 1 && (strings.Count(t, "|") >= 2 || strings.HasSuffix(t, "|")):
		t = strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
		cells = strings.Split(t, "|")
	case strings.Contains(t, "\t"):
		// Leading empty cells are columns, not indentation.
		cells = strings.Split(strings.Trim(line, " \r\n"), "\t")
	default:
		cells = reSpaces.Split(t, -1)
	}
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// isFormTitle reports a line that starts a new form in pasted text.
func isFormTitle(cells []string) bool {
	n := 0
	for _, c := range cells {
		if c != "" {
			n++
		}
	}
	if n > 2 {
		return false
	}
	t := strings.Join(cells, "")
	return len([]rune(t)) <= 60 && (strings.Contains(t, "自评表") || strings.Contains(t, "评分表"))
}

// ReadText reads self-evaluation forms from text as people copy them from
// a web page, a spreadsheet or a PDF: rows as "| a | b |", tab-separated
// or space-aligned cells, lines of a web page's navigation before the
// form (read past as title lines), several forms one after another (each
// title line starts a new one). A form cut off mid-table is read as far
// as it goes, with a note saying what is missing. Forms that cannot be
// read are errors when nothing else could be read, notes otherwise.
func ReadText(name, text string, opt report.Options) (*report.Import, error) {
	var segs []*Grid
	cur := &Grid{Name: "正文"}
	start := 1
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) > opt.Lim().MaxRows {
		return nil, report.Errorf(report.Pos{File: name}, "文本超过 %d 行 (text too long): %v", opt.Lim().MaxRows, report.ErrTooLarge)
	}
	if flatShape(lines) {
		if imp, ok, err := readFlat(name, lines, opt); ok {
			return imp, err
		}
	}
	for i, line := range lines {
		cells := textCells(line)
		if isFormTitle(cells) && Looks(cur) {
			segs = append(segs, cur)
			cur, start = &Grid{}, i+1
		}
		if cur.Name == "" {
			cur.Name = fmt.Sprintf("第 %d 行起", start)
		}
		cur.Cells = append(cur.Cells, cells)
		cur.RowNums = append(cur.RowNums, i+1)
	}
	segs = append(segs, cur)
	imp := &report.Import{}
	var firstErr error
	for _, g := range segs {
		if !Looks(g) {
			continue
		}
		one, err := Recognize(name, []*Grid{g}, opt)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			imp.Notes = append(imp.Notes, report.Note{Pos: report.Pos{File: name, Sheet: g.Name}, Message: "此处的表格无法读取：" + err.Error()})
			continue
		}
		for _, r := range one.Reports {
			r.Line = g.RowNum(0)
			noteCut(imp, name, g.Name, r)
		}
		imp.Reports = append(imp.Reports, one.Reports...)
		imp.Notes = append(imp.Notes, one.Notes...)
	}
	if len(imp.Reports) == 0 {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, notRecognised(name, segs)
	}
	return imp, nil
}

// flatShape reports text whose rows were lost: the 评分表 header's
// 三级指标 stands alone on its line (one cell per line), or a line holds
// the whole form. A sentence that mentions 三级指标 is neither.
func flatShape(lines []string) bool {
	for _, ln := range lines {
		if !strings.Contains(ln, "三级指标") {
			continue
		}
		if n := len(textCells(ln)); isFlatLine(strings.TrimSpace(ln)) && (n <= 2 || n > 16 || len(reAnySpace.Split(ln, -1)) > 40) {
			return true
		}
		var cells []string
		for _, c := range textCells(ln) {
			if c != "" {
				cells = append(cells, c)
			}
		}
		switch {
		case len(cells) == 1 && classify(cells[0]) == colL3:
			return true
		case len(cells) > 2:
			for _, c := range cells {
				if classify(c) == colL3 {
					return false // a header row: rows are kept
				}
			}
		}
	}
	return false
}

// noteCut notes a form whose text ends before its 总分/合计 row.
func noteCut(imp *report.Import, file, where string, r *eval.Report) {
	if r.Sheet.Total == nil && !r.Sheet.Unscored {
		imp.Notes = append(imp.Notes, report.Note{Pos: report.Pos{File: file, Sheet: where},
			Message: fmt.Sprintf("文本在表格中途结束：读到 %d 项指标，没有总分/合计行，报告不完整 (the text ends mid-table: %d indicators, no total row)", len(r.Sheet.Rows), len(r.Sheet.Rows))})
	}
}
