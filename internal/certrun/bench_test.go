package certrun

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"jixiao/internal/auditgen"
	"jixiao/internal/cert"
)

// benchFiles generates a month with its certification events once into
// /tmp (never the repository) and reuses it while the marker says the
// same configuration.
func benchFiles(b *testing.B, name string, cfg auditgen.Config) auditgen.Files {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "jixiao-bench", name)
	marker := filepath.Join(dir, "config.txt")
	want := name + " " + strconv.Itoa(cfg.Recipients) + " " + strconv.Itoa(cfg.Deaths) + " cert-v1"
	fs := auditgen.Files{Roll: filepath.Join(dir, "roll.csv"), Deaths: filepath.Join(dir, "deaths.csv"),
		Cert: auditgen.CertFiles{Events: filepath.Join(dir, "certevents.csv"), Truth: filepath.Join(dir, "truth_cert.csv")}}
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

func benchRun(b *testing.B, fs auditgen.Files, recipients int) {
	cfg := Config{Rolls: []string{fs.Roll}, Events: []string{fs.Cert.Events}, AsOf: auditgen.New(auditgen.Config{}).Config().AsOf,
		Rules: cert.DefaultRules()}
	b.ResetTimer()
	var events int
	peak := startPeak()
	for b.Loop() {
		run, err := Execute(cfg, nil)
		if err != nil || run.RollRows != recipients {
			b.Fatalf("%v %d", err, run.RollRows)
		}
		events = run.Events
	}
	heap, total := peak.done()
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(heap, "MiB-peak-heap")
	b.ReportMetric(total, "MiB-peak-go")
	// the process's peak resident set, mapped file pages included (the
	// generation of the files, when it ran, counts too)
	b.ReportMetric(maxRSSMiB(), "MiB-maxRSS")
}

// BenchmarkCityStatus is 如皋's month: 460,000 recipients with three
// years of certification events (~1.5 million rows) from CSV, every
// status computed.
func BenchmarkCityStatus(b *testing.B) {
	fs := benchFiles(b, "cert-city", auditgen.Config{Seed: 1, Recipients: 460000, Deaths: 2000, NoiseDeaths: 2000})
	benchRun(b, fs, 460000)
}

// BenchmarkProvinceStatus is 10,000,000 recipients (~34 million events,
// ~1.6 GB of CSV in /tmp); only with JIXIAO_BENCH_PROVINCE=1.
func BenchmarkProvinceStatus(b *testing.B) {
	if os.Getenv("JIXIAO_BENCH_PROVINCE") == "" {
		b.Skip("set JIXIAO_BENCH_PROVINCE=1 to run (generates ~2.5 GB in /tmp)")
	}
	fs := benchFiles(b, "cert-province", auditgen.Config{Seed: 1, Recipients: 10_000_000, Deaths: 100_000, NoiseDeaths: 20_000})
	benchRun(b, fs, 10_000_000)
}
