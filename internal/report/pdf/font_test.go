package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/testenv"
)

// chineseFont returns the bytes of a usable Chinese TrueType font file on
// this machine, or skips.
func chineseFont(t *testing.T) []byte {
	t.Helper()
	f, err := findFonts("", "", FontDirs())
	testenv.Need(t, "a Chinese TrueType font", err)
	return f.Body.Data
}

// latinFont is a TrueType font without Chinese glyphs (DejaVu ships with
// every Debian desktop and with fontconfig's dependencies).
func latinFont(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		testenv.Missing(t, "DejaVuSans.ttf", "apt-get install fonts-dejavu-core")
	}
	return b
}

// collection packs standalone fonts into a .ttc, sharing nothing.
func collection(faces ...[]byte) []byte {
	var out bytes.Buffer
	out.WriteString("ttcf\x00\x01\x00\x00")
	hdr := make([]byte, 4+4*len(faces))
	put32(hdr, len(faces))
	off := 8 + len(hdr)
	var body bytes.Buffer
	for i, f := range faces {
		put32(hdr[4+4*i:], off+body.Len())
		base := off + body.Len()
		// copy the face, shifting its table offsets by base
		c := append([]byte(nil), f...)
		n, _ := u16(c, 4)
		for j := 0; j < n; j++ {
			o, _ := u32(c, 12+16*j+8)
			put32(c[12+16*j+8:], o+base)
		}
		body.Write(c)
	}
	out.Write(hdr)
	out.Write(body.Bytes())
	return out.Bytes()
}

func TestCollectionFaces(t *testing.T) {
	zh, latin := chineseFont(t), latinFont(t)
	ttc := collection(latin, zh)
	faces, err := CollectionFaces(ttc)
	if err != nil || len(faces) != 2 {
		t.Fatalf("%d faces, %v", len(faces), err)
	}
	// Each extracted face has the original's tables, byte for byte.
	for i, orig := range [][]byte{latin, zh} {
		a, _ := tableDir(orig, 0)
		b, err := tableDir(faces[i], 0)
		if err != nil || len(a) != len(b) {
			t.Fatalf("face %d: %v", i, err)
		}
		for k := range a {
			if a[k].tag != b[k].tag || !bytes.Equal(orig[a[k].off:a[k].off+a[k].n], faces[i][b[k].off:b[k].off+b[k].n]) {
				t.Errorf("face %d table %s differs", i, a[k].tag)
			}
		}
	}
	// loadFace skips the Latin face and takes the Chinese one.
	p := filepath.Join(t.TempDir(), "mixed.ttc")
	os.WriteFile(p, ttc, 0o644)
	f, err := loadFace(p, Song)
	if err != nil || !bytes.Equal(f.Data, faces[1]) {
		t.Fatalf("loadFace of a collection: %v", err)
	}
	// A collection of Latin faces only is refused, saying why.
	os.WriteFile(p, collection(latin), 0o644)
	if _, err := loadFace(p, Song); err == nil || !strings.Contains(err.Error(), "中文") {
		t.Errorf("Latin-only collection: %v", err)
	}
}

func TestRealCollection(t *testing.T) {
	const p = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
	if _, err := os.Stat(p); err != nil {
		testenv.Missing(t, p, "apt-get install fonts-wqy-microhei")
	}
	f, err := loadFace(p, Hei)
	if err != nil {
		t.Fatal(err)
	}
	if !HasGlyphs(f.Data, "评分表总计") {
		t.Error("no Chinese glyphs in the extracted face")
	}
}

func TestSearchOrder(t *testing.T) {
	zh := chineseFont(t)
	// A Windows-like font directory: 仿宋 and 黑体 beside 宋体.
	win := t.TempDir()
	for _, n := range []string{"simsun.ttc", "simfang.ttf", "simhei.ttf"} {
		b := zh
		if strings.HasSuffix(n, ".ttc") {
			b = collection(zh)
		}
		os.WriteFile(filepath.Join(win, n), b, 0o644)
	}
	t.Setenv(FontEnv, "")
	t.Setenv(HeadingFontEnv, "")
	f, err := findFonts("", "", []string{t.TempDir(), win})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(f.Body.Path) != "simfang.ttf" || f.Body.Style != FangSong ||
		filepath.Base(f.Heading.Path) != "simhei.ttf" || f.Heading.Style != Hei {
		t.Errorf("Windows fonts: %s", f.Describe())
	}
	// Without 仿宋 and 黑体: 宋体 from the collection, headings in it too.
	os.Remove(filepath.Join(win, "simfang.ttf"))
	os.Remove(filepath.Join(win, "simhei.ttf"))
	f, err = findFonts("", "", []string{win})
	if err != nil || f.Body.Style != Song || f.Heading.Path != f.Body.Path {
		t.Errorf("宋体 only: %s, %v", f.Describe(), err)
	}
	// One level down, as Debian lays fonts out.
	deb := t.TempDir()
	os.MkdirAll(filepath.Join(deb, "arphic-gkai00mp"), 0o755)
	os.WriteFile(filepath.Join(deb, "arphic-gkai00mp", "gkai00mp.ttf"), zh, 0o644)
	if f, err = findFonts("", "", []string{deb}); err != nil || f.Body.Style != Kai {
		t.Errorf("Debian layout: %s, %v", f.Describe(), err)
	}
	// Nothing found: ErrNoFont, which says how to get one.
	if _, err = findFonts("", "", []string{t.TempDir()}); err != ErrNoFont {
		t.Errorf("no fonts: %v", err)
	}
	// A named file is used as named, or is an error: never replaced.
	if _, err = findFonts(filepath.Join(deb, "nowhere.ttf"), "", []string{win}); err == nil || !strings.Contains(err.Error(), "nowhere.ttf") {
		t.Errorf("missing named font: %v", err)
	}
	t.Setenv(FontEnv, filepath.Join(deb, "nowhere.ttf"))
	if _, err = findFonts("", "", []string{win}); err == nil {
		t.Error("a missing " + FontEnv + " must be an error")
	}
	latin := filepath.Join(deb, "latin.ttf")
	os.WriteFile(latin, latinFont(t), 0o644)
	if _, err = findFonts(latin, "", nil); err == nil || !strings.Contains(err.Error(), "中文字形") {
		t.Errorf("Latin font named: %v", err)
	}
}

// TestHeadingFace sets a document with a separate heading face: the PDF
// embeds two fonts, as pdffonts lists them.
func TestHeadingFace(t *testing.T) {
	f, err := findFonts("", "", FontDirs())
	testenv.Need(t, "a Chinese TrueType font", err)
	tool := testenv.Tool(t, "pdffonts", "poppler-utils")
	dir := t.TempDir()
	body, head := filepath.Join(dir, "body.ttf"), filepath.Join(dir, "head.ttc")
	os.WriteFile(body, f.Body.Data, 0o644)
	os.WriteFile(head, collection(latinFont(t), f.Body.Data), 0o644) // a distinct file
	UseFonts(body, head)
	t.Cleanup(func() { UseFonts("", "") })
	var buf bytes.Buffer
	if err := Write(&buf, reporttest.Sample(), eval.Result{}); err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, "x.pdf")
	os.WriteFile(pdfPath, buf.Bytes(), 0o644)
	out, err := exec.Command(tool, pdfPath).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v %s", err, out)
	}
	if n := strings.Count(string(out), "TrueType"); n != 2 {
		t.Errorf("want 2 embedded TrueType fonts, pdffonts says:\n%s", out)
	}
}

func FuzzFontTables(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10\x00\x01\x00\x00\x00\x01"))
	f.Add([]byte("\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x04\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if IsCollection(b) {
			faces, err := CollectionFaces(b)
			if err == nil {
				for _, face := range faces {
					CheckTrueType(face)
					HasGlyphs(face, coverage)
				}
			}
			return
		}
		CheckTrueType(b)
		HasGlyphs(b, coverage)
	})
}
