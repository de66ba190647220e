package reviewdesk

import (
	"strings"
	"testing"

	"jixiao/internal/eval"
)

func TestParseRescores(t *testing.T) {
	got, err := ParseRescores("r.csv", []byte("\ufeff单位,项目,年度,复核得分\n甲单位,稽查费,2023,85.5\n\n乙单位, 印刷费用 ,2022,９０\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Score != eval.P(85)+eval.P(1)/2 || got[0].Line != 2 || got[1].Project != "印刷费用" || got[1].Score != eval.P(90) || got[1].Line != 4 {
		t.Fatalf("%+v", got)
	}
	_, err = ParseRescores("r.csv", []byte("甲,稽查费,2023,85\n乙,,20x3,-1\n丙,项目\n"))
	if err == nil {
		t.Fatal("bad lines accepted")
	}
	for _, want := range []string{"r.csv:2: 项目", "r.csv:2: 年度", "r.csv:2: 复核得分", "r.csv:3: 列数"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func FuzzParseRescores(f *testing.F) {
	f.Add([]byte("单位,项目,年度,复核得分\n甲,乙,2023,85\n"))
	f.Add([]byte("\"a\nb\",c,2023,1e9\n"))
	f.Add([]byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ParseRescores("f.csv", data)
		if err != nil {
			if rs != nil {
				t.Fatal("rows returned with an error")
			}
			return
		}
		for _, r := range rs {
			if r.Unit == "" || r.Project == "" || r.Year < 1900 || r.Score < 0 {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

func TestSampleStratifiedAndReproducible(t *testing.T) {
	p := buildPlanted(t)
	a := Review(p.items, Options{Year: 2023, Sample: 12, Seed: 7})
	b := Review(p.items, Options{Year: 2023, Sample: 12, Seed: 7})
	c := Review(p.items, Options{Year: 2023, Sample: 12, Seed: 8})
	if len(a.Sample) != 12 {
		t.Fatalf("%d sampled", len(a.Sample))
	}
	same := func(x, y []Sampled) bool {
		for i := range x {
			if x[i].Item != y[i].Item {
				return false
			}
		}
		return true
	}
	if !same(a.Sample, b.Sample) {
		t.Error("the same seed gave another sample")
	}
	if same(a.Sample, c.Sample) {
		t.Error("another seed gave the same sample")
	}
	strata := map[string]int{}
	seen := map[int]bool{}
	byRisk := 0
	for _, s := range a.Sample {
		strata[s.Stratum]++
		if seen[s.Item] {
			t.Errorf("item %d drawn twice", s.Item)
		}
		seen[s.Item] = true
		if s.ByRisk {
			byRisk++
		}
	}
	// Each stratum's share is in proportion to its size (±1), and the
	// riskier half of each share (rounded up) is drawn by risk.
	size := map[string]int{}
	for _, rk := range a.Ranking {
		if !rk.Amount.Set {
			size[StratumUnknown]++
		}
	}
	known := len(a.Ranking) - size[StratumUnknown]
	size[StratumLarge] = (known + 2) / 3
	size[StratumMedium] = (known + 2) / 3
	size[StratumSmall] = known - 2*((known+2)/3)
	wantByRisk := 0
	for name, n := range size {
		share := 12 * n / len(a.Ranking)
		if got := strata[name]; got < share || got > share+1 || (n > 0 && got == 0) {
			t.Errorf("stratum %s of %d: %d drawn (share %d)", name, n, got, share)
		}
		wantByRisk += (strata[name] + 1) / 2
	}
	if byRisk != wantByRisk {
		t.Errorf("%d drawn by risk, want %d", byRisk, wantByRisk)
	}
	// The riskiest report is always in.
	if !seen[a.Ranking[0].Item] {
		t.Error("the riskiest report is not in the sample")
	}
}
