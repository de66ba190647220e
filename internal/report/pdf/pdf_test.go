package pdf

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/testenv"
)

// needFont skips (or fails under JIXIAO_REQUIRE_ALL=1) without a font.
func needFont(t *testing.T) {
	t.Helper()
	if err := Available(); err != nil {
		testenv.Need(t, "a Chinese TrueType font", err)
	}
}

func render(t *testing.T, r *eval.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, eval.Result{}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	return buf.Bytes()
}

// pdfText extracts the text with pdftotext -layout.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// squeeze drops all white space, so text wrapped over lines still matches.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

func TestTextOfSeeds(t *testing.T) {
	needFont(t)
	for _, r := range reporttest.Seeds(t) {
		t.Run(r.Project, func(t *testing.T) {
			b := render(t, r)
			txt := pdfText(t, b)
			all := squeeze(txt)
			want := []string{r.Project, r.Unit, "评价指标", "一级指标", "三级指标", "总计", "—1/"}
			for _, row := range r.Sheet.Rows {
				want = append(want, firstRunes(squeeze(row.Level3), 4)) // cells wrap
			}
			for _, s := range r.Narrative.Sections() {
				if s.Text.Text != "" {
					want = append(want, squeeze(firstRunes(s.Text.Text, 12)))
				}
			}
			if r.Sheet.Total != nil && r.Sheet.Total.HasScore {
				want = append(want, "总计"+r.Sheet.Total.Weight.String()+r.Sheet.Total.Score.String())
			}
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			if !strings.Contains(txt, "\f") {
				t.Error("expected more than one page (narrative, then the 评分表 on its own page)")
			}
		})
	}
}

func firstRunes(s string, n int) string {
	rs := []rune(strings.SplitN(s, "\n", 2)[0])
	if len(rs) > n {
		rs = rs[:n]
	}
	return string(rs)
}

// TestPNGArtefact renders the report-layout seed (or the sample) and writes
// its pages as PNG into testdata/artefacts (git-ignored) for a person to
// look at.
func TestPNGArtefact(t *testing.T) {
	needFont(t)
	tool := testenv.Tool(t, "pdftoppm", "poppler-utils")
	r := reporttest.Sample()
	if !testing.Short() {
		if testenv.HasSeed() {
			seeds := reporttest.Seeds(t)
			r = seeds[len(seeds)-2]
		}
	}
	b := render(t, r)
	dir := filepath.Join("testdata", "artefacts")
	old, _ := filepath.Glob(filepath.Join(dir, "seed-*.png"))
	for _, p := range old {
		os.Remove(p)
	}
	pdfPath := filepath.Join(dir, "seed.pdf")
	if err := os.WriteFile(pdfPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "sample.pdf"), render(t, reporttest.Sample()), 0o644)
	if out, err := exec.Command(tool, "-png", "-r", "60", pdfPath, filepath.Join(dir, "seed")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "seed-*.png"))
	if len(pngs) < 2 {
		t.Fatalf("pdftoppm wrote %d pages", len(pngs))
	}
	t.Logf("look at %v", pngs)
}

func TestNoFontError(t *testing.T) {
	if ErrNoFont.Error() == "" || !strings.Contains(ErrNoFont.Error(), "fonts-arphic-gbsn00lp") {
		t.Error("ErrNoFont must name the Debian package")
	}
}

// BenchmarkPDF sets one evaluation as PDF (most of the time is fpdf
// parsing and subsetting the 5 MB font for each document).
func BenchmarkPDF(b *testing.B) {
	if err := Available(); err != nil {
		b.Skip(err)
	}
	r := reporttest.Sample()
	for b.Loop() {
		if err := Write(io.Discard, r, eval.Result{}); err != nil {
			b.Fatal(err)
		}
	}
}
