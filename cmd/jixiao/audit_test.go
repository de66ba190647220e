package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func genSmall(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := run([]string{"gen", "--out", dir, "--recipients", "3000", "--deaths", "60", "--noise", "60", "--other", "500", "--duplicates", "20", "--hardship", "100"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("gen exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "roll.csv") {
		t.Errorf("gen output: %s", out.String())
	}
	return dir
}

func TestAuditDeathsCSV(t *testing.T) {
	dir := genSmall(t)
	var out, errb bytes.Buffer
	code := run([]string{"audit", "deaths", "--roll", filepath.Join(dir, "roll.csv"), "--deaths", filepath.Join(dir, "deaths.csv"), "--as-of", "2024-06", "--format", "csv-raw"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if lines[0] != "id_number,name,scheme,town,death_date,match_kind,confidence,overpaid_months,overpaid_amount" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines)-1 < 60 {
		t.Errorf("%d findings, want at least the 60 true deaths", len(lines)-1)
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != 9 || len(f[0]) != 18 || (f[6] != "confirmed" && f[6] != "review") || !strings.Contains(f[8], ".") {
			t.Fatalf("bad line %q", l)
		}
	}
	// the summary speaks Chinese only (the English glosses are for --lang en)
	for _, want := range []string{"行数 ", "确认 ", "多发金额合计: 确认"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("summary lacks %q: %s", want, errb.String())
		}
	}
	if strings.Contains(errb.String(), "(rows read)") {
		t.Errorf("Chinese summary with English glosses: %s", errb.String())
	}
}

func TestAuditJSONAndXLSX(t *testing.T) {
	dir := genSmall(t)
	var out, errb bytes.Buffer
	args := []string{"audit", "month", "--roll", filepath.Join(dir, "roll.csv"), "--deaths", filepath.Join(dir, "deaths.csv"),
		"--other", filepath.Join(dir, "other.csv"), "--as-of", "2024-06", "--format", "json"}
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	dups := 0
	for _, r := range rows {
		if strings.HasPrefix(r["match_kind"].(string), "duplicate_") {
			dups++
		}
	}
	if dups == 0 || len(rows) <= dups {
		t.Errorf("month run: %d rows, %d duplicates", len(rows), dups)
	}
	// key order of the first object
	first := out.String()[strings.Index(out.String(), "{"):]
	last := -1
	for _, k := range csvHeader {
		i := strings.Index(first, `"`+k+`"`)
		if i < last {
			t.Errorf("key %s out of order", k)
		}
		last = i
	}
	xl := filepath.Join(dir, "out.xlsx")
	args = append(args[:len(args)-1], "xlsx", "--out", xl)
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("xlsx exit %d: %s", code, errb.String())
	}
	f, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, _ := f.GetCellValue("Sheet1", "A1")
	id, _ := f.GetCellValue("Sheet1", "A2")
	if h != "身份证号" || !strings.Contains(id, "********") {
		t.Errorf("xlsx header %q id %q (should be masked)", h, id)
	}
}

func TestAuditCoverage(t *testing.T) {
	dir := genSmall(t)
	var out, errb bytes.Buffer
	code := run([]string{"audit", "coverage", "--hardship", filepath.Join(dir, "hardship.csv"), "--roll", filepath.Join(dir, "roll.csv"),
		"--enrolled", filepath.Join(dir, "enrolled.csv"), "--daijiao", filepath.Join(dir, "daijiao.csv"), "--as-of", "2024-06", "--format", "csv-raw"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	truth, _ := os.ReadFile(filepath.Join(dir, "truth_coverage.csv"))
	want := strings.Count(strings.TrimSpace(string(truth)), "\n")
	got := strings.Count(strings.TrimSpace(out.String()), "\n")
	if got != want {
		t.Errorf("coverage findings %d, truth %d", got, want)
	}
}

func TestAuditErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("甲,乙\n1,2\n"), 0o644)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"audit"}, 2, "用法"},
		{[]string{"audit", "nope"}, 2, "未知子命令"},
		{[]string{"audit", "deaths", "--roll", bad, "--deaths", bad}, 1, "bad.csv"},
		{[]string{"audit", "deaths", "--deaths", bad}, 1, "--roll"},
		{[]string{"audit", "deaths", "--roll", bad, "--deaths", bad, "--as-of", "2024-13"}, 2, "--as-of"},
		{[]string{"audit", "deaths", "--roll", bad, "--deaths", bad, "--format", "pdf"}, 2, "--format"},
		{[]string{"audit", "deaths", "--roll", bad, "--deaths", bad, "--format", "xlsx"}, 2, "--out"},
		{[]string{"gen"}, 2, "--out"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		if code := run(tc.args, nil, &out, &errb); code != tc.code || !strings.Contains(errb.String(), tc.msg) {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errb.String())
		}
		if tc.code != 0 && out.Len() > 0 {
			t.Errorf("%v: wrote output on failure", tc.args)
		}
	}
}

// TestMessagesOneLanguage: the command line's messages come in Chinese by
// default and in English with --lang en (or JIXIAO_LANG=en), never both.
func TestMessagesOneLanguage(t *testing.T) {
	var out, errb bytes.Buffer
	run([]string{"cert", "status", "--roll", "x.csv", "--events", "y.csv", "--as-of", "bad"}, nil, &out, &errb)
	if got := errb.String(); !strings.Contains(got, "应为 YYYY-MM") || strings.Contains(got, "must be") {
		t.Errorf("Chinese: %q", got)
	}
	errb.Reset()
	run([]string{"cert", "status", "--roll", "x.csv", "--events", "y.csv", "--as-of", "bad", "--lang", "en"}, nil, &out, &errb)
	if got := errb.String(); !strings.Contains(got, "must be YYYY-MM") || strings.Contains(got, "应为") {
		t.Errorf("English: %q", got)
	}
	errb.Reset()
	t.Setenv("JIXIAO_LANG", "en")
	run([]string{"nosuch"}, nil, &out, &errb)
	if got := errb.String(); !strings.Contains(got, "unknown command") || strings.Contains(got, "未知命令") {
		t.Errorf("JIXIAO_LANG=en: %q", strings.SplitN(got, "\n", 2)[0])
	}
}
