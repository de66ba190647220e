package certrun

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// CSVHeader is the machine output's column order (CSV and JSON keys).
var CSVHeader = []string{"id_number", "name", "scheme", "town", "status", "status_en", "last_certified", "channel",
	"valid_until", "since", "resume_from", "backpay_from", "backpay_to", "backpay_months", "backpay_amount",
	"death_date", "overpaid_months", "overpaid_amount", "review", "reason_zh"}

func (r *Row) cells() []string {
	res := &r.Res
	ch := ""
	if res.LastCert != 0 {
		ch = res.LastChannel.String()
	}
	review := ""
	if res.Review {
		review = "review"
	}
	back := ""
	if res.Status == cert.Resumed {
		back = res.BackPay.String()
	}
	over := ""
	if res.DeathDate != 0 {
		over = res.Overpaid.String()
	}
	return []string{r.Roll.ID, r.Roll.Name, r.Roll.Scheme, r.Roll.Town, res.Status.String(), res.Status.EN(),
		res.LastCert.String(), ch, res.ValidUntil.String(), res.Since.String(), res.ResumeFrom.String(),
		res.BackPayFrom.String(), res.BackPayTo.String(), itoa(res.BackPayMonths, res.Status == cert.Resumed), back,
		res.DeathDate.String(), itoa(res.OverpaidMonths, res.DeathDate != 0), over, review, res.Words().ZH}
}

func itoa(n int, show bool) string {
	if !show {
		return ""
	}
	return strconv.Itoa(n)
}

// StatusHeader is the header of the status for people — the CSV people
// open in Excel and the workbook's 认证状态 sheet — in Chinese (the locale
// catalogue has the English).
var StatusHeader = []string{"身份证号", "姓名", "险种", "镇（街道）", "状态", "最近认证日期", "认证方式", "有效期至", "暂停/终止起始", "恢复发放年月",
	"补发起始", "补发截止", "补发月数", "补发金额（元）", "死亡日期", "死亡后多发月数", "死亡后多发（元）", "须核实", "说明"}

// PeopleCells is the row as people read it, in StatusHeader's order: the
// status and the reason in one language (English when en), 须核实 in
// words, amounts with thousands separators, the ID masked unless fullID.
func (r *Row) PeopleCells(en, fullID bool) []string {
	cs := r.cells()
	if !fullID {
		cs[0] = cnid.Mask(cs[0])
	}
	if en {
		cs[4], cs[19] = strings.ReplaceAll(cs[5], "_", " "), r.Res.Words().EN
	}
	if cs[18] != "" {
		cs[18] = "须核实"
		if en {
			cs[18] = "to check"
		}
	}
	for _, k := range []int{14, 17} {
		if f, err := money.ParseYuan(cs[k]); err == nil && cs[k] != "" {
			cs[k] = f.Yuan()
		}
	}
	return append(cs[:5], cs[6:]...) // status_en is the status in English
}

// AppendPeopleCSV appends the row as one CSV line for people (PeopleCells).
func (r *Row) AppendPeopleCSV(b []byte, en, fullID bool) []byte {
	return appendCSV(b, r.PeopleCells(en, fullID))
}

// AppendCSV appends the row as one CSV line of the machine output.
func (r *Row) AppendCSV(b []byte) []byte { return appendCSV(b, r.cells()) }

func appendCSV(b []byte, cells []string) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		if strings.ContainsAny(c, ",\"\n\r") {
			b = append(b, '"')
			b = append(b, strings.ReplaceAll(c, `"`, `""`)...)
			b = append(b, '"')
		} else {
			b = append(b, c...)
		}
	}
	return append(b, '\n')
}

// AppendJSON appends the row as one JSON object with the CSVHeader keys
// (numbers for the month counts, amounts as exact number literals, review
// as a boolean) and reason_en.
func (r *Row) AppendJSON(b []byte) []byte {
	cs := r.cells()
	b = append(b, '{')
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, CSVHeader[i])
		b = append(b, ':')
		switch CSVHeader[i] {
		case "backpay_months", "overpaid_months", "backpay_amount", "overpaid_amount":
			if c == "" {
				c = "0"
			}
			b = append(b, c...)
		case "review":
			b = strconv.AppendBool(b, c != "")
		default:
			b = strconv.AppendQuote(b, c)
		}
	}
	b = append(b, `,"reason_en":`...)
	b = strconv.AppendQuote(b, r.Res.Words().EN)
	return append(b, '}')
}

// List names one of the run's lists.
type List int

// Lists.
const (
	ListDue     List = iota // 即将到期名单: sent down to the towns before the deadline
	ListSuspend             // 暂停发放名单
	ListResume              // 恢复发放及补发名单
	ListDead                // 死亡终止名单 (overpaid after death)
	ListReview              // 须人工核实
)

var listTitles = [...]string{"待遇资格认证即将到期人员名单", "未按期认证暂停发放人员名单", "重新认证恢复发放及补发名单",
	"死亡终止及多发待遇名单", "须人工核实名单"}

// Title returns the list's Chinese title.
func (l List) Title() string { return listTitles[l] }

// Rows returns the list's rows.
func (run *Run) Rows(l List) []Row {
	switch l {
	case ListDue:
		return run.Due
	case ListSuspend:
		return run.Suspend
	case ListResume:
		return run.Resume
	case ListDead:
		return run.Dead
	}
	return run.Review
}

func listHeader(l List) []any {
	base := []any{"序号", "身份证号", "姓名", "险种", "镇（街道）", "村（社区）"}
	switch l {
	case ListDue:
		return append(base, "最近认证日期", "认证方式", "有效期至", "逾期暂停起始年月", "备注")
	case ListSuspend:
		return append(base, "最近认证日期", "认证方式", "有效期至", "暂停起始年月", "有效期满后已发月数", "说明")
	case ListResume:
		return append(base, "重新认证日期", "认证方式", "恢复发放年月", "补发起始年月", "补发截止年月", "补发月数", "月待遇（元）", "补发金额（元）", "说明")
	case ListDead:
		return append(base, "死亡日期", "终止年月", "死亡后发放月数", "月待遇（元）", "多发金额（元）", "最近认证日期", "说明")
	}
	return append(base, "状态", "最近认证日期", "说明")
}

func listCells(l List, i int, r *Row, fullID bool) []any {
	id := r.Roll.ID
	if !fullID {
		id = cnid.Mask(id)
	}
	res := &r.Res
	ch := ""
	if res.LastCert != 0 {
		ch = res.LastChannel.String()
	}
	base := []any{i, id, r.Roll.Name, r.Roll.Scheme, r.Roll.Town, r.Roll.Village}
	switch l {
	case ListDue:
		return append(base, res.LastCert.String(), ch, res.ValidUntil.String(), (res.ValidUntil + 1).String(), "")
	case ListSuspend:
		return append(base, res.LastCert.String(), ch, res.ValidUntil.String(), res.Since.String(), res.PaidWithoutCertification, res.Words().ZH)
	case ListResume:
		return append(base, res.LastCert.String(), ch, res.ResumeFrom.String(), res.BackPayFrom.String(), res.BackPayTo.String(),
			res.BackPayMonths, r.Roll.Monthly.String(), res.BackPay.String(), res.Words().ZH)
	case ListDead:
		return append(base, res.DeathDate.String(), res.Since.String(), res.OverpaidMonths, r.Roll.Monthly.String(), res.Overpaid.String(),
			res.LastCert.String(), res.Words().ZH)
	}
	return append(base, res.Status.String(), res.LastCert.String(), res.Words().ZH)
}

// monthZH formats 2024-07 as 2024年7月.
func monthZH(m cal.Month) string { return fmt.Sprintf("%d年%d月", m.Year(), m.Num()) }

// WriteTownList writes one list of one town (all towns when town is "")
// as a document to send: title with the month and the town, the rule in
// words, the table, the totals and a signature block. IDs are masked
// unless fullID.
func WriteTownList(w io.Writer, run *Run, l List, town string, fullID bool) error {
	rows := run.Rows(l)
	if town != "" {
		rows = ForTown(rows, town)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	head := listHeader(l)
	last, _ := excelize.ColumnNumberToName(len(head))
	scope := town
	if scope == "" {
		scope = "全市"
	}
	title := fmt.Sprintf("%s%s（%s）", monthZH(run.AsOf), l.Title(), scope)
	put := func(r int, vals ...any) error {
		ref, _ := excelize.CoordinatesToCellName(1, r)
		return f.SetSheetRow(sheet, ref, &vals)
	}
	if err := put(1, title); err != nil {
		return err
	}
	_ = f.MergeCell(sheet, "A1", last+"1")
	st, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	_ = f.SetCellStyle(sheet, "A1", "A1", st)
	note := fmt.Sprintf("认证月份：%s　　共%d人　　规则：%s", monthZH(run.AsOf), len(rows), strings.ReplaceAll(run.Rules.Words().ZH, "\n", ""))
	if l == ListDue {
		note = fmt.Sprintf("认证月份：%s　　共%d人　　请于有效期届满前组织认证（大数据比对、线上自助、线下辅助、上门、异地），逾期未认证的自次月起暂停发放。", monthZH(run.AsOf), len(rows))
	}
	if err := put(2, note); err != nil {
		return err
	}
	_ = f.MergeCell(sheet, "A2", last+"2")
	if err := put(3, head...); err != nil {
		return err
	}
	for i := range rows {
		if err := put(4+i, listCells(l, i+1, &rows[i], fullID)...); err != nil {
			return err
		}
	}
	end := 4 + len(rows)
	switch l {
	case ListResume:
		var months int
		var sum int64
		for i := range rows {
			months += rows[i].Res.BackPayMonths
			sum += int64(rows[i].Res.BackPay)
		}
		_ = put(end, "合计", "", "", "", "", "", "", "", "", "", "", months, "", moneyString(sum))
		end++
	case ListDead:
		var sum int64
		for i := range rows {
			sum += int64(rows[i].Res.Overpaid)
		}
		_ = put(end, "合计", "", "", "", "", "", "", "", "", "", moneyString(sum))
		end++
	}
	_ = put(end+1, "经办人（签字）：", "", "", "审核人（签字）：", "", "", "负责人（签字）：")
	_ = put(end+2, "填报单位（盖章）：", "", "", "", "", "", "日期：　　年　　月　　日")
	_ = f.SetColWidth(sheet, "B", "B", 22)
	_ = f.SetColWidth(sheet, "C", "F", 12)
	return f.Write(w)
}

func moneyString(fen int64) string { return money.Fen(fen).String() }

// WriteWorkbook writes the run for people: a summary sheet (the rule in
// words, counts, certification rate by town and channel), the five lists,
// and, when all is not nil, every recipient's status.
func WriteWorkbook(w io.Writer, run *Run, all []Row, fullID bool) error {
	f := excelize.NewFile()
	defer f.Close()
	const sum = "汇总"
	_ = f.SetSheetName("Sheet1", sum)
	rowN := 1
	put := func(sheet string, r int, vals ...any) {
		ref, _ := excelize.CoordinatesToCellName(1, r)
		_ = f.SetSheetRow(sheet, ref, &vals)
	}
	put(sum, rowN, fmt.Sprintf("%s待遇资格认证情况", monthZH(run.AsOf)))
	rowN += 2
	for _, line := range strings.Split(run.Rules.Words().ZH, "\n") {
		put(sum, rowN, line)
		rowN++
	}
	rowN++
	put(sum, rowN, "镇（街道）", "人数", "正常", "即将到期", "应暂停", "已暂停", "恢复", "终止", "应认证", "已认证", "资格认证率",
		"大数据比对", "线上自助", "线下辅助", "上门", "异地", "其他", "大数据比对占比", "补发月数", "补发金额（元）", "死亡后多发（元）", "须核实")
	rowN++
	line := func(name string, t *cert.Tally) {
		rate, ok := t.RateBP()
		share, sok := t.ChannelShareBP(cert.ChannelBigData)
		put(sum, rowN, name, t.Recipients, t.ByStatus[cert.Normal], t.ByStatus[cert.Due], t.ByStatus[cert.ShouldSuspend],
			t.ByStatus[cert.Suspended], t.ByStatus[cert.Resumed], t.ByStatus[cert.Terminated], t.Required, t.Certified,
			cert.FormatBP(rate, ok), t.ByChannel[cert.ChannelBigData], t.ByChannel[cert.ChannelOnline], t.ByChannel[cert.ChannelOffline],
			t.ByChannel[cert.ChannelHome], t.ByChannel[cert.ChannelRemote], t.ByChannel[cert.ChannelOther], cert.FormatBP(share, sok),
			t.BackPayMonths, t.BackPay.String(), t.Overpaid.String(), t.Review)
		rowN++
	}
	for i := range run.Towns {
		line(run.Towns[i].Town, &run.Towns[i].Tally)
	}
	line("合计", &run.Total)
	for l := ListDue; l <= ListReview; l++ {
		name := []string{"即将到期", "暂停名单", "恢复补发", "死亡终止", "须核实"}[l]
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		put(name, 1, listHeader(l)...)
		rows := run.Rows(l)
		for i := range rows {
			put(name, i+2, listCells(l, i+1, &rows[i], fullID)...)
		}
	}
	if all != nil {
		const name = "认证状态"
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		head := make([]any, len(StatusHeader))
		for i, h := range StatusHeader {
			head[i] = h
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for i := range all {
			vals := make([]any, 0, len(head))
			for _, c := range all[i].PeopleCells(false, fullID) {
				vals = append(vals, c)
			}
			ref, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(ref, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}
