package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTargetsAgainstLastYear(t *testing.T) {
	data, err := os.ReadFile("../../examples/rugao-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	next := filepath.Join(dir, "2024.txt")
	// Next year's sheets copied unchanged from 2023.
	os.WriteFile(next, []byte(strings.ReplaceAll(string(data), "2023", "2024")), 0o644)
	code, out, errs := runCLI("targets", "--format", "json", "--last", "../../examples/rugao-2023.txt", next)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Sheets []struct {
			Project  string `json:"project"`
			LastYear *int   `json:"last_year"`
			Findings []struct {
				Rule      string `json:"rule"`
				Indicator string `json:"indicator"`
			} `json:"findings"`
		} `json:"sheets"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Sheets) != 8 {
		t.Fatalf("%d sheets", len(got.Sheets))
	}
	for _, s := range got.Sheets {
		if s.LastYear == nil || *s.LastYear != 2023 {
			t.Errorf("%s: not compared with 2023", s.Project)
		}
		rules := map[string]bool{}
		for _, f := range s.Findings {
			rules[f.Rule] = true
		}
		if !rules["target.unchanged"] {
			t.Errorf("%s: unchanged sheet not found: %v", s.Project, s.Findings)
		}
	}
	code, text, _ := runCLI("targets", "../../examples/rugao-2023.txt")
	if code != 0 || !strings.Contains(text, "无上年报告对比") || !strings.Contains(text, "target.cost_amount") {
		t.Errorf("exit %d:\n%s", code, text)
	}
}
