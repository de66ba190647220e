package certrun

import (
	"bytes"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/auditgen"
	"jixiao/internal/cert"
)

func readTruth(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range recs[1:] {
		out[r[0]] = r
	}
	return out
}

// TestGeneratedYear runs the generated month from its files — roll,
// death lists with every injected error, certification events — and
// compares every recipient with the generator's truth: status, validity,
// suspension month, 补发 months and amount, overpayment after death, and
// every certification after a recorded death found.
func TestGeneratedYear(t *testing.T) {
	dir := t.TempDir()
	g := auditgen.New(auditgen.Config{Seed: 11, Recipients: 20000, Deaths: 400, NoiseDeaths: 200})
	fs, st, err := g.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	truth := readTruth(t, fs.Cert.Truth)
	var mu sync.Mutex
	got := map[string]Row{}
	run, err := Execute(Config{Rolls: []string{fs.Roll}, Events: []string{fs.Cert.Events}, Deaths: []string{fs.Deaths},
		AsOf: g.Config().AsOf, Rules: cert.DefaultRules()}, func(w int, r *Row) {
		mu.Lock()
		got[strings.Clone(r.Roll.ID)] = Row{Res: r.Res, DeathReview: r.DeathReview}
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if run.Events != st.CertEvents || run.RollRows != 20000 || run.Unmatched != 0 || len(got) != len(truth) {
		t.Fatalf("events %d of %d, roll %d, unmatched %d, rows %d of %d", run.Events, st.CertEvents, run.RollRows, run.Unmatched, len(got), len(truth))
	}
	exact, review, afterDeath, bad := 0, 0, 0, 0
	for id, tr := range truth {
		r := got[id]
		status, _ := cert.ParseStatus(tr[4])
		recorded := tr[3] == "true"
		nAfter, _ := strconv.Atoi(tr[12])
		if nAfter > 0 && recorded {
			afterDeath++
			if len(r.Res.AfterDeath) != nAfter && r.DeathReview == 0 {
				t.Errorf("%s: certified after death, not found", id)
			}
		}
		if recorded && r.DeathReview != 0 {
			// the death list names this person by a fuzzy match only:
			// not applied, flagged for review, with the true date
			review++
			if !r.Res.Review || r.DeathReview.String() != tr[2] {
				t.Errorf("%s: review death %s, truth %s", id, r.DeathReview, tr[2])
			}
			continue
		}
		res := &r.Res
		ok := res.Status == status && res.Since.String() == tr[6] && res.ResumeFrom.String() == tr[7] &&
			strconv.Itoa(res.BackPayMonths) == tr[8] && res.BackPay.String() == tr[9] &&
			strconv.Itoa(res.OverpaidMonths) == tr[10] && res.Overpaid.String() == tr[11]
		if status != cert.Terminated {
			ok = ok && res.ValidUntil.String() == tr[5]
		}
		if !ok {
			t.Errorf("%s: got %s valid %s since %s 补发 %d %s overpaid %d %s; truth %v (%s)", id, res.Status, res.ValidUntil, res.Since,
				res.BackPayMonths, res.BackPay, res.OverpaidMonths, res.Overpaid, tr, res.Words().ZH)
			if bad++; bad == 20 {
				t.FailNow()
			}
			continue
		}
		exact++
	}
	if afterDeath == 0 || run.Deaths == 0 {
		t.Fatalf("no certification after death (%d) or no death applied (%d)", afterDeath, run.Deaths)
	}
	if review > len(truth)/100 {
		t.Errorf("%d deaths only for review", review)
	}
	// the lists hold exactly the rows of their status
	if len(run.Due) != run.Total.ByStatus[cert.Due] || len(run.Suspend) != run.Total.ByStatus[cert.ShouldSuspend] ||
		len(run.Resume) != run.Total.ByStatus[cert.Resumed] || len(run.Review) != run.Total.Review {
		t.Errorf("lists %d %d %d %d vs %+v", len(run.Due), len(run.Suspend), len(run.Resume), len(run.Review), run.Total)
	}
	t.Logf("%d recipients exact, %d deaths found by a fuzzy match only (review), %d certified after death; %d events; statuses %v; rate %d",
		exact, review, afterDeath, run.Events, run.Total.ByStatus, run.Total.Certified*10000/run.Total.Required)

	// the stop list: suspensions and confirmed deaths, nothing under review
	underReview := map[string]bool{}
	for _, r := range run.Review {
		underReview[r.Roll.ID] = true
	}
	sl := run.StopList()
	want := 0
	for _, r := range append(append([]Row{}, run.Suspend...), run.Dead...) {
		if !r.Res.Review {
			want++
		}
	}
	if len(sl) != want || want == 0 {
		t.Errorf("stop list %d rows, want %d", len(sl), want)
	}
	for _, s := range sl {
		if underReview[s.ID] {
			t.Errorf("%s under review is on the stop list", s.ID)
		}
	}
	// documents: a town's due list has the title, its rows only, masked IDs, signature block
	town := run.Due[0].Roll.Town
	var buf bytes.Buffer
	if err := WriteTownList(&buf, run, ListDue, town, false); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Sheet1")
	want = len(ForTown(run.Due, town))
	if !strings.Contains(rows[0][0], "待遇资格认证即将到期人员名单（"+town+"）") || !strings.Contains(rows[0][0], "年") || len(rows) != 3+want+3 {
		t.Fatalf("due list: %d rows, title %q", len(rows), rows[0][0])
	}
	for _, r := range rows[3 : 3+want] {
		if r[4] != town || !strings.Contains(r[1], "********") {
			t.Fatalf("row of another town or unmasked: %v", r)
		}
	}
	if !strings.HasPrefix(rows[len(rows)-2][0], "经办人") {
		t.Errorf("no signature block: %v", rows[len(rows)-2])
	}
	buf.Reset()
	if err := WriteWorkbook(&buf, run, nil, false); err != nil {
		t.Fatal(err)
	}
	x, err = excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := x.GetRows("恢复补发")
	if len(res) != len(run.Resume)+1 {
		t.Errorf("resumption sheet %d rows", len(res))
	}
}
