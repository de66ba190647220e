package progress

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEstimate(t *testing.T) {
	// 250 of 1,000 rows in 10 s: 25 rows/s, 750 rows left = 30 s.
	rate, rem, ok := Estimate(250, 1000, 10*time.Second)
	if !ok || rate != 25 || rem != 30*time.Second {
		t.Fatalf("Estimate(250,1000,10s) = %v, %v, %v; want 25, 30s, true", rate, rem, ok)
	}
	if _, rem, ok := Estimate(1200, 1000, time.Second); !ok || rem != 0 {
		t.Fatalf("past the estimated total: %v %v", rem, ok)
	}
	if _, _, ok := Estimate(0, 1000, time.Second); ok {
		t.Fatal("nothing done yet cannot tell the time remaining")
	}
	if r, _, ok := Estimate(500, 0, 2*time.Second); ok || r != 250 {
		t.Fatalf("unknown total: rate %v ok %v; want 250 and no remaining time", r, ok)
	}
}

func TestLine(t *testing.T) {
	got := Line("读取 roll.csv", 1_500_000, 6_000_000, 5*time.Second)
	for _, want := range []string{"读取 roll.csv", " 25%", "1,500,000/6,000,000 行", "300,000 行/秒", "剩余 15s"} {
		if !strings.Contains(got, want) {
			t.Errorf("Line = %q, missing %q", got, want)
		}
	}
	if got := Line("x", 10, 0, time.Second); strings.Contains(got, "%") || strings.Contains(got, "剩余") {
		t.Errorf("unknown total shows a percentage: %q", got)
	}
}

func TestQuietWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := ForTerminal(&buf, "x", 100)
	b.Set(50)
	b.Add(10)
	b.Label("y")
	b.Done()
	f, err := os.Create(filepath.Join(t.TempDir(), "err.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fb := ForTerminal(f, "x", 100)
	fb.Set(99)
	fb.Done()
	st, _ := f.Stat()
	if buf.Len() != 0 || st.Size() != 0 || b != nil || fb != nil {
		t.Fatalf("not a terminal, yet drew %q / %d bytes", buf.String(), st.Size())
	}
	// On a writer it is told to draw on, the line appears.
	d := New(&buf, "x", 100)
	d.Set(50)
	if !strings.Contains(buf.String(), "50%") {
		t.Fatalf("New drew %q", buf.String())
	}
}

func TestEstimateRows(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(p, []byte(strings.Repeat("123456789\n", 100_000)), 0o644)
	if n := EstimateRows(p, filepath.Join(t.TempDir(), "missing.csv"), "book.xlsx"); n < 99_000 || n > 101_000 {
		t.Fatalf("EstimateRows = %d, want about 100000", n)
	}
}
