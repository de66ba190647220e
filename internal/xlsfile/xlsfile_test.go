package xlsfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func writeXLSXFile(t testing.TB, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "如城街道")
	f.SetCellValue("如城街道", "A1", "2024年6月死亡人员信息")
	f.SetCellValue("如城街道", "A3", "姓名")
	f.SetCellValue("如城街道", "B3", "身份证号")
	f.SetCellValue("如城街道", "C3", "死亡日期")
	f.SetCellValue("如城街道", "D3", "金额")
	f.SetCellValue("如城街道", "A4", "张三 & 李四 <x>")
	f.SetCellValue("如城街道", "B4", 320682196012086606) // typed into a numeric cell
	date := time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC)
	f.SetCellValue("如城街道", "C4", date)
	f.SetCellValue("如城街道", "D4", 327.83)
	f.SetCellValue("如城街道", "B5", "32068219601208660X")
	f.SetCellValue("如城街道", "E5", true)
	f.NewSheet("白蒲镇")
	f.SetCellValue("白蒲镇", "A1", "第二页")
	f.SetCellInt("白蒲镇", "AA2", 320682196012086)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.xlsx")
	writeXLSXFile(t, path)
	names, grids, err := ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"如城街道", "白蒲镇"}) {
		t.Fatalf("sheets %v", names)
	}
	g := grids[0]
	if len(g) != 5 || g[0][0] != "2024年6月死亡人员信息" || g[1] != nil || g[2][1] != "身份证号" {
		t.Fatalf("grid %q", g)
	}
	want := []string{"张三 & 李四 <x>", "3.206821960120866E+17", "2024-05-03", "327.83"}
	if !slices.Equal(g[3], want) {
		t.Errorf("row 4 = %q, want %q", g[3], want)
	}
	if g[4][1] != "32068219601208660X" || g[4][4] != "TRUE" {
		t.Errorf("row 5 = %q", g[4])
	}
	if len(grids[1]) != 2 || len(grids[1][1]) != 27 || grids[1][1][26] != "320682196012086" {
		t.Errorf("second sheet %q", grids[1])
	}
}

func TestXLSXStreamWriterInline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 300; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("名%d", r), r, "x_x000D_y"}); err != nil {
			t.Fatal(err)
		}
	}
	sw.Flush()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	n := 0
	err = x.Rows(0, func(row int, cells []string) error {
		n++
		if row != n || cells[0] != fmt.Sprintf("名%d", n) || cells[1] != fmt.Sprint(n) {
			return fmt.Errorf("row %d: %q", row, cells)
		}
		return nil
	})
	if err != nil || n != 300 {
		t.Fatal(err, n)
	}
}

func TestXLS(t *testing.T) {
	long := strings.Repeat("长", 3000) // forces the SST over CONTINUE records
	sheets := []SheetData{
		{Name: "名册", Rows: [][]any{
			{"2024年6月名册"},
			nil,
			{"姓名", "身份证号", "月待遇"},
			{"王芳", 320682196012086606, 327.83},
			{"李四", "32068219601208660X", 100},
			{long, long + "尾", "é"},
		}},
		{Name: "说明", Rows: [][]any{{"制表人：张三"}}},
	}
	var buf bytes.Buffer
	if err := WriteXLS(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.xls")
	os.WriteFile(path, buf.Bytes(), 0o644)
	names, grids, err := ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"名册", "说明"}) {
		t.Fatalf("names %q", names)
	}
	g := grids[0]
	if g[0][0] != "2024年6月名册" || g[1] != nil || g[2][2] != "月待遇" {
		t.Fatalf("grid head %q", g[:3])
	}
	if !slices.Equal(g[3], []string{"王芳", "3.206821960120866E+17", "327.83"}) {
		t.Errorf("row 4 %q", g[3])
	}
	if !slices.Equal(g[4], []string{"李四", "32068219601208660X", "100"}) {
		t.Errorf("row 5 %q", g[4])
	}
	if g[5][0] != long || g[5][1] != long+"尾" || g[5][2] != "é" {
		t.Errorf("long strings lost: %d %d %q", len(g[5][0]), len(g[5][1]), g[5][2])
	}
	if grids[1][0][0] != "制表人：张三" {
		t.Errorf("second sheet %q", grids[1])
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{
		320682196012086606:  "3.206821960120866E+17",
		3.20682196012087e17: "3.20682196012087E+17",
		320682196012086:     "320682196012086",
		327.82999999999998:  "327.83",
		-5:                  "-5",
		0.1 + 0.2:           "0.3",
	} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestNotSpreadsheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.xlsx")
	os.WriteFile(path, []byte("姓名,身份证号\n"), 0o644)
	if _, err := Open(path); err == nil {
		t.Fatal("CSV bytes opened as a workbook")
	}
}

// FuzzOpen feeds arbitrary bytes (seeded with real workbooks) to both
// readers: an error is fine, a panic or a hang is not.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	p := filepath.Join(dir, "seed.xlsx")
	writeXLSXFile(f, p)
	b, _ := os.ReadFile(p)
	f.Add(b)
	var buf bytes.Buffer
	WriteXLS(&buf, []SheetData{{Name: "a", Rows: [][]any{{"姓名", 1.5}, {"x", 320682196012086606}}}})
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f")
		os.WriteFile(path, data, 0o644)
		x, err := Open(path)
		if err != nil {
			return
		}
		defer x.Close()
		for i := range x.Sheets() {
			x.Rows(i, func(int, []string) error { return nil })
		}
	})
}
