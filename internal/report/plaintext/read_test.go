package plaintext

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/testenv"
)

// openSeed reads the center's eight 2023 reports, shared beside the
// repository, or skips (testenv.Seed) when the file is absent.
func openSeed(t testing.TB) []*eval.Report {
	t.Helper()
	seedPath := testenv.Seed(t)
	f, err := os.Open(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reports, err := Read(filepath.Base(seedPath), f)
	if err != nil {
		t.Fatalf("reading the seed: %v", err)
	}
	return reports
}

func TestSeedGolden(t *testing.T) {
	reports := openSeed(t)
	want := []struct {
		project  string
		layout   eval.Layout
		declared string
		computed string
		errs     []string // rule:indicator of the error findings
	}{
		{"稽查费", eval.LayoutSituation, "99", "99", []string{"score.rule:追回率"}},
		{"居保失保综合平台升级改造费", eval.LayoutSituation, "99", "99", []string{"score.rule:推动居保政策的执行", "score.rule:百姓满意度"}},
		{"维稳应诉费", eval.LayoutSituation, "99", "98", []string{"narrative.total:", "total.sum:"}},
		{"企业土地保养工生活补助", eval.LayoutSituation, "99.8", "99.8", nil},
		{"印刷费用", eval.LayoutSituation, "99", "99", nil},
		{"居（失）保业务运转", eval.LayoutReport, "99.8", "99.8", nil},
		{"财政对城乡居民养老保险的补助", eval.LayoutReport, "99.3", "99.3", []string{"score.rule:预算执行率"}},
		{"财政对困难人员代缴", eval.LayoutReport, "99", "99", []string{"score.rule:百姓满意度"}},
	}
	if len(reports) != len(want) {
		t.Fatalf("got %d reports, want %d", len(reports), len(want))
	}
	for i, w := range want {
		r := reports[i]
		t.Run(w.project, func(t *testing.T) {
			if r.Project != w.project || r.Layout != w.layout || r.Year != 2023 || r.Unit != "如皋市被征地农民基本生活保障资金管理中心" {
				t.Errorf("header: %q %q %d %q", r.Project, r.Layout, r.Year, r.Unit)
			}
			if len(r.Sheet.Rows) != 19 {
				t.Errorf("%d indicators, want 19", len(r.Sheet.Rows))
			}
			if r.Sheet.Total == nil || !r.Sheet.Total.HasScore || r.Sheet.Total.Weight != eval.P(100) {
				t.Errorf("total row %+v", r.Sheet.Total)
			}
			for _, row := range r.Sheet.Rows {
				if row.Level1 == "" || row.Level2 == "" || row.Level3 == "" || row.Line == 0 || !row.HasScore {
					t.Errorf("incomplete row %+v", row)
				}
			}
			n := r.Narrative
			for name, p := range map[string]eval.Passage{"basis": n.Basis, "conclusion": n.Conclusion, "problems": n.Problems, "measures": n.Measures, "principles": n.Principles} {
				if p.Text == "" || p.Line == 0 {
					t.Errorf("section %s empty", name)
				}
			}
			if len(n.Other) != 0 {
				t.Errorf("unfiled prose: %+v", n.Other)
			}
			res := eval.Check(r, nil)
			if !res.HasDeclaredTotal || res.DeclaredTotal.String() != w.declared || res.ComputedTotal.String() != w.computed || res.DeclaredGrade != "优" {
				t.Errorf("declared %s (%v) computed %s grade %s", res.DeclaredTotal, res.HasDeclaredTotal, res.ComputedTotal, res.DeclaredGrade)
			}
			var errs []string
			for _, f := range res.Findings {
				if f.Severity == eval.SevError {
					errs = append(errs, f.Rule+":"+f.Indicator)
				}
			}
			if strings.Join(errs, ",") != strings.Join(w.errs, ",") {
				t.Errorf("errors %v, want %v", errs, w.errs)
			}
		})
	}
	// Layout details the general rules must get right.
	r7 := reports[6]
	if !strings.Contains(r7.Narrative.Implementation.Text, "本级补助资金预算51360.11 万元") {
		t.Errorf("page-broken sentence not joined: %q", r7.Narrative.Implementation.Text)
	}
	budget, _ := money.ParseWan("92344.11")
	spent, _ := money.ParseWan("90044.11")
	local, _ := money.ParseWan("51360.11")
	eval.Check(r7, nil) // fills the funds the narrative states
	if r7.Funds.Budget.Total.Fen != budget || r7.Funds.Spent.Total.Fen != spent || r7.Funds.Budget.BySource[eval.SourceLocal].Fen != local {
		t.Errorf("funds of report 7: %+v", r7.Funds)
	}
	if !strings.Contains(reports[5].Narrative.Principles.Text, "分值区间 80%") {
		t.Errorf("report 6 principles not joined: %q", reports[5].Narrative.Principles.Text)
	}
	if r4 := reports[3]; !strings.HasPrefix(r4.Narrative.Nature.Text, "本项目主要代发 50 人") || strings.Contains(r4.Narrative.Basis.Text, "代发") {
		t.Errorf("report 4: basis and nature not split: %q / %q", r4.Narrative.Basis.Text, r4.Narrative.Nature.Text)
	}
	if r := reports[0]; r.Start != cal.MonthOf(2023, 1) || r.End != cal.MonthOf(2023, 12) {
		t.Errorf("period %v–%v", r.Start, r.End)
	}
}

func read(t *testing.T, text string) ([]*eval.Report, ErrorList) {
	t.Helper()
	rs, err := Read("x.txt", strings.NewReader(text))
	if err == nil {
		return rs, nil
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, not ErrorList: %v", err, err)
	}
	if rs != nil {
		t.Fatal("reports returned with an error: import must be all-or-nothing")
	}
	return nil, list
}

const sheetHead = "2023 年项目支出绩效自我评价评分表\n\n填报单位：某中心 项目名称：某项目\n\n评价指标\t\t\t年初指标值\t实际完成值\t权重\t得分\t评分依据\n一级指标\t二级指标\t三级指标\t\t\t\t\t\n"

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		mention    string
	}{
		{"empty", "", 1, "为空"},
		{"blank", "\n \n\t\n", 1, "为空"},
		{"binary", "2023 年项目支出绩效自我评价评分表\n\x00\x01\x02garbage\n", 2, "不是文本"},
		{"no title", "随便一段文字\n", 1, "标题之前"},
		{"weight as text", sheetHead + "产出指标\t数量指标\t追回率\t100%\t100%\t十\t10\t\n总计\t\t\t\t\t100\t10\t\n", 7, "权重"},
		{"score as text", sheetHead + "产出指标\t数量指标\t追回率\t100%\t100%\t10\t满分\t\n", 7, "得分"},
		{"too few columns", sheetHead + "产出指标\t数量指标\t追回率\t100%\n", 7, "列"},
		{"no level-1 to repeat", sheetHead + "\t数量指标\t追回率\t100%\t100%\t10\t10\t\n", 7, "一级指标"},
		{"empty indicator", sheetHead + "产出指标\t数量指标\t\t100%\t100%\t10\t10\t\n", 7, "三级指标"},
		{"untabbed line in sheet", sheetHead + "产出指标 数量指标 追回率 100% 100% 10 10\n", 7, "制表符"},
		{"after total", sheetHead + "产出指标\t数量指标\t追回率\t100%\t100%\t100\t100\t\n总计\t\t\t\t\t100\t100\t\n多余的一行\n", 9, "总计"},
		{"sheet without rows", sheetHead + "总计\t\t\t\t\t100\t100\t\n", 1, "没有任何指标行"},
		{"bad period", "2023 年项目支出绩效自我评价情况表\n项目实施年度：2023 项目实施开始时间（年/月）：2023/13 项目实施完成时间（年/月）：2023/12\n", 2, "年/月"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := read(t, tc.text)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			e := errs[0]
			if e.File != "x.txt" || e.Line != tc.line || !strings.Contains(e.Error(), tc.mention) {
				t.Errorf("error %q (line %d), want line %d mentioning %q", e.Error(), e.Line, tc.line, tc.mention)
			}
		})
	}
}

func TestSheetOnlyAndRepeatedCells(t *testing.T) {
	rs, errs := read(t, sheetHead+
		"产出指标（20分）\t数量指标\t追回率\t100%\t100%\t10\t10\t\n"+
		"\t\t足额追回率\t是\t是\t5\t5\t\n"+
		"\t质量指标\t差错率\t0%\t1%\t5\t0\t有差错\n"+
		"总计\t\t\t\t\t20\t15\t\n")
	if errs != nil {
		t.Fatal(errs)
	}
	r := rs[0]
	if r.Project != "某项目" || r.Unit != "某中心" || r.Year != 2023 || len(r.Sheet.Rows) != 3 {
		t.Fatalf("%+v", r)
	}
	if r2 := r.Sheet.Rows[1]; r2.Level1 != "产出指标" || r2.Level2 != "数量指标" {
		t.Errorf("repeated cells not filled: %+v", r2)
	}
	if r3 := r.Sheet.Rows[2]; r3.Level2 != "质量指标" || r3.Basis != "有差错" {
		t.Errorf("row 3: %+v", r3)
	}
	if len(r.Sheet.Shares) != 1 || r.Sheet.Shares[0].Weight != eval.P(20) {
		t.Errorf("declared share: %+v", r.Sheet.Shares)
	}
}

func TestDirectionColumnAndMismatchNote(t *testing.T) {
	text := "2023 年项目支出绩效自我评价情况表\n\n填报单位：某中心\n\n项目名称：甲项目\n\n" +
		"2023 年项目支出绩效自我评价评分表\n\n填报单位：某中心 项目名称：乙项目\n\n" +
		"评价指标\t\t\t年初指标值\t实际完成值\t权重\t得分\t指标方向\t评分依据\n" +
		"产出指标\t数量指标\t办理时长\t5天\t4天\t100\t100\t反向\t\n总计\t\t\t\t\t100\t100\t\t\n"
	rs, errs := read(t, text)
	if errs != nil {
		t.Fatal(errs)
	}
	row := rs[0].Sheet.Rows[0]
	if !row.DirectionSet || row.Direction != eval.DirNegative {
		t.Errorf("direction column not read: %+v", row)
	}
	if len(rs[0].Notes) != 1 || rs[0].Notes[0].Rule != "import.mismatch" || !strings.Contains(rs[0].Notes[0].MessageZH, "乙项目") {
		t.Errorf("notes %+v", rs[0].Notes)
	}
	res := eval.Check(rs[0], nil)
	found := false
	for _, f := range res.Findings {
		found = found || f.Rule == "import.mismatch"
	}
	if !found {
		t.Error("import note not passed on by Check")
	}
	_, errs = read(t, strings.Replace(text, "反向", "向上", 1))
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "指标方向") {
		t.Errorf("bad direction accepted: %v", errs)
	}
}

func TestGB18030(t *testing.T) {
	f, err := os.ReadFile(testenv.Seed(t))
	if err != nil {
		t.Fatal(err)
	}
	gb, err := encodeGB(string(f))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Read("gbk.txt", strings.NewReader(gb))
	if err != nil || len(rs) != 8 || rs[0].Project != "稽查费" {
		t.Fatalf("GB18030 file: %d reports, %v", len(rs), err)
	}
}

func TestTooLarge(t *testing.T) {
	_, err := Read("big.txt", &repeatReader{n: MaxSize + 10})
	if err == nil || !strings.Contains(err.Error(), "MB") {
		t.Fatalf("oversized file: %v", err)
	}
}

type repeatReader struct{ n int }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errEOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	r.n -= k
	return k, nil
}

func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), testenv.SeedPath)); err == nil {
		f.Add(string(data[:min(len(data), 6000)]))
	}
	f.Add(sheetHead + "产出指标\t数量指标\t追回率\t100%\t100%\t10\t10\t\n总计\t\t\t\t\t10\t10\t\n")
	f.Add("居（失）保业务运转项目支出绩效评价报告\n一、项目情况\n项目概况。项目设立依据：某文件。\n四、存在问题。\n无\n")
	f.Add("2023 年项目支出绩效自我评价情况表\n项目实施年度：2023 项目实施开始时间（年/月）：2023/01 项目实施完成时间（年/月）：2023/12\n")
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := Read("fuzz.txt", strings.NewReader(s))
		if (err == nil) == (rs == nil) {
			t.Fatalf("reports %v with error %v", rs, err)
		}
		for _, r := range rs {
			eval.Check(r, nil)
		}
	})
}

func TestNegativeNumbersAreChecked(t *testing.T) {
	rs, errs := read(t, sheetHead+
		"产出指标\t数量指标\t追回率\t100%\t100%\t-10\t-10\t\n"+
		"\t\t发放率\t100%\t100%\t110\t110\t\n总计\t\t\t\t\t100\t100\t\n")
	if errs != nil {
		t.Fatal(errs)
	}
	res := eval.Check(rs[0], nil)
	var got []string
	for _, f := range res.Findings {
		if f.Severity == eval.SevError {
			got = append(got, f.Rule)
			if f.Line == 0 {
				t.Errorf("%s has no line", f.Rule)
			}
		}
	}
	if strings.Join(got, ",") != "weights.invalid,score.range" {
		t.Errorf("errors %v", got)
	}
}

// TestFiftyMegabytesOfNonsense reads a large file that holds no report:
// a prompt, bounded error list, no panic.
func TestFiftyMegabytesOfNonsense(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	big := strings.Repeat("这不是一份报告，只是一行文字。\n", 50<<20/46)
	_, errs := read(t, big)
	if len(errs) == 0 || len(errs) > 200 || errs[0].Line != 1 {
		t.Fatalf("%d errors, first %v", len(errs), errs[0])
	}
}
