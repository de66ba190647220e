package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/demo"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// docxText is the flattened text of an exported .docx.
func docxText(t *testing.T, data string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a .docx: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			b = regexp.MustCompile(`<[^>]*>`).ReplaceAll(b, nil)
			return string(bytes.Join(bytes.Fields(b), nil))
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestSigners: a unit's filer sets the names of the signature block; every
// document the unit's projects export then carries them, with the day the
// project was submitted; the administrator sets another unit's; the trail
// keeps the change.
func TestSigners(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		units, err := e.st.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		unit := map[string]int64{}
		for _, u := range units {
			unit[u.Name] = u.ID
		}
		ps, err := e.st.Projects(ctx, store.ProjectFilter{UnitIDs: []int64{unit[demo.Center]}})
		if err != nil {
			t.Fatal(err)
		}
		var draft, sent store.Project
		for _, p := range ps {
			if p.Status == workflow.StatusDraft {
				draft = p
			} else {
				sent = p
			}
		}
		if draft.ID == 0 || sent.ID == 0 {
			t.Fatalf("fixture: the center needs a draft and a submitted project (%d projects)", len(ps))
		}
		filer := e.login("tianbao")
		filer.get("/signers").want(t, "page", 200, demo.Center, `id="s-head"`, "单位负责人：____________")
		filer.post("/signers", url.Values{"head": {"李强"}, "filer": {"张敏"}, "phone": {"abc"}}).want(t, "bad phone", 422, "电话号码只能含数字")
		filer.post("/signers", url.Values{"head": {"李强"}, "filer": {"张敏"}, "phone": {"0513-87512345"}}).want(t, "save", 303)
		filer.get("/signers").want(t, "saved", 200, "单位负责人：李强", "联系电话：0513-87512345")

		doc := docxText(t, filer.get(fmt.Sprintf("/projects/%d/download?format=docx", sent.ID)).body)
		for _, want := range []string{"单位负责人：李强", "填报人：张敏", "联系电话：0513-87512345"} {
			if !strings.Contains(doc, want) {
				t.Errorf("submitted project's .docx lacks %q", want)
			}
		}
		if !regexp.MustCompile(`填报日期：\d{4}年\d{1,2}月\d{1,2}日`).MatchString(doc) {
			t.Error("submitted project's .docx has no 填报日期")
		}
		doc = docxText(t, filer.get(fmt.Sprintf("/projects/%d/download?format=docx", draft.ID)).body)
		if !strings.Contains(doc, "单位负责人：李强") || !strings.Contains(doc, "填报日期：____") {
			t.Error("a draft's .docx: names missing, or a 填报日期 before any submission")
		}
		html := filer.get(fmt.Sprintf("/projects/%d/download?format=html", sent.ID)).body
		if !strings.Contains(html, "填报人：张敏") {
			t.Error("the print version lacks the names")
		}

		// another unit's names stay its own; the administrator sets them
		jobs := unit[demo.Jobs]
		if g, _ := e.st.UnitSigners(ctx, jobs); g != (store.Signers{}) {
			t.Fatalf("another unit got the names: %+v", g)
		}
		adm := e.login("admin")
		adm.get(fmt.Sprintf("/signers?unit=%d", jobs)).want(t, "admin page", 200, demo.Jobs)
		adm.post(fmt.Sprintf("/signers?unit=%d", jobs), url.Values{"head": {"赵主任"}}).want(t, "admin save", 303)
		if g, _ := e.st.UnitSigners(ctx, jobs); g.Head != "赵主任" {
			t.Fatalf("admin's save: %+v", g)
		}
		trail, err := e.st.SearchTrail(ctx, store.TrailFilter{Action: store.ActionUnitSigners, Limit: 10})
		if err != nil || len(trail) != 2 || !strings.Contains(trail[len(trail)-1].New, "李强") {
			t.Fatalf("trail of the names: %d rows %v", len(trail), err)
		}
	})
}
