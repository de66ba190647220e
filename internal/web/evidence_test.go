package web

import (
	"context"
	"fmt"
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
