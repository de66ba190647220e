package plaintext

import (
	"regexp"
	"strings"

	"jixiao/internal/eval"
)

// column roles of a score sheet.
type col int

const (
	colL1 col = iota
	colL2
	colL3
	colTarget
	colActual
	colWeight
	colScore
	colBasis
	colDirection
	numCols
)

var colNames = [...]string{"一级指标", "二级指标", "三级指标", "年初指标值", "实际完成值", "权重", "得分", "评分依据", "指标方向"}

// headerWords map header cells to columns.
var headerWords = []struct {
	words []string
	c     col
}{
	{[]string{"年初指标值", "年度指标值", "指标值", "目标值"}, colTarget},
	{[]string{"实际完成值", "全年实际值", "实际值", "完成值"}, colActual},
	{[]string{"权重", "分值"}, colWeight},
	{[]string{"得分", "自评得分"}, colScore},
	{[]string{"评分依据", "偏差原因分析及改进措施", "偏差原因", "未完成原因分析", "扣分原因"}, colBasis},
	{[]string{"指标方向", "方向"}, colDirection},
}

// reShare reads a declared share in a 一级 name: "产出指标（50分）".
var reShare = regexp.MustCompile(`^(.+?)[（(]([0-9]+(?:\.[0-9]+)?)分?[）)]$`)

// sheetReader reads the rows of one 评分表.
type sheetReader struct {
	idx        [numCols]int // column index of each role, -1 when absent
	haveHeader bool
	l1, l2     string
	total      bool
	rows       []eval.Row
	totalRow   *eval.TotalRow
	shares     []eval.Share
	shareSeen  map[string]bool
}

func defaultIndex() [numCols]int {
	return [numCols]int{0, 1, 2, 3, 4, 5, 6, 7, -1}
}

func (s *sheetReader) row(p *parser, n int, raw string) {
	text := strings.TrimSpace(raw)
	if text == "" {
		return
	}
	if s.total {
		p.errorf(n, "", "评分表“总计”行之后出现无法识别的内容 (text after the 总计 row): "+clip(text))
		return
	}
	if !strings.Contains(raw, "\t") {
		if strings.HasPrefix(squash(text), "填报单位") {
			p.headerField(n, text)
			return
		}
		p.errorf(n, "", "无法识别的评分表行：应为制表符分隔的列 (not a tab-separated score-sheet row): "+clip(text))
		return
	}
	cells := strings.Split(strings.TrimRight(raw, "\r"), "\t")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	if s.header(cells) {
		return
	}
	if !s.haveHeader {
		s.idx = defaultIndex()
		s.haveHeader = true
	}
	first := squash(cells[0])
	if first == "总计" || first == "合计" || first == "总分" {
		s.readTotal(p, n, cells, first)
		return
	}
	s.readRow(p, n, cells)
}

// header recognises the header rows: "评价指标 … 年初指标值 … 得分" and
// "一级指标 二级指标 三级指标".
func (s *sheetReader) header(cells []string) bool {
	joined := squash(strings.Join(cells, ""))
	if strings.HasPrefix(joined, "一级指标") && strings.Contains(joined, "三级指标") && !strings.Contains(joined, "得分") {
		return true
	}
	if !strings.Contains(joined, "得分") || !(strings.Contains(joined, "评价指标") || strings.Contains(joined, "三级指标")) {
		return false
	}
	idx := [numCols]int{}
	for i := range idx {
		idx[i] = -1
	}
	idx[colL1], idx[colL2], idx[colL3] = 0, 1, 2
	for i, c := range cells {
		c = squash(c)
		for _, h := range headerWords {
			for _, w := range h.words {
				if c == w && idx[h.c] < 0 {
					idx[h.c] = i
				}
			}
		}
	}
	s.idx = idx
	s.haveHeader = true
	return true
}

func (s *sheetReader) cell(cells []string, c col) string {
	i := s.idx[c]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

func (s *sheetReader) readTotal(p *parser, n int, cells []string, label string) {
	t := &eval.TotalRow{Line: n, Label: label}
	if w := s.cell(cells, colWeight); w != "" {
		v, err := eval.ParsePoints(eval.Normalize(w))
		if err != nil {
			p.errorf(n, "总计/权重", "“"+w+"”不是数字 (not a number)")
		} else {
			t.Weight, t.HasWeight = v, true
		}
	}
	if sc := s.cell(cells, colScore); sc != "" {
		v, err := eval.ParsePoints(eval.Normalize(sc))
		if err != nil {
			p.errorf(n, "总计/得分", "“"+sc+"”不是数字 (not a number)")
		} else {
			t.Score, t.HasScore = v, true
		}
	}
	s.totalRow = t
	s.total = true
}

func (s *sheetReader) readRow(p *parser, n int, cells []string) {
	need := s.idx[colScore] + 1
	if s.idx[colWeight]+1 > need {
		need = s.idx[colWeight] + 1
	}
	if len(cells) < need {
		p.errorf(n, "", "评分表行只有 "+itoa(len(cells))+" 列，至少需要 "+itoa(need)+" 列（一级/二级/三级/年初指标值/实际完成值/权重/得分） (too few columns)")
		return
	}
	l1, l2, l3 := s.cell(cells, colL1), s.cell(cells, colL2), s.cell(cells, colL3)
	switch {
	case l1 == "" && s.l1 == "":
		p.errorf(n, colNames[colL1], "为空且上方没有可沿用的一级指标 (empty, and no level-1 above to repeat)")
		return
	case l1 == "":
		l1 = s.l1
	default:
		if m := reShare.FindStringSubmatch(l1); m != nil {
			l1 = m[1]
			if w, err := eval.ParsePoints(m[2]); err == nil && !s.shareSeen[l1] {
				if s.shareSeen == nil {
					s.shareSeen = map[string]bool{}
				}
				s.shareSeen[l1] = true
				s.shares = append(s.shares, eval.Share{Level1: l1, Weight: w, Line: n})
			}
		}
		if l1 != s.l1 && l2 == "" {
			p.errorf(n, colNames[colL2], "新的一级指标下二级指标为空 (empty under a new level-1)")
			return
		}
		s.l1 = l1
	}
	if l2 == "" {
		l2 = s.l2
	}
	s.l2 = l2
	if l3 == "" {
		p.errorf(n, colNames[colL3], "三级指标名称为空 (indicator name is empty)")
		return
	}
	row := eval.Row{
		Level1: l1, Level2: l2, Level3: l3,
		Target: eval.ParseValue(s.cell(cells, colTarget)),
		Actual: eval.ParseValue(s.cell(cells, colActual)),
		Basis:  s.cell(cells, colBasis),
		Line:   n,
	}
	w := s.cell(cells, colWeight)
	v, err := eval.ParsePoints(eval.Normalize(w))
	if err != nil {
		p.errorf(n, colNames[colWeight], "“"+w+"”不是数字 (not a number)")
		return
	}
	row.Weight = v
	if sc := s.cell(cells, colScore); sc != "" {
		v, err := eval.ParsePoints(eval.Normalize(sc))
		if err != nil {
			p.errorf(n, colNames[colScore], "“"+sc+"”不是数字 (not a number)")
			return
		}
		row.Score, row.HasScore = v, true
	}
	if d := s.cell(cells, colDirection); d != "" {
		dir, ok := eval.ParseDirection(d)
		if !ok {
			p.errorf(n, colNames[colDirection], "“"+d+"”应为 正向/反向/等于/定性 (must be 正向/反向/等于/定性)")
			return
		}
		row.Direction, row.DirectionSet = dir, true
	}
	s.rows = append(s.rows, row)
}

func (s *sheetReader) finish(p *parser) {
	p.cur.Sheet = eval.Sheet{Rows: s.rows, Total: s.totalRow, Shares: s.shares}
	if len(s.rows) == 0 {
		p.errorf(p.cur.Line, "评分表", "评分表没有任何指标行 (the score sheet has no indicator rows)")
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
