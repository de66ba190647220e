package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

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
