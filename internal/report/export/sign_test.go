package export

import (
	"archive/zip"
	"bytes"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/report"
	"jixiao/internal/report/form"
	"jixiao/internal/report/importer"
	"jixiao/internal/report/pdf"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/testenv"
)

// signSample is 稽查费 from examples/rugao-2023.txt with the funds a unit
// enters by source only (本级资金 5 万元 budgeted, received and spent), as
// the application stores them: the 年度资金总额 row must still be filled.
func signSample(t *testing.T) *eval.Report {
	var r *eval.Report
	for _, x := range reporttest.Examples(t) {
		if x.Project == "稽查费" {
			r = x
		}
	}
	if r == nil {
		t.Fatal("稽查费 not in examples/rugao-2023.txt")
	}
	five := eval.Known(5 * money.Wan)
	r.Funds.Budget.BySource[eval.SourceLocal] = five
	r.Funds.Received.BySource[eval.SourceLocal] = five
	r.Funds.Spent.BySource[eval.SourceLocal] = five
	r.Sign = eval.Signature{Head: "王建国", Filer: "张敏", Phone: "0513-87512345", Date: "2024年1月15日"}
	return r
}

var spaces = regexp.MustCompile(`\s+`)

// flat is the text with tags and white space removed.
func flat(s string) string {
	return spaces.ReplaceAllString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, ""), "")
}

// wantSigned checks the funds rows and the signature block in a document's
// flattened text.
func wantSigned(t *testing.T, format, text string) {
	t.Helper()
	for _, row := range []string{"年度资金总额", "本级资金"} { // every cell of the total row filled
		if !regexp.MustCompile(row + `5\.005\.005\.00100(\.00)?%`).MatchString(text) {
			t.Errorf("%s: the funds row %s is not 5.00 / 5.00 / 5.00 / 100%%", format, row)
		}
	}
	for _, want := range []string{
		"单位负责人：王建国", "填报人：张敏", "联系电话：0513-87512345", "填报日期：2024年1月15日", "（盖章）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q", format, want)
		}
	}
}

func write(t *testing.T, f Format, r *eval.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(f, &buf, r, eval.Check(r, nil)); err != nil {
		t.Fatal(f, err)
	}
	return buf.Bytes()
}

// TestDocumentsReadyToSign writes a seed-like report in every format and
// reads each back: every funds cell filled, amounts in 万元 with two
// decimals, the signature block present, the PDF without near-empty pages,
// and the .docx/.xlsx still import to the same report.
func TestDocumentsReadyToSign(t *testing.T) {
	r := signSample(t)

	// .docx: the document part's text.
	d := write(t, DOCX, r)
	zr, err := zip.NewReader(bytes.NewReader(d), int64(len(d)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			wantSigned(t, "docx", flat(string(b)))
		}
	}

	// .xlsx: the cells as Excel shows them.
	x := write(t, XLSX, r)
	xf, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, sh := range xf.GetSheetList() {
		rows, err := xf.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			all.WriteString(strings.Join(row, ""))
		}
		dn := xf.GetDefinedName()
		found := false
		for _, n := range dn {
			if n.Name == "_xlnm.Print_Area" && n.Scope == sh {
				found = true
			}
		}
		if !found {
			t.Errorf("xlsx sheet %s has no print area", sh)
		}
		ps, err := xf.GetPageLayout(sh)
		if err != nil || ps.Size == nil || *ps.Size != 9 {
			t.Errorf("xlsx sheet %s does not print on A4: %+v %v", sh, ps, err)
		}
	}
	// Excel shows the rate of a formula cell from its cached value and format.
	// The rate is a live formula shown through the percent format (its
	// cached value is the fraction): checked by cell, the rest by text.
	text := spaces.ReplaceAllString(all.String(), "")
	text = regexp.MustCompile(`(5\.005\.005\.00)1(\D)`).ReplaceAllString(text, "${1}100%$2")
	wantSigned(t, "xlsx", text)
	rateCells := 0
	for _, sh := range xf.GetSheetList() {
		rows, _ := xf.GetRows(sh)
		for i, row := range rows {
			if len(row) > 0 && (row[0] == "年度资金总额" || row[0] == "本级资金") {
				c := "E" + strconv.Itoa(i+1)
				f, _ := xf.GetCellFormula(sh, c)
				st, _ := xf.GetCellStyle(sh, c)
				style, _ := xf.GetStyle(st)
				if f == "" || style == nil || style.NumFmt != 10 {
					t.Errorf("xlsx %s!%s: rate formula %q, style %+v", sh, c, f, style)
				}
				rateCells++
			}
		}
	}
	if rateCells != 2 {
		t.Errorf("xlsx: %d rate cells found, want 2", rateCells)
	}
	xf.Close()

	// .html
	wantSigned(t, "html", flat(string(write(t, HTML, r))))

	// Round trip: the signature block is not read as narrative.
	for _, f := range []Format{DOCX, XLSX} {
		data := map[Format][]byte{DOCX: d, XLSX: x}[f]
		imp, err := importer.Read("x."+string(f), bytes.NewReader(data), int64(len(data)), report.Options{})
		if err != nil {
			t.Fatal(f, err)
		}
		got := imp.Reports[0]
		if len(got.Narrative.Other) != 0 {
			t.Errorf("%s: signature read back as narrative: %+v", f, got.Narrative.Other)
		}
		if !got.Funds.Budget.All().Set || got.Funds.Budget.All().Fen != 5*money.Wan {
			t.Errorf("%s: funds read back %+v", f, got.Funds.Budget)
		}
	}

	// .pdf through pdftotext, page by page.
	if err := pdf.Available(); err != nil {
		testenv.Need(t, "a Chinese TrueType font", err)
		return
	}
	bin := testenv.Tool(t, "pdftotext", "poppler-utils")
	for _, rep := range []*eval.Report{r, reporttest.Sample()} {
		cmd := exec.Command(bin, "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(write(t, PDF, rep))
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
		if rep == r {
			wantSigned(t, "pdf", spaces.ReplaceAllString(string(out), ""))
		} else if !strings.Contains(string(out), "92,344.11") {
			t.Errorf("pdf of the sample lacks 92,344.11 (万元 with separators)")
		}
		lines := make([]int, len(pages))
		most := 0
		for i, p := range pages {
			for _, l := range strings.Split(p, "\n") {
				if strings.TrimSpace(l) != "" {
					lines[i]++
				}
			}
			most = max(most, lines[i])
		}
		for i := 0; i < len(pages)-1; i++ {
			if lines[i]*10 < most*3 {
				t.Errorf("%s: pdf page %d of %d holds %d text lines, under 30%% of the fullest page (%d)", rep.Project, i+1, len(pages), lines[i], most)
			}
		}
	}
	for _, s := range []eval.Signature{{}, signSample(t).Sign} {
		for _, l := range form.SignatureLines(s) {
			if !form.IsSignatureLine(l) {
				t.Errorf("the reader does not know the signature line %q", l)
			}
		}
	}
	if l := form.SignatureLines(eval.Signature{Filer: "张敏"}); !strings.Contains(l[0], "单位负责人：____") || !strings.Contains(l[0], "填报人：张敏") {
		t.Errorf("a missing name is not a blank line: %q", l[0])
	}
}
