package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// reviewInputs writes the example reports as they are (unit A) and a copy
// under another unit's name (unit B, whose narratives are therefore all
// copied), plus a re-score file.
func reviewInputs(t *testing.T) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	data, err := os.ReadFile("../../examples/rugao-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(dir, "a.txt")
	b := filepath.Join(dir, "b.txt")
	if err := os.WriteFile(a, data, 0o644); err != nil {
		t.Fatal(err)
	}
	copied := strings.ReplaceAll(string(data), "如皋市被征地农民基本生活保障资金管理中心", "如皋市某某中心")
	if err := os.WriteFile(b, []byte(copied), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, []string{a, b}
}

func TestReviewJSONFindsCopiesAndSamples(t *testing.T) {
	dir, files := reviewInputs(t)
	resc := filepath.Join(dir, "rescores.csv")
	os.WriteFile(resc, []byte("单位,项目,年度,复核得分\n如皋市某某中心,稽查费,2023,80\n如皋市某某中心,印刷费用,2023,78\n无此单位,无此项目,2023,90\n"), 0o644)
	args := append([]string{"review", "--year", "2023", "--sample", "5", "--seed", "42", "--rescores", resc, "--format", "json"}, files...)
	code, out, errs := runCLI(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "rescores.csv:4") {
		t.Errorf("the unmatched re-score on line 4 is not reported: %q", errs)
	}
	var got struct {
		Year    int `json:"year"`
		Ranking []struct {
			Rank int    `json:"rank"`
			Unit string `json:"unit"`
			Risk int    `json:"risk"`
		} `json:"ranking"`
		Findings []struct {
			Signal   string                     `json:"signal"`
			Reports  []struct{ Unit string }    `json:"reports"`
			Passages [][2]struct{ Text string } `json:"passages"`
		} `json:"findings"`
		Sample []struct {
			Rank    int    `json:"rank"`
			Stratum string `json:"stratum"`
		} `json:"sample"`
		Unmatched []struct{ Line int } `json:"unmatched_rescores"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Year != 2023 || len(got.Ranking) != 16 || len(got.Sample) != 5 || len(got.Unmatched) != 1 {
		t.Fatalf("year %d, %d ranked, %d sampled, %d unmatched", got.Year, len(got.Ranking), len(got.Sample), len(got.Unmatched))
	}
	reuse, deviation := 0, 0
	for _, f := range got.Findings {
		switch f.Signal {
		case "text.reuse":
			reuse++
			if len(f.Reports) != 2 || f.Reports[0].Unit == f.Reports[1].Unit || len(f.Passages) == 0 || f.Passages[0][0].Text != f.Passages[0][1].Text {
				t.Errorf("reuse finding: %+v", f)
			}
		case "unit.deviation":
			deviation++
		}
	}
	// Eight projects copied whole; 维稳应诉费's narrative may be too short to compare.
	if reuse < 7 {
		t.Errorf("%d reuse findings, want the copied projects", reuse)
	}
	if deviation != 1 {
		t.Errorf("%d deviation findings, want 1", deviation)
	}
	for k := 1; k < len(got.Ranking); k++ {
		if got.Ranking[k].Risk > got.Ranking[k-1].Risk {
			t.Fatalf("ranking not by risk at %d", k)
		}
	}
	// The same seed gives the same sample.
	_, again, _ := runCLI(args...)
	if again != out {
		t.Error("the same seed gave another result")
	}
}

func TestReviewXLSXWorkList(t *testing.T) {
	dir, files := reviewInputs(t)
	xl := filepath.Join(dir, "review.xlsx")
	args := append([]string{"review", "--year", "2023", "--sample", "4", "--format", "xlsx", "--out", xl}, files...)
	if code, _, errs := runCLI(args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "风险排序,发现,抽评样本" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("抽评样本")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2+4 || rows[1][8] != "复核人" {
		t.Fatalf("work list rows: %v", rows)
	}
	rank, _ := f.GetRows("风险排序")
	if len(rank) != 2+16 || !strings.Contains(rank[2][6], "text.reuse") {
		t.Errorf("ranking rows: %d, first %v", len(rank), rank[2])
	}
}

func TestReviewTextAndErrors(t *testing.T) {
	_, files := reviewInputs(t)
	code, out, _ := runCLI(append([]string{"review", "--year", "2023"}, files...)...)
	if code != 0 || !strings.Contains(out, "复核工作台 2023 年：16 份报告") || !strings.Contains(out, "雷同段落对照") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, _, _ := runCLI("review", "--format", "pdf", files[0]); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
	if code, _, errs := runCLI("review", "--rescores", "/nonexistent.csv", files[0]); code != 2 || errs == "" {
		t.Errorf("missing re-score file: exit %d %q", code, errs)
	}
	if code, _, _ := runCLI("review", "/nonexistent.txt"); code != 2 {
		t.Errorf("missing input: exit %d", code)
	}
}
