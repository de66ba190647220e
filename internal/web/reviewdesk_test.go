package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/store/storetest"
)

func TestReviewDesk(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			fin := e.login("caizheng")
			res := fin.get("/finance/reviewdesk?year=2023&sample=3&seed=5")
			res.want(t, "review desk", http.StatusOK, "复核工作台", `id="desk-ranking"`, `id="desk-sample"`, "sheet.contradiction", "维稳应诉费")
			// Three sampled rows, each linking to its project.
			sample := res.body[strings.Index(res.body, `id="desk-sample"`):strings.Index(res.body, `id="desk-ranking"`)]
			if n := strings.Count(sample, `<a href="/projects/`); n != 3 {
				t.Errorf("%d sampled rows, want 3", n)
			}
			// The same seed gives the same page.
			if again := fin.get("/finance/reviewdesk?year=2023&sample=3&seed=5"); again.body != res.body {
				t.Error("the same seed gave another page")
			}
			f := fin.file("/finance/reviewdesk/download?year=2023&sample=3&seed=5")
			if f.code != http.StatusOK || !strings.Contains(f.h.Get("Content-Disposition"), "attachment") {
				t.Fatalf("download: %d %v", f.code, f.h)
			}
			x, err := excelize.OpenReader(bytes.NewReader(f.body))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, err := x.GetRows("抽评样本")
			if err != nil || len(rows) != 2+3 {
				t.Fatalf("work list: %v %v", rows, err)
			}
			if got := e.login("tianbao").get("/finance/reviewdesk"); got.code != http.StatusForbidden {
				t.Errorf("a filer sees the review desk: %d", got.code)
			}
		})
	}
}
