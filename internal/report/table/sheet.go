package table

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// col is the meaning of a 评分表 column.
type col int

const (
	colNone col = iota
	colL1
	colL2
	colL3
	colTarget // 年初指标值 (one combined cell)
	colNature // 指标性质: ≥ ≤ = 定性
	colValue  // 指标值, with colNature / colUnit
	colUnit   // 度量单位
	colActual
	colWeight
	colScore
	colBasis
	colReason // 偏差原因分析及改进措施, 未完成原因分析
	colDirection
	colIndex // 序号
	numCols
)

var colNames = [...]string{"", "一级指标", "二级指标", "三级指标", "年初指标值", "指标性质", "指标值", "度量单位",
	"实际完成值", "权重", "得分", "评分依据", "偏差原因", "指标方向", "序号"}

var reBracket = regexp.MustCompile(`[（(][^（）()]*[）)]$`)

// classify tells what a header cell names.
func classify(label string) col {
	s := norm(label)
	for i := 0; i < 2; i++ { // "年度指标值（A）", "权重（分值）"
		if t := reBracket.ReplaceAllString(s, ""); t != "" {
			if c := classifyBare(t); c != colNone {
				return c
			}
		}
		s2 := reBracket.ReplaceAllString(s, "")
		if s2 == s {
			break
		}
		s = s2
	}
	return classifyBare(norm(label))
}

func classifyBare(s string) col {
	switch s {
	case "一级指标", "一级":
		return colL1
	case "二级指标", "二级":
		return colL2
	case "三级指标", "三级", "指标名称", "绩效指标名称":
		return colL3
	case "指标值":
		return colValue
	case "指标性质", "运算符号", "比较符号", "符号":
		return colNature
	case "度量单位", "计量单位", "单位":
		return colUnit
	case "权重", "分值", "权重分值", "指标分值", "权重(分值)":
		return colWeight
	case "得分", "自评得分", "评价得分", "实际得分":
		return colScore
	case "评分依据", "评分说明", "评分标准及依据", "扣分原因":
		return colBasis
	case "指标方向", "方向":
		return colDirection
	case "序号":
		return colIndex
	}
	switch {
	case strings.Contains(s, "原因"):
		return colReason
	case strings.Contains(s, "实际") || s == "完成值" || s == "全年完成值":
		return colActual
	case strings.Contains(s, "指标值") || strings.Contains(s, "目标值") || s == "预期目标" || s == "计划值":
		return colTarget
	}
	return colNone
}

// header is the recognised header of a 评分表.
type header struct {
	row  int // the last header row
	cols map[col]int
	// reasons are extra reason columns beyond the first.
	reasons []int
}

// findHeader looks for a 评分表 header in the first rows: a row naming the
// 三级 indicator and the weight, possibly split over two rows under a
// merged "评价指标" cell.
func findHeader(g *Grid) (header, bool) {
	limit := min(len(g.Cells), 200)
	for r := 0; r < limit; r++ {
		h := header{row: r, cols: map[col]int{}}
		found := false
		for c := 0; c < len(g.Cells[r]); c++ {
			if classify(g.filled(r, c)) == colL3 {
				found = true
			}
		}
		if !found {
			continue
		}
		w := g.width()
		for c := 0; c < w; c++ {
			k := classify(g.filled(r, c))
			if k == colNone && r > 0 && g.At(r, c) == "" {
				// A two-row header: the label above, merged down or not.
				if above := g.filled(r-1, c); utf8.RuneCountInString(above) <= 16 {
					k = classify(above)
				}
			}
			if k == colNone {
				continue
			}
			if _, dup := h.cols[k]; dup {
				if k == colReason || k == colBasis {
					h.reasons = append(h.reasons, c)
				}
				continue
			}
			h.cols[k] = c
		}
		_, hasWeight := h.cols[colWeight]
		_, hasActual := h.cols[colActual]
		if hasWeight || hasActual {
			// Without 分值/权重 but with the actual values: an unscored
			// self-evaluation (the 转移支付 区域绩效自评表).
			// A value column without 指标性质 is the combined target.
			if v, ok := h.cols[colValue]; ok {
				if _, has := h.cols[colTarget]; !has {
					if _, nat := h.cols[colNature]; !nat {
						h.cols[colTarget] = v
						delete(h.cols, colValue)
					}
				}
			}
			return h, true
		}
	}
	return header{}, false
}

// Looks reports whether g holds a 评分表 header.
func Looks(g *Grid) bool {
	_, ok := findHeader(g)
	return ok
}

var (
	reShare    = regexp.MustCompile(`^(.+?)[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[）)]$`)
	totalWords = map[string]bool{"总计": true, "合计": true, "总分": true, "总得分": true, "合计得分": true}
)

// isTotal reports whether a label cell names the 总计 row.
func isTotal(s string) bool { return totalWords[norm(s)] }

// ReadSheet reads the 评分表 of g into r.Sheet. pos names the file; notes
// collects the choices made. It returns every problem found.
func ReadSheet(g *Grid, file string, r *eval.Report, notes *[]report.Note) error {
	h, ok := findHeader(g)
	if !ok {
		return report.Errorf(report.Pos{File: file, Sheet: g.Name}, "找不到评分表表头（需要“三级指标”和“权重”列）(no score-sheet header: need 三级指标 and 权重 columns)")
	}
	sr := sheetReader{g: g, h: h, file: file, notes: notes}
	sr.sheet.Unscored = !sr.has(colWeight)
	sr.read()
	// A 分值 column left empty on every row: the form is not scored.
	// Empty on some rows only: each is an error.
	if len(sr.noWeight) == len(sr.sheet.Rows) && len(sr.sheet.Rows) > 0 {
		sr.sheet.Unscored = true
	} else {
		for _, r := range sr.noWeight {
			sr.fail(r, colWeight, "权重为空 (empty weight)")
		}
	}
	if err := sr.errs.Err(); err != nil {
		return err
	}
	r.Sheet = sr.sheet
	return nil
}

type sheetReader struct {
	g     *Grid
	h     header
	file  string
	notes *[]report.Note
	errs  report.Errors
	sheet eval.Sheet
	// placeholders counts the template's unfilled lines skipped.
	placeholders int
	// noWeight are the indicator rows with an empty 分值/权重 cell.
	noWeight []int
}

func (s *sheetReader) pos(r int, k col) report.Pos {
	p := report.Pos{File: s.file, Sheet: s.g.Name, Row: s.g.RowNum(r)}
	if c, ok := s.h.cols[k]; ok {
		p.Col, p.Field = c+1, colNames[k]
	}
	return p
}

func (s *sheetReader) fail(r int, k col, format string, args ...any) {
	s.errs.Add(report.Errorf(s.pos(r, k), format, args...))
}

func (s *sheetReader) note(r int, k col, format string, args ...any) {
	*s.notes = append(*s.notes, report.Note{Pos: s.pos(r, k), Message: fmt.Sprintf(format, args...)})
}

// cell returns the text of column k in row r ("" when the column is absent).
func (s *sheetReader) cell(r int, k col) string {
	c, ok := s.h.cols[k]
	if !ok {
		return ""
	}
	return s.g.At(r, c)
}

func (s *sheetReader) has(k col) bool { _, ok := s.h.cols[k]; return ok }

// isHeaderLike reports rows under the header that only repeat labels
// ("(A)", "(B)", or a second header row).
func (s *sheetReader) isHeaderLike(r int) bool {
	any := false
	for c := range s.g.Cells[r] {
		t := s.g.At(r, c)
		if t == "" {
			continue
		}
		any = true
		n := norm(t)
		if classify(t) == colNone && !(len(n) <= 4 && strings.Trim(n, "()（）ABCDE/×*") == "") {
			return false
		}
	}
	return any
}

func (s *sheetReader) read() {
	g := s.g
	s.checkMerges()
	var last1, last2 string
	total := -1
	for r := s.h.row + 1; r < len(g.Cells); r++ {
		if g.rowEmpty(r) {
			continue
		}
		if s.isTotalRow(r) {
			total = r
			s.readTotal(r)
			break
		}
		if len(s.sheet.Rows) == 0 && s.isHeaderLike(r) {
			continue
		}
		l1, l2, l3 := s.cell(r, colL1), s.cell(r, colL2), stripIndicatorNumber(s.cell(r, colL3))
		if l3 == "" && s.isNoteLine(r) {
			break // 填报人 / 联系电话 under a table with no 总计 row
		}
		if s.placeholder(r, l3) && !(l3 == "" && l1 != "" && l2 == "" && s.onlyLabel(r)) {
			// A template's unfilled line ("指标2", "……"): names carried on,
			// nothing read.
			if l1 != "" {
				last1, last2 = s.level1(r, l1), ""
			}
			if l2 != "" {
				last2 = l2
			}
			s.placeholders++
			continue
		}
		if l3 == "" {
			if l1 != "" && l2 == "" && s.onlyLabel(r) {
				// A group row: "产出指标（50分）" alone on its line.
				last1, last2 = s.level1(r, l1), ""
				continue
			}
			s.fail(r, colL3, "三级指标为空 (no level-3 indicator name)")
			continue
		}
		switch {
		case l1 != "":
			name := s.level1(r, l1)
			if l2 == "" && name != last1 {
				s.fail(r, colL2, "一级指标“%s”的第一行缺少二级指标 (level-2 indicator missing)", name)
			}
			if l2 == "" {
				l2 = last2
			}
			last1 = name
		case !s.has(colL1):
			// No 一级 column at all.
		case last1 == "":
			s.fail(r, colL1, "第一行指标缺少一级指标 (level-1 indicator missing on the first row)")
		}
		if l2 == "" && s.has(colL2) {
			if last2 == "" {
				s.fail(r, colL2, "缺少二级指标 (level-2 indicator missing)")
			}
			l2 = last2
		}
		last2 = l2
		s.sheet.Rows = append(s.sheet.Rows, s.readRow(r, last1, l2, l3))
	}
	if total < 0 {
		// Rows after the table are looked at by the funds and field readers.
		return
	}
	// Anything below the 总计 row that is not a funds block or a labelled
	// line is shown, never silently dropped.
	for r := total + 1; r < len(g.Cells); r++ {
		if g.rowEmpty(r) {
			continue
		}
		if s.belowTableKnown(r) {
			continue
		}
		s.note(r, colNone, "总计行以下的内容未导入：%s (ignored line below the 总计 row)", clip(g.rowText(r), 60))
	}
	if len(s.sheet.Rows) == 0 && s.placeholders > 0 {
		s.errs.Add(report.Errorf(report.Pos{File: s.file, Sheet: g.Name, Row: g.RowNum(s.h.row)}, "这是未填写的空白模板：指标行只有“指标1”“……”等占位，没有指标值和分值 (an empty template: no indicator is filled in)"))
	} else if len(s.sheet.Rows) == 0 {
		s.errs.Add(report.Errorf(report.Pos{File: s.file, Sheet: g.Name, Row: g.RowNum(s.h.row)}, "评分表没有指标行 (the score sheet has no indicator rows)"))
	}
}

var (
	reIndicatorNumber = regexp.MustCompile(`^指标\s*[0-9０-９一二三四五六七八九十]+\s*[:：.、．]?\s*`)
	rePlaceholder     = regexp.MustCompile(`^(?:指标\s*[0-9０-９一二三四五六七八九十]*\s*[:：.、．]?|[.…。·—\-]+|\s*)$`)
)

// stripIndicatorNumber removes the template's "指标1：" before a name.
func stripIndicatorNumber(name string) string {
	if loc := reIndicatorNumber.FindStringIndex(name); loc != nil && loc[1] < len(name) {
		return strings.TrimSpace(name[loc[1]:])
	}
	return name
}

// placeholder reports a template line left unfilled: no indicator name
// (or only "指标2", "……") and no value in any value column.
func (s *sheetReader) placeholder(r int, l3 string) bool {
	if !rePlaceholder.MatchString(l3) {
		return false
	}
	for _, k := range []col{colTarget, colNature, colValue, colActual, colWeight, colScore} {
		if !isBlank(s.cell(r, k)) {
			return false
		}
	}
	return true
}

// belowTableKnown reports rows under the table that other readers use:
// funds rows and labelled fields.
func (s *sheetReader) belowTableKnown(r int) bool {
	t := norm(s.g.rowText(r))
	for _, w := range []string{"预算", "执行", "资金", "填报", "单位", "负责人", "联系", "日期", "审核", "说明", "注：", "填表人", "报表编号",
		"评价结论", "存在问题", "改进措施", "整改措施", "有关建议"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// isNoteLine reports a row whose text stands in one cell and names no
// indicator column's content: a line such as "填报人：李四 联系电话：…".
func (s *sheetReader) isNoteLine(r int) bool {
	t := norm(s.g.rowText(r))
	signed := false
	for _, w := range []string{"填报人", "填表人", "联系电话", "联系人", "填报日期", "负责人", "审核人"} {
		if strings.Contains(t, w) {
			signed = true
		}
	}
	if !signed {
		return false
	}
	n := 0
	for c := range s.g.Cells[r] {
		if s.g.At(r, c) != "" {
			n++
		}
	}
	if n != 1 {
		return false
	}
	for _, k := range []col{colL3, colTarget, colValue, colActual, colWeight, colScore} {
		if s.cell(r, k) != "" {
			return false
		}
	}
	return true
}

// onlyLabel reports a row whose only text is in the 一级 column.
func (s *sheetReader) onlyLabel(r int) bool {
	c1 := s.h.cols[colL1]
	for c := range s.g.Cells[r] {
		if c != c1 && s.g.At(r, c) != "" {
			return false
		}
	}
	return true
}

// level1 strips a declared share from a 一级 name and records it.
func (s *sheetReader) level1(r int, name string) string {
	m := reShare.FindStringSubmatch(name)
	if m == nil {
		return name
	}
	p, err := eval.ParsePoints(m[2])
	if err != nil {
		return name
	}
	for _, sh := range s.sheet.Shares {
		if sh.Level1 == m[1] {
			return m[1]
		}
	}
	s.sheet.Shares = append(s.sheet.Shares, eval.Share{Level1: m[1], Weight: p, Line: s.g.RowNum(r)})
	return m[1]
}

func (s *sheetReader) isTotalRow(r int) bool { return s.totalLabel(r) != "" }

// totalLabel is the label of the 总计 row r ("总计", "总分" …), "" when r
// is not the total row.
func (s *sheetReader) totalLabel(r int) string {
	if r < 0 || r >= len(s.g.Cells) {
		return ""
	}
	for _, k := range []col{colL1, colL2, colL3, colIndex} {
		if t := s.cell(r, k); isTotal(t) {
			return norm(t)
		}
	}
	// "总计" merged across the label columns sits in the first cell.
	for c := range s.g.Cells[r] {
		if t := s.g.At(r, c); t != "" {
			if isTotal(t) {
				return norm(t)
			}
			return ""
		}
	}
	return ""
}

func (s *sheetReader) readTotal(r int) {
	t := &eval.TotalRow{Line: s.g.RowNum(r), Label: s.totalLabel(r)}
	if v, ok := s.points(r, colWeight, true); ok {
		t.Weight, t.HasWeight = v, true
	}
	if v, ok := s.points(r, colScore, true); ok {
		t.Score, t.HasScore = v, true
	}
	s.sheet.Total = t
}

func (s *sheetReader) readRow(r int, l1, l2, l3 string) eval.Row {
	row := eval.Row{Level1: l1, Level2: l2, Level3: l3, Line: s.g.RowNum(r)}
	row.Target = eval.ParseValue(s.target(r))
	row.Actual = eval.ParseValue(s.actual(r))
	if w, ok := s.points(r, colWeight, true); ok {
		row.Weight = w
	} else if s.has(colWeight) && s.cell(r, colWeight) == "" && !s.formulaCheck(r, colWeight) {
		s.noWeight = append(s.noWeight, r)
	}
	if v, ok := s.points(r, colScore, true); ok {
		row.Score, row.HasScore = v, true
	}
	row.Basis = s.basis(r)
	row.Reason = s.reason(r)
	if d := s.cell(r, colDirection); d != "" {
		dir, ok := eval.ParseDirection(d)
		if !ok {
			s.fail(r, colDirection, "指标方向“%s”无法识别，应为 正向/反向/等于/定性 (unknown direction)", d)
		}
		row.Direction, row.DirectionSet = dir, ok
	}
	return row
}

// target reads the 年初指标值: one combined cell, or 指标性质 + 指标值 + 度量单位.
func (s *sheetReader) target(r int) string {
	if s.has(colTarget) {
		return s.valueCell(r, colTarget)
	}
	nat, val, unit := s.cell(r, colNature), s.valueCell(r, colValue), s.cell(r, colUnit)
	switch norm(nat) {
	case "定性", "正向", "反向", "":
		nat = ""
	case "≥", ">", "≤", "<", "=":
	default:
		// 指标性质 words such as 不低于 are kept as written.
	}
	if val == "" {
		return ""
	}
	if unit != "" && !strings.HasSuffix(val, unit) && isBareNumber(val) {
		val += unit
	}
	return nat + val
}

// actual reads the 实际完成值, adding the 度量单位 to a bare number.
func (s *sheetReader) actual(r int) string {
	v := s.valueCell(r, colActual)
	if unit := s.cell(r, colUnit); unit != "" && isBareNumber(v) {
		v += unit
	}
	return v
}

// valueCell returns a target/actual cell as a person sees it: a number
// formatted as a percentage in Excel is "95%", not "0.95".
func (s *sheetReader) valueCell(r int, k col) string {
	c, ok := s.h.cols[k]
	if !ok {
		return ""
	}
	v := s.g.At(r, c)
	if v == "" {
		s.formulaCheck(r, k)
		return ""
	}
	if isBareNumber(v) && s.g.Formatted != nil {
		if f := strings.TrimSpace(s.g.Formatted(r, c)); f != "" {
			return f
		}
	}
	return v
}

func isBareNumber(v string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return err == nil
}

// formulaCheck reports a formula whose value was never computed.
func (s *sheetReader) formulaCheck(r int, k col) bool {
	if s.g.Formula == nil {
		return false
	}
	if f := s.g.Formula(r, s.h.cols[k]); f != "" {
		s.fail(r, k, "单元格是公式“=%s”但没有计算结果，请在 Excel/WPS 中打开并保存后再导入 (formula without a computed value: open and save the file first)", clip(f, 40))
		return true
	}
	return false
}

// points reads a weight or score cell. optional cells may be empty.
func (s *sheetReader) points(r int, k col, optional bool) (eval.Points, bool) {
	if !s.has(k) {
		return 0, false
	}
	v := s.cell(r, k)
	if v == "" {
		if s.formulaCheck(r, k) || optional {
			return 0, false
		}
		s.fail(r, k, "%s为空 (empty %s)", colNames[k], map[col]string{colWeight: "weight", colScore: "score"}[k])
		return 0, false
	}
	p, err := ParsePoints(v)
	if err != nil {
		s.fail(r, k, "%s“%s”不是数字 (not a number): %v", colNames[k], clip(v, 20), err)
		return 0, false
	}
	return p, true
}

// ParsePoints reads a weight or score as spreadsheets hold it: "8.5",
// "8.5分", or a binary float's long form "99.299999999999997", which is
// taken at its shortest exact decimal (99.3).
func ParsePoints(v string) (eval.Points, error) {
	t := strings.TrimSuffix(norm(v), "分")
	p, err := eval.ParsePoints(t)
	if err == nil {
		return p, nil
	}
	if d, ok := shortestDecimal(t); ok {
		if p2, err2 := eval.ParsePoints(d); err2 == nil {
			return p2, nil
		}
	}
	return 0, err
}

// shortestDecimal rewrites a binary float's long form as the shortest
// decimal that reads back as the same float: "99.299999999999997" → "99.3".
func shortestDecimal(v string) (string, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// basis joins 评分依据 and the reason columns.
func (s *sheetReader) basis(r int) string {
	b := s.cell(r, colBasis)
	var extra []string
	if s.has(colReason) {
		extra = append(extra, s.cell(r, colReason))
	}
	for _, c := range s.h.reasons {
		extra = append(extra, s.g.At(r, c))
	}
	for _, e := range extra {
		if e == "" || e == b {
			continue
		}
		if b == "" {
			b = e
		} else {
			b += "；" + e
		}
	}
	return b
}

// reason is the 偏差原因 / 未完成原因分析 alone.
func (s *sheetReader) reason(r int) string {
	var out []string
	if s.has(colReason) {
		out = append(out, s.cell(r, colReason))
	}
	for _, c := range s.h.reasons {
		if s.g.At(r, c) != "" && c != s.h.cols[colBasis] {
			out = append(out, s.g.At(r, c))
		}
	}
	var keep []string
	for _, t := range out {
		if t != "" {
			keep = append(keep, t)
		}
	}
	return strings.Join(keep, "；")
}

// checkMerges rejects merged ranges in the data area that leave a cell's
// meaning open: a value merged across columns, or a weight, score, target
// or actual merged over rows. 一级/二级 merged over rows are the normal
// layout; a merged 评分依据 is kept on its first row.
func (s *sheetReader) checkMerges() {
	byCol := map[int]col{}
	for k, c := range s.h.cols {
		byCol[c] = k
	}
	end := len(s.g.Cells)
	for r := s.h.row + 1; r < len(s.g.Cells); r++ {
		if s.isTotalRow(r) {
			end = r + 1
			break
		}
	}
	for _, m := range s.g.Merges {
		if m.Bottom <= s.h.row || m.Top >= end {
			continue // header or title, lines below the 总计 row, or beyond the last row with text
		}
		if m.Top <= s.h.row {
			// A label down the side of the form ("绩效指标" merged from the
			// header over every row) names no column: it fills its rows.
			if k := byCol[m.Left]; m.Left == m.Right && (k == colNone || k == colIndex) {
				continue
			}
			s.errs.Add(report.Errorf(report.Pos{File: s.file, Sheet: s.g.Name, Row: s.g.RowNum(m.Top), Col: m.Left + 1},
				"合并单元格从表头延伸到数据行 (a merged cell runs from the header into the data rows)"))
			continue
		}
		if m.Top == m.Bottom && (s.isTotalRow(m.Top) || s.isNoteLine(m.Top)) {
			continue
		}
		if m.Left != m.Right {
			kinds := map[col]bool{}
			for c := m.Left; c <= m.Right; c++ {
				if k := byCol[c]; k != colNone {
					kinds[k] = true
				}
			}
			if len(kinds) > 1 {
				s.errs.Add(report.Errorf(report.Pos{File: s.file, Sheet: s.g.Name, Row: s.g.RowNum(m.Top), Col: m.Left + 1},
					"合并单元格横跨 %s–%s 列，无法确定各列的值 (a merged cell spans several columns)", report.ColName(m.Left+1), report.ColName(m.Right+1)))
				continue
			}
		}
		if m.Top != m.Bottom {
			switch byCol[m.Left] {
			case colL1, colL2, colNone, colIndex:
			case colBasis, colReason:
				s.note(m.Top, byCol[m.Left], "评分依据为跨 %d 行的合并单元格，只归入第一行 (merged basis kept on its first row)", m.Bottom-m.Top+1)
			default:
				k := byCol[m.Left]
				s.errs.Add(report.Errorf(report.Pos{File: s.file, Sheet: s.g.Name, Row: s.g.RowNum(m.Top), Col: m.Left + 1, Field: colNames[k]},
					"%s为跨 %d 行的合并单元格，无法分到各行 (merged over several rows)", colNames[k], m.Bottom-m.Top+1))
			}
		}
	}
}

// clip shortens s to n runes for messages.
func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
