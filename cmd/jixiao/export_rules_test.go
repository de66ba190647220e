package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// `export --rules` writes rule-set files a user can read and edit, and that
// `--rules FILE` reads back to the same scores.
func TestExportRulesCLI(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd("export", "--rules", "fasp2")
	if code != 0 || !strings.Contains(stdout, "reverse") || !strings.Contains(stdout, "linear") || !strings.Contains(stdout, "# ") {
		t.Fatalf("fasp2 to stdout: %d %s %s", code, stdout, stderr)
	}
	f := filepath.Join(dir, "fasp2.rules")
	if code, _, stderr := runCmd("export", "--rules", "fasp2", "--out", f); code != 0 {
		t.Fatalf("--out: %s", stderr)
	}
	data, _ := os.ReadFile(f)
	back, err := project.LoadRuleSet(f)
	if err != nil || back.Reverse != eval.ReverseLinear || back.Name != "fasp2" {
		t.Fatalf("read back: %+v %v\n%s", back, err, data)
	}
	// an edited copy is a rule set of its own
	edited := strings.Replace(string(data), "execution_min    = 90%", "execution_min    = 80%", 1)
	os.WriteFile(f, []byte(edited), 0o644)
	if rs, err := project.LoadRuleSet(f); err != nil || rs.ExecutionMin != 8000 {
		t.Fatalf("edited: %+v %v\n%s", rs, err, edited)
	}
	// several → a directory; a file given is exported as read
	out := filepath.Join(dir, "sets")
	if code, _, stderr := runCmd("export", "--rules", "default,"+f, "--out", out); code != 0 {
		t.Fatalf("two sets: %s", stderr)
	}
	if names, _ := filepath.Glob(filepath.Join(out, "*.rules")); len(names) != 2 {
		t.Errorf("files %v", names)
	}
	for _, bad := range [][]string{{"--rules", "nosuch"}, {"--rules", "default,fasp2"}, {"--rules", "used"}, {"--rules", "fasp2", "--format", "pdf"}, {"--rules", "fasp2", "--db", "x.db"}} {
		if code, _, stderr := runCmd(append([]string{"export"}, bad...)...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d %q", bad, code, stderr)
		}
	}
}

// `export --rules used --db` exports the rule sets the projects are
// scored by, once each.
func TestExportRulesInUse(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.DSN(t, d)
			ctx := context.Background()
			st, err := project.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			unit, err := st.CreateUnit(ctx, 0, "社保中心", store.KindUnit)
			if err != nil {
				t.Fatal(err)
			}
			for i, rs := range []string{"fasp2", "", "fasp2", "caiyu-2020-10"} {
				p := store.Project{UnitID: unit, Year: 2024, Name: "项目" + string(rune('甲'+i)), RuleSet: rs}
				if _, err := st.CreateProject(ctx, p, nil, 0); err != nil {
					t.Fatal(err)
				}
			}
			st.Close()
			out := filepath.Join(t.TempDir(), "used")
			code, stdout, stderr := runCmd("export", "--rules", "used", "--db", db, "--out", out)
			if code != 0 {
				t.Fatalf("%d %s", code, stderr)
			}
			names, _ := filepath.Glob(filepath.Join(out, "*.rules"))
			if len(names) != 2 || !strings.Contains(stdout, "fasp2.rules") || !strings.Contains(stdout, "caiyu-2020-10.rules") {
				t.Errorf("files %v, stdout %s", names, stdout)
			}
		})
	}
}
