package table

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/internal/report"
)

// A form pasted with its rows lost comes in two shapes: one cell per line
// (as copying some web pages or a PDF gives, "238.93 |" or a bare value,
// an empty cell an empty line or a lone "|"), or the whole form flattened
// onto one line (cells set apart by "|", tabs or spaces). Both are read
// as a stream of cells, and the rows are built again from what the cells
// say: the 评分表 header gives the columns; each indicator row ends in its
// 分值 and 得分 (the last two numbers of a run of numbers), the cells
// before them are its values and 三级 name, and the cells between one row
// and the next are the previous row's reason and the next row's 一级 and
// 二级 names. Above the 评分表, a row starts at each field label, funds
// row label or block title. Cells that fit nowhere are an error naming
// their line, never dropped.

// token is one cell of such text and the line it stood on.
type token struct {
	text string
	line int
	// spaced marks a cell cut from a line at single spaces, which may
	// have cut a sentence: such cells may be joined again.
	spaced bool
}

var reAnySpace = regexp.MustCompile(`[\s\x{3000}]+`)

// isFlatLine reports a line holding a whole 评分表 header and more: a form
// flattened onto one line.
func isFlatLine(t string) bool {
	if !strings.Contains(t, "三级指标") || utf8.RuneCountInString(t) < 60 {
		return false
	}
	for _, w := range []string{"分值", "权重", "得分", "完成值"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// flatTokens splits the lines of text into cells: a flattened line along
// its "|", tabs or spaces; any other line as textCells does.
func flatTokens(lines []string, first int) []token {
	var out []token
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		var cells []string
		spaced := false
		switch {
		case !isFlatLine(t):
			cells = textCells(ln)
		case strings.Count(t, "|") >= 4:
			cells = strings.Split(strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|"), "|")
		case strings.Contains(t, "\t"):
			cells = strings.Split(t, "\t")
		default:
			cells, spaced = reAnySpace.Split(t, -1), true
		}
		for _, c := range cells {
			out = append(out, token{strings.TrimSpace(c), first + i, spaced})
		}
	}
	return out
}

// flatHeader is the 评分表 header found in a token stream.
type flatHeader struct {
	start, end int   // token range [start, end) of the header cells
	kinds      []col // the columns, in order
	l3, w, s   int   // indexes in kinds
}

// findFlatHeader finds the first 三级指标 cell followed within a few cells
// by 分值/权重 and 得分, and the header cells around it.
func findFlatHeader(toks []token) (flatHeader, bool) {
	for i, t := range toks {
		if classify(t.text) != colL3 {
			continue
		}
		h := flatHeader{start: i, l3: -1, w: -1, s: -1}
		var before []col
		for j := i - 1; j >= 0 && len(before) < 4; j-- {
			if toks[j].text == "" {
				continue
			}
			k := classify(toks[j].text)
			if k == colL1 || k == colL2 || k == colIndex {
				before = append([]col{k}, before...)
				h.start = j
				continue
			}
			if k == colNone && strings.Contains(toks[j].text, "指标") && utf8.RuneCountInString(toks[j].text) <= 12 {
				before = append([]col{colNone}, before...) // "绩效指标" down the side
				h.start = j
			}
			break
		}
		h.kinds = append(before, colL3)
		h.l3 = len(h.kinds) - 1
		j := i + 1
		for ; j < len(toks); j++ {
			if toks[j].text == "" {
				continue
			}
			k := classify(toks[j].text)
			if k == colNone || k == colL1 || k == colL2 || k == colL3 {
				break
			}
			switch k {
			case colWeight:
				h.w = len(h.kinds)
			case colScore:
				h.s = len(h.kinds)
			}
			h.kinds = append(h.kinds, k)
		}
		h.end = j
		if h.w >= 0 && h.s >= 0 || h.w < 0 && h.s < 0 && hasKind(h.kinds, colActual) {
			return h, true // scored, or the unscored 区域绩效自评表
		}
	}
	return flatHeader{}, false
}

// level1Names are 一级 indicator names that are not "…指标".
var level1Names = map[string]bool{"产出指标": true, "效益指标": true, "满意度指标": true, "成本指标": true,
	"决策": true, "过程": true, "产出": true, "效益": true, "满意度": true, "成本": true,
	"决策指标": true, "过程指标": true, "管理指标": true, "履职效能": true}

// levelName tells an indicator level name in a cell: 1 for 一级, 2 for
// 二级 (another short name ending in 指标), 0 for neither.
func levelName(t string) int {
	n := norm(t)
	if m := reShare.FindStringSubmatch(n); m != nil {
		n = m[1]
	}
	switch {
	case level1Names[n]:
		return 1
	case strings.HasSuffix(n, "指标") && utf8.RuneCountInString(n) <= 12:
		return 2
	}
	return 0
}

func isPointsToken(t string) bool {
	if t == "" || strings.ContainsAny(t, "%％") {
		return false
	}
	_, err := ParsePoints(t)
	return err == nil
}

// flatBuilder builds a Grid row by row from tokens.
type flatBuilder struct {
	g *Grid
}

func (b *flatBuilder) row(line int, cells ...string) {
	b.g.Cells = append(b.g.Cells, cells)
	b.g.RowNums = append(b.g.RowNums, line)
}

// rowStart reports a cell that begins a row above or below the 评分表: a
// field label, a funds row label, a funds or goals block title, a
// labelled narrative row.
func rowStart(t string) bool {
	n := norm(t)
	if n == "" || isPointsToken(t) {
		return false
	}
	if isFieldLabel(t) || len(ParseLabelled(t)) > 0 {
		return true
	}
	if _, ok := labelledSections[reBracket.ReplaceAllString(n, "")]; ok {
		return true
	}
	if utf8.RuneCountInString(n) <= 20 {
		if _, ok := fundsRowKind(t); ok {
			return true
		}
	}
	return strings.Contains(n, "年度总体目标") || strings.Contains(n, "项目基本情况") || isFormTitle([]string{t})
}

// fundsHeaderAt reports the first cell of a funds block's header: a title
// ("项目资金（万元）", "预算执行情况(10分)") followed within a few cells by
// at least two amount labels (年初预算数, 全年预算数, 全年执行数 …).
func fundsHeaderAt(toks []token, i int) bool {
	t := toks[i].text
	n := norm(t)
	if t == "" || isPointsToken(t) || classifyFunds(t) != fcNone &&
		!strings.Contains(n, "万元") && !strings.Contains(n, "情况") && !reDeclaredPoints.MatchString(n) {
		return false
	}
	if _, ok := fundsRowKind(t); ok {
		return false
	}
	// Amount labels right after the title, a "年度预算数(万元)" column
	// title between them at most.
	amounts := 0
	for j := i + 1; j < len(toks); j++ {
		x := toks[j].text
		if x == "" {
			continue
		}
		k := classifyFunds(x)
		if n := norm(x); strings.Contains(n, "情况") || reDeclaredPoints.MatchString(n) {
			return false // another block's title
		}
		if amounts == 0 && k != fcNone && strings.Contains(x, "万元") {
			continue
		}
		if k == fcInitial || k == fcBudget || k == fcSpent || k == fcReceived {
			amounts++
			if amounts == 2 {
				return true
			}
			continue
		}
		return false
	}
	return false
}

// goalHeaderAt reports 预期目标 followed by 实际完成情况.
func goalHeaderAt(toks []token, i int) bool {
	return goalHeaderKind(toks[i].text) == 1 && goalHeaderKind(nextText(toks, i+1)) == 2
}

// labelRows lays out the cells above or below the 评分表: a row starts at
// each rowStart cell; cells before the first are rows of their own
// (titles); a funds header row puts its label cells in the first column;
// a goals header (预期目标, 实际完成情况) puts the texts under it.
func (b *flatBuilder) labelRows(toks []token) {
	starts := make([]bool, len(toks))
	for i, t := range toks {
		starts[i] = rowStart(t.text) || fundsHeaderAt(toks, i) || goalHeaderAt(toks, i)
	}
	// A funds row label starts a row only when amounts follow it (an
	// empty cell, a number, "—"), not inside a name ("…社会保障局").
	for i := len(toks) - 1; i >= 0; i-- {
		if _, ok := fundsRowKind(toks[i].text); ok && starts[i] && !isFieldLabel(toks[i].text) && len(ParseLabelled(toks[i].text)) == 0 && i+1 < len(toks) {
			x := toks[i+1].text
			if x != "" && !isBlank(x) && !isPointsToken(x) && !strings.HasSuffix(x, "%") {
				starts[i] = false
			}
		}
	}
	var cur []string
	line := 0
	flush := func() {
		if len(cur) > 0 {
			b.row(line, cur...)
		}
		cur = nil
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case fundsHeaderAt(toks, i):
			flush()
			// The header: label cells (the title, "年度预算数(万元)") in the
			// first column, then one column per amount label.
			label := []string{t.text}
			j := i + 1
			for ; j < len(toks); j++ {
				x := toks[j].text
				if x == "" {
					continue
				}
				colLabel := classifyFunds(x) != fcNone && strings.Contains(x, "万元") // "年度预算数(万元)"
				if classifyFunds(x) != fcNone && !colLabel || starts[j] && !colLabel {
					break
				}
				label = append(label, x)
			}
			cur, line = []string{strings.Join(label, " ")}, t.line
			for ; j < len(toks) && !starts[j]; j++ {
				if x := toks[j].text; x != "" {
					if classifyFunds(x) == fcNone {
						break
					}
					cur = append(cur, x)
				}
			}
			flush()
			i = j - 1
		case goalHeaderAt(toks, i):
			flush()
			j := i + 1
			for toks[j].text == "" {
				j++
			}
			b.row(t.line, "", t.text, toks[j].text)
			// The expected target is the next cell, the actual all the
			// cells up to the next row.
			var texts []string
			k := j + 1
			line := 0
			for ; k < len(toks) && !starts[k]; k++ {
				if toks[k].text != "" {
					if line == 0 {
						line = toks[k].line
					}
					texts = append(texts, toks[k].text)
				}
			}
			if len(texts) > 0 {
				b.row(line, "", texts[0], strings.Join(texts[1:], " "))
			}
			i = k - 1
		case starts[i] && isSectionLabel(t.text):
			// A narrative row: the text beside the label is one cell,
			// however the paste split it, up to a signature label.
			flush()
			var texts []string
			j := i + 1
			for ; j < len(toks) && !starts[j] && !strings.HasSuffix(toks[j].text, ":") && !strings.HasSuffix(toks[j].text, "："); j++ {
				if toks[j].text != "" {
					texts = append(texts, toks[j].text)
				}
			}
			cur, line = []string{t.text, strings.Join(texts, " ")}, t.line
			i = j - 1
		case starts[i]:
			flush()
			cur, line = []string{t.text}, t.line
		case len(cur) == 1 && reBracketOnly.MatchString(t.text):
			cur[0] += " " + t.text // "实施单位 (盖章)" split at its space
		case cur == nil:
			if t.text != "" {
				b.row(t.line, t.text)
			}
		default:
			cur = append(cur, t.text)
		}
	}
	flush()
}

var reBracketOnly = regexp.MustCompile(`^[（(][^（）()]*[）)]$`)

// isSectionLabel reports the label of a labelled narrative row (评价结论,
// 存在问题 …).
func isSectionLabel(t string) bool {
	_, ok := labelledSections[reBracket.ReplaceAllString(norm(t), "")]
	return ok
}

func nextText(toks []token, i int) string {
	for ; i < len(toks); i++ {
		if toks[i].text != "" {
			return toks[i].text
		}
	}
	return ""
}

// regrid builds the rows of a form from its token stream. It returns an
// error naming the line of a cell it cannot place.
func regrid(file, name string, toks []token) (*Grid, error) {
	h, ok := findFlatHeader(toks)
	if !ok {
		return nil, nil
	}
	if h.w >= 0 && (h.s != h.w+1 || h.w < h.l3) {
		return nil, report.Errorf(report.Pos{File: file, Row: toks[h.start].line},
			"逐格粘贴的表格：表头中“分值/权重”与“得分”不相邻，无法拆分出各行 (cells pasted one per line: 分值 and 得分 are not side by side in the header)")
	}
	b := &flatBuilder{g: &Grid{Name: name}}
	b.labelRows(toks[:h.start])
	headRow := make([]string, len(h.kinds))
	n := 0
	for _, t := range toks[h.start:h.end] {
		if t.text != "" && n < len(headRow) {
			headRow[n] = t.text
			n++
		}
	}
	b.row(toks[h.start].line, headRow...)
	var errs report.Errors
	rest := toks[h.end:]
	end := len(rest)
	for i, t := range rest {
		if isTotal(t.text) || isSignature(t.text) || i > 0 && (isFormTitle([]string{t.text}) || isFormLead(t.text) || isFieldLabel(t.text)) {
			end = i
			break
		}
	}
	body := rest[:end]
	ir := indicatorRows{h: h, b: b, file: file, errs: &errs}
	if h.w < 0 {
		ir.readFixed(body)
	} else {
		ir.read(body)
	}
	tail := rest[end:]
	if len(tail) > 0 && isTotal(tail[0].text) {
		total := make([]string, len(h.kinds))
		total[0] = tail[0].text
		k := 1
		pts := []int{h.w, h.s}
		used := 0
		for ; k < len(tail) && used < 2; k++ {
			x := tail[k].text
			if x == "" || isBlank(x) {
				continue
			}
			if !isPointsToken(x) {
				break
			}
			total[pts[used]] = x
			used++
		}
		b.row(tail[0].line, total...)
		tail = tail[k:]
	}
	b.labelRows(tail)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return b.g, nil
}

// isFormLead reports a line printed above a form's title: 报表编号, 附件1.
func isFormLead(t string) bool {
	n := norm(t)
	return strings.HasPrefix(n, "报表编号") || n == "附件1" || n == "附件"
}

func isSignature(t string) bool {
	n := norm(t)
	for _, w := range []string{"填报人", "填表人", "联系电话", "填报日期"} {
		if strings.HasPrefix(n, w) {
			return true
		}
	}
	return false
}

// indicatorRows splits the cells under the header into indicator rows.
type indicatorRows struct {
	h    flatHeader
	b    *flatBuilder
	file string
	errs *report.Errors
	// pending are the 一级/二级 names met since the last row.
	pending []token
}

// anchors are the 分值 positions: in each run of numbers, the last two are
// 分值 and 得分.
func anchors(body []token) []int {
	var out []int
	for i := 0; i < len(body); {
		if !isPointsToken(body[i].text) {
			i++
			continue
		}
		j := i
		for j+1 < len(body) && isPointsToken(body[j+1].text) {
			j++
		}
		if j > i {
			out = append(out, j-1)
		}
		i = j + 1
	}
	return out
}

func (ir *indicatorRows) read(body []token) {
	h := ir.h
	k := h.w - h.l3 - 1 // value cells between the 三级 name and 分值
	after := len(h.kinds) - h.s - 1
	prev := 0 // the first token not yet placed
	lastRow := -1
	for _, w := range anchors(body) {
		nv, l3 := k, w-k-1
		// A 定性 row may leave its 度量单位 out entirely: one cell fewer,
		// told by the 三级 name and the 指标性质 landing where they belong.
		if short := w - k; hasKind(h.kinds, colUnit) && short >= prev {
			nat := natureOffset(h)
			if l3 < prev || body[l3].text == "" || levelName(body[l3].text) != 0 ||
				nat >= 0 && !isNature(body[l3+1+nat].text) && isNature(body[short+1+nat].text) {
				nv, l3 = k-1, short
			}
		}
		if l3 < prev || body[l3].text == "" {
			ir.fail(body[w], "逐格粘贴的表格：分值“%s”之前的单元格不足一行（需要三级指标和 %d 个指标值），无法确定这一行 (too few cells before this weight for one row)", body[w].text, k)
			prev = w + 2
			continue
		}
		ir.gap(body[prev:l3], lastRow, after)
		row := make([]string, len(h.kinds))
		ir.placeLevels(row)
		row[h.l3] = body[l3].text
		vals := body[l3+1 : w]
		for i, c := h.l3+1, 0; i < h.w; i++ {
			if nv < k && h.kinds[i] == colUnit {
				continue
			}
			if c < len(vals) {
				row[i] = vals[c].text
				c++
			}
		}
		row[h.w], row[h.s] = body[w].text, body[w+1].text
		ir.b.row(body[l3].line, row...)
		lastRow = len(ir.b.g.Cells) - 1
		prev = w + 2
	}
	ir.gap(body[prev:], lastRow, after)
	if len(ir.pending) > 0 {
		row := make([]string, len(ir.h.kinds))
		line := ir.pending[0].line
		ir.placeLevels(row)
		ir.b.row(line, row...)
	}
}

// natureOffset is the place of 指标性质 among the value columns, -1 when
// there is none.
func natureOffset(h flatHeader) int {
	for i := h.l3 + 1; i < h.w; i++ {
		if h.kinds[i] == colNature {
			return i - h.l3 - 1
		}
	}
	return -1
}

// isNature reports a 指标性质 cell: ≥ ≤ = 定性 and their words.
func isNature(t string) bool {
	switch norm(t) {
	case "≥", "≤", "=", ">", "<", "＞", "＜", "定性", "定量", "正向", "反向", ">=", "<=":
		return true
	}
	for _, w := range []string{"不低于", "不高于", "大于", "小于", "等于", "不少于", "不超过"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// readFixed splits the rows of a form with no 分值 and 得分 (the
// 区域绩效自评表): each row is its 一级/二级 names when given, the 三级 name,
// then one cell per column after it; a level name where a value belongs
// starts the next row (the paste dropped empty cells).
func (ir *indicatorRows) readFixed(body []token) {
	h := ir.h
	n := len(h.kinds) - h.l3 - 1
	for i := 0; i < len(body); {
		t := body[i]
		switch {
		case t.text == "" || isBlank(t.text):
			i++
			continue
		case levelName(t.text) != 0:
			ir.pending = append(ir.pending, t)
			if len(ir.pending) > 2 {
				ir.fail(t, "逐格粘贴的表格：“%s”之前已有两级指标名却没有三级指标 (a third indicator name with no level-3 row)", clip(t.text, 20))
				ir.pending = ir.pending[1:]
			}
			i++
			continue
		}
		row := make([]string, len(h.kinds))
		ir.placeLevels(row)
		row[h.l3] = t.text
		j := i + 1
		for c := 0; c < n && j < len(body); c++ {
			if levelName(body[j].text) != 0 {
				break
			}
			row[h.l3+1+c] = body[j].text
			j++
		}
		ir.b.row(t.line, row...)
		i = j
	}
	if len(ir.pending) > 0 {
		row := make([]string, len(h.kinds))
		line := ir.pending[0].line
		ir.placeLevels(row)
		ir.b.row(line, row...)
	}
}

func hasKind(kinds []col, k col) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

func (ir *indicatorRows) fail(t token, format string, args ...any) {
	ir.errs.Add(report.Errorf(report.Pos{File: ir.file, Row: t.line}, format, args...))
}

// placeLevels puts the pending 一级/二级 names into row and clears them.
func (ir *indicatorRows) placeLevels(row []string) {
	l1, l2 := -1, -1
	for i, k := range ir.h.kinds {
		switch k {
		case colL1:
			l1 = i
		case colL2:
			l2 = i
		}
	}
	p := ir.pending
	ir.pending = nil
	switch {
	case len(p) == 0:
	case len(p) >= 2 && l1 >= 0 && l2 >= 0:
		row[l1], row[l2] = p[len(p)-2].text, p[len(p)-1].text
	case l1 >= 0 && (levelName(p[len(p)-1].text) == 1 || l2 < 0):
		row[l1] = p[len(p)-1].text
	case l2 >= 0:
		row[l2] = p[len(p)-1].text
	}
}

// gap reads the cells between two indicator rows: the previous row's
// reason (the cells after 得分), unfilled template lines ("指标2",
// "……", kept as rows so their names carry on) and the next row's names.
func (ir *indicatorRows) gap(cells []token, lastRow, after int) {
	reasons := 0
	var stray []token
	defer func() {
		if len(stray) > 0 {
			ir.fail(stray[0], "逐格粘贴的表格：从“%s”起有 %d 个单元格无法归入任何一行（应为上一行的原因、一级/二级指标名，或下一行的三级指标、指标值、分值和得分），这一段没有导入 (%d cells belong to no row)",
				clip(stray[0].text, 30), len(stray), len(stray))
		}
	}()
	for _, t := range cells {
		x := t.text
		switch {
		case x == "" || isBlank(x) && x != "……" && x != "…":
			continue
		case levelName(x) != 0:
			if len(ir.pending) == 2 {
				ir.fail(t, "逐格粘贴的表格：“%s”之前已有两级指标名“%s”“%s”却没有三级指标 (a third indicator name with no level-3 row)", clip(x, 20), ir.pending[0].text, ir.pending[1].text)
				ir.pending = ir.pending[1:]
			}
			ir.pending = append(ir.pending, t)
		case rePlaceholder.MatchString(x):
			row := make([]string, len(ir.h.kinds))
			ir.placeLevels(row)
			row[ir.h.l3] = x
			ir.b.row(t.line, row...)
		case len(ir.pending) == 0 && lastRow >= 0 && reasons < after && lastRow == len(ir.b.g.Cells)-1:
			// The previous row's reason (or 评分依据) column.
			ir.b.g.Cells[lastRow][ir.h.s+1+reasons] = x
			reasons++
		case t.spaced && len(ir.pending) == 0 && lastRow >= 0 && lastRow == len(ir.b.g.Cells)-1 && after > 0:
			// More text than the reason columns: one cell split by the
			// paste (spaces inside a sentence).
			c := &ir.b.g.Cells[lastRow][len(ir.h.kinds)-1]
			*c += " " + x
		default:
			stray = append(stray, t)
		}
	}
}

// readFlat reads text whose rows were lost: one cell per line, or the form
// flattened onto one line. ok is false when the text has no 评分表 header
// in that shape.
func readFlat(file string, lines []string, opt report.Options) (imp *report.Import, ok bool, err error) {
	toks := flatTokens(lines, 1)
	// Several forms one after another: each title cell after a header
	// starts a new one.
	var segs [][]token
	from := 0
	for i, t := range toks {
		if i > from && isFormTitle([]string{t.text}) {
			if _, has := findFlatHeader(toks[from:i]); has {
				// The lines above the title that lead the next form
				// (报表编号, 附件1) go with it.
				j := i
				for j-1 > from && (toks[j-1].text == "" || isFormLead(toks[j-1].text)) {
					j--
				}
				segs = append(segs, toks[from:j])
				from = j
			}
		}
	}
	segs = append(segs, toks[from:])
	imp = &report.Import{}
	var firstErr error
	for _, seg := range segs {
		if len(seg) == 0 {
			continue
		}
		g, gerr := regrid(file, fmt.Sprintf("第 %d 行起", seg[0].line), seg)
		if g == nil && gerr == nil {
			continue
		}
		ok = true
		if gerr == nil {
			var one *report.Import
			one, gerr = Recognize(file, []*Grid{g}, opt)
			if gerr == nil {
				for _, r := range one.Reports {
					r.Line = seg[0].line
					noteCut(imp, file, g.Name, r)
				}
				imp.Reports = append(imp.Reports, one.Reports...)
				imp.Notes = append(imp.Notes, one.Notes...)
				continue
			}
		}
		if firstErr == nil {
			firstErr = gerr
		}
	}
	if !ok {
		if at, decl := flatDeclaration(toks); decl {
			return nil, true, declarationError(report.Pos{File: file, Row: at})
		}
		return nil, false, nil
	}
	if firstErr != nil {
		// All or nothing: a form with a cell that fits no row is not read.
		return nil, true, firstErr
	}
	return imp, true, nil
}

// flatDeclaration finds a 绩效目标申报表 header pasted one cell per line:
// 三级指标 followed by target columns, with no 实际完成值 and no 得分.
func flatDeclaration(toks []token) (line int, ok bool) {
	for i, t := range toks {
		if classify(t.text) != colL3 {
			continue
		}
		target := false
		for j := i + 1; j < len(toks) && j <= i+8; j++ {
			switch classify(toks[j].text) {
			case colTarget, colValue, colNature:
				target = true
			case colActual, colScore:
				return 0, false
			}
		}
		if target {
			return t.line, true
		}
	}
	return 0, false
}
