package form

import (
	"strings"
	"testing"

	"jixiao/internal/eval"
)

func TestBuildTableSpans(t *testing.T) {
	s := &eval.Sheet{Rows: []eval.Row{
		{Level1: "决策", Level2: "立项", Level3: "a"},
		{Level1: "决策", Level2: "立项", Level3: "b"},
		{Level1: "决策", Level2: "目标", Level3: "c"},
		{Level1: "产出", Level2: "数量", Level3: "d"},
		{Level1: "决策", Level2: "立项", Level3: "e"}, // a group that comes back is a new span
	}, Shares: []eval.Share{{Level1: "产出", Weight: eval.P(50)}}}
	tb := BuildTable(s)
	var got []string
	for _, r := range tb.Rows {
		got = append(got, r.Level1+":"+string(rune('0'+r.Span1))+string(rune('0'+r.Span2)))
	}
	want := "决策:32 决策:00 决策:01 产出（50分）:11 决策:11"
	if strings.Join(got, " ") != want {
		t.Errorf("spans\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if w, sc := tb.TotalCells(); w != "0" || sc != "0" {
		t.Errorf("totals of an unscored sheet: %s %s", w, sc)
	}
}

func TestChapters(t *testing.T) {
	for _, c := range []struct {
		layout eval.Layout
		want   []string
	}{
		{eval.LayoutSituation, []string{"一、项目概况", "项目的立项依据。", "二、评价情况", "（一）项目绩效总目标：", "（二）评价结论：", "三、项目绩效", "四、存在问题", "五、整改措施", "六、其他说明"}},
		{eval.LayoutReport, []string{"一、项目情况", "项目背景：", "（一）绩效目标。", "二、评价情况", "（一）绩效评价结论。", "五、有关建议"}},
	} {
		r := &eval.Report{Layout: c.layout, Year: 2023, Project: "稽查费"}
		r.Narrative.Basis.Text = "依据"
		r.Narrative.Goal.Text = "目标"
		r.Narrative.Conclusion.Text = "结论"
		r.Narrative.Other = []eval.Passage{{Text: "附注"}}
		d := Build(r)
		var b strings.Builder
		for _, ch := range d.Chapters {
			b.WriteString(ch.Number + ch.Title + "|")
			for _, it := range ch.Items {
				b.WriteString(it.Lead + "|")
			}
		}
		for _, w := range c.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: lacks %q in %s", c.layout, w, b.String())
			}
		}
		if d.Funds != nil {
			t.Error("funds table without amounts")
		}
	}
}
