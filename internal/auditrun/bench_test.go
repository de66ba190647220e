package auditrun

import (
	"bufio"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/auditgen"
)

// benchDir generates a month once into /tmp (never the repository) and
// reuses it while the marker file says the same configuration.
func benchDir(b *testing.B, name string, cfg auditgen.Config) auditgen.Files {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "jixiao-bench", name)
	marker := filepath.Join(dir, "config.txt")
	want := strconv.Quote(name) + " " + strconv.Itoa(cfg.Recipients) + " " + strconv.Itoa(cfg.Deaths) + " " + strconv.Itoa(cfg.Other) + " v3"
	fs := auditgen.Files{Roll: filepath.Join(dir, "roll.csv"), Deaths: filepath.Join(dir, "deaths.csv"), Other: filepath.Join(dir, "other.csv")}
	if got, err := os.ReadFile(marker); err == nil && string(got) == want {
		return fs
	}
	t0 := time.Now()
	fs, _, err := auditgen.New(cfg).WriteDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	os.WriteFile(marker, []byte(want), 0o644)
	b.Logf("generated %s in %s", dir, time.Since(t0))
	return fs
}

// BenchmarkCityMonth is 如皋's month: a roll of 460,000 and a death list
// of 2,000 deceased recipients (plus 2,000 deaths of people on no roll),
// matched end to end from the CSV files with every rule.
func BenchmarkCityMonth(b *testing.B) {
	fs := benchDir(b, "city", auditgen.Config{Seed: 1, Recipients: 460000, Deaths: 2000, NoiseDeaths: 2000, Other: 50000, Duplicates: 200})
	cfg := Config{Rolls: []string{fs.Roll}, Deaths: []string{fs.Deaths}, AsOf: auditgen.New(auditgen.Config{}).Config().AsOf}
	b.ResetTimer()
	for b.Loop() {
		run, err := Execute(cfg, Checks{Deaths: true}, time.Now())
		if err != nil || len(run.Deaths) < 2000 {
			b.Fatalf("%v %d", err, len(run.Deaths))
		}
	}
	reportPeak(b)
}

// BenchmarkProvince is the provincial scale: a roll of 10,000,000, 100,000
// deceased recipients and an other-scheme roll of 10,000,000, deaths and
// duplicates in one pass. It needs about 2 GB in /tmp and runs only with
// JIXIAO_BENCH_PROVINCE=1.
func BenchmarkProvince(b *testing.B) {
	if os.Getenv("JIXIAO_BENCH_PROVINCE") == "" {
		b.Skip("set JIXIAO_BENCH_PROVINCE=1 to run (generates ~2 GB in /tmp)")
	}
	fs := benchDir(b, "province", auditgen.Config{Seed: 1, Recipients: 10_000_000, Deaths: 100_000, NoiseDeaths: 20_000, Other: 10_000_000, Duplicates: 50_000})
	cfg := Config{Rolls: []string{fs.Roll}, Deaths: []string{fs.Deaths}, Others: []string{fs.Other}, AsOf: auditgen.New(auditgen.Config{}).Config().AsOf}
	// the GC settings of jixiao audit (cmd/jixiao tuneGC)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(3 << 30))
	b.ResetTimer()
	for b.Loop() {
		run, err := Execute(cfg, Checks{Deaths: true, Duplicates: true}, time.Now())
		if err != nil || len(run.Deaths) < 100_000 {
			b.Fatalf("%v %d", err, len(run.Deaths))
		}
		b.ReportMetric(float64(len(run.Duplicates)), "duplicates")
	}
	reportPeak(b)
}

// reportPeak reports the Go heap's peak-ish size (HeapSys) in MB; the
// process RSS is measured with /usr/bin/time -v on the command.
func reportPeak(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "heapMB")
}

// BenchmarkCityMonthXLSX is the city month with the roll read from .xlsx
// (written once from the CSV with excelize, shared strings as Excel
// writes them) and from CSV in the same iteration: it reports both times
// and their ratio, the bar being ≤ 3 s and ≤ 25× the CSV run.
func BenchmarkCityMonthXLSX(b *testing.B) {
	fs := benchDir(b, "city", auditgen.Config{Seed: 1, Recipients: 460000, Deaths: 2000, NoiseDeaths: 2000, Other: 50000, Duplicates: 200})
	xlsx := strings.TrimSuffix(fs.Roll, ".csv") + ".xlsx"
	if _, err := os.Stat(xlsx); err != nil {
		t0 := time.Now()
		if err := csvToXLSX(fs.Roll, xlsx); err != nil {
			b.Fatal(err)
		}
		b.Logf("wrote %s in %s", xlsx, time.Since(t0))
	}
	asOf := auditgen.New(auditgen.Config{}).Config().AsOf
	var csvT, xlsxT time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, roll := range []string{fs.Roll, xlsx} {
			t0 := time.Now()
			run, err := Execute(Config{Rolls: []string{roll}, Deaths: []string{fs.Deaths}, AsOf: asOf}, Checks{Deaths: true}, time.Now())
			if err != nil || len(run.Deaths) < 2000 || run.RollRows != 460000 {
				b.Fatalf("%s: %v %d %d", roll, err, len(run.Deaths), run.RollRows)
			}
			if roll == xlsx {
				xlsxT += time.Since(t0)
			} else {
				csvT += time.Since(t0)
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(csvT.Seconds()*1000/n, "csv-ms")
	b.ReportMetric(xlsxT.Seconds()*1000/n, "xlsx-ms")
	b.ReportMetric(xlsxT.Seconds()/csvT.Seconds(), "xlsx/csv")
}

// csvToXLSX writes a CSV file as a one-sheet workbook of text cells.
func csvToXLSX(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.FieldsPerRecord = -1
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	row := make([]any, 0, 16)
	for i := 1; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		row = row[:0]
		for _, c := range rec {
			row = append(row, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(dst)
}
