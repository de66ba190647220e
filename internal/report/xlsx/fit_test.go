package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// TestSummaryWidths: read back, every header of the summary fits its
// column on one line, a long project name widens its column, and an
// amount's column holds its formatted text (no ####).
func TestSummaryWidths(t *testing.T) {
	long := strings.Repeat("城乡居民基本养老保险", 3) // 30 characters, 60 units
	rows := []SummaryRow{
		{Unit: "如皋市社会保险基金管理中心", Project: long, Year: 2024,
			Budget: eval.Amount{Fen: 123456789 * money.Wan, Set: true}, Spent: eval.Amount{Fen: 5 * money.Wan, Set: true},
			SelfScore: eval.P(93), HasSelf: true, Grade: "优", Status: "已复核"},
	}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, "2024 年绩效自评汇总表", rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	width := func(c int) float64 {
		w, err := f.GetColWidth("汇总", report0(c))
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	for c, h := range SummaryColumns {
		if w := width(c + 1); w < textWidth(h)+1 {
			t.Errorf("column %s is %.1f wide, header %q needs %.0f", report0(c+1), w, h, textWidth(h))
		}
	}
	if w := width(3); w < textWidth(long) {
		t.Errorf("project column %.1f wide for a %.0f-unit name", w, textWidth(long))
	}
	if w, need := width(5), float64(len("123,456,789.00")); w < need+1 {
		t.Errorf("budget column %.1f wide for %.0f characters", w, need)
	}
}

// TestTablesWrapAndMoney: a text longer than the widest column wraps with
// its row made tall enough; an amount is a number cell in 万元 with two
// decimals and separators.
func TestTablesWrapAndMoney(t *testing.T) {
	reason := strings.Repeat("执行率低于序时进度且偏差原因未说明。", 8) // far beyond maxFitWidth
	tb := Table{Name: "表", Title: "标题", Columns: []string{"单位", "金额（万元）", "理由"}, Widths: []float64{10, 10, 30},
		Rows: [][]any{{"如皋市人社局", money.Fen(24000 * money.Wan), reason}}}
	var buf bytes.Buffer
	if err := WriteTables(&buf, []Table{tb}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w, _ := f.GetColWidth("表", "C"); w > maxFitWidth+2 {
		t.Errorf("reason column grew to %.1f", w)
	}
	if h, _ := f.GetRowHeight("表", 3); h < 2*lineHeight {
		t.Errorf("row of a wrapped reason is %.1f high", h)
	}
	v, err := f.GetCellValue("表", "B3")
	if err != nil || v != "24,000.00" {
		t.Errorf("amount cell shows %q (%v), want 24,000.00", v, err)
	}
	if typ, _ := f.GetCellType("表", "B3"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("amount stored as text")
	}
}
