package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/cnid"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

func TestPublication(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			fin := e.login("caizheng")
			fin.get("/finance/publish?year=2023").want(t, "page", http.StatusOK, `id="publish-table"`, "稽查费")
			id := itoa(int(e.id("稽查费", 2023)))
			path := "/finance/publish/" + id
			fin.post(path, url.Values{"kind": {"evaluation"}, "published": {"1"}, "date": {"2024-08-01"}}).
				want(t, "no place", http.StatusUnprocessableEntity, "公开日期和公开位置")
			fin.post(path, url.Values{"kind": {"targets"}, "published": {"0"}}).
				want(t, "no reason", http.StatusUnprocessableEntity, "未公开须说明理由")
			for _, f := range []url.Values{
				{"kind": {"evaluation"}, "published": {"1"}, "date": {"2024-08-01"}, "place": {"如皋市政府网 财政预决算栏目"}},
				{"kind": {"targets"}, "published": {"0"}, "reason": {"涉密项目"}},
			} {
				if res := fin.post(path, f); res.code != http.StatusSeeOther {
					t.Fatalf("record %v: %d %s", f, res.code, res.body)
				}
			}
			fin.get("/finance/publish?year=2023").want(t, "recorded", http.StatusOK, "如皋市政府网 财政预决算栏目", "涉密项目")
			// The publication version is a Word document with no ID number.
			f := fin.file(path + "/download")
			if f.code != http.StatusOK || !strings.Contains(f.h.Get("Content-Disposition"), "%E5%85%AC%E5%BC%80%E7%89%88") {
				t.Fatalf("download: %d %v", f.code, f.h)
			}
			found := strings.Contains(docxDocument(t, f.body), "稽查费")
			if !found {
				t.Error("the publication version lacks the project")
			}
		})
	}
}

// TestUnitPublication: a unit records the publication of its own
// projects (谁评价谁公开) and sees no other unit's; the target sheet's
// publication version has the indicators and no ID number.
func TestUnitPublication(t *testing.T) {
	e := newEnv(t, "sqlite")
	id := e.id("稽查费", 2023)
	sid := itoa(int(id))
	filer := e.login("tianbao")
	filer.get("/publish?year=2023").want(t, "unit page", http.StatusOK, `id="publish-table"`, "稽查费", `action="/publish/`+sid+`"`)
	other := e.login("jiuye")
	if strings.Contains(other.get("/publish?year=2023").body, "稽查费") {
		t.Error("another unit sees the project")
	}
	if got := other.post("/publish/"+sid, url.Values{"kind": {"evaluation"}, "published": {"0"}, "reason": {"x"}}); got.code != http.StatusForbidden {
		t.Errorf("another unit records: %d", got.code)
	}
	if res := filer.post("/publish/"+sid, url.Values{"kind": {"evaluation"}, "published": {"1"}, "date": {"2024-09-10"}, "place": {"单位门户网站 信息公开"}}); res.code != http.StatusSeeOther {
		t.Fatalf("unit records: %d %s", res.code, res.body)
	}
	pubs, _ := e.st.Publications(t.Context(), 2023)
	if p := pubs[id]["evaluation"]; !p.Published || p.Place != "单位门户网站 信息公开" || p.UserName == "" {
		t.Errorf("recorded %+v", p)
	}
	e.login("caizheng").get("/publish?year=2023").want(t, "bureau sees it", http.StatusOK, "单位门户网站 信息公开")

	// An ID number in the project's description is removed from the targets' public version.
	body := "110101199003071234"
	c, _ := cnid.CheckChar(body[:17])
	idn := body[:17] + string(c)
	sh, err := e.st.LoadSheet(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Edit(t.Context(), id, sh.Project.Version, 0, store.ActionProject, "", func(s *store.Sheet) error {
		s.Project.Nature = "联系人身份证 " + idn + "，电话 13912345678"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	f := filer.file("/publish/" + sid + "/targets")
	if f.code != http.StatusOK {
		t.Fatalf("targets version %d", f.code)
	}
	doc := docxDocument(t, f.body)
	if strings.Contains(doc, idn) || strings.Contains(doc, "13912345678") || !strings.Contains(doc, "[身份证号已删除]") {
		t.Errorf("ID or phone left in the public version")
	}
	for _, w := range []string{"2023 年度稽查费绩效目标表", sh.Rows[0].Level3, sh.Rows[0].Target} {
		if !strings.Contains(doc, w) {
			t.Errorf("targets version lacks %q", w)
		}
	}
	if got := other.file("/publish/" + sid + "/targets"); got.code != http.StatusForbidden {
		t.Errorf("another unit downloads: %d", got.code)
	}
}
