package rollfile

import (
	"strings"
	"testing"
)

func TestFindHeader(t *testing.T) {
	roll := func(c *columns) string { return require(c, fID, fName, fMonthly) }
	for _, tc := range []struct {
		rows  string // rows separated by |, cells by ,
		at, n int
		ok    bool
	}{
		{"身份证号,姓名,月待遇|1,2,3", 0, 1, true},
		{"2024年6月名册||单位：元|身份证号,姓名,月待遇", 3, 1, true},
		{"人员信息,,待遇|公民身份号码,姓名,月发放金额", 1, 1, true},
		{"身份证号码（18位）,姓名,待遇信息|,,月待遇", 0, 2, true},
		{"证件号码[文本],人员姓名,月养老金（元）", 0, 1, true},
		{"姓名,性别|张三,男", 0, 0, false},
		{"a,b,c", 0, 0, false},
	} {
		var rows [][]string
		for _, r := range strings.Split(tc.rows, "|") {
			rows = append(rows, strings.Split(r, ","))
		}
		hf, ok, why := findHeader(rows, roll)
		if ok != tc.ok || ok && (hf.at != tc.at || hf.rows != tc.n) {
			t.Errorf("%q: at %d rows %d ok %v (%s)", tc.rows, hf.at, hf.rows, ok, why)
		}
		if !ok && why == "" {
			t.Errorf("%q: no reason given", tc.rows)
		}
	}
	for _, h := range []string{"死亡日期", "死亡注销日期", "注销日期", "火化日期"} {
		if a, ok := lookup(h); !ok || a.f != fDeath {
			t.Errorf("%s not a death date", h)
		}
	}
	c, _ := mapHeader([]string{"火化日期", "身份证号", "死亡日期"})
	if c[fDeath] != 2 {
		t.Errorf("死亡日期 should win over 火化日期: column %d", c[fDeath])
	}
}

// FuzzFindHeader: any leading rows give a header that passes the check,
// or a reason; never a panic.
func FuzzFindHeader(f *testing.F) {
	f.Add("2024年6月名册||身份证号,姓名,月待遇|1,2,3|合计,,")
	f.Add("人员信息,,|身份证号（18位）,姓名,月待遇")
	f.Add("身份证号码,姓名,待遇|,,月待遇")
	f.Fuzz(func(t *testing.T, s string) {
		var rows [][]string
		for _, r := range strings.Split(s, "|") {
			rows = append(rows, strings.Split(r, ","))
		}
		check := func(c *columns) string { return require(c, fID, fName, fMonthly) }
		hf, ok, why := findHeader(rows, check)
		if ok {
			if hf.at < 0 || hf.at+hf.rows > len(rows) || check(&hf.cols) != "" {
				t.Fatalf("bad header %+v for %q", hf, s)
			}
		} else if why == "" {
			t.Fatalf("no reason for %q", s)
		}
		cells := make([][]byte, len(rows[0]))
		for i, c := range rows[0] {
			cells[i] = []byte(c)
		}
		skipKind(cells)
	})
}
