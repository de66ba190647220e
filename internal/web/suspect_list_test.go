package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

// bigRun adds a sent run of about n suspects to the env.
func bigRun(t testing.TB, e *env, n int) int64 {
	t.Helper()
	ctx := context.Background()
	jihe, err := e.st.UserByName(ctx, "jihe")
	if err != nil {
		t.Fatal(err)
	}
	in, err := auditdb.Demo(t.TempDir(), auditgen.Config{Seed: 11, Recipients: 4 * n, Deaths: n, AsOf: cal.MonthOf(2024, 8)})
	if err != nil {
		t.Fatal(err)
	}
	in.By = jihe.ID
	id, _, err := auditdb.Execute(ctx, e.st, in, e.srv.now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auditdb.Send(ctx, e.st, id, auditdb.Actor{UserID: jihe.ID, Name: jihe.DisplayName, Role: audit.RoleCity}, e.srv.now()); err != nil {
		t.Fatal(err)
	}
	return id
}

// readSuspectXLSX reads an exported list back: the title, the data rows
// (between the header and the total) and the signature line.
func readSuspectXLSX(t testing.TB, b []byte) (title string, rows [][]string, sig string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("export is not an xlsx: %v", err)
	}
	defer f.Close()
	all, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 5 || all[2][0] != "编号" {
		t.Fatalf("export layout: %d rows, header %v", len(all), all[min(2, len(all)-1)])
	}
	title = all[0][0]
	for _, r := range all[3:] {
		if len(r) > 0 && r[0] == "合计" {
			break
		}
		rows = append(rows, r)
	}
	sig = strings.Join(all[len(all)-1], " ")
	if area := f.GetDefinedName(); !strings.Contains(fmt.Sprint(area), "_xlnm.Print_Area") {
		t.Errorf("no print area: %v", area)
	}
	return title, rows, sig
}

// TestSuspectList: paging, search, sort and filters in the URL, and the
// export of the filtered list read back.
func TestSuspectList(t *testing.T) {
	eachDialect(t, testSuspectList)
}

func testSuspectList(t *testing.T, e *env) {
	run := bigRun(t, e, 1200)
	all := suspectsOf(t, e, 0, "", "")
	sent := 0
	for _, x := range all {
		if x.State != "" {
			sent++
		}
	}
	c := e.login("jihe")
	page := c.get("/audit/suspects")
	page.want(t, "list", 200, fmt.Sprintf("共 %d 条，第 1–100 条", sent), `id="pg-next"`)
	if n := strings.Count(page.body, `<td><a href="/audit/suspects/`); n != 100 {
		t.Errorf("page 1 shows %d rows", n)
	}
	c.get("/audit/suspects?page=3").want(t, "page 3", 200, "第 201–300 条", "<b>3</b>")
	// the pager's next and previous links are keyset links: page 2 after
	// page 1's last row, and back
	next := regexp.MustCompile(`href="([^"]*)" id="pg-next"`).FindStringSubmatch(page.body)
	if next == nil || !strings.Contains(next[1], "after=") {
		t.Fatalf("next link %v", next)
	}
	p2 := c.get(html.UnescapeString(next[1]))
	p2.want(t, "page 2", 200, "第 101–200 条", "<b>2</b>")
	if p2.body[strings.Index(p2.body, "<tbody>"):] != c.get("/audit/suspects?page=2").body[strings.Index(c.get("/audit/suspects?page=2").body, "<tbody>"):] {
		t.Error("page 2 by its keyset link differs from page 2 by number")
	}
	prev := regexp.MustCompile(`href="([^"]*)" id="pg-prev"`).FindStringSubmatch(p2.body)
	if prev == nil || !strings.Contains(prev[1], "before=") {
		t.Fatalf("prev link %v", prev)
	}
	c.get(html.UnescapeString(prev[1])).want(t, "back to page 1", 200, "第 1–100 条")
	// sort by overpayment: the first row holds the largest amount
	xs := suspectsOf(t, e, run, "", "")
	var most money.Fen
	for _, x := range all {
		if x.State != "" {
			most = max(most, x.Overpaid)
		}
	}
	body := c.get("/audit/suspects?sort=overpaid").body
	first := body[strings.Index(body, `<tbody>`):]
	first = first[:strings.Index(first, "</tr>")]
	if !strings.Contains(first, most.Yuan()) {
		t.Errorf("sorted by overpayment, first row %q lacks %s", first, most.Yuan())
	}
	// search by name, with the query kept in the links
	name := xs[7].Name
	found := c.get("/audit/suspects?q=" + name + "&sort=name")
	found.want(t, "search", 200, name, `value="`+name+`"`)
	m := regexp.MustCompile(`共 (\d+) 条`).FindStringSubmatch(found.body)
	if m == nil || m[1] == "0" || m[1] == strconv.Itoa(sent) {
		t.Fatalf("search %q: count %v", name, m)
	}
	// export of the filtered list: the same rows, amounts as numbers
	town := xs[0].Town
	res := c.get("/audit/suspects/export?town=" + town + "&sort=overpaid")
	if res.code != 200 {
		t.Fatalf("export: %d %s", res.code, res.body)
	}
	title, rows, sig := readSuspectXLSX(t, []byte(res.body))
	want := 0
	for _, x := range all {
		if x.Town == town && x.State != "" {
			want++
		}
	}
	if title != "生存稽核疑点核实清单" || len(rows) != want || !strings.Contains(sig, "经办人") || !strings.Contains(sig, "盖章") {
		t.Errorf("export: title %q, %d rows (want %d), signature %q", title, len(rows), want, sig)
	}
	for _, r := range rows {
		if r[1] != town || !strings.Contains(r[3], "*") && len(r[3]) != 18 {
			t.Fatalf("export row %v", r)
		}
	}
	// a town clerk's list and export hold their own town only, IDs masked
	cl := e.login("rucheng")
	res = cl.get("/audit/suspects/export?town=" + town)
	_, rows, _ = readSuspectXLSX(t, []byte(res.body))
	for _, r := range rows {
		if r[1] != "如城街道" || !strings.Contains(r[3], "****") {
			t.Fatalf("clerk export row %v", r)
		}
	}
	// the overdue filter agrees with the domain's rule
	now := e.srv.now().Add(30 * 24 * time.Hour)
	n, err := e.st.CountOverdueSuspects(t.Context(), store.SuspectFilter{State: "sent"}, now)
	if err != nil {
		t.Fatal(err)
	}
	runs := map[int64]store.AuditRun{}
	domain := 0
	for _, x := range all {
		if x.State == "" {
			continue
		}
		r, ok := runs[x.RunID]
		if !ok {
			r, _ = e.st.AuditRun(t.Context(), x.RunID)
			runs[x.RunID] = r
		}
		if auditdb.Overdue(r, x, now) {
			domain++
		}
	}
	if n != domain || n == 0 {
		t.Errorf("overdue in SQL %d, by the domain %d", n, domain)
	}
}

// TestSuspectListBrowser: paging and search on 5,000 suspects in
// Chromium, and the export link of the filtered list read back.
func TestSuspectListBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	bigRun(t, e, 5000)
	b := newBrowser(t, e)
	b.login("jihe")
	b.open("/audit/suspects")
	b.do(chromedp.WaitVisible(chromedp.ID("suspects")))
	b.waitText("#s-count", "第 1–100 条")
	total := regexp.MustCompile(`共 (\d+) 条`).FindStringSubmatch(b.text("#s-count"))
	if n, _ := strconv.Atoi(total[1]); n < 5000 {
		t.Fatalf("%s suspects listed", total[1])
	}
	b.do(chromedp.Click(chromedp.ID("pg-next")), chromedp.WaitVisible(chromedp.ID("pg-prev")))
	b.waitText("#s-count", "第 101–200 条")
	b.shot("list-01-suspects-page2")
	xs := suspectsOf(t, e, 0, "", "pending")
	name := xs[len(xs)/2].Name
	b.do(chromedp.SetValue(chromedp.ID("s-q"), name), chromedp.Click(chromedp.ID("s-go")))
	b.waitNoText("#s-count", "第 101–200 条")
	b.waitText("#suspects", name)
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	if !strings.Contains(loc, "q=") {
		t.Errorf("the search is not in the URL: %s", loc)
	}
	b.shot("list-02-suspects-search")
	href, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.ID("s-export"), "href"))
	if err != nil || !strings.Contains(href.Value, "q=") {
		t.Fatalf("export link %q (%v)", href.Value, err)
	}
	res := e.login("jihe").get(href.Value)
	_, rows, _ := readSuspectXLSX(t, []byte(res.body))
	if len(rows) == 0 {
		t.Fatal("the exported search is empty")
	}
	for _, r := range rows {
		if !strings.Contains(r[2], name) && !strings.Contains(r[3], name) {
			t.Errorf("exported row %v does not match %q", r, name)
		}
	}
}

// BenchmarkSuspectExport writes 50,000 suspects to .xlsx (the export of a
// filtered list, without the database).
func BenchmarkSuspectExport(b *testing.B) {
	rows := make([]SuspectRow, 50000)
	for i := range rows {
		rows[i] = SuspectRow{AuditSuspect: store.AuditSuspect{ID: int64(i + 1), Town: "如城街道", IDNumber: "320682195001011234", Name: "张三" + strconv.Itoa(i%100),
			Scheme: "居保", Finding: "death", Kind: "exact", Confidence: "confirmed", EventDate: "2024-03-08", OverpaidMonths: 4,
			Overpaid: money.Fen(141864 + i), State: "pending"}, Due: time.Now().Unix(), Overdue: i%7 == 0}
	}
	pg := AuditPage{Page: Page{}}
	doc := SuspectSheet{Title: "生存稽核疑点核实清单", Unit: "如皋市被征地农民基本生活保障资金管理中心", Scope: "全部", Rows: rows, FullID: true,
		Day: func(int64) string { return "2024-12-16" }}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeSuspectSheet(io.Discard, pg, doc); err != nil {
			b.Fatal(err)
		}
	}
}
