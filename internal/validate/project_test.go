package validate

import (
	"strings"
	"testing"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

func fields(ps []Problem) map[string]Message {
	m := map[string]Message{}
	for _, p := range ps {
		m[p.Field] = p.Msg
	}
	return m
}

func TestProject(t *testing.T) {
	ok := ProjectInput{Name: "稽查费", Year: "2024", Start: "2024/1", End: "2024年12月", Basis: strings.Repeat("依", MaxProjectText),
		Budget: [3]string{"", "5万", "0"}}
	v, ps := Project(ok)
	if len(ps) != 0 || v.Year != 2024 || v.Start != cal.MonthOf(2024, 1) || v.End != cal.MonthOf(2024, 12) || v.Budget[1] != 5*money.Wan {
		t.Fatalf("%+v %v", v, ps)
	}
	bad := ProjectInput{Name: strings.Repeat("名", MaxField+1), Year: "1999", Start: "2024-13", Nature: strings.Repeat("性", MaxProjectText+1),
		Scope: strings.Repeat("范", MaxProjectText+1), Basis: strings.Repeat("依", MaxProjectText+1), Budget: [3]string{"-1", "abc", "1e20"}}
	want := map[string]Message{"name": ProjectNameTooLong, "year": YearRange, "start": MonthBad, "basis": TooLongProjectText,
		"nature": TooLongProjectText, "scope": TooLongProjectText, "budget0": BudgetBad, "budget1": BudgetBad, "budget2": BudgetBad}
	if got := fields(func() []Problem { _, p := Project(bad); return p }()); len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	} else {
		for f, m := range want {
			if got[f] != m {
				t.Errorf("%s: %v, want %v", f, got[f], m)
			}
		}
	}
	if _, ps := Project(ProjectInput{Year: "2024", Start: "2024-06", End: "2024-05"}); fields(ps)["end"] != PeriodOrder || fields(ps)["name"] != ProjectNameRequired {
		t.Errorf("order/name: %v", ps)
	}
}

func TestMoney(t *testing.T) {
	v, ps := Money(MoneyInput{Date: "2024-03-01", Amount: "1.5万", Source: "1", Note: strings.Repeat("注", MaxNote)}, 2024)
	if len(ps) != 0 || v.Date != 20240301 || v.Amount != 15000*100 || v.Source != 1 {
		t.Fatalf("%+v %v", v, ps)
	}
	cases := []struct {
		in    MoneyInput
		field string
		msg   Message
	}{
		{MoneyInput{Date: "30/06/2024", Amount: "1", Source: "0"}, "date", MoneyDateBad},
		{MoneyInput{Date: "2019-01-01", Amount: "1", Source: "0"}, "date", MoneyDateYear},
		{MoneyInput{Date: "2024-01-01", Amount: "x", Source: "0"}, "amount", AmountBad},
		{MoneyInput{Date: "2024-01-01", Amount: "0", Source: "0"}, "amount", AmountZero},
		{MoneyInput{Date: "2024-01-01", Amount: "2000000000000", Source: "0"}, "amount", AmountRange},
		{MoneyInput{Date: "2024-01-01", Amount: "1", Source: "3"}, "source", SourceBad},
		{MoneyInput{Date: "2024-01-01", Amount: "1", Source: "0", Note: strings.Repeat("注", MaxNote+1)}, "note", TooLongNote},
	}
	for _, c := range cases {
		_, ps := Money(c.in, 2024)
		if len(ps) != 1 || ps[0].Field != c.field || ps[0].Msg != c.msg {
			t.Errorf("%+v: %v, want %s %v", c.in, ps, c.field, c.msg)
		}
	}
}
