package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/validate"
)

// TestImportRefusesWhatTheWebRefuses: a basis over the limit is refused by
// `jixiao import` with the validator's words, as the web's upload does.
func TestImportRefusesWhatTheWebRefuses(t *testing.T) {
	r := reporttest.Sample()
	r.Sheet.Rows[4].Basis = strings.Repeat("原因", validate.MaxText)
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, r, eval.Result{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "long.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o644)
	code, _, stderr := runCmd("import", p)
	if code != 2 || !strings.Contains(stderr, validate.TooLongText.ZH) || !strings.Contains(stderr, validate.TooLongText.EN) ||
		!strings.Contains(stderr, r.Sheet.Rows[4].Level3) {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
