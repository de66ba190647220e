package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func genPay(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := run([]string{"gen", "--out", dir, "--recipients", "4000", "--deaths", "20", "--noise", "10", "--other", "50", "--duplicates", "5", "--hardship", "20", "--payroll"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("gen exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "jixiao pay check --rules") {
		t.Errorf("gen output: %s", out.String())
	}
	return dir
}

func TestPayCheckJSONMatchesTruth(t *testing.T) {
	dir := genPay(t)
	var out, errb bytes.Buffer
	code := run([]string{"pay", "check", "--rules", "rugao", "--roll", filepath.Join(dir, "roll.csv"), "--payroll", filepath.Join(dir, "payroll.csv"),
		"--year", "2023", "--format", "json"}, nil, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d (want 1: findings): %s", code, errb.String())
	}
	var res struct {
		Summary struct {
			Read                             int `json:"rows_read"`
			Verified, Unverifiable, Rejected int
			FindingRows                      int  `json:"finding_rows"`
			Reconciles                       bool `json:"reconciles"`
		} `json:"summary"`
		Findings []struct {
			IDNumber   string      `json:"id_number"`
			Kind       string      `json:"kind"`
			Months     []string    `json:"months"`
			Expected   json.Number `json:"expected"`
			Paid       json.Number `json:"paid"`
			Difference json.Number `json:"difference"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err, out.String()[:200])
	}
	if !res.Summary.Reconciles || res.Summary.Read == 0 {
		t.Errorf("summary %+v", res.Summary)
	}
	if !strings.Contains(errb.String(), "= 核对无误") {
		t.Errorf("no reconciled summary on stderr: %s", errb.String())
	}
	f, _ := os.Open(filepath.Join(dir, "truth_payroll.csv"))
	defer f.Close()
	truth, _ := csv.NewReader(f).ReadAll()
	want := map[string]string{}
	for _, r := range truth[1:] {
		if r[2] != "unverifiable" && r[2] != "shared_account" {
			want[r[0]+"/"+r[2]] = r[6]
		}
	}
	for _, fd := range res.Findings {
		k := fd.IDNumber + "/" + fd.Kind
		if d, ok := want[k]; !ok || d != string(fd.Difference) {
			t.Errorf("%s: difference %s, truth %q (%v)", k, fd.Difference, d, ok)
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("%d injected errors not in the JSON: %v", len(want), want)
	}
	// xlsx for people: the sheets are there and IDs masked
	x := filepath.Join(dir, "pay.xlsx")
	out.Reset()
	errb.Reset()
	if code := run([]string{"pay", "check", "--roll", filepath.Join(dir, "roll.csv"), "--payroll", filepath.Join(dir, "payroll.csv"),
		"--year", "2023", "--format", "xlsx", "--out", x}, nil, &out, &errb); code != 1 {
		t.Fatalf("xlsx exit %d: %s", code, errb.String())
	}
	wb, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := strings.Join(wb.GetSheetList(), ","); got != "汇总,问题明细,追回名单（多领）,补发名单,共用账号（待核实）,无法核对" {
		t.Errorf("sheets %s", got)
	}
	rows, _ := wb.GetRows("问题明细")
	if len(rows) < 2 || !strings.Contains(rows[1][0], "****") {
		t.Errorf("first finding row %v", rows[1])
	}
}

func TestPayCheckErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.rules")
	os.WriteFile(bad, []byte("scheme.居保 = pension\n居保.基础养老金 @ 2023-13 = 215\n"), 0o644)
	cases := [][]string{
		{"pay", "check", "--roll", "r.csv", "--payroll", "p.csv"},                                   // no period
		{"pay", "check", "--roll", "r.csv", "--payroll", "p.csv", "--month", "2023-13"},             // bad month
		{"pay", "check", "--roll", "r.csv", "--payroll", "p.csv", "--year", "2023", "--rules", bad}, // bad rule file
		{"pay", "check", "--roll", filepath.Join(dir, "none.csv"), "--payroll", "p.csv", "--year", "2023"},
		{"pay", "nope"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if code := run(c, nil, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", c, code, errb.String())
		}
		if c[len(c)-1] == bad && !strings.Contains(errb.String(), "bad.rules:2:") {
			t.Errorf("rule error without its line: %s", errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"pay", "rules"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "居保.基础养老金 @ 2023-01 = 215") {
		t.Errorf("pay rules: %d %s", code, out.String()[:100])
	}
}

func TestPayIndicatorsAsEvidence(t *testing.T) {
	dir := genPay(t)
	ind := filepath.Join(dir, "ind.json")
	var out, errb bytes.Buffer
	code := run([]string{"pay", "check", "--roll", filepath.Join(dir, "roll.csv"), "--payroll", filepath.Join(dir, "payroll.csv"),
		"--returns", filepath.Join(dir, "returns.csv"), "--month", "2023-12", "--format", "csv", "--out", filepath.Join(dir, "f.csv"),
		"--indicators", ind, "--fund-request", filepath.Join(dir, "fund.docx"), "--sent-on", "2023-12-12", "--due-on", "2023-12-10"}, nil, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"指标 “发放率” = ", "足额发放率", "资金申请 2024-01", "指标 “及时发放率” = 0.00%"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, errb.String())
		}
	}
	// a year checked against December's return alone: no 发放率, the months without returns named
	out.Reset()
	errb.Reset()
	run([]string{"pay", "check", "--roll", filepath.Join(dir, "roll.csv"), "--payroll", filepath.Join(dir, "payroll.csv"),
		"--returns", filepath.Join(dir, "returns.csv"), "--year", "2023", "--format", "json"}, nil, &out, &errb)
	if !strings.Contains(out.String(), `"payout_rate": "—"`) || !strings.Contains(out.String(), `"2023-11"`) || strings.Contains(errb.String(), "“发放率”") {
		t.Errorf("a year against one month's return: %.600s / %s", out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	run([]string{"check", "--format", "json", "--evidence", ind, "../../examples/rugao-2023.txt"}, nil, &out, &errb)
	if !strings.Contains(out.String(), `"evidence.mismatch"`) || !strings.Contains(out.String(), "居保失保发放率") {
		t.Errorf("the 2023 report's 发放率 100%% was not checked against the data: %s", errb.String())
	}
	// the funds' indicators beside the payroll's: --evidence repeats
	ledger, funds := filepath.Join(dir, "ledger.csv"), filepath.Join(dir, "funds.json")
	os.WriteFile(ledger, []byte("月份,资金来源,类别,金额,备注\n2023-01,本级,预算,100.00,\n2023-06,本级,到位,100.00,\n2023-12,本级,支出,50.00,\n"), 0o644)
	if code := run([]string{"pay", "funds", "--ledger", ledger, "--year", "2023", "--indicators", funds}, nil, &out, &errb); code != 0 {
		t.Fatalf("pay funds: %d %s", code, errb.String())
	}
	out.Reset()
	errb.Reset()
	run([]string{"check", "--format", "json", "--evidence", ind, "--evidence", funds, "../../examples/rugao-2023.txt"}, nil, &out, &errb)
	if !strings.Contains(out.String(), "居保失保发放率") || !strings.Contains(out.String(), "按业务数据计算为 50.00%") {
		t.Errorf("both evidence files not applied: %s", errb.String())
	}
}

// TestPayCheckCSVForPeople: the CSV opens in Excel on Chinese Windows (a
// UTF-8 BOM, Chinese header and kinds, amounts with separators, masked
// IDs); csv-raw keeps the English keys and full IDs for programs.
func TestPayCheckCSVForPeople(t *testing.T) {
	dir := genPay(t)
	args := []string{"pay", "check", "--rules", "rugao", "--roll", filepath.Join(dir, "roll.csv"), "--payroll", filepath.Join(dir, "payroll.csv"), "--year", "2023"}
	var out, errb bytes.Buffer
	if code := run(append(args, "--format", "csv"), nil, &out, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	body, ok := strings.CutPrefix(out.String(), "\ufeff")
	if !ok {
		t.Fatal("no UTF-8 BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%d rows: %v", len(recs), err)
	}
	if got := strings.Join(recs[0], ","); got != strings.Join(payPeopleHeader, ",") {
		t.Fatalf("header %q", got)
	}
	kinds := map[string]bool{}
	for _, r := range recs[1:] {
		kinds[r[4]] = true
		if !strings.Contains(r[0], "*") || !regexp.MustCompile(`^-?[\d,]+\.\d\d$`).MatchString(r[6]) {
			t.Fatalf("row %q: a full ID or an amount not in yuan", r)
		}
	}
	if !kinds["多发"] {
		t.Errorf("kinds %v lack 多发", kinds)
	}
	out.Reset()
	run(append(args, "--format", "csv", "--lang", "en"), nil, &out, &errb)
	if head := strings.SplitN(strings.TrimPrefix(out.String(), "\ufeff"), "\n", 2)[0]; head != "ID number,Name,Town,Scheme,Kind,Months,Due,Paid,Difference,Formula" {
		t.Errorf("English header %q", head)
	}
	out.Reset()
	run(append(args, "--format", "csv-raw"), nil, &out, &errb)
	if strings.HasPrefix(out.String(), "\ufeff") || !strings.HasPrefix(out.String(), strings.Join(payCSVHeader, ",")) {
		t.Errorf("csv-raw starts %q", out.String()[:min(80, out.Len())])
	}
}
