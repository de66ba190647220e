package htmlreport

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"jixiao/internal/eval"
	"jixiao/internal/report/reporttest"
)

func TestPage(t *testing.T) {
	r := reporttest.Sample()
	res := eval.Check(r, eval.DefaultRuleSet())
	var buf bytes.Buffer
	if err := Write(&buf, r, res); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var rowspans, rows int
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "td" {
			for _, a := range n.Attr {
				if a.Key == "rowspan" && a.Val != "1" {
					rowspans++
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "tr" {
			rows++
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if rowspans < 3 {
		t.Errorf("want merged 一级/二级 cells, got %d rowspans", rowspans)
	}
	s := text.String()
	for _, want := range []string{"财政对城乡居民养老保险的补助项目支出绩效评价报告", "评价指标", "总计", "99.05", "<自动生成> & 校验", "（一）绩效目标。", "系统核算"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, css := range []string{"size: A4", "table-header-group", `"仿宋"`, "@media print"} {
		if !strings.Contains(buf.String(), css) {
			t.Errorf("page lacks CSS %q", css)
		}
	}
}

func TestSeedsRender(t *testing.T) {
	for _, r := range reporttest.Seeds(t) {
		var buf bytes.Buffer
		if err := Write(&buf, r, eval.Result{}); err != nil {
			t.Fatalf("%s: %v", r.Project, err)
		}
		if !strings.Contains(buf.String(), r.Sheet.Rows[0].Level3) || strings.Contains(buf.String(), "系统核算") {
			t.Errorf("%s: page incomplete or shows a check without a result", r.Project)
		}
	}
}
