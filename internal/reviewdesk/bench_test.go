package reviewdesk

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"jixiao/examples"
	"jixiao/internal/eval"
	"jixiao/internal/report/plaintext"
	"jixiao/internal/testenv"
)

var reSections = regexp.MustCompile(`(三、项目绩效。?\n\n|四、存在问题。?\n\n|五、整改措施。?\n\n)`)

// corpus is reports in plain text: the eight example reports copies
// times (1,250 for 10,000 reports), each copy another unit with its own prose in three sections
// (about 250 characters each), every 20th copy reusing the previous
// copy's prose (planted reuse across units).
func corpus(tb testing.TB, copies int) []byte {
	one, err := examples.FS.ReadFile("rugao-2023.txt")
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	var prev []string
	for c := 0; c < copies; c++ {
		text := strings.ReplaceAll(string(one), "如皋市被征地农民基本生活保障资金管理中心", fmt.Sprintf("测试县第%04d单位", c))
		var fill []string
		if c%20 == 19 {
			fill = prev
		} else {
			for k := 0; k < 24; k++ {
				fill = append(fill, filler(rng, 250))
			}
		}
		k := 0
		text = reSections.ReplaceAllStringFunc(text, func(h string) string {
			s := h + fill[k%len(fill)]
			k++
			return s
		})
		prev = fill
		buf.WriteString(text)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkReview10k reads, checks and reviews 10,000 reports, text reuse
// included — the whole `jixiao review` minus printing.
func BenchmarkReview10k(b *testing.B) {
	data := corpus(b, 1250)
	rs := eval.DefaultRuleSet()
	b.SetBytes(int64(len(data)))
	cpu := testenv.CPUSeconds()
	for b.Loop() {
		reports, err := plaintext.Read("big.txt", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(reports) != 10000 {
			b.Fatalf("%d reports", len(reports))
		}
		d := Review(checked(reports, rs), Options{Sample: 100, Seed: 1})
		if len(d.Ranking) != 10000 || len(d.Sample) != 100 {
			b.Fatalf("ranked %d, sampled %d", len(d.Ranking), len(d.Sample))
		}
	}
	b.ReportMetric((testenv.CPUSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkReviewOnly10k is the review desk alone over 10,000 checked reports.
func BenchmarkReviewOnly10k(b *testing.B) {
	data := corpus(b, 1250)
	reports, err := plaintext.Read("big.txt", bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	items := checked(reports, nil)
	cpu := testenv.CPUSeconds()
	for b.Loop() {
		Review(items, Options{Sample: 100, Seed: 1})
	}
	b.ReportMetric((testenv.CPUSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// TestCorpusReuseFound checks that the benchmark's planted reuse is what
// the desk finds: every copy, each a cluster of the copy and its source.
func TestCorpusReuseFound(t *testing.T) {
	const copies = 250 // 2,000 reports
	data := corpus(t, copies)
	reports, err := plaintext.Read("big.txt", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	items := checked(reports, nil)
	d := Review(items, Options{})
	reused := map[string]bool{}
	for _, f := range d.Findings {
		if f.Signal != SigReuse {
			continue
		}
		for _, r := range f.Reports {
			reused[items[r.Item].Report.Unit] = true
		}
	}
	// copies 19, 39, … and their sources 18, 38, …: 12 pairs of units.
	if len(reused) != 2*(copies/20) {
		t.Errorf("%d units in reuse findings, want %d", len(reused), 2*(copies/20))
	}
	for c := 19; c < copies; c += 20 {
		for _, u := range []int{c, c - 1} {
			if !reused[fmt.Sprintf("测试县第%04d单位", u)] {
				t.Errorf("unit %d not in a reuse finding", u)
			}
		}
	}
}

// checked checks the reports (both cores) and pairs them with their results.
func checked(reports []*eval.Report, rs *eval.RuleSet) []Item {
	results := eval.CheckAll(reports, rs, 0)
	items := make([]Item, len(reports))
	for i := range reports {
		items[i] = Item{reports[i], results[i]}
	}
	return items
}
