package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report/pdf"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/testenv"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// sampleXLSX writes the hand-made sample report as a workbook input.
func sampleXLSX(t *testing.T, dir string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, reporttest.Sample(), eval.Result{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "sample.xlsx")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExportImportCLI(t *testing.T) {
	dir := t.TempDir()
	in := sampleXLSX(t, dir)
	formats := []string{"docx", "xlsx", "html"}
	if pdf.Available() == nil {
		formats = append(formats, "pdf")
	}
	for _, f := range formats {
		out := filepath.Join(dir, "out."+f)
		if code, _, stderr := runCmd("export", "--format", f, "--out", out, in); code != 0 {
			t.Fatalf("export %s: %d %s", f, code, stderr)
		}
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Fatalf("export %s wrote nothing", f)
		}
		if f == "docx" || f == "xlsx" {
			code, stdout, stderr := runCmd("import", out)
			if code != 0 || !strings.Contains(stdout, "财政对城乡居民养老保险的补助") || !strings.Contains(stdout, "8 项指标") {
				t.Errorf("import %s: %d %s %s", f, code, stdout, stderr)
			}
		}
	}
	code, stdout, _ := runCmd("import", "--format", "json", in)
	if code != 0 || !strings.Contains(stdout, `"reports"`) {
		t.Errorf("import json: %d %s", code, stdout)
	}
}

func TestExportBatchCLI(t *testing.T) {
	seedPath := testenv.Seed(t)
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "all.zip")
	if code, _, stderr := runCmd("export", "--format", "docx", "--unit", "如皋市被征地农民基本生活保障资金管理中心", "--year", "2023", "--out", zipPath, seedPath); code != 0 {
		t.Fatalf("batch: %s", stderr)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := []string{}
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) != 9 || names[0] != "汇总.xlsx" {
		t.Errorf("zip holds %v", names)
	}
	if code, _, _ := runCmd("export", "--format", "summary", "--out", filepath.Join(dir, "s.xlsx"), seedPath); code != 0 {
		t.Error("summary failed")
	}
	if code, _, stderr := runCmd("export", "--format", "pdf", "--out", filepath.Join(dir, "one.pdf"), seedPath); code != 2 || !strings.Contains(stderr, ".zip") {
		t.Errorf("several reports into one file: %d %s", code, stderr)
	}
	if code, _, stderr := runCmd("export", "--format", "docx", "--year", "1999", seedPath); code != 2 || !strings.Contains(stderr, "没有符合条件") {
		t.Errorf("no match: %d %s", code, stderr)
	}
}

func TestImportErrorsCLI(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	code, _, stderr := runCmd("import", bad)
	if code != 2 || !strings.Contains(stderr, "bad.xlsx") {
		t.Errorf("bad file: %d %s", code, stderr)
	}
	if code, _, _ := runCmd("import", filepath.Join(dir, "missing.xlsx")); code != 2 {
		t.Error("missing file must exit 2")
	}
	if code, _, _ := runCmd("export", "--format", "odt", sampleXLSX(t, dir)); code != 2 {
		t.Error("unknown format must exit 2")
	}
	if code, _, _ := runCmd("import"); code != 2 {
		t.Error("no args must exit 2")
	}
}
