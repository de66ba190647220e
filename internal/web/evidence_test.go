package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/auditdb"
	"jixiao/internal/eval"
	"jixiao/internal/store"
)

// TestEvidenceMismatchFinding: a written actual that disagrees with the
// rate computed from the data (here 追回率 from the recovery cases) is
// reported by the check evidence.mismatch among the findings of the
// self-evaluation and of the project page, and marked beside the row; an
// actual that agrees is not.
func TestEvidenceMismatchFinding(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	id := e.id("稽查费", 2024)
	rates, _, err := auditdb.Rates(ctx, e.st, store.CaseFilter{Year: 2024}, auditdb.TimelyDays(ctx, e.st))
	if err != nil || !rates.Recovery.OK {
		t.Fatalf("recovery rate %+v: %v", rates.Recovery, err)
	}
	computed := rates.Recovery.Percent()
	write := func(actual string) {
		t.Helper()
		p, err := e.st.Project(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Edit(ctx, id, p.Version, 0, store.ActionActuals, "", func(sh *store.Sheet) error {
			for i := range sh.Rows {
				if eval.Normalize(sh.Rows[i].Level3) == "追回率" {
					sh.Rows[i].Actual = actual
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	wrong := "100%"
	if computed == "100.00%" {
		wrong = "50%"
	}
	write(wrong)
	filer := e.login("tianbao")
	msg := "按业务数据计算为 " + computed
	filer.get(fmt.Sprintf("/projects/%d/evaluate", id)).want(t, "evaluate", 200, "evidence-mismatch", msg, "实际完成值写 "+wrong)
	filer.get(fmt.Sprintf("/projects/%d", id)).want(t, "project", 200, msg)
	en := e.login("tianbao")
	en.get("/lang/en")
	en.get(fmt.Sprintf("/projects/%d", id)).want(t, "project in English", 200, "the data give "+computed)

	write(strings.TrimSuffix(computed, "%") + "%") // as computed
	if body := filer.get(fmt.Sprintf("/projects/%d/evaluate", id)).body; strings.Contains(body, msg) || strings.Contains(body, "evidence-mismatch") {
		t.Error("an actual that agrees is reported")
	}
}

// TestEvidenceName: a rate whose name the matching does not recognise is
// mapped once to the rate computed from the data it is; the row is then
// offered that rate (and checked against it) in every project of that
// name, until the mapping is removed. Names not on the sheet and unknown
// rates are refused; only a filer who may edit the project sets it.
func TestEvidenceName(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	id := e.id("财政对城乡居民养老保险的补助", 2024)
	sh, err := e.st.LoadSheet(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	name := ""
	for _, r := range sh.Rows {
		if strings.HasPrefix(r.Level3, "应发尽发") {
			name = r.Level3
		}
	}
	if name == "" {
		t.Fatal("no 应发尽发率 row")
	}
	rates, _, err := auditdb.Rates(ctx, e.st, store.CaseFilter{Year: 2024}, auditdb.TimelyDays(ctx, e.st))
	if err != nil || !rates.Recovery.OK || rates.Recovery.Percent() == "100.00%" {
		t.Fatalf("recovery rate %+v: %v", rates.Recovery, err)
	}
	p, _ := e.st.Project(ctx, id)
	if _, err := e.st.Edit(ctx, id, p.Version, 0, store.ActionActuals, "", func(sh *store.Sheet) error {
		for i := range sh.Rows {
			if sh.Rows[i].Level3 == name {
				sh.Rows[i].Actual = "100%"
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/projects/%d", id)
	filer := e.login("tianbao")
	res := filer.get(path + "/evaluate")
	res.want(t, "evaluate", 200, `id="evidence-map-form"`)
	body := res.body
	if strings.Contains(body, "按业务数据计算为") {
		t.Fatal("a rate offered before the mapping")
	}
	e.login("jiuye").post(path+"/evidence-name", url.Values{"name": {name}, "indicator": {"追回率"}}).want(t, "other unit", 403)
	filer.post(path+"/evidence-name", url.Values{"name": {"不在本表"}, "indicator": {"追回率"}}).want(t, "unknown name", 303)
	filer.post(path+"/evidence-name", url.Values{"name": {name}, "indicator": {"随便什么率"}}).want(t, "unknown rate", 303)
	if m, _ := e.st.EvidenceNames(ctx); len(m) != 0 {
		t.Fatalf("refused mappings stored: %v", m)
	}
	filer.post(path+"/evidence-name", url.Values{"name": {name}, "indicator": {"追回率"}}).want(t, "map", 303)
	if m, _ := e.st.EvidenceNames(ctx); len(m) != 1 {
		t.Fatalf("mapping not stored: %v", m)
	}
	filer.get(path+"/evaluate").want(t, "mapped", 200, "按追回案件计算", rates.Recovery.Percent(), "按业务数据计算为 "+rates.Recovery.Percent(), "取消对应")
	filer.get(path).want(t, "project page", 200, "按业务数据计算为 "+rates.Recovery.Percent())
	filer.post(path+"/evidence-name", url.Values{"name": {name}, "indicator": {""}}).want(t, "clear", 303)
	if strings.Contains(filer.get(path+"/evaluate").body, "按业务数据计算为") {
		t.Error("the mapping outlived its removal")
	}
}
