package xlsx

import (
	"fmt"
	"io"
	"strings"

	"jixiao/internal/reviewdesk"
)

// WriteReviewDesk writes the review desk as a workbook (ReviewDeskTables).
func WriteReviewDesk(w io.Writer, d *reviewdesk.Desk) error {
	return WriteTables(w, ReviewDeskTables(d))
}

func deskRef(d *reviewdesk.Desk, i int) string {
	r := d.Items[i].Report
	return fmt.Sprintf("%s —— %s（%d）%s:%d", r.Unit, r.Project, r.Year, r.Source, r.Line)
}

// ReviewDeskTables lays the review desk out as three worksheets: the ranking, the
// findings (with passages side by side) and the 抽评 work list with blank
// columns for the reviewer.
func ReviewDeskTables(d *reviewdesk.Desk) []Table {
	reasons := func(rk reviewdesk.Ranked) string {
		var parts []string
		for _, fi := range rk.Findings {
			parts = append(parts, "["+string(d.Findings[fi].Signal)+"] "+d.Findings[fi].MessageZH)
		}
		return strings.Join(parts, "\n")
	}
	amount := amountCell
	rank := Table{Name: "风险排序", Title: fmt.Sprintf("%d 年绩效自评复核风险排序", d.Year),
		Columns: []string{"排名", "填报单位", "项目名称", "年度", "金额（万元）", "风险分", "理由", "来源"},
		Widths:  []float64{6, 28, 28, 7, 14, 8, 70, 24}}
	for k, rk := range d.Ranking {
		r := d.Items[rk.Item].Report
		rank.Rows = append(rank.Rows, []any{k + 1, r.Unit, r.Project, r.Year, amount(rk.Amount), rk.Risk, reasons(rk), fmt.Sprintf("%s:%d", r.Source, r.Line)})
	}
	finds := Table{Name: "发现", Title: fmt.Sprintf("%d 年复核发现", d.Year),
		Columns: []string{"序号", "信号", "单位", "说明", "涉及报告", "段落甲", "段落乙"},
		Widths:  []float64{6, 20, 28, 60, 50, 50, 50}}
	for k, f := range d.Findings {
		var involved []string
		for _, r := range f.Reports {
			involved = append(involved, fmt.Sprintf("%s（风险 %d）", deskRef(d, r.Item), r.Risk))
		}
		var a, b []string
		for _, p := range f.Passages {
			a = append(a, fmt.Sprintf("第%d行：%s", p.LineA, p.TextA))
			b = append(b, fmt.Sprintf("第%d行：%s", p.LineB, p.TextB))
		}
		finds.Rows = append(finds.Rows, []any{k + 1, string(f.Signal), f.Unit, f.MessageZH, strings.Join(involved, "\n"), strings.Join(a, "\n"), strings.Join(b, "\n")})
	}
	work := Table{Name: "抽评样本", Title: fmt.Sprintf("%d 年抽评复核工作清单", d.Year),
		Columns: []string{"序号", "分层", "抽取方式", "填报单位", "项目名称", "金额（万元）", "风险分", "理由", "复核人", "复核得分", "复核意见"},
		Widths:  []float64{6, 10, 10, 28, 28, 14, 8, 60, 10, 10, 30}}
	for k, s := range d.Sample {
		r := d.Items[s.Item].Report
		how := "随机抽取"
		if s.ByRisk {
			how = "按风险"
		}
		work.Rows = append(work.Rows, []any{k + 1, s.Stratum, how, r.Unit, r.Project, amount(s.Amount), s.Risk, reasons(s.Ranked), nil, nil, nil})
	}
	return []Table{rank, finds, work}
}
