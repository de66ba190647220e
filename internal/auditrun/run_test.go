package auditrun

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// TestQualityOnGeneratedMonth runs the whole pipeline on a generated month
// with every kind of injected error and checks recall, precision and the
// overpaid amounts against the ground truth.
func TestQualityOnGeneratedMonth(t *testing.T) {
	dir := t.TempDir()
	g := auditgen.New(auditgen.Config{Seed: 7, Recipients: 40000, Deaths: 2000, NoiseDeaths: 2000, Other: 5000, Duplicates: 300, Hardship: 1000})
	files, _, err := g.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Rolls: []string{files.Roll}, Deaths: []string{files.Deaths}, Others: []string{files.Other},
		Hardship: []string{files.Hardship}, Enrolled: []string{files.Enrolled}, Daijiao: []string{files.Daijiao},
		AsOf: g.Config().AsOf}
	run, err := Execute(cfg, Checks{Deaths: true, Duplicates: true, Coverage: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]auditgen.TrueDeath{}
	for _, td := range g.TrueDeaths() {
		truth[td.RollID] = td
	}
	found := map[string]audit.Finding{}
	confirmed, confirmedTrue, review, reviewFalse := 0, 0, 0, 0
	for _, f := range run.Deaths {
		found[f.Roll.ID] = f
		if f.Confidence == audit.Confirmed {
			confirmed++
			if _, ok := truth[f.Roll.ID]; ok {
				confirmedTrue++
			} else {
				t.Errorf("false confirmed: %s %s %s %s", cnid.Mask(f.Roll.ID), f.Roll.Name, f.Kind, f.Reason.EN)
			}
		} else {
			review++
			if _, ok := truth[f.Roll.ID]; !ok {
				reviewFalse++
			}
		}
	}
	hit, exactBaseline := 0, 0
	byErr := map[string][2]int{}
	for id, td := range truth {
		f, ok := found[id]
		e := byErr[td.Errors]
		e[1]++
		if ok {
			hit++
			e[0]++
			if f.Confidence == audit.Confirmed && (f.Overpaid != td.Overpaid || f.OverpaidMonths != td.OverpaidMonths) {
				t.Errorf("%s: overpaid %d months %s, truth %d months %s", td.Errors, f.OverpaidMonths, f.Overpaid, td.OverpaidMonths, td.Overpaid)
			}
		}
		byErr[td.Errors] = e
		if td.Errors == "none" || strings.HasPrefix(td.Errors, "name_") {
			exactBaseline++ // a VLOOKUP on the ID as written finds these
		}
	}
	recall := float64(hit) / float64(len(truth))
	precision := float64(confirmedTrue) / float64(max(confirmed, 1))
	t.Logf("true deaths %d, found %d (recall %.4f), confirmed %d (precision %.4f), review %d (%d not true deaths), exact-ID baseline recall %.4f",
		len(truth), hit, recall, confirmed, precision, review, reviewFalse, float64(exactBaseline)/float64(len(truth)))
	for k, v := range byErr {
		t.Logf("  %-30s %d/%d", k, v[0], v[1])
	}
	if recall < 0.995 {
		t.Errorf("recall %.4f < 0.995", recall)
	}
	if precision < 0.999 {
		t.Errorf("precision %.4f < 0.999", precision)
	}

	// duplicates: every excluded pair found, no allowed pair reported
	wantDup := map[string]bool{}
	for j := 0; j < 300; j++ {
		d := g.Duplicate(j)
		if d.Excluded {
			wantDup[d.RollID] = true
		}
	}
	gotDup := map[string]bool{}
	for _, d := range run.Duplicates {
		gotDup[d.Roll.ID] = true
		if !wantDup[d.Roll.ID] {
			t.Errorf("unexpected duplicate %s %s/%s", cnid.Mask(d.Roll.ID), d.Roll.Scheme, d.Other.Scheme)
		}
		if d.Overpaid != money.Fen(d.OverpaidMonths)*d.Roll.Monthly || d.OverpaidMonths <= 0 {
			t.Errorf("duplicate overpaid %d × %s = %s", d.OverpaidMonths, d.Roll.Monthly, d.Overpaid)
		}
	}
	if len(gotDup) != len(wantDup) {
		t.Errorf("duplicates found %d, want %d", len(gotDup), len(wantDup))
	}

	// coverage against truth_coverage.csv
	tc, _ := os.ReadFile(filepath.Join(dir, "truth_coverage.csv"))
	wantCov := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(tc)), "\n")[1:] {
		p := strings.Split(l, ",")
		wantCov[p[0]] = p[2]
	}
	gotCov := map[string]string{}
	for _, c := range run.Coverage {
		gotCov[c.Member.ID] = string(c.Kind)
	}
	for id, k := range wantCov {
		if gotCov[id] != k {
			t.Errorf("coverage %s: got %q want %q", cnid.Mask(id), gotCov[id], k)
		}
	}
	if len(gotCov) != len(wantCov) {
		t.Errorf("coverage findings %d, want %d", len(gotCov), len(wantCov))
	}
	s := run.Summarize()
	if s.RowsRead == 0 || s.Confirmed == 0 || s.OverpaidConfirmed <= 0 {
		t.Errorf("summary %+v", s)
	}
}

func TestRejectedFileFailsRun(t *testing.T) {
	dir := t.TempDir()
	roll := filepath.Join(dir, "roll.csv")
	os.WriteFile(roll, []byte("身份证号,姓名,月待遇\n32068219450101123X,张三,215\n"), 0o644)
	bad := filepath.Join(dir, "deaths.csv")
	os.WriteFile(bad, []byte("foo,bar\n1,2\n"), 0o644)
	_, err := Execute(Config{Rolls: []string{roll}, Deaths: []string{bad}}, Checks{Deaths: true}, time.Now())
	if err == nil || !strings.Contains(err.Error(), "deaths.csv") {
		t.Fatalf("err = %v", err)
	}
}
