package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// book builds a workbook from sheets of rows; cells that are float64 are
// numbers, strings are text. merges are "A1:B2" ranges per sheet.
type sheetSpec struct {
	name   string
	rows   [][]any
	merges []string
	setup  func(f *excelize.File, sheet string)
}

func book(t *testing.T, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else {
			f.NewSheet(s.name)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(s.name, name, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, a, b); err != nil {
				t.Fatal(err)
			}
		}
		if s.setup != nil {
			s.setup(f, s.name)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readBytes(b []byte, opt report.Options) (*report.Import, error) {
	return Read("in.xlsx", bytes.NewReader(b), int64(len(b)), opt)
}

// financeTemplate is the 附件1 layout: title lines, funds block with
// 年初预算数/全年预算数/全年执行数/执行率, separate 指标性质/指标值/度量单位
// columns, repeated 一级/二级 names, 偏差原因分析及改进措施.
func financeTemplate() sheetSpec {
	return sheetSpec{name: "自评表", rows: [][]any{
		{"项目支出绩效自评表"},
		{"（2023年度）"},
		{"项目名称：稽查费", nil, nil, "实施单位：", "如皋市被征地农民基本生活保障资金管理中心"},
		{"资金来源", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"},
		{"年度资金总额", 5.0, 5.0, 4.9, 10.0, "98%", 9.8},
		{"其中：当年财政拨款", 5.0, 5.0, 4.9, nil, nil, nil},
		{"上年结转资金", nil, nil, nil},
		{"其他资金", "", "", ""},
		{},
		{"一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值", "实际完成值", "得分", "偏差原因分析及改进措施"},
		{"产出指标", "数量指标", "稽查人次", "≥", 50.0, "人次", 30.0, 52.0, 30.0, ""},
		{"产出指标", "质量指标", "追回率", "=", 100.0, "%", 20.0, 96.0, 19.2, "个别人员失联"},
		{"效益指标", "社会效益指标", "警示教育作用", "定性", "有效", "", 30.0, "有效", 30.0, ""},
		{"满意度指标", "满意度指标", "百姓满意度", "≥", 95.0, "%", 20.0, 98.0, 20.0, ""},
		{"总分", nil, nil, nil, nil, nil, 100.0, nil, 99.2, ""},
		{"填表人：张三", nil, "联系电话：123"},
	}}
}

func TestFinanceTemplate(t *testing.T) {
	imp, err := readBytes(book(t, financeTemplate()), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := imp.Reports[0]
	if r.Project != "稽查费" || r.Unit != "如皋市被征地农民基本生活保障资金管理中心" || r.Year != 2023 {
		t.Errorf("header: %q %q %d", r.Project, r.Unit, r.Year)
	}
	if len(r.Sheet.Rows) != 4 {
		t.Fatalf("rows = %d", len(r.Sheet.Rows))
	}
	want := []struct{ target, actual, basis string }{
		{"≥50人次", "52人次", ""}, {"=100%", "96%", "个别人员失联"}, {"有效", "有效", ""}, {"≥95%", "98%", ""},
	}
	for i, w := range want {
		row := r.Sheet.Rows[i]
		if row.Target.String() != w.target || row.Actual.String() != w.actual || row.Basis != w.basis {
			t.Errorf("row %d: target %q actual %q basis %q, want %+v", i, row.Target, row.Actual, row.Basis, w)
		}
	}
	if r.Sheet.Rows[1].Score != eval.Points(192000) || r.Sheet.Total == nil || r.Sheet.Total.Score != eval.Points(992000) {
		t.Errorf("scores: %v total %+v", r.Sheet.Rows[1].Score, r.Sheet.Total)
	}
	if !r.Funds.Budget.Total.Set || r.Funds.Budget.Total.Fen.Wan() != "5" || r.Funds.Spent.Total.Fen.Wan() != "4.9" {
		t.Errorf("funds: %+v", r.Funds)
	}
	if r.Funds.Spent.BySource[eval.SourceLocal].Fen.Wan() != "4.9" {
		t.Errorf("本级 spent: %+v", r.Funds.Spent.BySource)
	}
	// 年初预算数 and the funds row's 分值/执行率/得分 are kept (issue 13).
	if r.Funds.Initial.Total.Fen.Wan() != "5" || r.Sheet.Execution == nil || r.Sheet.Execution.Score.String() != "9.8" || r.Sheet.Execution.Rate.String() != "98" {
		t.Errorf("年初预算数 %+v execution %+v", r.Funds.Initial, r.Sheet.Execution)
	}
}

// mergedSheet is the seed layout with merged 一级/二级 cells, one combined
// target cell, a title line, 未完成原因分析 and a percent-formatted number.
func mergedSheet() sheetSpec {
	return sheetSpec{name: "评分表", rows: [][]any{
		{"2023 年项目支出绩效自我评价评分表"},
		{"填报单位：如皋市被征地农民基本生活保障资金管理中心 项目名称：印刷费用"},
		{"评价指标", nil, nil, "年初指标值", "实际完成值", "权重", "得分", "评分依据", "未完成原因分析"},
		{"一级指标", "二级指标", "三级指标"},
		{"决策指标", "项目立项", "立项依据充分性", "充分", "充分", 10.0, 10.0},
		{nil, nil, "立项程序规范性", "规范", "规范", 10.0, 9.0, "程序略有瑕疵", "材料补交"},
		{nil, "绩效目标", "绩效目标合理性", "合理", "合理", 20.0, 20.0},
		{"产出指标", "数量指标", "印刷份数", "≥5000份", "5200份", 30.0, 30.0},
		{nil, "质量指标", "合格率", 0.95, 0.97, 30.0, 30.0},
		{"总计", nil, nil, nil, nil, 100.0, 99.0},
	}, merges: []string{"A1:I1", "A2:I2", "A3:C3", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:H4", "I3:I4", "A5:A7", "B5:B6", "A8:A9", "A10:C10"},
		setup: func(f *excelize.File, s string) {
			st, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
			f.SetCellStyle(s, "D9", "E9", st)
			f.SetCellFormula(s, "F10", "SUM(F5:F9)")
		}}
}

func TestMergedVariant(t *testing.T) {
	imp, err := readBytes(book(t, mergedSheet()), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := imp.Reports[0]
	if r.Project != "印刷费用" || r.Year != 2023 {
		t.Errorf("header %q %d", r.Project, r.Year)
	}
	if len(r.Sheet.Rows) != 5 {
		t.Fatalf("rows = %d", len(r.Sheet.Rows))
	}
	got := []string{}
	for _, row := range r.Sheet.Rows {
		got = append(got, row.Level1+"/"+row.Level2+"/"+row.Level3)
	}
	want := "决策指标/项目立项/立项依据充分性 决策指标/项目立项/立项程序规范性 决策指标/绩效目标/绩效目标合理性 产出指标/数量指标/印刷份数 产出指标/质量指标/合格率"
	if strings.Join(got, " ") != want {
		t.Errorf("levels:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if b := r.Sheet.Rows[1].Basis; b != "程序略有瑕疵；材料补交" {
		t.Errorf("basis %q", b)
	}
	if tg := r.Sheet.Rows[4].Target; tg.Kind != eval.KindNumber || tg.Unit != "%" || tg.Num.String() != "95" {
		t.Errorf("percent-formatted target read as %q (%v)", tg.Raw, tg.Kind)
	}
}

func TestBadSheets(t *testing.T) {
	base := mergedSheet()
	mod := func(f func(s *sheetSpec)) sheetSpec {
		s := base
		s.rows = make([][]any, len(base.rows))
		for i := range base.rows {
			s.rows[i] = append([]any(nil), base.rows[i]...)
		}
		s.merges = append([]string(nil), base.merges...)
		f(&s)
		return s
	}
	cases := []struct {
		name  string
		sheet sheetSpec
		want  []string // all must appear in the error
	}{
		{"text in weight", mod(func(s *sheetSpec) { s.rows[4][5] = "十分" }), []string{"工作表 评分表", "第 5 行", "F 列 (权重)", "不是数字"}},
		{"text in score", mod(func(s *sheetSpec) { s.rows[7][6] = "满分" }), []string{"第 8 行", "G 列 (得分)", "满分"}},
		{"empty weight", mod(func(s *sheetSpec) { s.rows[7][5] = nil }), []string{"第 8 行", "权重为空"}},
		{"no level-3 name", mod(func(s *sheetSpec) { s.rows[6][2] = nil }), []string{"第 7 行", "三级指标为空"}},
		{"merged across target and actual", mod(func(s *sheetSpec) { s.merges = append(s.merges, "D8:E8") }), []string{"第 8 行", "横跨 D–E 列"}},
		{"weight merged over rows", mod(func(s *sheetSpec) { s.merges = append(s.merges, "F8:F9") }), []string{"第 8 行", "权重为跨 2 行的合并单元格"}},
		{"header merged into data", mod(func(s *sheetSpec) { s.merges = append(s.merges, "H4:H6") }), []string{"表头延伸到数据行"}},
		{"bad direction", mod(func(s *sheetSpec) {
			s.rows[2] = append(s.rows[2], "指标方向")
			s.rows[4] = append(s.rows[4], nil, nil, "越多越好")
		}), []string{"越多越好", "指标方向"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readBytes(book(t, c.sheet), report.Options{})
			if err == nil {
				t.Fatal("import succeeded; want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.Contains(err.Error(), "in.xlsx") {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

func TestFormulaWithoutValue(t *testing.T) {
	s := mergedSheet()
	s.rows[5][6] = nil
	s.setup = func(f *excelize.File, sh string) { f.SetCellFormula(sh, "G6", "F6-1") }
	_, err := readBytes(book(t, s), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "公式") || !strings.Contains(err.Error(), "G 列") {
		t.Fatalf("want a formula error at G6, got %v", err)
	}
	// A formula with a cached value (as Excel saves it) is read by its value.
	s.setup = func(f *excelize.File, sh string) {
		f.SetCellValue(sh, "G6", 9)
		f.SetCellFormula(sh, "G6", "F6-1")
	}
	imp, err := readBytes(book(t, s), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := imp.Reports[0].Sheet.Rows[1].Score; got != eval.P(9) {
		t.Errorf("score from cached formula value = %v", got)
	}
}

func TestTwoCandidateSheets(t *testing.T) {
	a, b := mergedSheet(), mergedSheet()
	b.name = "评分表(2)"
	data := book(t, a, b)
	_, err := readBytes(data, report.Options{})
	var amb *report.AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || amb.Candidates[1] != "评分表(2)" {
		t.Fatalf("want AmbiguousError with both sheets, got %v", err)
	}
	imp, err := readBytes(data, report.Options{Sheet: "评分表(2)"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Reports[0].Sheet.Rows) != 5 || len(imp.Notes) == 0 {
		t.Errorf("chosen sheet: %d rows, notes %v", len(imp.Reports[0].Sheet.Rows), imp.Notes)
	}
	if _, err := readBytes(data, report.Options{Sheet: "没有"}); err == nil {
		t.Error("unknown sheet accepted")
	}
}

func TestNoScoreSheet(t *testing.T) {
	_, err := readBytes(book(t, sheetSpec{name: "Sheet1", rows: [][]any{{"姓名", "身份证号"}, {"张三", "1"}}}), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "三级指标") {
		t.Fatalf("got %v", err)
	}
}

// zipOf builds a zip with raw control over declared sizes.
func zipOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestHostileContainers(t *testing.T) {
	good := book(t, mergedSheet())
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	// Declares 8 GiB uncompressed for a few bytes of data.
	fh := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store, CRC32: 0, CompressedSize64: 3, UncompressedSize64: 8 << 30}
	w, _ := zw.CreateRaw(fh)
	w.Write([]byte("abc"))
	zw.Close()

	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "zip"},
		{"garbage", []byte("this is not a workbook at all"), "zip"},
		{"truncated", good[:len(good)/2], "zip"},
		{"zip bomb by declaration", bomb.Bytes(), "zip 炸弹"},
		{"zip without workbook", zipOf(t, map[string]string{"a.txt": "x"}), "无法打开工作簿"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readBytes(c.data, report.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want error containing %q, got %v", c.want, err)
			}
		})
	}
	if _, err := readBytes(good, report.Options{Limits: report.Limits{MaxUpload: 100}}); !errors.Is(err, report.ErrTooLarge) && (err == nil || !strings.Contains(err.Error(), "超过上限")) {
		t.Errorf("upload limit: %v", err)
	}
}

// millionRows builds a minimal workbook whose sheet has n rows, by hand:
// generating it with excelize would take seconds.
func millionRows(t testing.TB, n int) []byte {
	var sheet bytes.Buffer
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return zipOf(t.(*testing.T), map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheet.String(),
	})
}

func TestMillionRows(t *testing.T) {
	data := millionRows(t, 1_000_000)
	t.Logf("1,000,000-row workbook: %d bytes compressed", len(data))
	_, err := readBytes(data, report.Options{})
	if err == nil || !(strings.Contains(err.Error(), "超过") && (strings.Contains(err.Error(), "行") || strings.Contains(err.Error(), "解压"))) {
		t.Fatalf("want a row or size limit error, got %v", err)
	}
	// With room for the XML, the row limit stops the read.
	_, err = readBytes(data, report.Options{Limits: report.Limits{MaxUnzipped: 200 << 20}})
	if err == nil || !strings.Contains(err.Error(), "超过 20000 行") {
		t.Fatalf("want the row limit, got %v", err)
	}
}
