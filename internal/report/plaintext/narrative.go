package plaintext

import (
	"strings"
	"unicode/utf8"

	"jixiao/internal/eval"
)

// sectionKey names a narrative section (see eval.Narrative.Sections).
type sectionKey string

// headings are the top-level headings (一、…) and the section they open.
// "" opens a container whose paragraphs carry their own labels.
var headings = []struct {
	label string
	sec   sectionKey
}{
	{"项目概况", "nature"}, {"项目情况", "nature"}, {"评价情况", ""},
	{"项目绩效", "performance"}, {"存在问题", "problems"}, {"存在的问题", "problems"},
	{"整改措施", "measures"}, {"有关建议", "measures"}, {"整改措施及建议", "measures"}, {"意见建议", "measures"},
	{"评价结论", "conclusion"}, {"绩效评价结论", "conclusion"},
}

// labels open a section at the start of a paragraph ("项目的立项依据。…",
// "（三）评价结论：…"), longest first so that "项目绩效总目标" wins over
// "绩效目标". A label with section "" is a container ("项目概况。").
var labels = []struct {
	label string
	sec   sectionKey
}{
	{"项目基本性质、用途和主要内容、涉及范围", "nature"},
	{"项目绩效总目标及评价年度的绩效目标", "goal"},
	{"项目的立项依据", "basis"}, {"项目立项依据", "basis"}, {"项目设立依据", "basis"}, {"立项依据", "basis"}, {"项目背景", "basis"},
	{"项目基本性质", "nature"}, {"主要内容", "nature"},
	{"项目实施情况", "implementation"}, {"资金使用情况", "implementation"}, {"实施方式", "implementation"}, {"实施情况", "implementation"},
	{"项目绩效总目标", "goal"}, {"绩效总目标", "goal"}, {"绩效目标", "goal"}, {"总目标", "goal"},
	{"项目评价原则", "principles"}, {"评价思路方法", "principles"}, {"评价思路和方法", "principles"}, {"项目原则", "principles"}, {"评价原则", "principles"},
	{"项目特点分析", "features"}, {"评价工作情况", "work"},
	{"绩效评价结论", "conclusion"}, {"评价结论", "conclusion"},
	{"项目概况", ""}, {"项目情况", ""},
}

// titles are lines that only title a part of the form.
var titles = map[string]bool{"项目自我评价情况": true, "项目自评情况": true}

func (p *parser) narrativeLine(n int, text string) {
	if text == "" {
		return
	}
	if p.headerField(n, text) {
		return
	}
	if titles[squash(text)] {
		return
	}
	p.paras = append(p.paras, para{n, text})
}

// flushNarrative joins paragraphs split by page breaks and files them into
// the report's sections.
func (p *parser) flushNarrative() {
	if p.cur == nil || len(p.paras) == 0 {
		p.paras = p.paras[:0]
		return
	}
	joined := joinBroken(p.paras)
	p.paras = p.paras[:0]
	secs := map[sectionKey]*eval.Passage{}
	for _, s := range p.cur.Narrative.Sections() {
		secs[sectionKey(s.Key)] = s.Text
	}
	var cur *eval.Passage
	for _, pa := range joined {
		if sec, ok := heading(pa.text); ok {
			cur = secs[sec]
			if sec == "" {
				cur = nil
			}
			if _, known := secs[sec]; !known && sec != "" {
				// An unknown heading: keep it with its text in Other.
				p.cur.Narrative.Other = append(p.cur.Narrative.Other, eval.Passage{Text: pa.text, Line: pa.line})
				cur = &p.cur.Narrative.Other[len(p.cur.Narrative.Other)-1]
			}
			continue
		}
		for _, piece := range splitLabels(pa.text) {
			if piece.labelled {
				cur = secs[piece.sec]
			}
			if piece.text == "" {
				continue
			}
			if cur == nil {
				p.cur.Narrative.Other = append(p.cur.Narrative.Other, eval.Passage{Text: piece.text, Line: pa.line})
				continue
			}
			appendTo(cur, piece.text, pa.line)
		}
	}
}

func appendTo(dst *eval.Passage, text string, line int) {
	if dst.Text == "" {
		dst.Text, dst.Line = text, line
		return
	}
	dst.Text += "\n" + text
}

// heading recognises "一、项目概况" and returns the section it opens; an
// unknown numbered heading returns a key that is not a section.
func heading(text string) (sectionKey, bool) {
	if r, _ := utf8.DecodeRuneInString(text); !strings.ContainsRune("一二三四五六七八九十", r) {
		return "", false
	}
	m := reHeading.FindStringSubmatch(squash(text))
	if m == nil {
		return "", false
	}
	label := strings.TrimRight(m[2], "。.")
	for _, h := range headings {
		if label == h.label {
			return h.sec, true
		}
	}
	if len([]rune(label)) <= 12 && !strings.ContainsAny(label, "，。；") {
		return sectionKey("other:" + label), true
	}
	return "", false
}

type piece struct {
	sec      sectionKey
	labelled bool
	text     string
}

// listStart reports whether a paragraph opens with a list marker: 1、 （一）.
func listStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !(r >= '0' && r <= '9' || r == '（' || r == '(' || strings.ContainsRune("一二三四五六七八九十", r)) {
		return false
	}
	return reListStart.MatchString(s)
}

// splitLabels cuts a paragraph at section labels: one at its start (after
// an optional list marker), and others after a full stop that open a
// different section (a report that runs 立项依据 and 基本性质 together).
func splitLabels(text string) []piece {
	var out []piece
	body := text
	marker := ""
	if listStart(body) {
		marker = reListStart.FindString(body)
	}
	if sec, rest, ok := cutLabel(strings.TrimSpace(body[len(marker):])); ok {
		// A container label may be followed by a section's own label:
		// "项目概况。项目设立依据：…".
		for sec == "" {
			s2, r2, ok2 := cutLabel(rest)
			if !ok2 {
				break
			}
			sec, rest = s2, r2
		}
		out = append(out, piece{sec: sec, labelled: true})
		body = rest
	} else {
		out = append(out, piece{})
	}
	for {
		cut := -1
		var sec sectionKey
		var rest string
		for i := strings.Index(body, "。"); i >= 0; {
			after := body[i+len("。"):]
			if s, r, ok := cutLabel(after); ok && s != out[len(out)-1].sec && s != "" {
				cut, sec, rest = i+len("。"), s, r
				break
			}
			j := strings.Index(after, "。")
			if j < 0 {
				break
			}
			i += len("。") + j
		}
		if cut < 0 {
			out[len(out)-1].text = body
			return out
		}
		out[len(out)-1].text = body[:cut]
		out = append(out, piece{sec: sec, labelled: true})
		body = rest
	}
}

// cutLabel reads a label followed by "。", "：" or ":" at the start of s.
func cutLabel(s string) (sectionKey, string, bool) {
	for _, l := range labels {
		rest, ok := strings.CutPrefix(s, l.label)
		if !ok {
			continue
		}
		for _, sep := range []string{"。", "：", ":", "."} {
			if r, ok := strings.CutPrefix(rest, sep); ok {
				return l.sec, strings.TrimSpace(r), true
			}
		}
	}
	return "", s, false
}

// joinBroken joins a paragraph that stops mid-sentence with the next one:
// a page break in the original document left a blank line inside a sentence.
func joinBroken(ps []para) []para {
	out := make([]para, 0, len(ps))
	for _, pa := range ps {
		if n := len(out); n > 0 && continues(out[n-1].text, pa.text) {
			out[n-1].text += pa.text
			continue
		}
		out = append(out, pa)
	}
	return out
}

func continues(prev, next string) bool {
	if _, ok := heading(prev); ok {
		return false
	}
	if _, ok := heading(next); ok || listStart(next) {
		return false
	}
	if _, _, ok := cutLabel(next); ok {
		return false
	}
	r := []rune(strings.TrimSpace(prev))
	if len(r) == 0 {
		return false
	}
	switch r[len(r)-1] {
	case '。', '！', '？', '；', '：', ':', '”', '」', '）', ')', '…', '!', '?', ';', '.':
		return false
	}
	// A short paragraph such as "无" is complete on its own.
	return len(r) > 4
}
