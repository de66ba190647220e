package auditgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

func TestDeterministicAndValid(t *testing.T) {
	cfg := Config{Seed: 3, Recipients: 5000, Deaths: 400, NoiseDeaths: 200, Other: 1000, Duplicates: 50, Hardship: 100}
	a, b := New(cfg), New(cfg)
	ids := map[string]bool{}
	for i := 0; i < cfg.Recipients; i++ {
		r := a.Recipient(i)
		if r != b.Recipient(i) {
			t.Fatalf("row %d differs between two generators with one seed", i)
		}
		if !cnid.Valid18(r.ID) || ids[r.ID] {
			t.Fatalf("row %d: invalid or repeated ID %s", i, r.ID)
		}
		ids[r.ID] = true
		if !strings.HasPrefix(r.ID, "320682") && !strings.HasPrefix(r.ID, "320622") {
			t.Fatalf("a city month should hold 如皋 IDs, got %s", r.ID)
		}
		if r.Monthly <= 0 || r.Scheme == "" || r.Town == "" {
			t.Fatalf("row %d incomplete: %+v", i, r)
		}
	}
	kinds := map[string]int{}
	for _, td := range a.TrueDeaths() {
		kinds[td.Errors]++
		r := a.Recipient(indexOf(a, td.RollID))
		if td.Overpaid != money.Fen(td.OverpaidMonths)*r.Monthly {
			t.Errorf("truth amount %s ≠ %d × %s", td.Overpaid, td.OverpaidMonths, r.Monthly)
		}
	}
	for _, k := range []string{"none", "id_format", "id_15", "id_one_digit", "id_swapped", "name_homophone", "name_traditional", "name_spaces", "no_id", "old_address_code"} {
		if kinds[k] == 0 {
			t.Errorf("no injected error of kind %s in %v", k, kinds)
		}
	}
	if c := New(Config{Seed: 4, Recipients: 10}); c.Recipient(0) == a.Recipient(0) {
		t.Error("another seed gives the same person")
	}
}

func indexOf(g *Gen, id string) int {
	for _, i := range g.deathList {
		if g.person(i).ID == id {
			return i
		}
	}
	return -1
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	fs, st, err := New(Config{Seed: 1, Recipients: 300, Deaths: 20, NoiseDeaths: 10, Other: 50, Duplicates: 5, Hardship: 30}).WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Roll != 300 || st.TrueDeaths != 20 || st.DeathRecords < 30 || st.Other != 50 || st.Duplicates != 5 {
		t.Errorf("stats %+v", st)
	}
	for _, p := range []string{fs.Roll, fs.Deaths, fs.Other, fs.Hardship, fs.Enrolled, fs.Daijiao, fs.TruthDeaths, fs.TruthDuplicates, fs.TruthCoverage} {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 || filepath.Dir(p) != dir {
			t.Errorf("%s: %v", p, err)
		}
	}
	head, _ := os.ReadFile(fs.Roll)
	if !strings.HasPrefix(string(head), "身份证号,姓名,") {
		t.Errorf("roll header %q", strings.SplitN(string(head), "\n", 2)[0])
	}
}
