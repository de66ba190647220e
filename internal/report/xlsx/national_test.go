package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// specOpts say how a FormSpec is written into a workbook.
type specOpts struct {
	dr, dc      int  // offset: the form does not start at A1
	textNumbers bool // numbers stored as text
}

// writeSpec writes a form onto one sheet: numbers as numbers (or text),
// "86.2%" cells marked Percent as 0.862 in a %-formatted cell, merges.
func writeSpec(t testing.TB, f *excelize.File, sheet string, s *reporttest.FormSpec, o specOpts) {
	t.Helper()
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	for r, row := range s.Cells {
		for c, v := range row {
			if v == "" {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1+o.dc, r+1+o.dr)
			var val any = v
			if s.Percent[[2]int{r, c}] {
				n, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
				if err == nil {
					val = n / 100
					f.SetCellStyle(sheet, name, name, pctStyle)
				}
			} else if n, err := strconv.ParseFloat(v, 64); err == nil && !o.textNumbers {
				val = n
			}
			if err := f.SetCellValue(sheet, name, val); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range s.Merges {
		a, _ := excelize.CoordinatesToCellName(m.Left+1+o.dc, m.Top+1+o.dr)
		b, _ := excelize.CoordinatesToCellName(m.Right+1+o.dc, m.Bottom+1+o.dr)
		if err := f.MergeCell(sheet, a, b); err != nil {
			t.Fatal(err)
		}
	}
}

func specBook(t testing.TB, o specOpts, specs ...*reporttest.FormSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range specs {
		name := s.Name
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		writeSpec(t, f, name, s, o)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkPlanted checks a form's report: a clean form gives no error
// finding, a planted one every planted check.
func checkPlanted(t *testing.T, what string, r *eval.Report, planted []string) eval.Result {
	t.Helper()
	res := eval.Check(r, nil)
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[f.Rule] = true
		if len(planted) == 0 && f.Severity == eval.SevError {
			t.Errorf("%s: false error %s: %s", what, f.Rule, f.MessageZH)
		}
	}
	for _, p := range planted {
		if !got[p] {
			t.Errorf("%s: planted %s not found; findings %v", what, p, res.Findings)
		}
	}
	return res
}

func TestNationalXLSX(t *testing.T) {
	for _, o := range []specOpts{{}, {dr: 3, dc: 2}, {textNumbers: true}} {
		for _, planted := range []bool{false, true} {
			spec := reporttest.NationalForm(planted)
			b := specBook(t, o, spec)
			imp, err := readBytes(b, report.Options{})
			if err != nil {
				t.Fatalf("%+v planted=%v: %v", o, planted, err)
			}
			r := imp.Reports[0]
			if r.Project != "被征地农民基本生活保障资金" || r.Code != "51068223T000001234567" || r.Year != 2023 ||
				r.Department != "如皋市人力资源和社会保障局" || r.Implementer != "如皋市被征地农民基本生活保障资金管理中心" {
				t.Errorf("header: %q %q %d %q %q", r.Project, r.Code, r.Year, r.Department, r.Implementer)
			}
			if len(r.Sheet.Rows) != 5 || r.Sheet.Rows[0].Level3 != "保障金发放人数" || r.Sheet.Rows[2].Level1 != "产出指标" || r.Sheet.Rows[2].Level2 != "时效指标" ||
				r.Sheet.Rows[4].Level2 != "服务对象满意度指标" {
				t.Fatalf("rows: %+v", r.Sheet.Rows)
			}
			if r.Sheet.Rows[2].Reason != "个别账户异常，次月补发" {
				t.Errorf("reason %q", r.Sheet.Rows[2].Reason)
			}
			ex := r.Sheet.Execution
			if ex == nil || ex.Weight != eval.P(10) || !ex.HasRate || !ex.HasScore {
				t.Fatalf("execution %+v", ex)
			}
			if !planted && (ex.Rate.String() != "86.2" || r.Funds.Initial.Total.Fen.Wan() != "43.2" || r.Funds.Spent.BySource[eval.SourceLocal].Fen.Wan() != "37.24") {
				t.Errorf("funds %+v rate %s", r.Funds, ex.Rate)
			}
			if r.Goals.Expected == "" || !strings.Contains(r.Goals.Actual, "尾款") {
				t.Errorf("goals %+v", r.Goals)
			}
			res := checkPlanted(t, "national xlsx", r, spec.Planted)
			if !planted && (res.ComputedTotal.String() != "98.52" || res.WeightTotal != eval.P(100)) {
				t.Errorf("total %s weights %s", res.ComputedTotal, res.WeightTotal)
			}
		}
	}
}

func TestSichuanXLSX(t *testing.T) {
	for _, planted := range []bool{false, true} {
		spec := reporttest.SichuanForm(planted)
		imp, err := readBytes(specBook(t, specOpts{}, spec), report.Options{})
		if err != nil {
			t.Fatalf("planted=%v: %v", planted, err)
		}
		r := imp.Reports[0]
		if r.Project != "政法队伍建设经费" || r.Code != "51092324T000010263357" || r.Year != 2023 || r.Implementer != "青神县委政法委员会" {
			t.Errorf("header: %q %q %d %q", r.Project, r.Code, r.Year, r.Implementer)
		}
		if len(r.Sheet.Rows) != 5 || r.Sheet.Rows[1].Target.String() != "≥95%" || r.Sheet.Rows[1].Actual.String() != "93%" ||
			r.Sheet.Rows[0].Target.String() != "≥120件" || r.Sheet.Rows[1].Reason != "个别案件跨年度办理" {
			t.Fatalf("rows: %+v", r.Sheet.Rows)
		}
		ex := r.Sheet.Execution
		if ex == nil || ex.Weight != eval.P(10) || r.Funds.Budget.Total.Fen.Wan() != "251.89" || r.Funds.Initial.Total.Fen.Wan() != "238.93" {
			t.Fatalf("execution %+v funds %+v", ex, r.Funds)
		}
		if ex.Reason != "年末追加经费未及时拨付" {
			t.Errorf("funds reason %q: want the unit's reason, not the template's instruction", ex.Reason)
		}
		if r.Goals.Expected == "" || r.Narrative.Conclusion.Text == "" || r.Narrative.Problems.Text == "" || r.Narrative.Measures.Text == "" {
			t.Errorf("goals %+v narrative %+v", r.Goals, r.Narrative)
		}
		checkPlanted(t, "sichuan xlsx", r, spec.Planted)
	}
}

func TestSeveralFormsPerWorkbook(t *testing.T) {
	n, s := reporttest.NationalForm(false), reporttest.SichuanForm(false)
	n.Name, s.Name = "项目一", "项目二"
	notes := &reporttest.FormSpec{Name: "填表说明", Cells: [][]string{{"填表说明：金额单位为万元。"}}}
	imp, err := readBytes(specBook(t, specOpts{}, n, notes, s), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Reports) != 2 || imp.Reports[0].Project != "被征地农民基本生活保障资金" || imp.Reports[1].Project != "政法队伍建设经费" {
		t.Fatalf("reports: %d", len(imp.Reports))
	}
	if imp.Reports[1].Sheet.Execution == nil || imp.Reports[1].Funds.Budget.Total.Fen.Wan() != "251.89" {
		t.Errorf("second form's funds: %+v", imp.Reports[1].Funds)
	}
	said := false
	for _, n := range imp.Notes {
		if n.Pos.Sheet == "填表说明" && strings.Contains(n.Message, "没有自评表") {
			said = true
		}
	}
	if !said {
		t.Errorf("the sheet with no form is not named: %v", imp.Notes)
	}
	for i, r := range imp.Reports {
		checkPlanted(t, "workbook form "+strconv.Itoa(i), r, nil)
	}
}

// TestTargetDeclarationNamed: a 绩效目标申报表 (targets, no scores) is
// named as such, with its place, not misread.
func TestTargetDeclarationNamed(t *testing.T) {
	decl := &reporttest.FormSpec{Name: "申报表", Cells: [][]string{
		{"项目支出绩效目标申报表"},
		{"一级指标", "二级指标", "三级指标", "指标值"},
		{"产出指标", "数量指标", "发放人数", "≥2000人"},
	}}
	_, err := readBytes(specBook(t, specOpts{}, decl), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "绩效目标申报表") || !strings.Contains(err.Error(), "第 2 行") {
		t.Fatalf("want the declaration named with its row, got %v", err)
	}
	empty := &reporttest.FormSpec{Name: "封面", Cells: [][]string{{"2023年度项目支出绩效自评报告"}, {"如皋市被征地农民基本生活保障资金管理中心"}}}
	_, err = readBytes(specBook(t, specOpts{}, empty), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "封面 第 1 行") {
		t.Fatalf("want what was found and where, got %v", err)
	}
}

func TestEmptyTemplateNamed(t *testing.T) {
	spec := reporttest.NationalForm(false)
	for r, row := range spec.Cells {
		if r > 12 && r < len(spec.Cells)-2 {
			for c := 3; c < len(row); c++ {
				row[c] = ""
			}
			row[3] = "指标1："
		}
	}
	_, err := readBytes(specBook(t, specOpts{}, spec), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "空白模板") {
		t.Fatalf("want an empty template named, got %v", err)
	}
}

// TestNationalRoundTripXLSX: national and Sichuan forms read, written in
// the 附件1 layout and read again give the same report, and the written
// form still checks clean.
func TestNationalRoundTripXLSX(t *testing.T) {
	for _, spec := range []*reporttest.FormSpec{reporttest.NationalForm(false), reporttest.SichuanForm(false), reporttest.DepartmentForm(false), reporttest.TransferForm(false)} {
		imp, err := readBytes(specBook(t, specOpts{}, spec), report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r1 := imp.Reports[0]
		var out bytes.Buffer
		if err := Write(&out, r1, eval.Check(r1, nil)); err != nil {
			t.Fatal(err)
		}
		imp2, err := readBytes(out.Bytes(), report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d := reporttest.Diff(r1, imp2.Reports[0]); d != nil {
			t.Errorf("round trip:\n%s", strings.Join(d, "\n"))
		}
		checkPlanted(t, "written form", imp2.Reports[0], nil)
	}
}

// TestDepartmentAndTransferXLSX: the 部门整体 form (a second split of the
// funds by nature, a task table) and the unscored 转移支付 区域 form.
func TestDepartmentAndTransferXLSX(t *testing.T) {
	for _, form := range []func(bool) *reporttest.FormSpec{reporttest.DepartmentForm, reporttest.TransferForm} {
		for _, planted := range []bool{false, true} {
			spec := form(planted)
			imp, err := readBytes(specBook(t, specOpts{}, spec), report.Options{})
			if err != nil {
				t.Fatalf("%s planted=%v: %v", spec.Name, planted, err)
			}
			r := imp.Reports[0]
			if r.Year != 2023 || r.Unit == "" || r.Department == "" || len(r.Sheet.Rows) != 4 || r.Goals.Expected == "" || !r.Funds.Budget.Total.Set {
				t.Fatalf("%s: year %d unit %q dept %q rows %d goals %+v funds %+v", spec.Name, r.Year, r.Unit, r.Department, len(r.Sheet.Rows), r.Goals, r.Funds.Budget)
			}
			checkPlanted(t, spec.Name+" xlsx", r, spec.Planted)
		}
	}
}
