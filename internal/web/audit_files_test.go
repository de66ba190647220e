package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/cnid"
	"jixiao/internal/xlsfile"
)

// TestAuditUploadShapes: a death list as 公安 sends it — .xls with a title
// and footers, or .xlsx with the IDs in numeric cells — runs from the web
// as from the command line; the run page says where the header was, how
// the rows add up, and warns about damaged IDs.
func TestAuditUploadShapes(t *testing.T) {
	e := newEnv(t, "sqlite")
	fs, _ := auditFiles(t, 400)
	f, err := os.Open(fs.Deaths)
	if err != nil {
		t.Fatal(err)
	}
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1
	grid, err := rd.ReadAll()
	f.Close()
	if err != nil || len(grid) < 20 {
		t.Fatalf("deaths: %d rows %v", len(grid), err)
	}
	dir := t.TempDir()
	body := len(grid) - 1

	// .xls: a title, a blank row, the header, the list, two footers
	var rows [][]any
	rows = append(rows, []any{"2024年6月死亡人员信息（公安户籍注销）"}, nil)
	for _, r := range grid {
		var row []any
		for _, c := range r {
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	rows = append(rows, []any{"合计", strconv.Itoa(body)}, []any{"制表人：张三"})
	var b bytes.Buffer
	if err := xlsfile.WriteXLS(&b, []xlsfile.SheetData{{Name: "死亡名单", Rows: rows}}); err != nil {
		t.Fatal(err)
	}
	xls := filepath.Join(dir, "公安死亡.xls")
	os.WriteFile(xls, b.Bytes(), 0o644)
	id := newRun(t, e, map[string][]string{"roll": {fs.Roll}, "deaths": {xls}})
	page := e.login("jihe").get(fmt.Sprintf("/audit/runs/%d", id))
	page.want(t, "run from .xls", 200, "公安死亡.xls", "工作表“死亡名单”第3行", `id="run-files"`,
		fmt.Sprintf(`<td class="num">%d</td><td class="num">%d</td><td class="num">0</td>`, body+4, body))

	// .xlsx with the IDs typed into numeric cells
	x := excelize.NewFile()
	for i, r := range grid {
		for j, c := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if i > 0 && j == 0 && len(c) == 18 && !strings.ContainsAny(c, "Xx") {
				v, _ := strconv.ParseFloat(c, 64)
				v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
				x.SetCellValue("Sheet1", cell, v)
				continue
			}
			x.SetCellValue("Sheet1", cell, c)
		}
	}
	num := filepath.Join(dir, "数字身份证.xlsx")
	if err := x.SaveAs(num); err != nil {
		t.Fatal(err)
	}
	aud := e.login("jihe")
	res := aud.auditUpload("/audit/runs", map[string]string{"as_of": "2024-06"}, map[string][]string{"roll": {fs.Roll}, "deaths": {num}})
	res.want(t, "damaged list stopped", 422, "数字身份证.xlsx", "文本", "仍继续")
	if strings.Contains(res.body, os.TempDir()) {
		t.Error("the error shows a temporary path")
	}
	res = aud.auditUpload("/audit/runs", map[string]string{"as_of": "2024-06", "accept_damaged": "1"}, map[string][]string{"roll": {fs.Roll}, "deaths": {num}})
	m := runLoc.FindStringSubmatch(res.location)
	if m == nil {
		t.Fatalf("accepted damaged list: %d %.300s", res.code, res.body)
	}
	aud.get(res.location).want(t, "damaged run page", 200, "damaged-warning", "身份证号已损坏", "数字身份证.xlsx",
		"身份证号损坏（按可确定部分和姓名）")

	// hardship-group coverage: a 低保 member on no roll is listed under their town
	body17 := "32068219500101123"
	c, _ := cnid.CheckChar(body17)
	hs := filepath.Join(dir, "低保名单.csv")
	os.WriteFile(hs, []byte("2024年6月低保人员名单\n身份证号,姓名,镇（街道）,困难类别\n"+body17+string(c)+",钱低保,白蒲镇,低保\n"), 0o644)
	id = newRun(t, e, map[string][]string{"roll": {fs.Roll}, "deaths": {fs.Deaths}, "hardship": {hs}})
	aud.get(fmt.Sprintf("/audit/runs/%d", id)).want(t, "coverage on the run page", 200, `id="coverage"`, "白蒲镇", "钱低保", "未参保", "低保名单.csv")
	// the one member checked is not enrolled: 代缴对象参保率 0 of 1 beside the 2024 代缴 project
	e.login("tianbao").get(fmt.Sprintf("/projects/%d/evaluate", e.id("财政对困难人员代缴", 2024))).want(t, "coverage beside the indicator", 200,
		"按困难群体参保覆盖计算", "<b>0.00%</b> (0/1)", fmt.Sprintf("/audit/runs/%d", id))
}
