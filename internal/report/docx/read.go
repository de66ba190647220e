package docx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/form"
	"jixiao/internal/report/table"
)

// Read reads one evaluation from a Word document: its 评分表 table
// (required), a funds table, the labelled header fields and the narrative.
// A document jixiao wrote reads back exactly (its sections carry hidden
// bookmarks); another is read by its headings (一、项目概况, （一）项目绩效总目标：…).
// All or nothing, like Read; tables are named "表格 1", "表格 2" … for
// opt.Sheet when several look like a 评分表.
func Read(name string, r io.ReaderAt, size int64, opt report.Options) (imp *report.Import, err error) {
	// A malformed file must never take the process down, even through a
	// bug in a library: a panic becomes an import error.
	defer func() {
		if p := recover(); p != nil {
			imp, err = nil, report.Errorf(report.Pos{File: name}, "文件无法解析（内部错误）(the file could not be parsed: internal error): %v", p)
		}
	}()
	lim := opt.Lim()
	zr, err := report.OpenZip(name, r, size, lim)
	if err != nil {
		return nil, err
	}
	f := report.FindEntry(zr, "word/document.xml")
	if f == nil {
		return nil, report.Errorf(report.Pos{File: name}, "不是 Word 文档：缺少 word/document.xml (not a .docx: no word/document.xml)")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, report.Errorf(report.Pos{File: name}, "无法读取 word/document.xml (cannot open): %v", err)
	}
	defer rc.Close()
	body, err := parseBody(name, io.LimitReader(rc, int64(f.UncompressedSize64)+1), lim)
	if err != nil {
		return nil, err
	}
	return fromBody(name, body, opt)
}

// body is what the reader keeps of document.xml: top-level paragraphs,
// tables as grids, and the text inside each jixiao bookmark.
type body struct {
	paras  []string
	tables []*table.Grid
	// spans[i] are the paragraph counts when table i began and ended: a
	// table that follows another with only blank paragraphs between
	// (a page break) continues it.
	spans [][2]int
	// nested are the tables found inside a table's cells, each read on
	// its own (a form laid out inside a frame table, or its 绩效指标 in a
	// cell of the outer form).
	nested []*table.Grid
	marks  map[string][]*strings.Builder // bookmark name → its paragraphs' text
	order  []string                      // bookmark names in document order
}

const maxDepth = 64

// Bounds on jixiao's section bookmarks: the writer opens one at a time and
// writes one per section.
const (
	maxActiveMarks = 4
	maxMarks       = 256
)

// parseBody streams document.xml.
func parseBody(file string, r io.Reader, lim report.Limits) (*body, error) {
	dec := xml.NewDecoder(r)
	b := &body{marks: map[string][]*strings.Builder{}}
	var (
		depth   int
		para    strings.Builder
		inPara  bool
		paraIdx int
		active  = map[string]string{} // bookmark id → name
		touched = map[string]int{}    // name → last paragraph index written
		// stack holds the tables being read: a table nested in a cell
		// is read as a table of its own, its text kept out of the cell.
		stack  []*tblState
		tt     *tblState // the innermost table, nil outside tables
		inText bool
	)
	fail := func(format string, args ...any) error {
		return report.Errorf(report.Pos{File: file, Sheet: "word/document.xml"}, format, args...)
	}
	addMark := func(text string) {
		for _, name := range active {
			parts := b.marks[name]
			if last, ok := touched[name]; !ok || last != paraIdx {
				parts = append(parts, new(strings.Builder))
				touched[name] = paraIdx
			}
			parts[len(parts)-1].WriteString(text)
			b.marks[name] = parts
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail("文档 XML 已损坏 (corrupt document XML): %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, fail("文档嵌套过深 (document nested too deeply)")
			}
			switch t.Name.Local {
			case "p":
				if tt == nil {
					inPara = true
					para.Reset()
					paraIdx++
					if len(active) > 0 {
						addMark("")
					}
				} else if tt.cellText.Len() > 0 {
					tt.cellText.WriteByte('\n')
				}
			case "t":
				inText = true
			case "tab":
				if tt != nil {
					tt.cellText.WriteByte('\t')
				} else {
					para.WriteByte('\t')
					addMark("\t")
				}
			case "br", "cr":
				if attr(t, "type") == "" || attr(t, "type") == "textWrapping" {
					if tt != nil {
						tt.cellText.WriteByte('\n')
					} else {
						para.WriteByte('\n')
						addMark("\n")
					}
				}
			case "bookmarkStart":
				// Only jixiao's own bookmarks count, and only a handful at a
				// time: a hostile document cannot make every character be
				// copied into thousands of open bookmarks.
				if name := attr(t, "name"); strings.HasPrefix(name, BookmarkPrefix) && tt == nil && len(active) < maxActiveMarks && len(b.marks) < maxMarks {
					active[attr(t, "id")] = name
					if _, seen := b.marks[name]; !seen {
						b.order = append(b.order, name)
					}
					addMarkFor(b, touched, name, paraIdx)
				}
			case "bookmarkEnd":
				delete(active, attr(t, "id"))
			case "tbl":
				if tt == nil {
					tt = &tblState{grid: &table.Grid{Name: fmt.Sprintf("表格 %d", len(b.tables)+1)}}
					b.spans = append(b.spans, [2]int{len(b.paras), 0})
				} else {
					tt.inner++
					tt = &tblState{grid: &table.Grid{Name: fmt.Sprintf("%s 内嵌表格 %d", tt.grid.Name, tt.inner)}, nested: true}
				}
				tt.open = map[int]int{}
				stack = append(stack, tt)
			case "tr":
				if tt != nil {
					tt.row, tt.colInRow = nil, 0
					if len(tt.grid.Cells) >= lim.MaxRows {
						return nil, fail("%s 超过 %d 行 (table too long): %v", tt.grid.Name, lim.MaxRows, report.ErrTooLarge)
					}
				}
			case "gridBefore":
				if tt != nil {
					n, _ := strconv.Atoi(attr(t, "val"))
					if n < 0 || tt.colInRow+n > lim.MaxCols {
						return nil, fail("%s 列数超过 %d (too many columns)", tt.grid.Name, lim.MaxCols)
					}
					for i := 0; i < n; i++ {
						tt.row = append(tt.row, "")
					}
					tt.colInRow += n
				}
			case "tc":
				if tt != nil {
					tt.span, tt.vmerge, tt.vmergeSet = 1, "", false
					tt.cellText.Reset()
				}
			case "gridSpan":
				if tt != nil {
					n, err := strconv.Atoi(attr(t, "val"))
					if err != nil || n < 1 || n > lim.MaxCols {
						return nil, fail("%s 第 %d 行：合并列数“%s”无效 (invalid gridSpan)", tt.grid.Name, len(tt.grid.Cells)+1, attr(t, "val"))
					}
					tt.span = n
				}
			case "vMerge":
				if tt != nil {
					tt.vmerge, tt.vmergeSet = attr(t, "val"), true
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if tt == nil && inPara {
					b.paras = append(b.paras, para.String())
					inPara = false
				}
			case "tc":
				if tt != nil {
					if err := tt.endCell(lim); err != nil {
						return nil, fail("%v", err)
					}
				}
			case "tr":
				if tt != nil {
					tt.grid.Cells = append(tt.grid.Cells, tt.row)
				}
			case "tbl":
				if tt == nil {
					break
				}
				tt.finish()
				if tt.nested {
					b.nested = append(b.nested, tt.grid)
				} else {
					b.tables = append(b.tables, tt.grid)
					b.spans[len(b.spans)-1][1] = len(b.paras)
				}
				stack = stack[:len(stack)-1]
				tt = nil
				if len(stack) > 0 {
					tt = stack[len(stack)-1]
				}
			}
		case xml.CharData:
			if !inText {
				continue
			}
			if tt != nil {
				tt.cellText.Write(t)
			} else if inPara {
				para.Write(t)
				addMark(string(t))
			}
		}
	}
	return b, nil
}

// tblState is a table being read.
type tblState struct {
	grid      *table.Grid
	nested    bool // inside a cell of another table
	inner     int  // tables nested in this one so far
	row       []string
	colInRow  int
	span      int
	vmerge    string
	vmergeSet bool
	cellText  strings.Builder
	open      map[int]int // column → index of the merge it continues
}

// endCell adds the cell just read to the row, with its merges.
func (t *tblState) endCell(lim report.Limits) error {
	grid := t.grid
	if t.colInRow+t.span > lim.MaxCols {
		return fmt.Errorf("%s 列数超过 %d (too many columns)", grid.Name, lim.MaxCols)
	}
	r := len(grid.Cells)
	text := t.cellText.String()
	if t.vmergeSet && t.vmerge != "restart" {
		// Continues the cell above: extend its merge.
		if mi, ok := t.open[t.colInRow]; ok {
			grid.Merges[mi].Bottom = r
		}
		text = ""
	} else {
		delete(t.open, t.colInRow)
		if t.span > 1 || t.vmergeSet {
			grid.Merges = append(grid.Merges, table.Merge{Top: r, Left: t.colInRow, Bottom: r, Right: t.colInRow + t.span - 1})
			if t.vmergeSet {
				t.open[t.colInRow] = len(grid.Merges) - 1
			}
		}
	}
	t.row = append(t.row, text)
	for i := 1; i < t.span; i++ {
		t.row = append(t.row, "")
	}
	t.colInRow += t.span
	return nil
}

// finish drops single-cell merges that merge nothing.
func (t *tblState) finish() {
	ms := t.grid.Merges[:0]
	for _, m := range t.grid.Merges {
		if m.Top != m.Bottom || m.Left != m.Right {
			ms = append(ms, m)
		}
	}
	t.grid.Merges = ms
}

// addMarkFor opens a paragraph slot for a bookmark that starts mid-paragraph.
func addMarkFor(b *body, touched map[string]int, name string, paraIdx int) {
	if last, ok := touched[name]; ok && last == paraIdx {
		return
	}
	b.marks[name] = append(b.marks[name], new(strings.Builder))
	touched[name] = paraIdx
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// fromBody turns the parsed body into a report.
func fromBody(name string, b *body, opt report.Options) (*report.Import, error) {
	// The paragraphs are a one-column grid for the field reader.
	pg := &table.Grid{Name: "正文"}
	for _, p := range b.paras {
		pg.Cells = append(pg.Cells, []string{p})
	}
	grids := append([]*table.Grid{pg}, joinSplitTables(b)...)
	grids = append(grids, b.nested...)
	imp, err := table.Recognize(name, grids, opt)
	if err != nil {
		var amb *report.AmbiguousError
		if errors.As(err, &amb) {
			return nil, err
		}
		return nil, err
	}
	rep := imp.Reports[0]
	if len(b.marks) > 0 {
		if err := narrativeFromMarks(name, b, rep); err != nil {
			return nil, err
		}
	} else {
		narrativeFromHeadings(b.paras, rep)
		if rep.Narrative.Text() != nil {
			imp.Notes = append(imp.Notes, report.Note{Pos: report.Pos{File: name},
				Message: "叙述按标题识别（一、项目概况 …），请核对各部分 (narrative sections found by their headings: please check)"})
		}
	}
	if rep.Project == "" {
		for _, p := range b.paras {
			if t, ok := strings.CutSuffix(strings.TrimSpace(p), "项目支出绩效评价报告"); ok && t != "" {
				rep.Project = strings.TrimSpace(t)
				break
			}
		}
	}
	return imp, nil
}

// joinSplitTables joins a table to the one before it when only blank
// paragraphs (a page break) stand between them and it does not begin a
// form of its own (项目名称 in its first rows): a form split over pages.
func joinSplitTables(b *body) []*table.Grid {
	var out []*table.Grid
	for i, g := range b.tables {
		if i > 0 && len(out) > 0 && blankBetween(b.paras, b.spans[i-1][1], b.spans[i][0]) && !beginsForm(g) && !table.Looks(g) {
			prev := out[len(out)-1]
			off := len(prev.Cells)
			prev.Cells = append(prev.Cells, g.Cells...)
			for _, m := range g.Merges {
				prev.Merges = append(prev.Merges, table.Merge{Top: m.Top + off, Left: m.Left, Bottom: m.Bottom + off, Right: m.Right})
			}
			continue
		}
		out = append(out, g)
	}
	return out
}

func blankBetween(paras []string, from, to int) bool {
	for i := from; i < to && i < len(paras); i++ {
		if strings.TrimSpace(paras[i]) != "" {
			return false
		}
	}
	return true
}

func beginsForm(g *table.Grid) bool {
	for r := 0; r < len(g.Cells) && r < 3; r++ {
		for _, c := range g.Cells[r] {
			if strings.Contains(c, "项目名称") || strings.Contains(c, "自评表") || strings.Contains(c, "评分表") {
				return true
			}
		}
	}
	return false
}

// narrativeFromMarks takes each section's text from its bookmark.
func narrativeFromMarks(file string, b *body, rep *eval.Report) error {
	byKey := map[string]*eval.Passage{}
	for _, s := range rep.Narrative.Sections() {
		byKey[s.Key] = s.Text
	}
	var others []string
	for _, name := range b.order {
		key := strings.TrimPrefix(name, BookmarkPrefix)
		text := joinParts(b.marks[name])
		if strings.HasPrefix(key, "other_") {
			others = append(others, name)
			continue
		}
		p, ok := byKey[key]
		if !ok {
			return report.Errorf(report.Pos{File: file}, "未知书签 %s (unknown section bookmark)", name)
		}
		p.Text = text
	}
	sort.SliceStable(others, func(i, j int) bool {
		a, _ := strconv.Atoi(strings.TrimPrefix(others[i], BookmarkPrefix+"other_"))
		c, _ := strconv.Atoi(strings.TrimPrefix(others[j], BookmarkPrefix+"other_"))
		return a < c
	})
	for _, name := range others {
		rep.Narrative.Other = append(rep.Narrative.Other, eval.Passage{Text: joinParts(b.marks[name])})
	}
	return nil
}

// joinParts joins a bookmark's paragraphs with line breaks.
func joinParts(parts []*strings.Builder) string {
	ss := make([]string, len(parts))
	for i, p := range parts {
		ss[i] = p.String()
	}
	return strings.Join(ss, "\n")
}

var reNumbering = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|[0-9]+[、.．])\s*`)

// headingAliases maps the headings documents use to section keys.
var headingAliases = func() [][2]string {
	m := form.Leads()
	for k, v := range map[string]string{
		"立项依据": "basis", "项目设立依据": "basis", "项目基本性质": "nature", "项目主要内容": "nature",
		"资金使用情况": "implementation", "绩效总目标": "goal", "总目标": "goal", "评价原则": "principles",
		"项目原则": "principles", "评价思路方法": "principles", "评价结论": "conclusion", "存在的问题": "problems",
		"改进措施": "measures", "建议": "measures",
	} {
		m[k] = v
	}
	var out [][2]string
	for k, v := range m {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i][0]) > len(out[j][0]) || len(out[i][0]) == len(out[j][0]) && out[i][0] < out[j][0]
	})
	return out
}()

var chapterOnly = map[string]bool{"项目概况": true, "项目情况": true, "评价情况": true, "项目自我评价情况": true}

// narrativeFromHeadings reads sections of a document jixiao did not write,
// by their headings. Paragraphs are collected per section and joined once,
// so a long document costs linear time.
func narrativeFromHeadings(paras []string, rep *eval.Report) {
	texts := map[string][]string{}
	curKey := ""
	started := false
	var other []string
	add := func(key, t string) {
		if t != "" {
			texts[key] = append(texts[key], t)
		}
	}
	for _, raw := range paras {
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		if strings.Contains(t, "评分表") && len([]rune(t)) < 40 || len(table.ParseLabelled(t)) > 0 {
			curKey = "" // the sheet's title and header lines
			continue
		}
		if form.IsSignatureLine(t) {
			continue // the signature block under the 评分表: nothing to keep
		}
		rest := reNumbering.ReplaceAllString(t, "")
		numbered := rest != t
		head := strings.TrimRight(rest, "。：:.")
		if numbered && chapterOnly[head] || head == "项目自我评价情况" {
			curKey, started = "", true
			continue
		}
		matched := false
		for _, a := range headingAliases {
			after, ok := strings.CutPrefix(rest, a[0])
			if !ok {
				continue
			}
			if after != "" && !strings.ContainsAny(after[:min(len(after), 3)], "。：:，,.") {
				continue
			}
			matched, started = true, true
			if a[1] == curKey && len(texts[curKey]) > 0 {
				add(curKey, t) // a second lead inside the same section
				break
			}
			curKey = a[1]
			add(curKey, strings.TrimSpace(strings.TrimLeft(after, "。：:，,.")))
			break
		}
		if matched || !started {
			continue
		}
		if curKey != "" {
			add(curKey, t)
		} else {
			other = append(other, t)
		}
	}
	for _, s := range rep.Narrative.Sections() {
		if ps := texts[s.Key]; len(ps) > 0 {
			s.Text.Text = strings.Join(ps, "\n")
		}
	}
	for _, t := range other {
		rep.Narrative.Other = append(rep.Narrative.Other, eval.Passage{Text: t})
	}
}
