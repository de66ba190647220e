package export

import (
	"bytes"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/importer"
	"jixiao/internal/report/pdf"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/testenv"
)

// nationalSample is the hand-made report in the 附件1 layout: every field
// the layout holds is set (it has no 到位数 and no 实施起止月份).
func nationalSample(t *testing.T) *eval.Report {
	r := reporttest.Sample()
	r.Layout = eval.LayoutNational
	r.Start, r.End = 0, 0
	r.Funds.Received = eval.Split{}
	r.Funds.Initial = r.Funds.Budget
	r.Code, r.Department, r.Implementer = "32068223T000000000012", "如皋市财政局", r.Unit
	r.Goals = eval.AnnualGoal{Expected: "按时足额发放养老金。", Actual: "全年按时足额发放。"}
	for i := range r.Sheet.Rows {
		r.Sheet.Rows[i].Reason = r.Sheet.Rows[i].Basis
		r.Sheet.Rows[i].DirectionSet = false // the form has no 指标方向 column
		r.Sheet.Rows[i].Direction = 0
	}
	bp, _ := r.Funds.ExecutionRate(false)
	r.Sheet.Execution = &eval.ExecutionRow{Weight: eval.P(10), HasWeight: true, Rate: eval.Number{Coef: bp, Scale: 2}, HasRate: true,
		Score: eval.P(9), HasScore: true, Reason: "年底部分款项因结算延后未支付"}
	return r
}

// TestNationalEveryFormat writes the 附件1 layout in every format: the
// .docx and .xlsx read back to the same report, the HTML has the
// template's merged cells, the PDF's text holds the form.
func TestNationalEveryFormat(t *testing.T) {
	r := nationalSample(t)
	res := eval.Check(r, nil)
	for _, f := range []Format{DOCX, XLSX} {
		var buf bytes.Buffer
		if err := Write(f, &buf, r, res); err != nil {
			t.Fatal(f, err)
		}
		imp, err := importer.Read("x."+string(f), bytes.NewReader(buf.Bytes()), int64(buf.Len()), report.Options{})
		if err != nil {
			t.Fatal(f, err)
		}
		if d := reporttest.Diff(r, imp.Reports[0]); d != nil {
			t.Errorf("%s round trip:\n%s", f, strings.Join(d, "\n"))
		}
	}
	var h bytes.Buffer
	if err := Write(HTML, &h, r, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"项目支出绩效自评表", `rowspan="6"`, "项目资金（万元）", "单位负责人：", "92,344.11", "偏差原因分析及改进措施", "总分", "系统核算"} {
		if !strings.Contains(h.String(), want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if err := pdf.Available(); err != nil {
		testenv.Need(t, "a Chinese TrueType font", err)
		return
	}
	var p bytes.Buffer
	if err := Write(PDF, &p, r, res); err != nil {
		t.Fatal(err)
	}
	bin := testenv.Tool(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(p.Bytes())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"项目支出绩效自评表", "年度资金总额", "预期目标", "实际完成情况", "一级指标", "总分", "如皋市财政局", "单位负责人：", "填报人：", "（盖章）"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdf text lacks %q", want)
		}
	}
}

// TestNationalSampleHoldsEveryField: the round trip above is only as good
// as its sample — every field of the report, its 评分表 and its funds row
// is set, except those the 附件1 layout has no place for (实施起止月份,
// 到位数) and where the report came from.
func TestNationalSampleHoldsEveryField(t *testing.T) {
	r := nationalSample(t)
	// Sign (the signature block) is written from the unit's settings and
	// not read back.
	none := map[string]bool{"Source": true, "Line": true, "Notes": true, "Start": true, "End": true, "Sign": true,
		"Sheet.Unscored": true, "Funds.Received": true, "Execution.Line": true, "Goals.Line": true,
		"Funds.PrintedRate": true, "Funds.HasPrintedRate": true} // the 执行率 printed is Execution.Rate on this form
	check := func(prefix string, v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			name := prefix + v.Type().Field(i).Name
			if !none[name] && v.Field(i).IsZero() {
				t.Errorf("the sample leaves %s empty: its round trip is not tested", name)
			}
		}
	}
	check("", reflect.ValueOf(*r))
	check("Sheet.", reflect.ValueOf(r.Sheet))
	check("Funds.", reflect.ValueOf(r.Funds))
	check("Execution.", reflect.ValueOf(*r.Sheet.Execution))
	check("Goals.", reflect.ValueOf(r.Goals))
}
