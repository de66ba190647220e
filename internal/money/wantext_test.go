package money

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWanText: two decimals of 万元 with separators, unless the amount is
// finer than that (then every digit stays, never rounded silently).
func TestWanText(t *testing.T) {
	for _, c := range []struct {
		f    Fen
		want string
	}{
		{0, "0.00"}, {24000 * Wan, "24,000.00"}, {483500 * Yuan, "48.35"}, {5 * Wan, "5.00"},
		{-Fen(123450000), "-123.45"}, {Fen(123456789), "123.456789"}, {12345678*Wan + 1, "12,345,678.000001"},
	} {
		if got := c.f.WanText(); got != c.want {
			t.Errorf("%d.WanText() = %q, want %q", c.f, got, c.want)
		}
	}
}

// TestOneWanFormatter: outside this package, amounts in 万元 are printed only
// through WanText: no other code formats them (Wan keeps every digit with
// no separators; Wan2 rounds), so pages, documents and the CLI agree.
func TestOneWanFormatter(t *testing.T) {
	// the xlsx writer turns the exact decimal into a number cell, not text
	allowed := map[string]bool{filepath.Join("internal", "report", "xlsx", "write.go"): true}
	call := regexp.MustCompile(`\.Wan2?\(\)`)
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == filepath.Join("internal", "money") || strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || allowed[rel] {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if call.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d: 万元 formatted outside money.Fen.WanText: %s", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
