package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report/reporttest"
)

func TestParseFormatAndNames(t *testing.T) {
	for _, s := range []string{"docx", ".PDF", " xlsx ", "html"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseFormat("odt"); err == nil {
		t.Error("odt accepted")
	}
	r := reporttest.Sample()
	r.Project = `a/b\c:d*?"<>|`
	if got := FileName(r, DOCX); got != "2023_a_b_c_d_______绩效评价报告.docx" {
		t.Errorf("FileName = %q", got)
	}
}

func TestWriteZip(t *testing.T) {
	a, b := reporttest.Sample(), reporttest.Sample()
	items := []Item{{Report: a, Result: eval.Check(a, eval.DefaultRuleSet()), Status: "已提交"}, {Report: b, ReviewScore: eval.P(95), HasReview: true}}
	var buf bytes.Buffer
	if err := WriteZip(&buf, "汇总", items, []Format{DOCX, XLSX, HTML}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := "[汇总.xlsx docx/2023_财政对城乡居民养老保险的补助_绩效评价报告.docx docx/2023_财政对城乡居民养老保险的补助_绩效评价报告_2.docx xlsx/2023_财政对城乡居民养老保险的补助_绩效评价报告.xlsx xlsx/2023_财政对城乡居民养老保险的补助_绩效评价报告_2.xlsx html/2023_财政对城乡居民养老保险的补助_绩效评价报告.html html/2023_财政对城乡居民养老保险的补助_绩效评价报告_2.html]"
	if fmt.Sprint(names) != want {
		t.Errorf("zip names\n got %v\nwant %s", names, want)
	}
	// The summary reads back with the figures of the sample.
	rc, _ := zr.File[0].Open()
	data, _ := io.ReadAll(rc)
	rows := summaryRows(t, data)
	if len(rows) != 4 { // header, two projects, 合计
		t.Fatalf("summary rows %d: %v", len(rows), rows)
	}
	r1 := rows[1]
	if r1[1] != a.Unit || r1[4] != "92344.11" || r1[5] != "90044.11" || r1[7] != "99.05" || r1[9] != "优" || r1[10] != "已提交" {
		t.Errorf("summary row %q", r1)
	}
	if rows[2][8] != "95" {
		t.Errorf("review score %q", rows[2][8])
	}
}

// summaryRows reads the summary's cells (raw values) below the title.
func summaryRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := xlsxOpen(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
