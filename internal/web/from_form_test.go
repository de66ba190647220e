package web

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/store/storetest"
	"jixiao/internal/validate"
)

// specXLSX writes a test form as a unit's .xlsx: its cells, numbers as
// numbers, its merged ranges.
func specXLSX(t testing.TB, s *reporttest.FormSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range s.Cells {
		for c, v := range row {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var val any = v
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				val = n
			}
			if err := f.SetCellValue("Sheet1", cell, val); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range s.Merges {
		a, _ := excelize.CoordinatesToCellName(m.Left+1, m.Top+1)
		b, _ := excelize.CoordinatesToCellName(m.Right+1, m.Bottom+1)
		if err := f.MergeCell("Sheet1", a, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var projectRE = regexp.MustCompile(`^/projects/(\d+)$`)

// TestCreateFromForm: a unit's filled-in 附件1 form uploaded on the
// new-project page makes a project with the form's name, year, budget,
// indicators, 年度总体目标 and funds row; the same form again, a form with
// no year and an unreadable file make none and say why.
func TestCreateFromForm(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			filer := e.login("tianbao")
			data := specXLSX(t, reporttest.NationalForm(false))
			res := filer.upload("/projects/from-form", "附件1.xlsx", data, nil)
			res.want(t, "create", 303)
			m := projectRE.FindStringSubmatch(res.location)
			if m == nil {
				t.Fatalf("redirected to %q", res.location)
			}
			id, _ := strconv.ParseInt(m[1], 10, 64)
			sh, err := e.st.LoadSheet(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			p := sh.Project
			if p.Name != "被征地农民基本生活保障资金" || p.Year != 2023 || p.Budget[eval.SourceLocal].String() != "432000.00" || len(sh.Rows) != 5 {
				t.Fatalf("project %q %d budget %v rows %d", p.Name, p.Year, p.Budget, len(sh.Rows))
			}
			rep := project.Report(&sh)
			if rep.Layout != eval.LayoutNational || rep.Code != "51068223T000001234567" || rep.Sheet.Execution == nil || rep.Sheet.Execution.Weight != eval.P(10) ||
				rep.Goals.Expected == "" || rep.Department != "如皋市人力资源和社会保障局" {
				t.Fatalf("form fields: %+v", rep)
			}
			filer.get(res.location).want(t, "project page", 200, `id="national-form"`, "被征地农民基本生活保障资金", "保障金发放人数")
			filer.upload("/projects/from-form", "again.xlsx", data, nil).want(t, "again", 422, `id="from-form-errors"`, "已有项目")
			noYear := reporttest.NationalForm(false)
			noYear.Cells[2][0] = "" // the （2023年度） line
			filer.upload("/projects/from-form", "noyear.xlsx", specXLSX(t, noYear), nil).want(t, "no year", 422, "没有年度")
			long := reporttest.NationalForm(false)
			long.Cells[3][1] = "51068223T000001234567-" + strings.Repeat("名", validate.MaxField+1)
			filer.upload("/projects/from-form", "long.xlsx", specXLSX(t, long), nil).want(t, "long name", 422, "项目名称过长（最多 200 字）")
			filer.upload("/projects/from-form", "bad.xlsx", []byte("PK\x03\x04 not a zip"), nil).want(t, "bad file", 422, `id="from-form-errors"`, "zip")
			// The Sichuan form pasted as text, one cell per line.
			var cells []string
			sc := reporttest.SichuanForm(false)
			for _, row := range sc.Cells {
				for _, c := range row {
					if c != "" {
						cells = append(cells, c)
					}
				}
			}
			res = filer.upload("/projects/from-form", "", nil, url.Values{"text": {strings.Join(cells, "\n")}})
			res.want(t, "pasted text", 303)
			filer.get(res.location).want(t, "pasted project", 200, "政法队伍建设经费", "办结案件数")
			e.login("shenhe").upload("/projects/from-form", "附件1.xlsx", data, nil).want(t, "approver", 403)
		})
	}
}

// TestBrowserCreateFromForm: in Chromium, a filer picks a form file on the
// new-project page and lands on the new project's page with the form read.
func TestBrowserCreateFromForm(t *testing.T) {
	e := newEnv(t, "sqlite")
	b := newBrowser(t, e)
	b.login("tianbao")
	form := filepath.Join(t.TempDir(), "四川自评表.xlsx")
	if err := os.WriteFile(form, specXLSX(t, reporttest.SichuanForm(false)), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("/projects/new")
	b.do(chromedp.WaitVisible(chromedp.ID("create-from-form")),
		chromedp.SetUploadFiles(chromedp.ID("from-form-file"), []string{form}),
		chromedp.Click(chromedp.ID("create-from-form")),
		chromedp.WaitVisible(chromedp.ID("national-form")))
	b.waitText("#national-form", "青神县委政法委员会")
	b.waitText("main", "政法队伍建设经费")
	b.shot("30-project-from-form")
}
