package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readPeopleCSV runs the audit into found.csv and reads it back.
func readPeopleCSV(t *testing.T, dir string, extra ...string) (bom bool, recs [][]string) {
	t.Helper()
	found := filepath.Join(dir, "found.csv")
	args := append([]string{"audit", "deaths", "--roll", filepath.Join(dir, "roll.csv"), "--deaths", filepath.Join(dir, "deaths.csv"),
		"--as-of", "2024-06", "--out", found}, extra...)
	var out, errb bytes.Buffer
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(found)
	if err != nil {
		t.Fatal(err)
	}
	bom = bytes.HasPrefix(b, []byte("\xEF\xBB\xBF"))
	recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatalf("found.csv does not read back as CSV: %v", err)
	}
	return bom, recs
}

func TestAuditCSVForPeople(t *testing.T) {
	dir := genSmall(t)
	bom, recs := readPeopleCSV(t, dir)
	if !bom {
		t.Fatal("found.csv has no UTF-8 BOM: Excel on Chinese Windows garbles it")
	}
	if got := strings.Join(recs[0], ","); got != "身份证号,姓名,险种,镇（街道）,死亡日期,比对方式,可信度,多发月数,多发金额（元）,原因,数据来源" {
		t.Fatalf("header %q", got)
	}
	if len(recs)-1 < 60 {
		t.Fatalf("%d findings, want at least the 60 true deaths", len(recs)-1)
	}
	grouped := false
	for _, r := range recs[1:] {
		if !strings.Contains(r[0], "********") {
			t.Fatalf("ID %q not masked", r[0])
		}
		if r[6] != "确认" && r[6] != "待核实" {
			t.Fatalf("confidence %q not in Chinese", r[6])
		}
		if r[5] == "" || strings.ContainsAny(r[5], "_abcdefghijklmnopqrstuvwxyz") || r[9] == "" {
			t.Fatalf("match kind %q / reason %q not in Chinese", r[5], r[9])
		}
		if !strings.Contains(r[8], ".") {
			t.Fatalf("amount %q", r[8])
		}
		grouped = grouped || strings.Contains(r[8], ",")
	}
	if !grouped {
		t.Error("no amount of 1,000 yuan or more shows a thousands separator")
	}

	bom, en := readPeopleCSV(t, dir, "--lang", "en", "--full-id")
	if !bom {
		t.Fatal("English found.csv has no BOM")
	}
	if en[0][0] == "身份证号" || strings.ContainsAny(strings.Join(en[0], ""), "身姓名险种镇死亡比对可信度多发原因数据") {
		t.Fatalf("--lang en header %q", en[0])
	}
	if len(en) != len(recs) {
		t.Fatalf("--lang en has %d rows, zh %d", len(en), len(recs))
	}
	for _, r := range en[1:] {
		if len(r[0]) != 18 || strings.ContainsAny(r[6]+r[5], "确认待核实身份证号一致") {
			t.Fatalf("--lang en --full-id row %q", r)
		}
	}
}
