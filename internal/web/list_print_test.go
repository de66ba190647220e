package web

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/testenv"
)

// sheetRows reads an exported list back: the title, the rows between the
// header and the total, and the signature line.
func sheetRows(t *testing.T, body string) (title string, rows [][]string, sig string) {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not an xlsx: %v", err)
	}
	defer f.Close()
	all, _ := f.GetRows("Sheet1")
	if len(all) < 4 {
		t.Fatalf("%d rows", len(all))
	}
	i := 3
	for ; i < len(all) && (len(all[i]) == 0 || all[i][0] != "合计"); i++ {
		rows = append(rows, all[i])
	}
	if i+2 < len(all) {
		sig = strings.Join(all[i+2], " ")
	}
	return all[0][0], rows, sig
}

// TestStopList: a run's 停发名单 to print and as .xlsx holds exactly the
// suspects issued for stopping, with the signature block; a town clerk's
// holds their own town's, ID numbers masked.
func TestStopList(t *testing.T) {
	e := newEnv(t, "sqlite")
	runs, err := e.st.AuditRuns(t.Context())
	if err != nil || len(runs) == 0 {
		t.Fatal(err)
	}
	run := runs[0].ID
	issued, own := 0, 0
	for _, x := range suspectsOf(t, e, run, "", "") {
		if st := audit.SuspectState(x.State); st == audit.StateSuspensionIssued || st == audit.StateStopped {
			issued++
			if x.Town == "如城街道" {
				own++
			}
		}
	}
	if issued == 0 || own == 0 || own == issued {
		t.Fatalf("demo: %d issued, %d in 如城街道", issued, own)
	}
	aud := e.login("jihe")
	aud.get(fmt.Sprintf("/audit/runs/%d", run)).want(t, "run page links the stop list", 200, fmt.Sprintf("/audit/runs/%d/stoplist", run))
	page := aud.get(fmt.Sprintf("/audit/runs/%d/stoplist", run))
	page.want(t, "print view", 200, "生存稽核停发名单", "经办人（签字）", "单位负责人（签字）", "（盖章）", "稽核月份", fmt.Sprintf("%d 人", issued))
	if n := strings.Count(page.body[strings.Index(page.body, "<tbody>"):strings.Index(page.body, "</tbody>")], "<tr>"); n != issued {
		t.Errorf("print view: %d rows, want %d", n, issued)
	}
	title, rows, sig := sheetRows(t, aud.get(fmt.Sprintf("/audit/runs/%d/stoplist?format=xlsx", run)).body)
	if title != "生存稽核停发名单" || len(rows) != issued || !strings.Contains(sig, "经办人") || !strings.Contains(sig, "盖章") {
		t.Errorf("xlsx: %q, %d rows (want %d), signature %q", title, len(rows), issued, sig)
	}
	if len(rows) > 0 && (strings.Contains(rows[0][3], "*") || len(rows[0][3]) != 18) {
		t.Errorf("the auditor's stop list masks the ID: %v", rows[0])
	}
	_, rows, _ = sheetRows(t, e.login("rucheng").get(fmt.Sprintf("/audit/runs/%d/stoplist?format=xlsx&town=白蒲镇", run)).body)
	if len(rows) != own {
		t.Errorf("clerk: %d rows, the town has %d", len(rows), own)
	}
	for _, r := range rows {
		if r[1] != "如城街道" || !strings.Contains(r[3], "*") {
			t.Errorf("clerk row %v", r)
		}
	}
	// The clerk finds their town's stop list where they see their
	// suspects, and prints their own town's only, whatever the URL asks.
	clerk := e.login("rucheng")
	clerk.get("/audit/suspects").want(t, "clerk's link to the stop list", 200, `id="town-stoplists"`,
		fmt.Sprintf(`href="/audit/runs/%d/stoplist"`, run), fmt.Sprintf("%d 人", own))
	cp := clerk.get(fmt.Sprintf("/audit/runs/%d/stoplist?town=白蒲镇", run))
	cp.want(t, "clerk's print view", 200, "生存稽核停发名单", "如城街道", "经办人（签字）", fmt.Sprintf("%d 人", own))
	body := cp.body[strings.Index(cp.body, "<tbody>"):strings.Index(cp.body, "</tbody>")]
	if n := strings.Count(body, "<tr>"); n != own || strings.Contains(cp.body, "白蒲镇") {
		t.Errorf("clerk's print view: %d rows (want %d), another town named: %v", n, own, strings.Contains(cp.body, "白蒲镇"))
	}
	// the suspect list prints the same way
	e.login("jihe").get("/audit/suspects/print?town=如城街道").want(t, "suspect list print", 200, "生存稽核疑点核实清单", "如城街道", "经办人（签字）")
}

// TestStopListPrintBrowser: printed from Chromium, the stop list is an A4
// landscape PDF with the title and the signature lines.
func TestStopListPrintBrowser(t *testing.T) {
	pdftotext := testenv.Tool(t, "pdftotext", "poppler-utils")
	pdfinfo := testenv.Tool(t, "pdfinfo", "poppler-utils")
	e := newEnv(t, "sqlite")
	runs, _ := e.st.AuditRuns(t.Context())
	b := newBrowser(t, e)
	b.login("jihe")
	b.open(fmt.Sprintf("/audit/runs/%d/stoplist", runs[0].ID))
	b.do(chromedp.WaitVisible(chromedp.ID("doc-sign")))
	b.shot("list-03-stoplist")
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	path := filepath.Join(b.dir, "list-04-stoplist.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command(pdfinfo, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(string(info))
	if m == nil || m[1] < m[2] || !strings.HasPrefix(m[1], "841") {
		t.Errorf("not A4 landscape: %v", m)
	}
	text, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"生存稽核停发名单", "经办人（签字）", "盖章", "合计"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Contains(string(text), "打印 / 存为 PDF") {
		t.Error("the print button is printed")
	}
}
