package monitor

import (
	"testing"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

func TestIndicator(t *testing.T) {
	r := DefaultRule()
	half := Elapsed(2024, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
	if half != 5000 {
		t.Fatalf("elapsed = %d", half)
	}
	tests := []struct {
		name, target, progress string
		want                   Light
	}{
		{"发放人数", "≥1000人", "500人", LightGreen},
		{"发放人数", "≥1000人", "250人", LightRed},
		{"发放人数", "≥1000人", "300人", LightYellow},
		{"发放人数", "≥1000人", "700人", LightBlue},
		{"发放率", "100%", "99%", LightGreen},
		{"发放率", "100%", "50%", LightRed},
		{"差错率", "≤1%", "0.5%", LightGreen},
		{"差错率", "≤1%", "2%", LightRed},
		{"立项依据充分性", "充分", "部分达成", LightYellow},
		{"立项依据充分性", "充分", "充分", LightGreen},
		{"立项依据充分性", "充分", "未达成", LightRed},
		{"是否超出预算", "否", "否", LightGreen},
		{"是否超出预算", "否", "是", LightRed},
		{"及时性", "及时", "", LightNone},
	}
	for _, tc := range tests {
		got := r.Indicator(tc.name, eval.ParseValue(tc.target), eval.ParseValue(tc.progress), half)
		if got.Light != tc.want {
			t.Errorf("%s %s/%s = %q (%+v), want %q", tc.name, tc.target, tc.progress, got.Light, got, tc.want)
		}
	}
}

func TestBudgetAndWorst(t *testing.T) {
	r := DefaultRule()
	if got := r.Budget(40*money.Wan, 100*money.Wan, 5000).Light; got != LightGreen {
		t.Errorf("budget 40%% at half = %s", got)
	}
	if got := r.Budget(20*money.Wan, 100*money.Wan, 5000).Light; got != LightRed {
		t.Errorf("budget 20%% at half = %s", got)
	}
	if got := r.Budget(1, 0, 5000).Light; got != LightNone {
		t.Errorf("no budget = %s", got)
	}
	if w := Worst(LightGreen, LightNone, LightYellow, LightBlue); w != LightYellow {
		t.Errorf("worst = %s", w)
	}
	if Worst() != LightNone {
		t.Error("worst of none")
	}
}

func TestParseRule(t *testing.T) {
	r := Rule{Red: 5000, Yellow: 7000, Blue: 15000, BudgetBlue: true}
	got, err := ParseRule(r.String())
	if err != nil || got != r {
		t.Errorf("round trip %v %v", got, err)
	}
	for _, bad := range []string{"", "1,2,3", "a,b,c,d", "9000,8000,12000,0", "0,0,0,0"} {
		if _, err := ParseRule(bad); err == nil {
			t.Errorf("ParseRule(%q) accepted", bad)
		}
	}
	if DefaultRule().DescribeZH() == "" || DefaultRule().DescribeEN() == "" {
		t.Error("no description")
	}
}
