package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestGuidePictures: every picture docs/guide.md shows is one a browser
// test takes (b.shot or cancelConfirm's shot), so that running the
// browser tests with JIXIAO_GUIDE_SHOTS=docs/guide renews all of them.
func TestGuidePictures(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	files, _ := filepath.Glob("*_test.go")
	shot := regexp.MustCompile(`(?:b\.shot|cancelConfirm)\("([^"]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range shot.FindAllStringSubmatch(string(b), -1) {
			taken[m[1]] = true
		}
	}
	pics := regexp.MustCompile(`\(guide/([^)]+)\.png\)`).FindAllStringSubmatch(string(guide), -1)
	if len(pics) < 10 {
		t.Fatalf("the guide shows %d pictures", len(pics))
	}
	for _, m := range pics {
		if !taken[m[1]] {
			t.Errorf("docs/guide.md shows guide/%s.png, which no browser test takes", m[1])
		}
	}
}
