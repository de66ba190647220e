package rollfile

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/internal/money"
	"jixiao/internal/payroll"
)

func collectPayroll(t testing.TB, path string) ([]payroll.Row, Report, error) {
	var mu sync.Mutex
	var rows []payroll.Row
	rep, err := ScanPayroll(path, Options{}, func(w int, r *payroll.Row) {
		mu.Lock()
		c := *r
		c.ID, c.Name, c.Account, c.Scheme = strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Account), strings.Clone(c.Scheme)
		rows = append(rows, c)
		mu.Unlock()
	})
	return rows, rep, err
}

func TestScanPayroll(t *testing.T) {
	src := "证件号码,姓名,险种,所属期,实发金额,银行卡号,缴费年限,补缴年限,个人账户储存额\n" +
		"320682195503100013,张三,居保,2023-06,332.13,6228001,21,0,12000\n" +
		"320682195503100013,张三,居保,202307,332.13,6228001,21,,12000\n" +
		"320682195503100013,张三,居保,2023-08,abc,6228001,21,0,12000\n" +
		"320682195503100013,张三,居保,2023-09,332.13,6228001,5,9,12000\n" +
		",张三,居保,2023-09,332.13,6228001,5,0,12000\n"
	for _, enc := range []string{"utf-8", "gb18030"} {
		data := []byte(src)
		if enc == "gb18030" {
			data, _ = simplifiedchinese.GB18030.NewEncoder().Bytes(data)
		}
		p := write(t, "p.csv", data)
		rows, rep, err := collectPayroll(t, p)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 5 || rep.Good != 2 || rep.Rejected != 3 || len(rows) != 2 {
			t.Fatalf("%s: rows %d good %d rejected %d got %d: %v", enc, rep.Rows, rep.Good, rep.Rejected, len(rows), rep.Errors)
		}
		r := rows[0]
		if r.Line != 2 || r.Paid != 33213 || r.Years != 21 || r.Makeup != 0 || r.Balance != 12000*money.Yuan || !r.HasBalance || r.Account != "6228001" || r.Month.String() != "2023-06" {
			t.Errorf("%s: row %+v", enc, r)
		}
		if rows[1].Makeup != -1 {
			t.Errorf("empty 补缴年限 must be unknown, got %d", rows[1].Makeup)
		}
		if e := rep.Errors[0]; e.Line != 4 || e.Field != "实发金额" {
			t.Errorf("error %v", e)
		}
		if e := rep.Errors[1]; e.Line != 5 || e.Field != "补缴年限" {
			t.Errorf("error %v", e)
		}
	}
	// no amount column: rejected whole
	p := write(t, "bad.csv", []byte("身份证号,发放年月\n320682195503100013,2023-06\n"))
	if _, _, err := collectPayroll(t, p); err == nil || !strings.Contains(err.Error(), "实发金额") {
		t.Errorf("missing amount column: %v", err)
	}
}

func TestScanPayrollXLSX(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]any{{"身份证号", "姓名", "发放年月", "发放金额", "回盘结果", "失败原因"},
		{"320682195503100013", "张三", "2023-06", "332.13", "失败", "账户已销户"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	p := filepath.Join(t.TempDir(), "p.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	rows, _, err := collectPayroll(t, p)
	if err != nil || len(rows) != 1 {
		t.Fatal(err, len(rows))
	}
	if r := rows[0]; r.Paid != 33213 || r.Result != "失败" || r.Reason != "账户已销户" {
		t.Errorf("%+v", r)
	}
	os.Remove(p)
}

func FuzzScanPayroll(f *testing.F) {
	f.Add([]byte("证件号码,所属期,实发金额,缴费年限,补缴年限,个人账户储存额\n320682195503100013,2023-06,332.13,21,0,12000\n"))
	f.Add([]byte("身份证号\t发放年月\t金额\n\"320682\"\"1\"\t2023年6月\t1,000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rows, rep, err := collectPayroll(t, p)
		if err != nil {
			return
		}
		if rep.Good != len(rows) || rep.Good+rep.Rejected != rep.Rows {
			t.Fatalf("rows %d good %d rejected %d delivered %d", rep.Rows, rep.Good, rep.Rejected, len(rows))
		}
		for _, r := range rows {
			if r.Paid < 0 || r.Month == 0 || r.ID == "" || r.Makeup > r.Years && r.Years >= 0 {
				t.Fatalf("bad row delivered: %+v", r)
			}
		}
	})
}
