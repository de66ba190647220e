package payrun

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/auditgen"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
)

// genYear writes a generated roll and a year of payroll with every error
// kind injected.
func genYear(t testing.TB, dir string, recipients, errors int) (auditgen.Files, auditgen.PayFiles, auditgen.PayConfig) {
	t.Helper()
	g := auditgen.New(auditgen.Config{Seed: 7, Recipients: recipients, Deaths: recipients / 200, NoiseDeaths: 10, Other: 10, Hardship: 10})
	pc := g.EnablePayroll(auditgen.PayConfig{Errors: errors, Shared: 5})
	fs, _, err := g.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	pf, _, err := g.WritePayroll(dir)
	if err != nil {
		t.Fatal(err)
	}
	return fs, pf, pc
}

func readTruth(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// TestGeneratedYear: every injected error is found with its exact months
// and amounts, no clean person is flagged, shared accounts and
// unverifiable rows are exactly the injected ones, and the rows reconcile.
func TestGeneratedYear(t *testing.T) {
	dir := t.TempDir()
	fs, pf, pc := genYear(t, dir, 20000, 20)
	rules, err := LoadRules(pf.Rules)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Execute(Config{Rules: rules, Rolls: []string{fs.Roll}, Payrolls: []string{pf.Payroll},
		From: cal.MonthOf(pc.Year, 1), To: cal.MonthOf(pc.Year, 12), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	res := run.Result
	if !res.Reconciles() || res.Rejected != 0 {
		t.Errorf("read %d = verified %d + finding rows %d + unverified %d + rejected %d?", res.Read, res.Verified, res.FindingRows, res.Unverified, res.Rejected)
	}
	found := map[string]payroll.Finding{}
	for _, f := range res.Findings {
		found[f.ID+"/"+f.Kind.String()] = f
	}
	kinds := map[string]int{}
	unverRows := 0
	sharedIDs := map[string]string{}
	for _, tr := range readTruth(t, pf.Truth) {
		id, kind, months, expected, paid, diff := tr[0], tr[2], tr[3], tr[4], tr[5], tr[6]
		kinds[kind]++
		switch kind {
		case auditgen.TruthUnverifiable:
			unverRows += atoi(tr[7])
			continue
		case auditgen.TruthSharedAccount:
			sharedIDs[id] = tr[8]
			continue
		}
		f, ok := found[id+"/"+kind]
		if !ok {
			t.Errorf("missed %s %s (%s, %s)", id, kind, months, diff)
			continue
		}
		delete(found, id+"/"+kind)
		var ms []string
		for _, m := range f.Months {
			ms = append(ms, m.String())
		}
		if strings.Join(ms, ";") != months || f.Expected.String() != expected || f.Paid.String() != paid || f.Difference().String() != diff {
			t.Errorf("%s %s: found months %v expected %s paid %s diff %s; truth %s %s %s %s", id, kind, ms, f.Expected, f.Paid, f.Difference(), months, expected, paid, diff)
		}
		if f.Formula == "" {
			t.Errorf("%s %s: no formula", id, kind)
		}
	}
	for k, f := range found {
		t.Errorf("flagged a clean person: %s months %v diff %s (%s)", k, f.Months, f.Difference(), f.Formula)
	}
	for _, k := range payroll.Kinds() {
		if kinds[k.String()] != pc.Errors {
			t.Errorf("generator injected %d of %s, want %d", kinds[k.String()], k, pc.Errors)
		}
	}
	if res.Unverified != unverRows {
		t.Errorf("unverifiable rows %d, truth %d: %+v", res.Unverified, unverRows, res.Unverifiable)
	}
	var gotShared []string
	for _, s := range res.Shared {
		for _, id := range s.IDs {
			gotShared = append(gotShared, id)
			if sharedIDs[id] != s.Account {
				t.Errorf("shared account of %s: %s, truth %q", id, s.Account, sharedIDs[id])
			}
		}
	}
	if len(gotShared) != len(sharedIDs) {
		sort.Strings(gotShared)
		t.Errorf("shared accounts: found %d people, truth %d", len(gotShared), len(sharedIDs))
	}
	t.Logf("rows %d, findings %d, unverifiable %d, shared %d", res.Read, len(res.Findings), res.Unverified, len(res.Shared))
	_ = benefit.OK
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestGeneratedReturns: the bank return of the year's last month gives the
// 发放率 and lists exactly the injected failures; closed and frozen accounts
// are offered as possible deaths.
func TestGeneratedReturns(t *testing.T) {
	dir := t.TempDir()
	fs, pf, pc := genYear(t, dir, 5000, 5)
	rules, _ := LoadRules("rugao")
	dec := cal.MonthOf(pc.Year, 12)
	run, err := Execute(Config{Rules: rules, Rolls: []string{fs.Roll}, Payrolls: []string{pf.Payroll}, Returns: []string{pf.Returns},
		From: dec, To: dec, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rr := run.Result.Returns
	truth := readTruth(t, pf.TruthReturns)
	if rr == nil || rr.FailedRows != len(truth) || len(rr.Failed) != len(truth) {
		t.Fatalf("failed %v, truth %d", rr, len(truth))
	}
	deaths := 0
	for i, f := range rr.Failed {
		if f.ID != truth[i][0] || f.Reason != truth[i][3] {
			t.Errorf("failure %d: %s %s, truth %v", i, f.ID, f.Reason, truth[i])
		}
		if c := payroll.ClassifyFailure(f.Reason); c == payroll.FailClosed || c == payroll.FailFrozen {
			deaths++
		}
	}
	if len(rr.PossibleDeaths) != deaths || deaths == 0 {
		t.Errorf("possible deaths %d, want %d", len(rr.PossibleDeaths), deaths)
	}
	// every December payment is in the return, so due = returned rows
	// (the duplicate payments of December are returned once: NotReturned
	// counts person-months, and duplicates share theirs)
	if rr.NotReturned != 0 || rr.NotInPayroll != 0 {
		t.Errorf("not returned %d, not in payroll %d", rr.NotReturned, rr.NotInPayroll)
	}
	rate := rr.RateByAmount()
	if !rate.OK || rate.Num != int64(rr.SucceededAmount) || rate.BP >= 10000 {
		t.Errorf("发放率 %+v", rate)
	}
	t.Logf("发放率 %s (%d of %d payments), failed %d, possible deaths %d", rate.Percent(), rr.Succeeded, rr.DueRows, rr.FailedRows, len(rr.PossibleDeaths))
}

// TestFundRequestDocuments: the request adds up (sources + rounding =
// total), and the .docx and .xlsx written are readable and carry it.
func TestFundRequestDocuments(t *testing.T) {
	dir := t.TempDir()
	fs, pf, pc := genYear(t, dir, 3000, 3)
	rules, _ := LoadRules("rugao")
	nov := cal.MonthOf(pc.Year, 11)
	run, err := Execute(Config{Rules: rules, Rolls: []string{fs.Roll}, Payrolls: []string{pf.Payroll}, From: nov, To: nov, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	fr := run.Fund
	var sum money.Fen
	for _, s := range fr.Source {
		sum += s.Amount
	}
	if sum+fr.Rounding != fr.Total || fr.People == 0 || fr.Month != nov+1 {
		t.Fatalf("sources %s + rounding %s ≠ total %s (%d people)", sum, fr.Rounding, fr.Total, fr.People)
	}
	var dx, xx bytes.Buffer
	if err := WriteFundDOCX(&dx, fr, rules, "测试单位"); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(dx.Bytes()), int64(dx.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			body = string(b)
		}
	}
	for _, want := range []string{"12月待遇发放资金测算表", "上级", "本级", "个人账户", fr.Total.String()} {
		if !strings.Contains(body, want) {
			t.Errorf("docx lacks %q", want)
		}
	}
	if err := WriteFundXLSX(&xx, fr, rules); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&xx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("资金申请")
	last := rows[len(rows)-1]
	if last[0] != "合计" {
		t.Errorf("last row %v", last)
	}
}

// TestManyWorkers: asking for more workers than a check can number (a row
// notes its worker in a byte) runs with fewer instead of failing, and
// finds the same as two workers.
func TestManyWorkers(t *testing.T) {
	dir := t.TempDir()
	fs, pf, pc := genYear(t, dir, 5000, 3) // a year of payroll over 4 MB: read in parallel
	rules, _ := LoadRules("rugao")
	dec := cal.MonthOf(pc.Year, 12)
	var found [2]int
	for i, w := range []int{2, payroll.MaxWorkers + 45} {
		run, err := Execute(Config{Rules: rules, Rolls: []string{fs.Roll}, Payrolls: []string{pf.Payroll}, From: dec, To: dec, Workers: w})
		if err != nil {
			t.Fatalf("%d workers: %v", w, err)
		}
		found[i] = len(run.Result.Findings)
	}
	if found[0] == 0 || found[0] != found[1] {
		t.Errorf("findings with 2 and %d workers: %v", payroll.MaxWorkers+45, found)
	}
}
