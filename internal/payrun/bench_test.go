package payrun

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"jixiao/internal/auditgen"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/testenv"
)

// benchDir generates a roll and its payroll once into /tmp (never the
// repository) and reuses them while the marker says the same configuration.
func benchDir(b *testing.B, name string, recipients, months int) (roll, pay string) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "jixiao-bench", name)
	marker := filepath.Join(dir, "config.txt")
	want := name + " " + strconv.Itoa(recipients) + " " + strconv.Itoa(months) + " pay-v1"
	roll, pay = filepath.Join(dir, "roll.csv"), filepath.Join(dir, "payroll.csv")
	if got, err := os.ReadFile(marker); err == nil && string(got) == want {
		return
	}
	t0 := time.Now()
	g := auditgen.New(auditgen.Config{Seed: 1, Recipients: recipients, Deaths: 100, NoiseDeaths: 10, Other: 10, Hardship: 10})
	g.EnablePayroll(auditgen.PayConfig{Errors: 200, Shared: 20, Months: months})
	if _, _, err := g.WriteDir(dir); err != nil {
		b.Fatal(err)
	}
	if _, _, err := g.WritePayroll(dir); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(marker, []byte(want), 0o644)
	b.Logf("generated %s in %s", dir, time.Since(t0))
	return
}

func benchRun(b *testing.B, roll, pay string, from, to cal.Month) {
	rules, _ := benefit.Builtin("rugao")
	// the GC settings of jixiao pay check (cmd/jixiao tunePayGC)
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryLimit(Config{Rolls: []string{roll}, Payrolls: []string{pay}})))
	b.ResetTimer()
	cpu := testenv.CPUSeconds()
	var rows int
	for b.Loop() {
		run, err := Execute(Config{Rules: rules, Rolls: []string{roll}, Payrolls: []string{pay}, From: from, To: to, Workers: 2})
		if err != nil || !run.Result.Reconciles() || len(run.Result.Findings) == 0 {
			b.Fatalf("%v", err)
		}
		rows = run.Result.Read
	}
	// CPU-seconds (user + sys) per op: the figure other processes on the
	// machine do not move, beside the wall time they do
	b.ReportMetric((testenv.CPUSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(rows), "rows")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "heapMB")
}

// BenchmarkCityYear is 如皋's year: a roll of 460,000 and 12 months of
// 发放明细 (about 5.4 million rows, 550 MB of CSV), verified end to end.
func BenchmarkCityYear(b *testing.B) {
	roll, pay := benchDir(b, "payyear", 460000, 12)
	benchRun(b, roll, pay, cal.MonthOf(2023, 1), cal.MonthOf(2023, 12))
}

// BenchmarkProvinceMonth is a province's month: a roll of 10,000,000 and
// one month of 发放明细. It needs about 2 GB in /tmp and runs only with
// JIXIAO_BENCH_PROVINCE=1.
func BenchmarkProvinceMonth(b *testing.B) {
	if os.Getenv("JIXIAO_BENCH_PROVINCE") == "" {
		b.Skip("set JIXIAO_BENCH_PROVINCE=1 to run (generates ~2 GB in /tmp)")
	}
	roll, pay := benchDir(b, "paymonth-province", 10_000_000, 1)
	benchRun(b, roll, pay, cal.MonthOf(2023, 1), cal.MonthOf(2023, 1))
}
