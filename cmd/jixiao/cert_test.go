package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/certrun"
)

func TestCertStatus(t *testing.T) {
	dir := genSmall(t)
	roll, events, deaths := filepath.Join(dir, "roll.csv"), filepath.Join(dir, "certevents.csv"), filepath.Join(dir, "deaths.csv")
	var out, errb bytes.Buffer
	code := run([]string{"cert", "status", "--roll", roll, "--events", events, "--deaths", deaths, "--as-of", "2024-06", "--format", "csv-raw",
		"--lists", filepath.Join(dir, "lists"), "--stop-list", filepath.Join(dir, "停发名单.csv")}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "id_number,name,scheme,town,status,status_en,last_certified,channel,valid_until,since,resume_from,backpay_from,backpay_to,backpay_months,backpay_amount,death_date,overpaid_months,overpaid_amount,review,reason_zh" {
		t.Errorf("header %v", recs[0])
	}
	if len(recs) != 3001 {
		t.Fatalf("%d rows, want every recipient", len(recs)-1)
	}
	rollIDs, _ := os.ReadFile(roll)
	first := strings.SplitN(strings.Split(string(rollIDs), "\n")[1], ",", 2)[0]
	if recs[1][0] != first {
		t.Errorf("output not in roll order: %s first, roll starts with %s", recs[1][0], first)
	}
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		seen[r[5]] = true
	}
	for _, s := range []string{"normal", "due", "should_suspend", "terminated"} {
		if !seen[s] {
			t.Errorf("no %s row", s)
		}
	}
	for _, want := range []string{"资格认证率", "大数据比对占比", "即将到期", "死亡后仍有认证"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("summary lacks %q: %s", want, errb.String())
		}
	}
	ls, _ := filepath.Glob(filepath.Join(dir, "lists", "即将到期名单_2024-06_*.xlsx"))
	if len(ls) < 10 {
		t.Errorf("due lists for %d towns", len(ls))
	}
	for _, n := range []string{"暂停名单", "恢复补发名单", "死亡终止名单", "须核实名单"} {
		if _, err := os.Stat(filepath.Join(dir, "lists", n+"_2024-06.xlsx")); err != nil {
			t.Error(err)
		}
	}
	stop, err := os.ReadFile(filepath.Join(dir, "停发名单.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sl := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(stop), "\ufeff")), "\n")
	if sl[0] != "身份证号,姓名,险种,停发年月,停发原因,依据" || len(sl) < 10 {
		t.Fatalf("stop list: %d lines, header %q", len(sl), sl[0])
	}
	reasons := map[string]bool{}
	for _, l := range sl[1:] {
		f := strings.Split(l, ",")
		reasons[f[4]] = true
		if len(f[0]) != 18 || len(f[3]) != 7 {
			t.Errorf("stop row %q", l)
		}
	}
	if !reasons["未按期资格认证暂停发放"] || !reasons["死亡终止发放"] {
		t.Errorf("stop reasons %v", reasons)
	}
	// JSON: the same rows
	out.Reset()
	if code := run([]string{"cert", "status", "--roll", roll, "--events", events, "--as-of", "2024-06", "--format", "json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("json exit %d", code)
	}
	var rows []map[string]any
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil || len(rows) != 3000 {
		t.Fatalf("json: %v, %d rows", err, len(rows))
	}
	// xlsx: summary, lists and the full status sheet, IDs masked
	x := filepath.Join(dir, "认证.xlsx")
	if code := run([]string{"cert", "status", "--roll", roll, "--events", events, "--as-of", "2024-06", "--format", "xlsx", "--out", x}, nil, &out, &errb); code != 0 {
		t.Fatalf("xlsx exit %d", code)
	}
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := f.GetRows("认证状态")
	if len(all) != 3001 || !strings.Contains(all[1][0], "****") {
		t.Errorf("status sheet %d rows, first %v", len(all), all[1])
	}
	if sheets := strings.Join(f.GetSheetList(), ","); sheets != "汇总,即将到期,暂停名单,恢复补发,死亡终止,须核实,认证状态" {
		t.Errorf("sheets %s", sheets)
	}
}

func TestCertStatusErrors(t *testing.T) {
	dir := t.TempDir()
	roll := filepath.Join(dir, "roll.csv")
	os.WriteFile(roll, []byte("身份证号,姓名,月待遇,待遇开始年月\n32068219450101123X,张三,300,2020-01\n"), 0o644)
	events := filepath.Join(dir, "ev.csv")
	os.WriteFile(events, []byte("身份证号,姓名,认证方式\n32068219450101123X,张三,上门\n"), 0o644)
	rules := filepath.Join(dir, "rules.txt")
	os.WriteFile(rules, []byte("# 规则\n周期 = 生日月\n提前提醒月数 = 十\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"cert", "status", "--roll", roll, "--events", events, "--as-of", "2024-06", "--rules", rules}, nil, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "rules.txt:3:") {
		t.Errorf("bad rules: exit %d %s", code, errb.String())
	}
	errb.Reset()
	o := filepath.Join(dir, "out.csv")
	if code := run([]string{"cert", "status", "--roll", roll, "--events", events, "--as-of", "2024-06", "--out", o}, nil, &out, &errb); code != 1 ||
		!strings.Contains(errb.String(), "认证日期") {
		t.Errorf("events without 认证日期: exit %d %s", code, errb.String())
	}
	if _, err := os.Stat(o); err == nil {
		t.Error("output written for a rejected file")
	}
	if code := run([]string{"cert", "status", "--roll", roll, "--as-of", "2024-06"}, nil, &out, &errb); code != 2 {
		t.Errorf("no events: exit %d", code)
	}
}

// TestCertBirthdayCycle runs `jixiao cert status --rules` with the
// birthday-month cycle (周期 = 生日月) on a generated roll and three years
// of events, end to end from the files: every recipient's status, valid-
// until month, suspension month and 补发 equal the generator's month-by-
// month truth for that cycle (written apart from internal/cert), and the
// statuses differ from the rolling cycle's for many people.
func TestCertBirthdayCycle(t *testing.T) {
	dir := t.TempDir()
	g := auditgen.New(auditgen.Config{Seed: 23, Recipients: 4000, Deaths: 80, AsOf: cal.MonthOf(2024, 6)})
	fs, _, err := g.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "生日月.txt")
	os.WriteFile(rules, []byte("# 按出生月份认证\n周期 = 生日月\n"), 0o644)
	out := map[string][]string{}
	for _, r := range []string{rules, ""} {
		args := []string{"cert", "status", "--roll", fs.Roll, "--events", fs.Cert.Events, "--as-of", "2024-06", "--format", "csv-raw"}
		if r != "" {
			args = append(args, "--rules", r)
		}
		var o, errb bytes.Buffer
		if code := run(args, nil, &o, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		recs, err := csv.NewReader(&o).ReadAll()
		if err != nil || len(recs) != 4001 {
			t.Fatalf("%v: %d rows", err, len(recs))
		}
		if r == "" {
			differ := 0
			for _, rec := range recs[1:] {
				if b := out[rec[0]]; b[4] != rec[4] || b[8] != rec[8] {
					differ++
				}
			}
			if differ < 400 {
				t.Errorf("only %d of 4000 differ between the birthday and the rolling cycle", differ)
			}
			break
		}
		for _, rec := range recs[1:] {
			out[rec[0]] = rec
		}
	}
	n, seen := 0, map[cert.Status]int{}
	g.CertTruthBirthday(false, func(tr auditgen.CertTruth) {
		n++
		r := out[tr.ID]
		if r == nil {
			t.Fatalf("%s not in the output", tr.ID)
		}
		seen[tr.Status]++
		want := []string{tr.Status.String(), tr.ValidUntil.String()}
		got := []string{r[4], r[8]}
		switch tr.Status {
		case cert.ShouldSuspend, cert.Suspended:
			want, got = append(want, tr.Since.String()), append(got, r[9])
		case cert.Resumed:
			want = append(want, tr.ResumeFrom.String(), strconv.Itoa(tr.BackPayMonths), tr.BackPay.String())
			got = append(got, r[10], r[13], r[14])
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s (%s): got %v, truth %v", tr.ID, tr.Scenario, got, want)
		}
	})
	if n != 4000 || seen[cert.Normal] == 0 || seen[cert.Due] == 0 || seen[cert.ShouldSuspend] == 0 || seen[cert.Resumed] == 0 {
		t.Errorf("%d truths, statuses %v", n, seen)
	}
}

// TestCertStatusForPeople: the default CSV opens in Excel on Chinese
// Windows — a UTF-8 BOM, the header and values in Chinese, IDs masked,
// amounts with separators — and --lang en gives it in English only.
func TestCertStatusForPeople(t *testing.T) {
	dir := genSmall(t)
	args := []string{"cert", "status", "--roll", filepath.Join(dir, "roll.csv"), "--events", filepath.Join(dir, "certevents.csv"),
		"--deaths", filepath.Join(dir, "deaths.csv"), "--as-of", "2024-06"}
	var out, errb bytes.Buffer
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	body, ok := strings.CutPrefix(out.String(), "\ufeff")
	if !ok {
		t.Fatal("no UTF-8 BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != strings.Join(certrun.StatusHeader, ",") {
		t.Fatalf("header %q", got)
	}
	states, grouped := map[string]bool{}, false
	for _, r := range recs[1:] {
		if len(r) != len(certrun.StatusHeader) || !strings.Contains(r[0], "*") {
			t.Fatalf("row %q: wrong width or a full ID", r)
		}
		states[r[4]] = true
		grouped = grouped || strings.Contains(r[13]+r[16], ",")
	}
	for _, s := range []string{"正常", "应暂停"} {
		if !states[s] {
			t.Errorf("no %s row (states %v)", s, states)
		}
	}
	if !grouped {
		t.Log("no amount of 1,000 yuan or more to show a separator")
	}
	out.Reset()
	if code := run(append(args, "--lang", "en"), nil, &out, &errb); code != 0 {
		t.Fatalf("--lang en: exit %d: %s", code, errb.String())
	}
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][0] != "ID number" || regexp.MustCompile(`\p{Han}`).MatchString(strings.Join(recs[0], "")+recs[1][4]+recs[1][18]) {
		t.Errorf("English CSV: header %q, first row %q", recs[0], recs[1])
	}
}
