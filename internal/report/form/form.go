// Package form lays out the official documents of a self-evaluation — the
// 自我评价情况表 or 绩效评价报告, and the 评分表 — independent of any file
// format. Each writer (docx, xlsx, pdf, html) draws the same Document, so
// the four formats say the same thing in the same order, and the readers
// know which headings and labels to look for.
//
// The package is pure: no I/O.
package form

import (
	"fmt"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// Document is one evaluation laid out for print.
type Document struct {
	Layout eval.Layout
	// Title is the narrative's title: "2023 年项目支出绩效自我评价情况表" or
	// "居（失）保业务运转项目支出绩效评价报告".
	Title string
	// Header are the labelled fields under the title (填报单位, 项目名称 …).
	Header []Field
	// Funds is the funds table, nil when the report states no amount.
	Funds *FundsTable
	// Chapters are the numbered narrative chapters (一、二、…).
	Chapters []Chapter

	// SheetTitle is "2023 年项目支出绩效自我评价评分表".
	SheetTitle string
	// SheetHeader is the line under it: "填报单位：… 项目名称：…".
	SheetHeader string
	Sheet       Table

	// Signature is the block printed at the end of the document, under the
	// 评分表: lines to sign on and the place of the unit's seal.
	Signature []string
}

// SignatureFields are the labels of the signature block, in the order of
// eval.Signature's fields. A name the report does not carry is a blank
// line to fill in by hand.
var SignatureFields = []string{"单位负责人", "填报人", "联系电话", "填报日期"}

// SealLabel marks the place of the unit's seal (盖章).
const SealLabel = "填报单位（盖章）"

// signBlank is the line a name is written on.
const signBlank = "____________"

// IsSignatureLine reports a line of a signature block: one that starts
// with a label of SignatureFields (or 填表人) or the seal's, followed by "：".
func IsSignatureLine(s string) bool {
	s = strings.TrimSpace(s)
	for _, l := range append([]string{SealLabel, "填表人", "单位（盖章）"}, SignatureFields...) {
		if strings.HasPrefix(s, l+"：") || strings.HasPrefix(s, l+":") {
			return true
		}
	}
	return false
}

// SignatureLines are the printed lines of the signature block: two fields
// a line, the seal's place at the end of the second. Each line names a
// label the table readers know (table.isNoteLine and the 附件1 reader stop
// at 填报人 / 联系电话), so jixiao's own documents read back cleanly.
func SignatureLines(s eval.Signature) []string {
	f := SignatureFields
	v := func(x string) string {
		if x = strings.Join(strings.Fields(x), " "); x != "" {
			return x
		}
		return signBlank
	}
	return []string{
		f[0] + "：" + v(s.Head) + "　　" + f[1] + "：" + v(s.Filer),
		f[2] + "：" + v(s.Phone) + "　　" + f[3] + "：" + v(s.Date) + "　　" + SealLabel + "：",
	}
}

// Field is a label and its value, e.g. 填报单位 and the unit's name.
type Field struct {
	Label, Value string
}

// Chapter is a numbered chapter: "一、项目概况" and its items.
type Chapter struct {
	Number  string // "一、"
	Title   string // "项目概况"
	Items   []Item
	Heading bool // false for a chapter that exists only to number its items
}

// Item is one section of the narrative inside a chapter. Lead is the run-in
// heading printed before the text ("（一）项目绩效总目标：" or
// "项目的立项依据。"); Key is the eval.Section key the text belongs to.
type Item struct {
	Lead string
	Key  string
	// Paragraphs are the passage split at line breaks.
	Paragraphs []string
	// Sub is true for an item printed as its own sub-heading line
	// ("（一）项目概况。") whose text follows in separate paragraphs.
	Sub bool
}

// Text joins the paragraphs back into the passage text.
func (it Item) Text() string { return strings.Join(it.Paragraphs, "\n") }

// ChapterNumbers are the Chinese chapter numerals.
var ChapterNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// ItemNumbers are the bracketed item numerals.
var ItemNumbers = []string{"（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）"}

// chapterSpec is the skeleton of one chapter in a layout.
type chapterSpec struct {
	title string
	items []itemSpec
	// body is the section key whose text is the chapter's body, when the
	// chapter has no items.
	body string
}

type itemSpec struct {
	key      string
	lead     string // without numbering
	numbered bool   // printed with （一）
	sep      string // punctuation after the lead: "。" or "："
}

// Skeletons of the two layouts, as the seed reports print them.
var skeletons = map[eval.Layout][]chapterSpec{
	eval.LayoutSituation: {
		{title: "项目概况", items: []itemSpec{
			{"basis", "项目的立项依据", false, "。"},
			{"nature", "项目基本性质、用途和主要内容、涉及范围", false, "。"},
			{"implementation", "项目实施情况", false, "。"},
		}},
		{title: "评价情况", items: []itemSpec{
			{"goal", "项目绩效总目标", true, "："},
			{"principles", "项目评价原则", true, "："},
			{"features", "项目特点分析", true, "："},
			{"work", "评价工作情况", true, "："},
			{"conclusion", "评价结论", true, "："},
		}},
		{title: "项目绩效", body: "performance"},
		{title: "存在问题", body: "problems"},
		{title: "整改措施", body: "measures"},
	},
	eval.LayoutReport: {
		{title: "项目情况", items: []itemSpec{
			{"basis", "项目背景", false, "："},
			{"nature", "主要内容", false, "："},
			{"implementation", "实施方式", false, "："},
			{"goal", "绩效目标", true, "。"},
		}},
		{title: "评价情况", items: []itemSpec{
			{"features", "项目特点分析", true, "。"},
			{"principles", "评价思路方法", true, "。"},
			{"work", "评价工作情况", true, "。"},
			{"conclusion", "绩效评价结论", true, "。"},
		}},
		{title: "项目绩效", body: "performance"},
		{title: "存在问题", body: "problems"},
		{title: "有关建议", body: "measures"},
	},
}

// Leads lists every run-in heading the two layouts print, with the section
// key it introduces, for readers that recognise documents jixiao wrote.
func Leads() map[string]string {
	out := map[string]string{}
	for _, chs := range skeletons {
		for _, ch := range chs {
			for _, it := range ch.items {
				out[it.lead] = it.key
			}
			if ch.body != "" {
				out[ch.title] = ch.body
			}
		}
	}
	return out
}

// SplitParagraphs splits a passage at line breaks, dropping empty lines.
func SplitParagraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// SheetColumns are the column titles of the 评分表 as jixiao prints it.
// The first three sit under a merged "评价指标" cell.
var SheetColumns = []string{"一级指标", "二级指标", "三级指标", "年初指标值", "实际完成值", "权重", "得分", "评分依据"}

// DirectionColumn is printed after SheetColumns when a row states its
// direction explicitly.
const DirectionColumn = "指标方向"

// Table is the 评分表 laid out: rows with the spans of their 一级 and 二级
// cells, and the 总计 row.
type Table struct {
	Rows []TableRow
	// HasDirection is true when any row states its direction explicitly;
	// writers then print DirectionColumn.
	HasDirection bool
	Total        *eval.TotalRow
}

// TableRow is one indicator row. Span1 and Span2 are the number of rows the
// 一级 and 二级 cells cover when they start on this row, 0 when the cell is
// covered by one above.
type TableRow struct {
	Level1, Level2 string
	Span1, Span2   int
	Row            *eval.Row
}

// Cells are the printed texts of the row's cells after the 一级/二级 ones:
// 三级, target, actual, weight, score, basis (and direction when asked).
func (t TableRow) Cells(withDirection bool) []string {
	r := t.Row
	c := []string{r.Level3, r.Target.String(), r.Actual.String(), r.Weight.String(), "", r.Basis}
	if r.HasScore {
		c[4] = r.Score.String()
	}
	if withDirection {
		d := ""
		if r.DirectionSet {
			d = r.Direction.String()
		}
		c = append(c, d)
	}
	return c
}

// Level1Label prints a 一级 name with its declared share, as sheets do:
// "产出指标（50分）".
func Level1Label(name string, shares []eval.Share) string {
	for _, s := range shares {
		if s.Level1 == name {
			return fmt.Sprintf("%s（%s分）", name, s.Weight)
		}
	}
	return name
}

// FundsTable is the funds block: rows 年度资金总额 and the sources, columns
// 全年预算数, 全年到位数, 全年执行数 and 执行率, amounts in 万元.
type FundsTable struct {
	Columns []string
	Rows    []FundsRow
}

// FundsColumns are the column titles of the funds block.
var FundsColumns = []string{"资金来源", "全年预算数（万元）", "全年到位数（万元）", "全年执行数（万元）", "执行率"}

// FundsRow is one row of the funds block. Amounts are nil when not stated.
type FundsRow struct {
	Label                   string
	Budget, Received, Spent eval.Amount
}

// Rate is 执行数 / 预算数 as "97.51%", or "" when either is unknown.
func (r FundsRow) Rate() string {
	if !r.Budget.Set || !r.Spent.Set {
		return ""
	}
	bp, ok := money.RatioBP(r.Spent.Fen, r.Budget.Fen)
	if !ok {
		return ""
	}
	return eval.Number{Coef: bp, Scale: 2}.String() + "%"
}

// Cells are the printed texts of the row's amount columns — 全年预算数,
// 全年到位数, 全年执行数 — through WanText, and 执行率.
func (r FundsRow) Cells() [4]string {
	var c [4]string
	for i, a := range []eval.Amount{r.Budget, r.Received, r.Spent} {
		if a.Set {
			c[i] = WanText(a.Fen)
		}
	}
	c[3] = r.Rate()
	return c
}

// WanText prints an amount of 万元 as the forms do: money.Fen.WanText, the
// one formatter of 万元.
func WanText(f money.Fen) string { return f.WanText() }

// FundsLabels are the row labels of the funds block: the total first, then
// 上级, 本级, 其他, 上年结转 in eval.FundSource order (上年结转 is printed
// only when stated).
var FundsLabels = []string{"年度资金总额", "其中：上级补助", "本级资金", "其他资金", "上年结转资金"}

// Build lays out a report.
func Build(r *eval.Report) *Document {
	d := &Document{Layout: r.Layout}
	if d.Layout == "" {
		d.Layout = eval.LayoutSituation
	}
	d.Title = Title(r)
	d.Header = HeaderFields(r)
	d.Funds = fundsTable(r.Funds)
	d.Chapters = chapters(d.Layout, &r.Narrative)
	d.SheetTitle = yearPrefix(r.Year) + "项目支出绩效自我评价评分表"
	d.SheetHeader = "填报单位：" + r.Unit + " 项目名称：" + r.Project
	d.Sheet = BuildTable(&r.Sheet)
	d.Signature = SignatureLines(r.Sign)
	return d
}

func yearPrefix(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%d 年", y)
}

// Title is the narrative's title for the report's layout.
func Title(r *eval.Report) string {
	if r.Layout == eval.LayoutReport {
		return r.Project + "项目支出绩效评价报告"
	}
	return yearPrefix(r.Year) + "项目支出绩效自我评价情况表"
}

// HeaderFields are the labelled fields under the title.
func HeaderFields(r *eval.Report) []Field {
	year := ""
	if r.Year != 0 {
		year = fmt.Sprint(r.Year)
	}
	return []Field{
		{"填报单位", r.Unit},
		{"项目名称", r.Project},
		{"项目实施年度", year},
		{"项目实施开始时间（年/月）", r.Start.Slash()},
		{"项目实施完成时间（年/月）", r.End.Slash()},
	}
}

func fundsTable(f eval.Funds) *FundsTable {
	t := &FundsTable{Columns: FundsColumns}
	any := false
	add := func(label string, b, rc, s eval.Amount) {
		if b.Set || rc.Set || s.Set {
			any = true
		}
		t.Rows = append(t.Rows, FundsRow{label, b, rc, s})
	}
	// The total row is the stated total, else the sum of the sources, so a
	// report that states only 本级资金 still prints its 年度资金总额.
	add(FundsLabels[0], f.Budget.All(), f.Received.All(), f.Spent.All())
	for i := range f.Budget.BySource {
		if i == int(eval.SourceCarryOver) && !f.Budget.BySource[i].Set && !f.Received.BySource[i].Set && !f.Spent.BySource[i].Set {
			continue
		}
		add(FundsLabels[i+1], f.Budget.BySource[i], f.Received.BySource[i], f.Spent.BySource[i])
	}
	if !any {
		return nil
	}
	return t
}

func chapters(l eval.Layout, n *eval.Narrative) []Chapter {
	texts := map[string]string{}
	for _, s := range n.Sections() {
		texts[s.Key] = s.Text.Text
	}
	used := map[string]bool{}
	var out []Chapter
	for ci, cs := range skeletons[l] {
		ch := Chapter{Number: ChapterNumbers[ci] + "、", Title: cs.title, Heading: true}
		if cs.body != "" {
			used[cs.body] = true
			if t := texts[cs.body]; t != "" {
				ch.Items = append(ch.Items, Item{Key: cs.body, Paragraphs: SplitParagraphs(t)})
			}
			out = append(out, ch)
			continue
		}
		num := 0
		for _, is := range cs.items {
			used[is.key] = true
			t := texts[is.key]
			if t == "" {
				continue
			}
			lead := is.lead + is.sep
			if is.numbered {
				lead = ItemNumbers[num%len(ItemNumbers)] + lead
				num++
			}
			ch.Items = append(ch.Items, Item{Lead: lead, Key: is.key, Paragraphs: SplitParagraphs(t)})
		}
		out = append(out, ch)
	}
	// Sections this layout does not print in its skeleton (e.g. 项目特点分析
	// in a 情况表) and passages without a section go into a last chapter.
	var extra []Item
	for _, s := range n.Sections() {
		if !used[s.Key] && s.Text.Text != "" {
			extra = append(extra, Item{Lead: s.TitleZH + "：", Key: s.Key, Paragraphs: SplitParagraphs(s.Text.Text)})
		}
	}
	for _, p := range n.Other {
		if p.Text != "" {
			extra = append(extra, Item{Key: "other", Paragraphs: SplitParagraphs(p.Text)})
		}
	}
	if len(extra) > 0 {
		out = append(out, Chapter{Number: ChapterNumbers[len(out)%len(ChapterNumbers)] + "、", Title: OtherChapter, Heading: true, Items: extra})
	}
	return out
}

// BuildTable lays out the 评分表: it computes the spans of the 一级 and
// 二级 cells, which writers print as merged cells.
func BuildTable(s *eval.Sheet) Table {
	t := Table{Total: s.Total}
	for i := range s.Rows {
		r := &s.Rows[i]
		if r.DirectionSet {
			t.HasDirection = true
		}
		t.Rows = append(t.Rows, TableRow{Level1: Level1Label(r.Level1, s.Shares), Level2: r.Level2, Row: r})
	}
	for i := 0; i < len(t.Rows); {
		j := i + 1
		for j < len(t.Rows) && t.Rows[j].Row.Level1 == t.Rows[i].Row.Level1 {
			j++
		}
		t.Rows[i].Span1 = j - i
		for k := i; k < j; {
			m := k + 1
			for m < j && t.Rows[m].Row.Level2 == t.Rows[k].Row.Level2 {
				m++
			}
			t.Rows[k].Span2 = m - k
			k = m
		}
		i = j
	}
	return t
}

// TotalCells are the weight and score printed in the 总计 row: the row as
// written when the sheet has one, else the sums of the rows.
func (t Table) TotalCells() (weight, score string) {
	if t.Total != nil {
		if t.Total.HasWeight {
			weight = t.Total.Weight.String()
		}
		if t.Total.HasScore {
			score = t.Total.Score.String()
		}
		return weight, score
	}
	var ws, ss eval.Points
	for _, tr := range t.Rows {
		ws += tr.Row.Weight
		ss += tr.Row.Score
	}
	return ws.String(), ss.String()
}

// Letter is a plain official document: a title, body paragraphs, one table
// and closing lines — a fund request (资金申请), a list sent to another
// office, an assessment report. The docx and pdf writers set it.
type Letter struct {
	Title   string
	Author  string // the unit, for the document properties
	Before  []string
	Caption string
	Columns []string
	Widths  []int // twips (1/1440 inch); default: equal shares of the text width
	Rows    [][]string
	// Bold rows (e.g. 合计) by index into Rows.
	Bold   map[int]bool
	After  []string
	Fields []string // closing field lines: "经办人：", "日期：　　年　　月　　日"
}
