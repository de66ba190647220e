package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/testenv"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExamplesText(t *testing.T) {
	code, out, _ := runCLI("check", "../../examples/rugao-2023.txt")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the examples hold error-level findings)", code)
	}
	for _, want := range []string{"稽查费", "维稳应诉费", "自评得分 99", "评分表合计 98", "total.sum", "共 8 份报告"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	code, out, _ = runCLI("check", "--lang", "en", "../../examples/inconsistent-2024.txt")
	if code != 1 || !strings.Contains(out, "funds.parts") || !strings.Contains(out, "declared total 96") {
		t.Errorf("english output (exit %d):\n%s", code, out)
	}
}

// TestCheckJSON checks the documented JSON shape on the seed file.
func TestCheckJSON(t *testing.T) {
	code, out, stderr := runCLI("check", "--format", "json", testenv.Seed(t))
	if code != 1 {
		t.Fatalf("exit %d (%s)", code, stderr)
	}
	var doc struct {
		Reports []struct {
			Unit          string   `json:"unit"`
			Project       string   `json:"project"`
			Year          int      `json:"year"`
			DeclaredTotal *float64 `json:"declared_total"`
			ComputedTotal float64  `json:"computed_total"`
			Grade         string   `json:"grade"`
			Findings      []struct {
				Rule, Severity, Indicator, MessageZH, MessageEN string
			} `json:"findings"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Reports) != 8 {
		t.Fatalf("%d reports", len(doc.Reports))
	}
	r := doc.Reports[2]
	if r.Project != "维稳应诉费" || r.Year != 2023 || r.DeclaredTotal == nil || *r.DeclaredTotal != 99 || r.ComputedTotal != 98 || r.Grade != "优" {
		t.Errorf("report 3: %+v", r)
	}
	var raw map[string][]map[string]any
	json.Unmarshal([]byte(out), &raw)
	f := raw["reports"][0]["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"rule", "severity", "indicator", "message_zh", "message_en"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks key %q", k)
		}
	}
	rows := raw["reports"][6]["rows"].([]any)
	if len(rows) != 19 {
		t.Fatalf("%d rows", len(rows))
	}
	exec := rows[7].(map[string]any)
	if exec["level3"] != "预算执行率" || exec["rule_score"] != 2.93 || exec["score"] != 2.5 || exec["direction"] != "正向" {
		t.Errorf("预算执行率 row: %v", exec)
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.txt")
	os.WriteFile(clean, []byte("2023 年项目支出绩效自我评价评分表\n填报单位：某中心 项目名称：某项目\n"+
		"评价指标\t\t\t年初指标值\t实际完成值\t权重\t得分\t评分依据\n"+
		"产出指标\t数量指标\t发放率\t100%\t100%\t100\t100\t\n总计\t\t\t\t\t100\t100\t\n"), 0o644)
	if code, out, errs := runCLI("check", clean); code != 0 {
		t.Errorf("clean file: exit %d\n%s%s", code, out, errs)
	}
	garbage := filepath.Join(dir, "garbage.bin")
	os.WriteFile(garbage, []byte{0, 1, 2, 3, 0xff, 0xfe}, 0o644)
	code, _, errs := runCLI("check", garbage)
	if code != 2 || !strings.Contains(errs, "garbage.bin:1") {
		t.Errorf("garbage: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runCLI("check", filepath.Join(dir, "missing.txt")); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
	if code, _, _ := runCLI("check", "--format", "xml", clean); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
	if code, _, errs := runCLI("check", "--rules", filepath.Join(dir, "none.rules"), clean); code != 2 || !strings.Contains(errs, "none.rules") {
		t.Errorf("missing rules: exit %d %q", code, errs)
	}
	rules := filepath.Join(dir, "bad.rules")
	os.WriteFile(rules, []byte("precision = 0.01\nreverse = sideways\n"), 0o644)
	if code, _, errs := runCLI("check", "--rules", rules, clean); code != 2 || !strings.Contains(errs, "bad.rules:2") {
		t.Errorf("bad rules: exit %d %q", code, errs)
	}
	if code, _, _ := runCLI("check", "--rules", "../../examples/rules/fasp2-strict.rules", clean); code != 0 {
		t.Errorf("example rules: exit %d", code)
	}
}

func TestScoreExplains(t *testing.T) {
	code, out, _ := runCLI("score", "../../examples/rugao-2023.txt")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"3 × 97.51% ÷ 100% = 2.93", "业务数据差错率", "反向*", "[8, 10]"} {
		if !strings.Contains(out, want) {
			t.Errorf("score output lacks %q", want)
		}
	}
}

// TestCheckReadsOfficeForms checks an .xlsx form the same as its text.
func TestCheckReadsOfficeForms(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.xlsx")
	if code, _, errs := runCLI("export", "--format", "xlsx", "--out", out, "../../examples/inconsistent-2024.txt"); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	_, text, _ := runCLI("check", "--format", "json", "../../examples/inconsistent-2024.txt")
	code, xl, errs := runCLI("check", "--format", "json", out)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	count := func(s string) int { return strings.Count(s, `"severity": "error"`) }
	if count(xl) != count(text) || count(xl) == 0 {
		t.Errorf("xlsx gives %d errors, text %d", count(xl), count(text))
	}
}

// TestCheckTotalFromScoreRow: a form whose self-score is stated only in
// its 总分 row (no 自评得分 in the prose) reports that total, in the text
// and in the JSON; a 总计 row alone still states none.
func TestCheckTotalFromScoreRow(t *testing.T) {
	dir := t.TempDir()
	form := func(name, label, narrative string) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte("2023 年项目支出绩效自我评价情况表\n填报单位：某中心\n项目名称：某项目\n"+narrative+
			"2023 年项目支出绩效自我评价评分表\n填报单位：某中心 项目名称：某项目\n"+
			"评价指标\t\t\t年初指标值\t实际完成值\t权重\t得分\t评分依据\n"+
			"产出指标\t数量指标\t发放率\t100%\t99%\t60\t59\t未全额发放\n"+
			"效益指标\t社会效益\t满意度\t≥90%\t95%\t40\t38.5\t\n"+label+"\t\t\t\t\t100\t97.5\t\n"), 0o644)
		return path
	}
	score := form("score.txt", "总分", "二、评价情况\n本年度目标基本实现。\n")
	_, out, errs := runCLI("check", score)
	if !strings.Contains(out, "自评得分 97.5 ") || strings.Contains(out, "未载明") || strings.Contains(out, "narrative.total") {
		t.Errorf("总分 row:\n%s%s", out, errs)
	}
	if _, out, _ := runCLI("check", "--lang", "en", score); !strings.Contains(out, "declared total 97.5 ") {
		t.Errorf("总分 row, English:\n%s", out)
	}
	_, out, _ = runCLI("check", "--format", "json", score)
	var doc struct {
		Reports []struct {
			DeclaredTotal *float64 `json:"declared_total"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Reports) != 1 || doc.Reports[0].DeclaredTotal == nil || *doc.Reports[0].DeclaredTotal != 97.5 {
		t.Errorf("总分 row, JSON: %s", out)
	}
	// a 总计 row is the sum of the rows, not a stated self-score
	if _, out, _ := runCLI("check", form("sum.txt", "总计", "二、评价情况\n本年度目标基本实现。\n")); !strings.Contains(out, "自评得分 未载明") {
		t.Errorf("总计 row:\n%s", out)
	}
	// a self-score in the prose wins, and is checked against the sheet
	both := form("both.txt", "总分", "二、评价情况\n本年度目标基本实现，自我评价得分99分，评价等级为优。\n")
	if _, out, _ := runCLI("check", both); !strings.Contains(out, "自评得分 99 ") || !strings.Contains(out, "narrative.total") {
		t.Errorf("prose and 总分:\n%s", out)
	}
}
