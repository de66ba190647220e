package eval

import (
	"strings"
	"testing"
)

func TestCheckEvidence(t *testing.T) {
	ev := []Evidence{
		{Indicator: "发放率", BP: 9982, Num: 998200, Den: 1000000, Period: "2023", Provenance: "jixiao pay check"},
		{Indicator: "及时发放率", BP: 10000, Num: 5, Den: 5, Period: "2023"},
		{Indicator: "足额发放率", BP: 9847, Num: 9847, Den: 10000, Period: "2023"},
	}
	r := &Report{}
	for _, c := range []struct{ name, actual string }{
		{"养老金发放率", "100%"},     // 99.82% is not 100%
		{"待遇及时发放率", "100%"},    // agrees
		{"足额发放率", "98.5%"},     // 98.47 at one decimal = 98.5: agrees
		{"足额发放率（复核）", "98.4%"}, // disagrees
		{"百姓满意率", "98%"},       // no evidence
		{"发放率", "及时"},          // not a percentage
	} {
		r.Sheet.Rows = append(r.Sheet.Rows, Row{Level3: c.name, Actual: ParseValue(c.actual), Line: len(r.Sheet.Rows) + 1})
	}
	fs := CheckEvidence(r, ev)
	if len(fs) != 2 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	if fs[0].Indicator != "养老金发放率" || fs[0].Rule != "evidence.mismatch" || !strings.Contains(fs[0].MessageZH, "99.82%") {
		t.Errorf("%+v", fs[0])
	}
	if fs[1].Indicator != "足额发放率（复核）" || fs[1].Line != 4 {
		t.Errorf("%+v", fs[1])
	}
	// 99,995 of 100,000 payments rounds to 100.00% but is not 100%
	whole := &Report{Sheet: Sheet{Rows: []Row{{Level3: "足额发放率", Actual: ParseValue("100%")}}}}
	if fs := CheckEvidence(whole, []Evidence{{Indicator: "足额发放率", BP: 10000, Num: 99995, Den: 100000}}); len(fs) != 1 {
		t.Errorf("99,995 of 100,000 taken as 100%%: %+v", fs)
	}
	if fs := CheckEvidence(whole, []Evidence{{Indicator: "足额发放率", BP: 10000, Num: 5, Den: 5}}); len(fs) != 0 {
		t.Errorf("5 of 5 is 100%%: %+v", fs)
	}
	r.Year = 2024
	if fs := CheckEvidence(r, ev); len(fs) != 0 {
		t.Errorf("2023 evidence applied to a 2024 report: %+v", fs)
	}
	if e := MatchEvidence("居保待遇及时发放率", ev); e == nil || e.Indicator != "及时发放率" {
		t.Errorf("longest name must win: %+v", e)
	}
}
