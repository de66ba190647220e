package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// Environment variables that name the fonts instead of the search below.
// Each may point at a TrueType font (.ttf) or a collection (.ttc, the first
// face with TrueType outlines is used); CFF-outline fonts (most .otf, Noto
// CJK) cannot be embedded by fpdf.
const (
	FontEnv        = "JIXIAO_PDF_FONT"         // body text (仿宋 in GB/T 9704)
	HeadingFontEnv = "JIXIAO_PDF_HEADING_FONT" // title and headings (黑体)
)

// Style is the kind of Chinese typeface a font file is.
type Style string

// The styles, in the order GB/T 9704 prefers them for body text.
const (
	FangSong Style = "仿宋"
	Song     Style = "宋体"
	Kai      Style = "楷体"
	Hei      Style = "黑体"
)

// candidate is a font file name looked for in every font directory.
type candidate struct {
	File  string
	Style Style
	Where string // how a user gets it
}

// bodyCandidates are looked for in order: 仿宋 first (GB/T 9704 body), then
// 宋, 楷, and a 黑 as the last resort. Windows and Office ship the Sim*/ST*
// fonts; the Debian names are packages (apt-get install NAME).
var bodyCandidates = []candidate{
	{"simfang.ttf", FangSong, "Windows"},
	{"SIMFANG.TTF", FangSong, "Windows"},
	{"STFANGSO.TTF", FangSong, "Microsoft Office"},
	{"华文仿宋.ttf", FangSong, "macOS / Microsoft Office"},
	{"Fangsong.ttf", FangSong, ""},
	{"gbsn00lp.ttf", Song, "fonts-arphic-gbsn00lp"},
	{"simsun.ttc", Song, "Windows"},
	{"STSONG.TTF", Song, "Microsoft Office"},
	{"华文宋体.ttf", Song, "macOS / Microsoft Office"},
	{"uming.ttc", Song, "fonts-arphic-uming"},
	{"simkai.ttf", Kai, "Windows"},
	{"STKAITI.TTF", Kai, "Microsoft Office"},
	{"gkai00mp.ttf", Kai, "fonts-arphic-gkai00mp"},
	{"ukai.ttc", Kai, "fonts-arphic-ukai"},
	{"LXGWWenKai-Regular.ttf", Kai, "fonts-lxgw-wenkai"},
}

// headingCandidates are the 黑体 faces for titles and headings.
var headingCandidates = []candidate{
	{"simhei.ttf", Hei, "Windows"},
	{"SIMHEI.TTF", Hei, "Windows"},
	{"STHEITI.TTF", Hei, "Microsoft Office"},
	{"华文黑体.ttf", Hei, "macOS / Microsoft Office"},
	{"msyh.ttc", Hei, "Windows"},
	{"STHeiti Medium.ttc", Hei, "macOS"},
	{"STHeiti Light.ttc", Hei, "macOS"},
	// Not searched: WenQuanYi (fonts-wqy-microhei/zenhei) and Droid Sans
	// Fallback work when named with --heading-font, but fpdf takes about
	// three times as long per document with them (BenchmarkPDF 1.5 s
	// against 0.4 s under load), too slow for batch downloads.
}

// FontDirs are the directories searched (each also one level down, as
// /usr/share/fonts/truetype/arphic-gbsn00lp/), in order.
func FontDirs() []string {
	var dirs []string
	if w := os.Getenv("WINDIR"); w != "" {
		dirs = append(dirs, filepath.Join(w, "Fonts"))
	}
	dirs = append(dirs, `C:\Windows\Fonts`)
	if l := os.Getenv("LOCALAPPDATA"); l != "" {
		dirs = append(dirs, filepath.Join(l, "Microsoft", "Windows", "Fonts"))
	}
	home, _ := os.UserHomeDir()
	if home != "" {
		dirs = append(dirs, filepath.Join(home, "Library", "Fonts"), filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
	}
	return append(dirs, "/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts",
		"/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts")
}

// Face is one usable font: where it came from and its TrueType bytes (one
// face extracted when the file is a collection).
type Face struct {
	Path  string
	Style Style // "" when named by the user
	Data  []byte
}

// Fonts are the faces a PDF is set in. Heading is Body when no 黑体 was
// found.
type Fonts struct {
	Body, Heading Face
}

// ErrNoFont means no usable Chinese font was found.
var ErrNoFont = errors.New("找不到中文 TrueType 字体：请安装 fonts-arphic-gbsn00lp（apt-get install fonts-arphic-gbsn00lp），" +
	"或用 --font 或环境变量 " + FontEnv + " 指定字体文件，如 Windows 的 simfang.ttf (no Chinese TrueType font: install fonts-arphic-gbsn00lp, " +
	"or name a font file with --font or " + FontEnv + ", e.g. Windows' simfang.ttf)")

var (
	fontMu       sync.Mutex
	fontDone     bool
	fontOverride [2]string // body, heading set by UseFonts
	fontCache    Fonts
	fontErr      error
)

// UseFonts names the body and heading font files (either may be "": the
// environment, then the search). It is for the --font flags and must be
// called before the first PDF is written; later calls take effect for the
// next lookup.
func UseFonts(body, heading string) {
	fontMu.Lock()
	defer fontMu.Unlock()
	fontOverride = [2]string{body, heading}
	fontDone = false
}

// FindFonts returns the faces PDFs are set in, looked up once per process:
// the body face from --font, JIXIAO_PDF_FONT or the search (仿宋, 宋, 楷);
// the heading face from --heading-font, JIXIAO_PDF_HEADING_FONT or the
// search for a 黑体, else the body face. A named file that is not usable is
// an error (it is not silently replaced by another).
func FindFonts() (Fonts, error) {
	fontMu.Lock()
	defer fontMu.Unlock()
	if !fontDone {
		fontCache, fontErr = findFonts(fontOverride[0], fontOverride[1], FontDirs())
		fontDone = true
	}
	return fontCache, fontErr
}

// Available says why PDFs cannot be made (nil when they can).
func Available() error {
	_, err := FindFonts()
	return err
}

// Describe says in one line which fonts PDFs are set in.
func (f Fonts) Describe() string {
	s := fmt.Sprintf("正文 %s", f.Body.Path)
	if f.Body.Style != "" {
		s += "（" + string(f.Body.Style) + "）"
	}
	if f.Heading.Path != f.Body.Path {
		s += fmt.Sprintf("，标题 %s", f.Heading.Path)
		if f.Heading.Style != "" {
			s += "（" + string(f.Heading.Style) + "）"
		}
	}
	return s
}

func findFonts(body, heading string, dirs []string) (Fonts, error) {
	if body == "" {
		body = os.Getenv(FontEnv)
	}
	if heading == "" {
		heading = os.Getenv(HeadingFontEnv)
	}
	var f Fonts
	var err error
	if body != "" {
		if f.Body, err = loadFace(body, ""); err != nil {
			return Fonts{}, fmt.Errorf("PDF 字体 (PDF font) %s: %w", body, err)
		}
	} else if f.Body, err = search(bodyCandidates, dirs); err != nil {
		return Fonts{}, ErrNoFont
	}
	if heading != "" {
		if f.Heading, err = loadFace(heading, ""); err != nil {
			return Fonts{}, fmt.Errorf("PDF 标题字体 (PDF heading font) %s: %w", heading, err)
		}
	} else if f.Heading, err = search(headingCandidates, dirs); err != nil {
		f.Heading = f.Body
	}
	return f, nil
}

// search returns the first usable candidate in the first directory (or a
// directory one level below it) that holds it.
func search(cands []candidate, dirs []string) (Face, error) {
	for _, c := range cands {
		for _, d := range dirs {
			paths := []string{filepath.Join(d, c.File)}
			if sub, err := filepath.Glob(filepath.Join(d, "*", c.File)); err == nil {
				paths = append(paths, sub...)
			}
			for _, p := range paths {
				if f, err := loadFace(p, c.Style); err == nil {
					return f, nil
				}
			}
		}
	}
	return Face{}, ErrNoFont
}

// loadFace reads a font file, takes the first face of a collection that
// has TrueType outlines and Chinese glyphs, and checks that fpdf can embed
// it.
func loadFace(path string, style Style) (Face, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Face{}, err
	}
	if !IsCollection(b) {
		if err := checkFace(b); err != nil {
			return Face{}, err
		}
		return Face{Path: path, Style: style, Data: b}, nil
	}
	faces, err := CollectionFaces(b)
	if err != nil {
		return Face{}, err
	}
	for _, f := range faces {
		if err = checkFace(f); err == nil {
			return Face{Path: path, Style: style, Data: f}, nil
		}
	}
	return Face{}, fmt.Errorf("字体集中没有可用的中文 TrueType 字体 (no usable Chinese TrueType face in the collection): %w", err)
}

// checkFace sets a few Chinese characters with fpdf and fails when the font
// cannot be embedded or has no glyphs for them.
func checkFace(b []byte) (err error) {
	if err := CheckTrueType(b); err != nil {
		return err
	}
	if !HasGlyphs(b, coverage) {
		return errors.New("字体不含中文字形 (the font has no Chinese glyphs)")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("字体无法使用 (font cannot be used): %v", r)
		}
	}()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("probe", "", b)
	p.SetFont("probe", "", 12)
	if err := p.Error(); err != nil {
		return fmt.Errorf("字体无法使用 (font cannot be used): %w", err)
	}
	return nil
}

// coverage are characters every report uses; a font without a glyph for
// any of them is not a Chinese font.
const coverage = "项目绩效评价得分"

// HasGlyphs reports whether the font's Unicode cmap maps every rune of s
// to a glyph (formats 4 and 12, the ones Chinese TrueType fonts use).
func HasGlyphs(b []byte, s string) bool {
	ts, err := tableDir(b, 0)
	if err != nil {
		return false
	}
	for _, t := range ts {
		if t.tag != "cmap" {
			continue
		}
		cm := b[t.off : t.off+t.n]
		n, _ := u16(cm, 2)
		for i := 0; i < n; i++ {
			plat, ok1 := u16(cm, 4+8*i)
			enc, ok2 := u16(cm, 6+8*i)
			off, ok3 := u32(cm, 8+8*i)
			if !ok1 || !ok2 || !ok3 || off >= len(cm) || !(plat == 0 || plat == 3 && (enc == 1 || enc == 10)) {
				continue
			}
			all := true
			for _, r := range s {
				if cmapGlyph(cm[off:], r) == 0 {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
	}
	return false
}

// cmapGlyph looks a rune up in one cmap subtable; 0 is "no glyph".
func cmapGlyph(st []byte, r rune) int {
	format, _ := u16(st, 0)
	switch format {
	case 4:
		segX2, ok := u16(st, 6)
		if !ok || r > 0xFFFF {
			return 0
		}
		ends, starts, deltas, ranges := 14, 16+segX2, 16+2*segX2, 16+3*segX2
		for i := 0; i < segX2; i += 2 {
			end, ok := u16(st, ends+i)
			if !ok {
				return 0
			}
			if int(r) > end {
				continue
			}
			start, ok1 := u16(st, starts+i)
			delta, ok2 := u16(st, deltas+i)
			ro, ok3 := u16(st, ranges+i)
			if !ok1 || !ok2 || !ok3 || int(r) < start {
				return 0
			}
			if ro == 0 {
				return (int(r) + delta) & 0xFFFF
			}
			g, ok := u16(st, ranges+i+ro+2*(int(r)-start))
			if !ok || g == 0 {
				return 0
			}
			return (g + delta) & 0xFFFF
		}
	case 12:
		n, ok := u32(st, 12)
		if !ok {
			return 0
		}
		for i := 0; i < n && 16+12*i+12 <= len(st); i++ {
			lo, _ := u32(st, 16+12*i)
			hi, _ := u32(st, 20+12*i)
			g, _ := u32(st, 24+12*i)
			if int(r) >= lo && int(r) <= hi {
				return g + int(r) - lo
			}
		}
	}
	return 0
}

// IsCollection reports whether b is a TrueType/OpenType collection (.ttc).
func IsCollection(b []byte) bool { return bytes.HasPrefix(b, []byte("ttcf")) }

func u16(b []byte, off int) (int, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return int(b[off])<<8 | int(b[off+1]), true
}

func u32(b []byte, off int) (int, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	v := uint32(b[off])<<24 | uint32(b[off+1])<<16 | uint32(b[off+2])<<8 | uint32(b[off+3])
	return int(v), true
}

var errBadFont = errors.New("不是有效的 TrueType 字体 (not a valid TrueType font)")

// tableDir reads the table directory of the sfnt starting at off in b:
// each table's tag, offset and length (offsets relative to b's start, as
// in a collection). It checks every table lies inside b.
func tableDir(b []byte, off int) ([]table, error) {
	n, ok := u16(b, off+4)
	if !ok || n == 0 || n > 256 {
		return nil, errBadFont
	}
	ts := make([]table, 0, n)
	for i := 0; i < n; i++ {
		rec := off + 12 + 16*i
		if rec+16 > len(b) {
			return nil, errBadFont
		}
		o, ok1 := u32(b, rec+8)
		l, ok2 := u32(b, rec+12)
		if !ok1 || !ok2 || o > len(b) || l > len(b)-o {
			return nil, errBadFont
		}
		ts = append(ts, table{tag: string(b[rec : rec+4]), off: o, n: l, sum: b[rec+4 : rec+8]})
	}
	return ts, nil
}

type table struct {
	tag    string
	off, n int
	sum    []byte
}

// requiredTables are what fpdf reads; glyf means TrueType outlines (a CFF
// font has CFF instead and cannot be embedded).
var requiredTables = []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp"}

func missingTable(ts []table) string {
	have := map[string]bool{}
	for _, t := range ts {
		have[t.tag] = true
	}
	for _, r := range requiredTables {
		if !have[r] {
			return r
		}
	}
	return ""
}

// CheckTrueType checks that b is a single TrueType-outline font whose
// tables lie inside it.
func CheckTrueType(b []byte) error {
	v, ok := u32(b, 0)
	if !ok || (v != 0x00010000 && v != 0x74727565) {
		if bytes.HasPrefix(b, []byte("OTTO")) {
			return errors.New("是 CFF 轮廓的 OpenType 字体，PDF 需要 TrueType 轮廓 (a CFF OpenType font: TrueType outlines are needed)")
		}
		return errBadFont
	}
	ts, err := tableDir(b, 0)
	if err != nil {
		return err
	}
	if m := missingTable(ts); m != "" {
		return fmt.Errorf("缺少 %s 表，不是 TrueType 轮廓字体 (no %s table: not a TrueType-outline font)", m, m)
	}
	return nil
}

// CollectionFaces extracts every face of a collection as a standalone
// font, in the collection's order.
func CollectionFaces(b []byte) ([][]byte, error) {
	n, ok := u32(b, 8)
	if !IsCollection(b) || !ok || n == 0 || n > 1024 {
		return nil, errors.New("不是有效的字体集 (not a valid font collection)")
	}
	var out [][]byte
	for i := 0; i < n; i++ {
		off, ok := u32(b, 12+4*i)
		if !ok {
			return nil, errBadFont
		}
		face, err := ExtractFace(b, off)
		if err != nil {
			return nil, err
		}
		out = append(out, face)
	}
	return out, nil
}

// ExtractFace copies the face whose offset table is at off in a collection
// into a standalone font: the same tables, laid out after a new directory
// with their offsets rewritten (each table 4-byte aligned).
func ExtractFace(b []byte, off int) ([]byte, error) {
	v, ok := u32(b, off)
	if !ok || (v != 0x00010000 && v != 0x74727565 && v != 0x4F54544F) {
		return nil, errBadFont
	}
	ts, err := tableDir(b, off)
	if err != nil {
		return nil, err
	}
	head := 12 + 16*len(ts)
	size := head
	for _, t := range ts {
		size += (t.n + 3) &^ 3
	}
	out := make([]byte, head, size)
	copy(out, b[off:off+12])
	for i, t := range ts {
		rec := out[12+16*i : 12+16*i+16]
		copy(rec[0:4], t.tag)
		copy(rec[4:8], t.sum)
		put32(rec[8:12], len(out))
		put32(rec[12:16], t.n)
		out = append(out, b[t.off:t.off+t.n]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}

func put32(b []byte, v int) {
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}
