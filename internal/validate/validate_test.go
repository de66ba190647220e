package validate_test

import (
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/validate"
)

func TestLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("字", n) }
	if _, ok := validate.Field(long(validate.MaxField)); !ok {
		t.Error("200 characters refused")
	}
	if m, ok := validate.Field(long(validate.MaxField + 1)); ok || m != validate.TooLongField {
		t.Error("201 characters accepted")
	}
	if _, ok := validate.Text(long(validate.MaxText)); !ok {
		t.Error("2000 characters refused")
	}
	if _, ok := validate.Text(long(validate.MaxText + 1)); ok {
		t.Error("2001 characters accepted")
	}
	if got := validate.Section(long(validate.MaxSection + 5)); len([]rune(got)) != validate.MaxSection {
		t.Errorf("section cut to %d", len([]rune(got)))
	}
	for s, ok := range map[string]bool{"0": true, "100": true, "12.5": true, "100.01": false, "-1": false, "x": false} {
		if _, _, got := validate.ParseWeight(s); got != ok {
			t.Errorf("weight %q: %v", s, got)
		}
	}
	w := eval.P(10)
	for s, want := range map[string]validate.Message{"0": {}, "10": {}, "10.5": validate.ScoreRange, "-0.5": validate.ScoreRange, "九": validate.ScoreNotNumber} {
		if _, m, _ := validate.ParseScore(s, w); m != want {
			t.Errorf("score %q: %v, want %v", s, m, want)
		}
	}
	if m, ok := validate.Deduction(eval.P(9), w, ""); ok || m != validate.DeductionBasis {
		t.Error("a deduction without a basis accepted")
	}
	if _, ok := validate.Deduction(eval.P(9), w, "个别差错"); !ok {
		t.Error("a deduction with a basis refused")
	}
}

func TestRows(t *testing.T) {
	ok := validate.Row{Level1: "产出指标", Level3: "追回率", Weight: eval.P(10), Score: eval.P(9), HasScore: true}
	if ps := validate.Rows([]validate.Row{ok}); len(ps) != 0 {
		t.Errorf("good row: %v", ps)
	}
	bad := []validate.Row{ok, ok, ok, ok}
	bad[1].Level1 = ""
	bad[2].Score = eval.P(11)
	bad[3].Basis = strings.Repeat("字", validate.MaxText+1)
	got := map[int]validate.Message{}
	for _, p := range validate.Rows(bad) {
		got[p.Row] = p.Msg
	}
	if got[1] != validate.NamesRequired || got[2] != validate.ScoreRange || got[3] != validate.TooLongText || len(got) != 3 {
		t.Errorf("problems %v", got)
	}
	if ps := validate.Rows(nil); len(ps) != 1 || ps[0].Msg != validate.NoRows {
		t.Errorf("no rows: %v", ps)
	}
	if ps := validate.Rows(make([]validate.Row, validate.MaxRows+1)); ps[0].Msg != validate.TooManyRows {
		t.Errorf("too many rows: %v", ps[0])
	}
}

// TestSameWords: the web's catalogue shows each refusal in English with
// the validator's own words.
func TestSameWords(t *testing.T) {
	en := locale.New(locale.EN)
	seen := map[string]bool{}
	for _, m := range validate.Messages() {
		if m.ZH == "" || m.EN == "" || seen[m.ZH] {
			t.Errorf("message %+v empty or repeated", m)
		}
		seen[m.ZH] = true
		if got := en.T(m.ZH); got != m.EN {
			t.Errorf("catalogue says %q for %q, validator %q", got, m.ZH, m.EN)
		}
	}
}

// TestLibraryRowWeight: an indicator from the library needs a weight above
// 0 and at most 100; the reason says which.
func TestLibraryRowWeight(t *testing.T) {
	for _, c := range []struct {
		in   string
		want validate.Message
		ok   bool
	}{
		{"", validate.LibraryWeight, false},
		{"0", validate.LibraryWeight, false},
		{"0.00", validate.LibraryWeight, false},
		{"-1", validate.WeightRange, false},
		{"abc", validate.WeightRange, false},
		{"101", validate.WeightRange, false},
		{"5", validate.Message{}, true},
		{"2.5", validate.Message{}, true},
	} {
		w, m, ok := validate.LibraryRowWeight(c.in)
		if ok != c.ok || m != c.want || ok && w <= 0 {
			t.Errorf("LibraryRowWeight(%q) = %v %v %v, want %v %v", c.in, w, m, ok, c.want, c.ok)
		}
	}
}
