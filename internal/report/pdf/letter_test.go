package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"jixiao/internal/report/form"
)

// TestLetterText: a letter's title, paragraphs, every table row (the
// header again on a second page) and its closing lines are in the PDF's
// text.
func TestLetterText(t *testing.T) {
	needFont(t)
	l := form.Letter{Title: "维稳应诉费事前绩效评估报告", Author: "如皋市财政局",
		Before:  []string{"评估依据：默认规则。"},
		Columns: []string{"评估维度", "分值", "得分", "评估意见"}, Widths: []int{3, 1, 1, 5},
		Bold:   map[int]bool{},
		After:  []string{"评估结论：部分通过。"},
		Fields: []string{"评估人：王芳"}}
	for k := 0; k < 40; k++ {
		l.Rows = append(l.Rows, []string{fmt.Sprintf("维度%02d", k), "20", "15", strings.Repeat("测算依据不足，", k%5+1)})
	}
	l.Rows = append(l.Rows, []string{"合计", "100", "75", ""})
	l.Bold[len(l.Rows)-1] = true
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	all := squeeze(txt)
	for _, w := range []string{"维稳应诉费事前绩效评估报告", "评估依据：默认规则。", "维度00", "维度39", "合计10075", "评估结论：部分通过。", "评估人：王芳"} {
		if !strings.Contains(all, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	pages := strings.Split(txt, "\f")
	if len(pages) < 2 || !strings.Contains(squeeze(pages[1]), "评估维度分值得分评估意见") {
		t.Errorf("want the header repeated on page 2; pages %d", len(pages))
	}
}
