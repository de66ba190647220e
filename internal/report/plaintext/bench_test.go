package plaintext

import (
	"bytes"
	"testing"

	"jixiao/examples"
	"jixiao/internal/eval"
)

// BenchmarkReadAndCheck10k parses and checks 10,000 reports — a
// prefecture's year — from one plain-text file held in memory.
func BenchmarkReadAndCheck10k(b *testing.B) {
	one, err := examples.FS.ReadFile("rugao-2023.txt") // 8 reports
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat(append(one, '\n'), 1250)
	rs := eval.DefaultRuleSet()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		reports, err := Read("big.txt", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(reports) != 10000 {
			b.Fatalf("%d reports", len(reports))
		}
		eval.CheckAll(reports, rs, 0)
	}
}
