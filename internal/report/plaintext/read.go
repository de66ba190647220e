// Package plaintext reads self-evaluation reports in the plain-text form the
// fund center's Word documents take when saved as text: several reports in
// one file, each a header, numbered narrative sections and a 评分表 of
// tab-separated rows ending with a 总计 row. Both layouts are understood:
// 自我评价情况表 and 绩效评价报告.
//
// Reading is all-or-nothing: a file with a line that cannot be understood
// yields an ErrorList naming every such line, and no reports.
package plaintext

import (
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"jixiao/internal/cal"
	"jixiao/internal/eval"
)

var (
	// 2023 年项目支出绩效自我评价情况表
	reSituationTitle = regexp.MustCompile(`^(\d{4})年(?:度)?项目支出绩效自(?:我)?评价情况表$`)
	// 居（失）保业务运转项目支出绩效评价报告
	reReportTitle = regexp.MustCompile(`^(.+?)项目支出绩效评价报告$`)
	// 2023 年项目支出绩效自我评价评分表
	reSheetTitle = regexp.MustCompile(`^(?:(\d{4})年(?:度)?)?(?:项目支出)?绩效自(?:我)?评价?评分表$`)
	reYear       = regexp.MustCompile(`项目实施年度[:：](\d{4})`)
	reStart      = regexp.MustCompile(`开始时间[^:：]*[:：](\d{4})[/\-.年](\d{1,2})`)
	reEnd        = regexp.MustCompile(`完成时间[^:：]*[:：](\d{4})[/\-.年](\d{1,2})`)
	// 一、项目概况  /  三、项目绩效。
	reHeading = regexp.MustCompile(`^([一二三四五六七八九十]+)、(.+?)[。.]?$`)
	// A list marker that starts a new paragraph: 1、 （一） (一) 一、
	reListStart = regexp.MustCompile(`^(?:\d{1,2}(?:、|\.[^\d])|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)`)
)

// Read parses every report in a plain-text file. name is used in errors.
// Large files are cut at report titles and the pieces parsed in parallel;
// the result is the same as a sequential read.
func Read(name string, r io.Reader) ([]*eval.Report, error) {
	lines, err := readLines(name, r)
	if err != nil {
		return nil, err
	}
	segs := segments(lines, runtime.GOMAXPROCS(0))
	parsers := make([]*parser, len(segs))
	var wg sync.WaitGroup
	for i, seg := range segs {
		p := &parser{file: name}
		parsers[i] = p
		wg.Go(func() {
			for _, ln := range seg {
				p.feed(ln)
			}
			p.finish()
		})
	}
	wg.Wait()
	var reports []*eval.Report
	var errs ErrorList
	for _, p := range parsers {
		reports = append(reports, p.reports...)
		errs = append(errs, p.errs...)
	}
	if len(errs) > 0 {
		if len(errs) > 200 {
			errs = errs[:200]
		}
		return nil, errs
	}
	if len(reports) == 0 {
		return nil, ErrorList{{File: name, Line: 1, Msg: "未找到任何报告：缺少“项目支出绩效自我评价情况表”“绩效评价报告”或“评分表”标题 (no report found: no report or score-sheet title)"}}
	}
	return reports, nil
}

// segments cuts lines into about n pieces, each starting at a report title
// (where the parser starts afresh anyway), so pieces can be parsed apart.
func segments(lines []line, n int) [][]line {
	if n <= 1 || len(lines) < 2000 {
		return [][]line{lines}
	}
	var out [][]line
	start, size := 0, len(lines)/n+1
	for i := size; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		k := titleKind(t)
		if k != "situation" && k != "report" || !isReportTitle(t) {
			continue
		}
		out = append(out, lines[start:i])
		start = i
		i += size
	}
	return append(out, lines[start:])
}

// isReportTitle reports whether a line starts a new report.
func isReportTitle(text string) bool {
	sq := squash(text)
	return reSituationTitle.MatchString(sq) || reReportTitle.MatchString(sq) && !strings.Contains(sq, "评分表")
}

// state is where the parser is inside a report.
type state int

const (
	stOutside    state = iota // between reports
	stNarrative               // in the header or the prose
	stSheet                   // inside the 评分表
	stAfterSheet              // after the 总计 row
)

type parser struct {
	file    string
	reports []*eval.Report
	errs    ErrorList

	st  state
	cur *eval.Report

	// Narrative: paragraphs are gathered, then joined across page breaks.
	paras []para
	// Sheet.
	sh *sheetReader
}

type para struct {
	line int
	text string
}

func (p *parser) errorf(n int, field, msg string) {
	if len(p.errs) < 200 {
		p.errs = append(p.errs, &Error{File: p.file, Line: n, Field: field, Msg: msg})
	}
}

// squash removes all spaces, as titles are matched without them.
func squash(s string) string {
	if !strings.ContainsAny(s, " \t\u3000") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

func (p *parser) feed(ln line) {
	text := strings.TrimSpace(ln.text)
	if p.st == stSheet && strings.Contains(ln.text, "\t") {
		p.sh.row(p, ln.n, ln.text) // a table row is never a title
		return
	}
	if k := titleKind(text); k != "" {
		sq := squash(text)
		switch {
		case k == "situation" && reSituationTitle.MatchString(sq):
			p.startReport(ln.n, eval.LayoutSituation)
			m := reSituationTitle.FindStringSubmatch(sq)
			p.cur.Year, _ = strconv.Atoi(m[1])
			return
		case k == "report" && reReportTitle.MatchString(sq):
			p.startReport(ln.n, eval.LayoutReport)
			p.cur.Project = reReportTitle.FindStringSubmatch(sq)[1]
			return
		case k == "sheet" && reSheetTitle.MatchString(sq):
			p.startSheet(ln.n, sq)
			return
		}
	}
	switch p.st {
	case stOutside:
		if text != "" {
			p.errorf(ln.n, "", "报告标题之前出现无法识别的内容 (text before any report title): "+clip(text))
		}
	case stNarrative:
		p.narrativeLine(ln.n, text)
	case stSheet:
		p.sh.row(p, ln.n, ln.text)
	case stAfterSheet:
		if text != "" {
			p.errorf(ln.n, "", "评分表“总计”行之后出现无法识别的内容 (text after the 总计 row): "+clip(text))
		}
	}
}

// titleKind says which title a line may be, by its last words, before any
// regular expression runs.
func titleKind(text string) string {
	if len(text) > 300 {
		return ""
	}
	switch {
	case strings.HasSuffix(text, "评分表"):
		return "sheet"
	case strings.HasSuffix(text, "情况表"):
		return "situation"
	case strings.HasSuffix(text, "评价报告"):
		return "report"
	}
	return ""
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

func (p *parser) startReport(n int, layout eval.Layout) {
	p.closeReport()
	p.cur = &eval.Report{Source: p.file, Line: n, Layout: layout}
	p.st = stNarrative
}

func (p *parser) startSheet(n int, title string) {
	if p.cur == nil || p.st == stSheet || p.st == stAfterSheet || p.st == stOutside {
		// A score sheet on its own, or a second sheet: a report of its own.
		p.closeReport()
		p.cur = &eval.Report{Source: p.file, Line: n, Layout: eval.LayoutSituation}
	}
	p.flushNarrative()
	m := reSheetTitle.FindStringSubmatch(title)
	if y, err := strconv.Atoi(m[1]); err == nil {
		if p.cur.Year == 0 {
			p.cur.Year = y
		} else if p.cur.Year != y {
			p.note(n, "评分表年度 "+m[1]+" 与报告年度 "+strconv.Itoa(p.cur.Year)+" 不一致", "the sheet's year "+m[1]+" differs from the report's "+strconv.Itoa(p.cur.Year))
		}
	}
	p.sh = &sheetReader{rows: make([]eval.Row, 0, 24)}
	p.st = stSheet
}

// note records an import-time finding on the current report.
func (p *parser) note(n int, zh, en string) {
	p.cur.Notes = append(p.cur.Notes, eval.Finding{Rule: "import.mismatch", Severity: eval.SevWarning, Line: n, MessageZH: zh, MessageEN: en})
}

func (p *parser) closeReport() {
	if p.cur == nil {
		return
	}
	p.flushNarrative()
	if p.sh != nil {
		p.sh.finish(p)
		p.sh = nil
	}
	p.reports = append(p.reports, p.cur)
	p.cur = nil
	p.st = stOutside
}

func (p *parser) finish() { p.closeReport() }

// headerField reads "填报单位：…", "项目名称：…" and the period line. It
// returns false when the line is not a header field.
func (p *parser) headerField(n int, text string) bool {
	sq := squash(text)
	switch {
	case strings.HasPrefix(sq, "填报单位"):
		unit, project := splitUnitProject(text)
		p.setField(n, &p.cur.Unit, unit, "填报单位", "unit")
		if project != "" {
			p.setField(n, &p.cur.Project, project, "项目名称", "project")
		}
		return true
	case strings.HasPrefix(sq, "项目名称"):
		_, v, _ := cutColon(text)
		p.setField(n, &p.cur.Project, squash(v), "项目名称", "project")
		return true
	case strings.HasPrefix(sq, "项目实施年度"):
		if m := reYear.FindStringSubmatch(sq); m != nil {
			y, _ := strconv.Atoi(m[1])
			if p.cur.Year != 0 && p.cur.Year != y {
				p.note(n, "项目实施年度与标题年度不一致", "the project year differs from the title's year")
			}
			p.cur.Year = y
		} else {
			p.errorf(n, "项目实施年度", "未找到四位年份 (no four-digit year)")
		}
		if m := reStart.FindStringSubmatch(sq); m != nil {
			p.cur.Start = ym(m)
		}
		if m := reEnd.FindStringSubmatch(sq); m != nil {
			p.cur.End = ym(m)
		}
		if !p.cur.Start.Valid() || !p.cur.End.Valid() {
			p.errorf(n, "项目实施时间", "开始或完成时间不是有效的年/月 (start or end is not a valid year/month)")
		}
		return true
	}
	return false
}

func ym(m []string) cal.Month {
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	return cal.MonthOf(y, mo)
}

// setField sets a header field, noting a disagreement with a value read
// earlier (the sheet's header naming another project).
func (p *parser) setField(n int, dst *string, v, zh, en string) {
	v = strings.TrimSpace(v)
	if v == "" {
		p.errorf(n, zh, "为空 (empty)")
		return
	}
	if *dst != "" && squash(*dst) != squash(v) {
		p.note(n, "评分表的"+zh+"“"+v+"”与报告的“"+*dst+"”不一致", "the sheet's "+en+" "+v+" differs from the report's "+*dst)
		return
	}
	*dst = v
}

// splitUnitProject splits "填报单位：X 项目名称：Y".
func splitUnitProject(text string) (unit, project string) {
	_, rest, _ := cutColon(text)
	if i := strings.Index(rest, "项目名称"); i >= 0 {
		_, project, _ = cutColon(rest[i:])
		rest = rest[:i]
	}
	return strings.TrimSpace(rest), squash(project)
}

func cutColon(s string) (string, string, bool) {
	if k, v, ok := strings.Cut(s, "："); ok {
		return k, v, true
	}
	return strings.Cut(s, ":")
}
