package payrun

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
)

// The fund request workbook holds every amount as a number cell in 元 with
// exactly the fen of the request — also an amount with more digits than a
// float64 keeps — and shows it with two decimals and separators.
func TestFundXLSXExact(t *testing.T) {
	rules, _ := benefit.Builtin("rugao")
	huge := money.Fen(1234567890123456789) // 12,345,678,901,234,567.89 元: 19 digits
	local := money.Fen(491196923834)       // 4,911,969,238.34 元
	fr := &payroll.FundRequest{Month: cal.MonthOf(2024, 1),
		Items: []payroll.FundItem{{Scheme: "居保", Item: benefit.ItemBase, Amount: huge + local, People: 9499796}},
		Lines: []payroll.FundLine{{Scheme: "居保", Item: benefit.ItemBase, Source: "上级", BP: 5000, Amount: huge, Verified: true},
			{Scheme: "居保", Item: benefit.ItemBase, Source: "本级", BP: 5000, Amount: local, Verified: true}},
		Source: []payroll.FundSourceTotal{{Source: "上级", Amount: huge}, {Source: "本级", Amount: local}},
		Total:  huge + local + 1, Components: huge + local, Rounding: 1, People: 9499796}
	var buf bytes.Buffer
	if err := WriteFundXLSX(&buf, fr, rules); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		label  string
		amount money.Fen
		people string
	}{{"居保", huge, "9499796"}, {"居保", local, "9499796"}, {"小计", huge, ""}, {"小计", local, ""}, {"舍入差", 1, ""},
		{"合计", huge + local + 1, "9499796"}}
	const sheet = "资金申请"
	for i, w := range want {
		row := strconv.Itoa(i + 3)
		label, _ := x.GetCellValue(sheet, "A"+row)
		raw, _ := x.GetCellValue(sheet, "E"+row, excelize.Options{RawCellValue: true})
		typ, _ := x.GetCellType(sheet, "E"+row)
		people, _ := x.GetCellValue(sheet, "F"+row)
		if label != w.label || raw != w.amount.String() || people != w.people {
			t.Errorf("row %s: %q %q %q, want %q %q %q", row, label, raw, people, w.label, w.amount.String(), w.people)
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("row %s: amount cell of type %v, want a number", row, typ)
		}
	}
	if shown, _ := x.GetCellValue(sheet, "E4"); shown != "4,911,969,238.34" {
		t.Errorf("本级 shown as %q, want 4,911,969,238.34", shown)
	}
}
