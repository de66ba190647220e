package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/project"
	"jixiao/internal/report"
	"jixiao/internal/report/importer"
	"jixiao/internal/report/pdf"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/testenv"
)

// fileResult is a download: status, headers and the bytes.
type fileResult struct {
	code int
	h    http.Header
	body []byte
}

func (c *client) file(path string) fileResult {
	c.e.t.Helper()
	res, err := c.hc.Get(c.e.ts.URL + path)
	if err != nil {
		c.e.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return fileResult{res.StatusCode, res.Header, b}
}

// upload posts a file (and extra fields) as multipart/form-data.
func (c *client) upload(path, name string, data []byte, fields url.Values) result {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// sheetXLSX writes a stored sheet, changed by f, as the .xlsx jixiao
// exports: a real filled-in form to upload.
func sheetXLSX(t *testing.T, e *env, id int64, f func(*store.Sheet)) []byte {
	t.Helper()
	sh, err := e.st.LoadSheet(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	f(&sh)
	ev, err := project.Evaluate(&sh)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, ev.Report, ev.Result); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var tokenRE = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)
var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

func formOf(t *testing.T, body string) url.Values {
	t.Helper()
	tm, vm := tokenRE.FindStringSubmatch(body), versionRE.FindStringSubmatch(body)
	if tm == nil || vm == nil {
		t.Fatalf("no token/version in preview: %.600s", body)
	}
	return url.Values{"token": {tm[1]}, "version": {vm[1]}}
}

// TestDocuments: downloads in every format, batch downloads, the upload
// with preview, confirmation, audit trail, bad files and a stale version,
// on every configured database.
func TestDocuments(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			t.Run("download", func(t *testing.T) { testDownloads(t, e) })
			t.Run("batch", func(t *testing.T) { testBatch(t, e) })
			t.Run("upload", func(t *testing.T) { testUpload(t, e) })
		})
	}
}

func testDownloads(t *testing.T, e *env) {
	id := e.id("稽查费", 2023)
	base := "/projects/" + itoa(int(id))
	sh, err := e.st.LoadSheet(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	// Every reader of the project sees the buttons and gets the files;
	// without a Chinese font the PDF button says why it is disabled.
	pdfOK := testenv.Has(t, "a Chinese TrueType font", pdf.Available())
	pdfButton := `id="dl-pdf"`
	if !pdfOK {
		pdfButton = `id="pdf-missing"`
	}
	for _, user := range []string{"tianbao", "shenhe", "renshe", "caizheng", "admin"} {
		c := e.login(user)
		c.get(base).want(t, user+" project page", 200, `id="dl-docx"`, `id="dl-xlsx"`, pdfButton, `id="dl-html"`)
		c.get(base+"/evaluate").want(t, user+" evaluate page", 200, `id="dl-docx"`)
	}
	c := e.login("shenhe")
	want := map[string]string{
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"pdf":  "application/pdf",
		"html": "text/html; charset=utf-8",
	}
	if !pdfOK {
		delete(want, "pdf")
		c.get(base+"/download?format=pdf").want(t, "pdf without a font", 503)
	}
	for f, ctype := range want {
		res := c.file(base + "/download?format=" + f)
		if res.code != 200 || res.h.Get("Content-Type") != ctype {
			t.Fatalf("%s: %d %q", f, res.code, res.h.Get("Content-Type"))
		}
		cd := res.h.Get("Content-Disposition")
		if !strings.Contains(cd, "filename*=UTF-8''2023_"+url.PathEscape("稽查费")) || !strings.HasSuffix(cd, "."+f) {
			t.Errorf("%s: Content-Disposition %q", f, cd)
		}
		switch f {
		case "pdf":
			if !bytes.HasPrefix(res.body, []byte("%PDF")) {
				t.Errorf("pdf starts %q", res.body[:min(8, len(res.body))])
			}
		case "html":
			if !strings.Contains(string(res.body), "稽查费") || !strings.HasPrefix(cd, "inline") {
				t.Errorf("html: %q", cd)
			}
		default:
			// The file reads back with the project's rows.
			imp, err := importer.Read("x."+f, bytes.NewReader(res.body), int64(len(res.body)), report.Options{})
			if err != nil {
				t.Fatalf("%s reads back: %v", f, err)
			}
			rep := imp.Reports[0]
			if rep.Project != "稽查费" || rep.Year != 2023 || len(rep.Sheet.Rows) != len(sh.Rows) {
				t.Fatalf("%s read back: %q %d, %d rows, want %d", f, rep.Project, rep.Year, len(rep.Sheet.Rows), len(sh.Rows))
			}
			for i, row := range rep.Sheet.Rows {
				if row.Level3 != sh.Rows[i].Level3 || row.Actual.String() != sh.Rows[i].Actual || row.Score != sh.Rows[i].Score {
					t.Errorf("%s row %d: %q %q %s, stored %q %q %s", f, i, row.Level3, row.Actual.String(), row.Score,
						sh.Rows[i].Level3, sh.Rows[i].Actual, sh.Rows[i].Score)
				}
			}
		}
	}
	c.get(base+"/download?format=exe").want(t, "unknown format", 400)
	// Another unit's filer gets nothing; nor does a town clerk.
	e.login("jiuye").get(base+"/download?format=xlsx").want(t, "other unit", 403)
	e.login("rucheng").get(base+"/download?format=xlsx").want(t, "clerk", 403)
	// Only the filer in draft sees the upload link.
	e.login("tianbao").get(base).want(t, "filer, reviewed sheet", 200)
	if strings.Contains(e.login("tianbao").get(base).body, `id="import-link"`) {
		t.Error("import link on a reviewed sheet")
	}
	e.login("tianbao").get("/projects/"+itoa(int(e.id("印刷费用", 2024)))).want(t, "filer, draft", 200, `id="import-link"`)
}

func zipNames(t *testing.T, b []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

func countPrefix(names []string, prefix string) int {
	n := 0
	for _, x := range names {
		if strings.HasPrefix(x, prefix) {
			n++
		}
	}
	return n
}

func testBatch(t *testing.T, e *env) {
	ctx := context.Background()
	center := e.id("稽查费", 2023)
	p, err := e.st.Project(ctx, center)
	if err != nil {
		t.Fatal(err)
	}
	n2023, err := e.st.CountProjects(ctx, store.ProjectFilter{Year: 2023, UnitIDs: []int64{p.UnitID}})
	if err != nil {
		t.Fatal(err)
	}
	all2023, err := e.st.CountProjects(ctx, store.ProjectFilter{Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	filer := e.login("tianbao")
	filer.get("/projects?year=2023").want(t, "overview buttons", 200, `id="dl-zip"`, `id="dl-summary"`)
	res := filer.file("/projects/download?year=2023&what=zip")
	if res.code != 200 || res.h.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d %q %s", res.code, res.h.Get("Content-Type"), res.body)
	}
	names := zipNames(t, res.body)
	formats := []string{"docx/", "xlsx/", "pdf/"}
	if !testenv.Has(t, "a Chinese TrueType font", pdf.Available()) {
		formats = formats[:2]
		if countPrefix(names, "pdf/") != 0 {
			t.Errorf("zip holds PDFs without a font: %v", names)
		}
	}
	for _, f := range formats {
		if got := countPrefix(names, f); got != n2023 {
			t.Errorf("zip %s: %d entries, want one per project (%d): %v", f, got, n2023, names)
		}
	}
	if countPrefix(names, "汇总.xlsx") != 1 {
		t.Errorf("zip lacks 汇总.xlsx: %v", names)
	}
	// The other unit's filer asks for the center's unit: gets only its own.
	res = e.login("jiuye").file("/projects/download?year=2023&unit=" + strconv.FormatInt(p.UnitID, 10) + "&what=zip")
	if res.code == 200 {
		for _, n := range zipNames(t, res.body) {
			if strings.Contains(n, "稽查费") {
				t.Errorf("other unit's zip holds %s", n)
			}
		}
	} else if res.code != 404 {
		t.Errorf("other unit's zip: %d", res.code)
	}
	// Finance: the year's summary of every unit, one row per project.
	fin := e.login("caizheng")
	fin.get("/finance?year=2023").want(t, "finance buttons", 200, `id="dl-summary"`)
	res = fin.file("/finance/download?year=2023&what=summary")
	if res.code != 200 || res.h.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("summary: %d %s", res.code, res.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("汇总")
	if err != nil {
		t.Fatal(err)
	}
	found, projects := false, 0
	for _, r := range rows {
		if len(r) > 10 && r[2] == "稽查费" {
			found = true
			if r[1] != p.UnitName || r[10] != "财政已复核" || r[9] == "" {
				t.Errorf("summary row %q", r)
			}
		}
		if len(r) > 3 && r[3] == "2023" {
			projects++
		}
	}
	if !found || projects != all2023 {
		t.Errorf("summary: found %v, %d project rows, want %d: %q", found, projects, all2023, rows)
	}
	res = fin.file("/finance/download?year=2023&what=zip")
	if names := zipNames(t, res.body); countPrefix(names, "docx/") != all2023 {
		t.Errorf("finance zip: %d docx, want %d", countPrefix(names, "docx/"), all2023)
	}
	fin.get("/finance/download?year=2023&what=nothing").want(t, "bad what", 400)
	e.login("shenhe").get("/finance/download?year=2023&what=zip").want(t, "approver on finance download", 403)
}

func testUpload(t *testing.T, e *env) {
	ctx := context.Background()
	id := e.id("印刷费用", 2024) // a draft with declared targets
	base := "/projects/" + itoa(int(id))
	filer := e.login("tianbao")
	filer.get(base+"/import").want(t, "import page", 200, `id="upload-form"`)
	e.login("shenhe").get(base+"/import").want(t, "approver", 403)
	e.login("jiuye").get(base+"/import").want(t, "other unit's filer", 403)
	// A reviewed sheet cannot be imported into.
	reviewed := "/projects/" + itoa(int(e.id("稽查费", 2023)))
	filer.upload(reviewed+"/import", "a.xlsx", []byte("x"), nil).want(t, "import into reviewed", 403)

	before, _ := e.st.LoadSheet(ctx, id)
	// 1. Actuals and scores filled in: the preview shows the changed rows.
	data := sheetXLSX(t, e, id, func(sh *store.Sheet) {
		for i := range sh.Rows {
			sh.Rows[i].Actual, sh.Rows[i].Score, sh.Rows[i].HasScore = sh.Rows[i].Target, sh.Rows[i].Weight, true
		}
		sh.Rows[0].Actual, sh.Rows[0].Score, sh.Rows[0].Basis = "导入值", sh.Rows[0].Weight/2, "导入测试扣分"
	})
	res := filer.upload(base+"/import", "印刷费用.xlsx", data, nil)
	res.want(t, "preview", 200, `id="import-preview"`, `id="n-changed">`+itoa(len(before.Rows))+`<`, `id="n-added">0<`, "导入值", "导入测试扣分", `id="confirm-import"`)
	if after, _ := e.st.LoadSheet(ctx, id); after.Project.Version != before.Project.Version {
		t.Fatal("the preview saved")
	}
	form := formOf(t, res.body)
	form.Set("action", "confirm")
	filer.post(base+"/import/confirm", form).want(t, "confirm", 303)
	after, _ := e.st.LoadSheet(ctx, id)
	if after.Rows[0].Actual != "导入值" || after.Rows[0].Basis != "导入测试扣分" || !after.Rows[0].HasScore || after.Rows[0].ID != before.Rows[0].ID {
		t.Fatalf("saved row %+v", after.Rows[0])
	}
	events, _ := e.st.Events(ctx, id, 100)
	var audited bool
	for _, ev := range events {
		if ev.Action == "import" && ev.Field == before.Rows[0].Level3+".实际完成值" && ev.Old == before.Rows[0].Actual && ev.New == "导入值" && ev.Note == "印刷费用.xlsx" {
			audited = true
		}
	}
	if !audited {
		t.Errorf("no audit event for the import: %+v", events[:min(5, len(events))])
	}
	filer.get(base).want(t, "audit trail shown", 200, "导入文件", "导入值")
	// The token is spent.
	filer.post(base+"/import/confirm", form).want(t, "token reused", 410, "上传已过期")

	// 2. Rows added and removed while the targets are declared: shown, not saved.
	data = sheetXLSX(t, e, id, func(sh *store.Sheet) {
		sh.Rows = sh.Rows[1:]
		sh.Rows = append(sh.Rows, store.Indicator{Level1: "产出指标", Level2: "数量指标", Level3: "新增测试指标", Target: "≥10份", Weight: 0})
	})
	res = filer.upload(base+"/import", "b.xlsx", data, nil)
	res.want(t, "declared preview", 200, `id="n-added">1<`, `id="n-removed">1<`, "新增测试指标", "绩效目标已申报，须先撤回申报才能修改。")
	if strings.Contains(res.body, `id="confirm-import"`) {
		t.Error("confirm offered while the targets are declared")
	}
	form = formOf(t, res.body)
	form.Set("action", "confirm")
	filer.post(base+"/import/confirm", form).want(t, "declared confirm", 422)

	// 3. A stale version: someone saves between preview and confirmation.
	res = filer.upload(base+"/import", "c.xlsx", sheetXLSX(t, e, id, func(sh *store.Sheet) { sh.Rows[1].Actual = "过期值" }), nil)
	res.want(t, "preview c", 200, "过期值")
	form = formOf(t, res.body)
	form.Set("action", "confirm")
	cur, _ := e.st.Project(ctx, id)
	if _, err := e.st.Edit(ctx, id, cur.Version, 1, "monitor", "", func(sh *store.Sheet) error {
		sh.Project.MonitorReason = "并发修改"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	filer.post(base+"/import/confirm", form).want(t, "stale", 409, "此表已被他人修改")
	if sh, _ := e.st.LoadSheet(ctx, id); sh.Rows[1].Actual == "过期值" {
		t.Error("stale import saved")
	}

	// 4. A corrupt file and a file that is not a form: errors, nothing saved.
	cur, _ = e.st.Project(ctx, id)
	filer.upload(base+"/import", "bad.xlsx", []byte("PK\x03\x04 this is not a zip"), nil).want(t, "corrupt", 422, `id="import-errors"`, "zip 容器损坏")
	filer.upload(base+"/import", "empty.xlsx", nil, nil).want(t, "empty", 422, `id="import-errors"`)
	bad := sheetXLSX(t, e, id, func(*store.Sheet) {})
	wb, err := excelize.OpenReader(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("评分表")
	for r, row := range rows {
		for c, v := range row {
			if v == "权重" {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+3)
				wb.SetCellStr("评分表", cell, "满分")
			}
		}
	}
	var buf bytes.Buffer
	wb.WriteTo(&buf)
	res = filer.upload(base+"/import", "text-in-number.xlsx", buf.Bytes(), nil)
	res.want(t, "text in a number cell", 422, `id="import-errors"`, "评分表", "满分")
	filer.post(base+"/import", url.Values{}).want(t, "no file", 422, "请选择要上传的文件")
	if p, _ := e.st.Project(ctx, id); p.Version != cur.Version {
		t.Error("a bad file changed the project")
	}

	// 5. Two sheets that look like a 评分表: the user chooses, then sees the preview.
	wb, _ = excelize.OpenReader(bytes.NewReader(sheetXLSX(t, e, id, func(sh *store.Sheet) { sh.Rows[1].Actual = "第二张" })))
	idx, err := wb.NewSheet("评分表（二）")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := wb.GetSheetIndex("评分表")
	if err := wb.CopySheet(src, idx); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	wb.WriteTo(&buf)
	res = filer.upload(base+"/import", "two.xlsx", buf.Bytes(), nil)
	res.want(t, "ambiguous", 200, `id="sheet-choice"`, "评分表（二）", "多个工作表像评分表")
	tm := tokenRE.FindStringSubmatch(res.body)
	if tm == nil {
		t.Fatal("no token in the choice")
	}
	if p, _ := e.st.Project(ctx, id); p.Version != cur.Version {
		t.Error("an ambiguous file changed the project")
	}
	filer.post(base+"/import", url.Values{"token": {tm[1]}, "sheet": {"评分表（二）"}}).want(t, "chosen sheet", 200, `id="import-preview"`, "第二张")
	// Another user cannot use the token.
	e.login("jiuye").post(base+"/import", url.Values{"token": {tm[1]}, "sheet": {"评分表"}}).want(t, "foreign token", 403)

	// 6. Withdraw the declaration: added and removed rows are saved.
	p, _ := e.st.Project(ctx, id)
	filer.post(base+"/targets/declare", url.Values{"version": {strconv.FormatInt(p.Version, 10)}, "action": {"withdraw"}}).want(t, "withdraw", 303)
	res = filer.upload(base+"/import", "b.xlsx", sheetXLSX(t, e, id, func(sh *store.Sheet) {
		sh.Rows = sh.Rows[1:]
		sh.Rows = append(sh.Rows, store.Indicator{Level1: "产出指标", Level2: "数量指标", Level3: "新增测试指标", Target: "≥10份", Weight: 0})
	}), nil)
	res.want(t, "preview b", 200, `id="n-added">1<`, `id="n-removed">1<`, `id="confirm-import"`)
	form = formOf(t, res.body)
	form.Set("action", "confirm")
	filer.post(base+"/import/confirm", form).want(t, "confirm b", 303)
	sh, _ := e.st.LoadSheet(ctx, id)
	if len(sh.Rows) != len(before.Rows) || sh.Rows[len(sh.Rows)-1].Level3 != "新增测试指标" || sh.Rows[0].Level3 == before.Rows[0].Level3 {
		t.Errorf("rows after import: %d, last %q", len(sh.Rows), sh.Rows[len(sh.Rows)-1].Level3)
	}
	// Cancel drops the pending upload and saves nothing.
	res = filer.upload(base+"/import", "c.xlsx", sheetXLSX(t, e, id, func(sh *store.Sheet) { sh.Rows[0].Actual = "取消值" }), nil)
	form = formOf(t, res.body)
	form.Set("action", "cancel")
	filer.post(base+"/import/confirm", form).want(t, "cancel", 303)
	if sh, _ := e.st.LoadSheet(ctx, id); sh.Rows[0].Actual == "取消值" {
		t.Error("cancelled import saved")
	}
}
