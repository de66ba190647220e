package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExportLayoutNational: --layout national writes the 附件1 form, which
// import reads back as that layout; an unknown layout is refused.
func TestExportLayoutNational(t *testing.T) {
	dir := t.TempDir()
	in := sampleXLSX(t, dir)
	out := filepath.Join(dir, "n.xlsx")
	if code, _, errs := runCmd("export", "--format", "xlsx", "--layout", "national", "--out", out, in); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	code, stdout, errs := runCmd("import", out)
	if code != 0 || !strings.Contains(stdout, "项目支出绩效自评表") || !strings.Contains(stdout, "财政对城乡居民养老保险的补助") {
		t.Fatalf("import: %d %s %s", code, stdout, errs)
	}
	if code, _, errs := runCmd("export", "--format", "xlsx", "--layout", "nation", "--out", out, in); code != 2 || !strings.Contains(errs, "未知版式") {
		t.Errorf("unknown layout: %d %s", code, errs)
	}
}
