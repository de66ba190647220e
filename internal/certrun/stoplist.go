package certrun

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/cert"
)

// StopListHeader is the stop list's column order for the provincial
// platform: 身份证号, 姓名, 险种, 停发年月, 停发原因, 依据.
var StopListHeader = []string{"身份证号", "姓名", "险种", "停发年月", "停发原因", "依据"}

// StopRow is one line of the stop list.
type StopRow struct {
	ID, Name, Scheme string
	Month            string // YYYY-MM: the first month not paid
	Reason           string // 停发原因
	Basis            string // 依据
}

// StopList returns the run's stop list: the 应暂停 rows (not certified in
// time: 暂停 from the month after the validity) and the 终止 rows of a
// confirmed death (from the month after death), in town and roll order.
// Rows a person must review (a certification after death, a fuzzy death
// match, no cycle basis) are left out: nothing under review is stopped
// automatically.
func (run *Run) StopList() []StopRow {
	var out []StopRow
	for _, r := range run.Suspend {
		if r.Res.Review {
			continue
		}
		basis := "无认证记录"
		if r.Res.LastCert != 0 {
			basis = fmt.Sprintf("最后认证%s（%s）", r.Res.LastCert, r.Res.LastChannel)
		}
		basis += fmt.Sprintf("，有效期至%s，逾期未认证", r.Res.ValidUntil)
		if r.Res.RefusedLast {
			basis += "（拒绝认证）"
		}
		out = append(out, StopRow{r.Roll.ID, r.Roll.Name, r.Roll.Scheme, r.Res.Since.String(), "未按期资格认证暂停发放", basis})
	}
	for _, r := range run.Dead {
		if r.Res.Review || r.Res.Status != cert.Terminated {
			continue
		}
		basis := fmt.Sprintf("死亡日期%s（死亡名单比对确认）", r.Res.DeathDate)
		if r.Res.OverpaidMonths > 0 {
			basis += fmt.Sprintf("，死亡后多发%d个月%s元待追回", r.Res.OverpaidMonths, r.Res.Overpaid)
		}
		out = append(out, StopRow{r.Roll.ID, r.Roll.Name, r.Roll.Scheme, r.Res.Since.String(), "死亡终止发放", basis})
	}
	return out
}

// WriteStopList writes the stop list as CSV (UTF-8 with BOM, for Excel and
// the platform's import) or xlsx, in StopListHeader's order, full IDs
// (the platform needs them).
func WriteStopList(w io.Writer, format string, rows []StopRow) error {
	cells := func(r StopRow) []string { return []string{r.ID, r.Name, r.Scheme, r.Month, r.Reason, r.Basis} }
	if format == "xlsx" {
		f := excelize.NewFile()
		defer f.Close()
		head := make([]any, len(StopListHeader))
		for i, h := range StopListHeader {
			head[i] = h
		}
		_ = f.SetSheetRow("Sheet1", "A1", &head)
		for i, r := range rows {
			ref, _ := excelize.CoordinatesToCellName(1, i+2)
			vals := []any{}
			for _, c := range cells(r) {
				vals = append(vals, c)
			}
			if err := f.SetSheetRow("Sheet1", ref, &vals); err != nil {
				return err
			}
		}
		txt, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // IDs as text
		_ = f.SetColStyle("Sheet1", "A", txt)
		_ = f.SetColWidth("Sheet1", "A", "A", 22)
		_ = f.SetColWidth("Sheet1", "F", "F", 50)
		return f.Write(w)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff" + strings.Join(StopListHeader, ",") + "\n")
	for _, r := range rows {
		for i, c := range cells(r) {
			if i > 0 {
				bw.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n\r") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			bw.WriteString(c)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
