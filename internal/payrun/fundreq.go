package payrun

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"jixiao/internal/benefit"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/xlsx"
)

// fundRow is one row of the request's table: its text, with the amount
// and the people count as numbers for a workbook.
type fundRow struct {
	cells  []string
	amount money.Fen
	people int // -1: none
}

// fundRows returns the request's table: one row per scheme, component and
// source, then the totals per source, the rounding line and the total.
func fundRows(fr *payroll.FundRequest) (cols []string, rows []fundRow, bold map[int]bool) {
	cols = []string{"险种", "项目", "资金来源", "比例", "金额（元）", "人数"}
	bold = map[int]bool{}
	people := map[string]int{}
	for _, it := range fr.Items {
		people[it.Scheme+"/"+it.Item] = it.People
	}
	add := func(amount money.Fen, n int, cells ...string) {
		cells = append(cells, amount.String(), "")
		if n >= 0 {
			cells[5] = strconv.Itoa(n)
		}
		rows = append(rows, fundRow{cells, amount, n})
	}
	for _, l := range fr.Lines {
		share := benefit.Percent(l.BP)
		if !l.Verified {
			share += "（未核实）"
		}
		add(l.Amount, people[l.Scheme+"/"+l.Item], l.Scheme, l.Item, l.Source, share)
	}
	for _, s := range fr.Source {
		bold[len(rows)] = true
		add(s.Amount, -1, "小计", "", s.Source, "")
	}
	if fr.Rounding != 0 {
		add(fr.Rounding, -1, "舍入差", "", "", "")
	}
	bold[len(rows)] = true
	add(fr.Total, fr.People, "合计", "", "", "")
	return
}

func fundNotes(fr *payroll.FundRequest, rules *benefit.Rules) []string {
	notes := []string{fmt.Sprintf("按%s的待遇规则（%s）与%s实际发放人员测算：%d 人，合计 %s 元。",
		monthZH(fr.Month), rules.Name, monthZH(fr.Month-1), fr.People, fr.Total)}
	if fr.Rounding != 0 {
		notes = append(notes, fmt.Sprintf("各项目分别四舍五入，与按人合计相差 %s 元，列为舍入差。", fr.Rounding))
	}
	var keys []string
	for k := range fr.Skipped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		notes = append(notes, fmt.Sprintf("未计入：%s %d 人。", k, fr.Skipped[k]))
	}
	return notes
}

func monthZH(m interface {
	Year() int
	Num() int
}) string {
	return fmt.Sprintf("%d年%d月", m.Year(), m.Num())
}

// WriteFundDOCX writes the fund request as the letter sent to the finance
// bureau.
func WriteFundDOCX(w io.Writer, fr *payroll.FundRequest, rules *benefit.Rules, unit string) error {
	cols, frows, bold := fundRows(fr)
	rows := make([][]string, len(frows))
	for i, r := range frows {
		rows[i] = r.cells
	}
	var total money.Fen
	for _, s := range fr.Source {
		if s.Source == "上级" || s.Source == "本级" {
			total += s.Amount
		}
	}
	return docx.WriteLetter(w, docx.Letter{
		Title:  fmt.Sprintf("关于申请%s城乡居民养老保险等待遇发放资金的报告", monthZH(fr.Month)),
		Author: unit,
		Before: append([]string{"市财政局：",
			fmt.Sprintf("根据养老保险费征缴收入及待遇支出实际，现申请%s待遇发放所需财政资金 %s 元，明细如下。", monthZH(fr.Month), total)},
			fundNotes(fr, rules)...),
		Caption: fmt.Sprintf("%s待遇发放资金测算表", monthZH(fr.Month)),
		Columns: cols, Rows: rows, Bold: bold,
		Widths: []int{1300, 1900, 1500, 1500, 1700, 944},
		After:  []string{"请予审核拨付。"},
		Fields: []string{unit, "经办人：　　　　　审核人：　　　　　负责人：", "日期：　　年　　月　　日"},
	})
}

// WriteFundXLSX writes the fund request as a workbook. The amounts are
// number cells in 元 written from their exact text (xlsx.Yuan).
func WriteFundXLSX(w io.Writer, fr *payroll.FundRequest, rules *benefit.Rules) error {
	cols, rows, _ := fundRows(fr)
	t := xlsx.Table{Name: "资金申请", Title: fmt.Sprintf("%s待遇发放资金测算表（规则 %s）", monthZH(fr.Month), rules.Name),
		Columns: cols, Widths: []float64{12, 16, 14, 14, 16, 10}}
	for _, r := range rows {
		row := make([]any, len(r.cells))
		for i, v := range r.cells[:4] {
			row[i] = v
		}
		row[4] = xlsx.Yuan(r.amount)
		if r.people >= 0 {
			row[5] = r.people
		}
		t.Rows = append(t.Rows, row)
	}
	notes := xlsx.Table{Name: "说明", Title: "测算说明", Columns: []string{"说明"}, Widths: []float64{100}}
	for _, n := range fundNotes(fr, rules) {
		notes.Rows = append(notes.Rows, []any{n})
	}
	return xlsx.WriteTables(w, []xlsx.Table{t, notes})
}
