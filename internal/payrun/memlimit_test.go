package payrun

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The soft memory limit is 1 GiB for a city-sized run and grows with the
// files, so that a province's live heap is never above it.
func TestMemoryLimit(t *testing.T) {
	dir := t.TempDir()
	line := "320682195001011234,张三,男,1950-01-01,如城街道,如城1村,居保,2012-01,300.00,2024-06,正常\n"
	small := filepath.Join(dir, "roll.csv")
	os.WriteFile(small, []byte("身份证号,姓名\n"+strings.Repeat(line, 1000)), 0o644)
	if got := MemoryLimit(Config{Rolls: []string{small}}); got != 1<<30 {
		t.Errorf("small roll: %d", got)
	}
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, []byte("身份证号,姓名\n"+strings.Repeat(line, 1000)), 0o644)
	if err := os.Truncate(big, int64(len(line))*10_000_000); err != nil { // sparse: 10 million rows by size
		t.Skip(err)
	}
	if got := MemoryLimit(Config{Rolls: []string{big}}); got < 10_000_000*100 || got <= 1<<30 {
		t.Errorf("a roll of 10 million: limit %d, below the ~1 GB it lives in", got)
	}
}
