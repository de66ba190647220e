// Package payrun runs one payroll verification from files: the roll and
// the 发放明细 are read (internal/rollfile), checked (internal/payroll)
// against a rule file (internal/benefit), and the result is returned with
// what reading each file did. It is shared by `jixiao pay check`, the web
// and the benchmarks.
package payrun

import (
	"fmt"
	"os"
	"runtime"

	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/payroll"
	"jixiao/internal/rollfile"
)

// Config is one run.
type Config struct {
	Rules    *benefit.Rules
	Rolls    []string
	Payrolls []string
	Returns  []string // bank returns (回盘), optional
	From, To cal.Month
	Workers  int // default: the number of CPUs
	// Progress, if set, is called now and then with the payroll rows read.
	Progress func(rows int64)
}

// Run is the outcome.
type Run struct {
	Result  *payroll.Result
	Reports []rollfile.Report // rolls first, then payrolls, then returns
	// ReturnsRejected counts bank-return rows the reader refused.
	ReturnsRejected int
	// Fund is the request for the month after the period.
	Fund *payroll.FundRequest
}

// MemoryLimit is the soft memory limit for a run: 1 GiB (a city year of
// 460,000 recipients and 5.5 million rows lives in about a fifth of it),
// or more when the files are larger — about 100 bytes a roll row (its
// 56-byte record, its slot in the ID table, its name) and 32 a payroll
// row live (a province month of 10 million lives in 1.1 GB) — because a
// limit below the live heap does not lower the memory used, it only makes
// the collector run without end.
func MemoryLimit(cfg Config) int64 {
	var need int64
	for _, p := range cfg.Rolls {
		need += int64(rollfile.EstimateRows(p)) * 100
	}
	for _, p := range cfg.Payrolls {
		need += int64(rollfile.EstimateRows(p)) * 32
	}
	return max(1<<30, need*5/4)
}

// LoadRules returns a built-in rule file by name, or parses the file.
func LoadRules(nameOrFile string) (*benefit.Rules, error) {
	if r, ok := benefit.Builtin(nameOrFile); ok {
		return r, nil
	}
	data, err := os.ReadFile(nameOrFile)
	if err != nil {
		return nil, fmt.Errorf("规则 %q 既不是内置规则（%v）也无法读取 (neither a built-in rule file nor readable): %w", nameOrFile, benefit.BuiltinNames(), err)
	}
	return benefit.Parse(nameOrFile, data)
}

// Execute reads the files and checks the payroll.
func Execute(cfg Config) (*Run, error) {
	if cfg.Rules == nil {
		return nil, fmt.Errorf("payrun: no rules")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	cfg.Workers = min(cfg.Workers, payroll.MaxWorkers) // the checker numbers its workers in a byte
	run := &Run{}
	hint := 0
	for _, path := range cfg.Rolls {
		hint += rollfile.EstimateRows(path)
	}
	b, err := payroll.NewRollBuilder(cfg.Rules, cfg.From, cfg.To, cfg.Workers, hint)
	if err != nil {
		return run, err
	}
	for _, path := range cfg.Rolls {
		rep, err := rollfile.ScanRollBatch(path, rollfile.Options{Workers: cfg.Workers}, b.AddBatch)
		run.Reports = append(run.Reports, rep)
		if err != nil {
			return run, err
		}
	}
	c, skipped := b.Checker()
	read, rejected := 0, 0
	for _, path := range cfg.Payrolls {
		rep, err := rollfile.ScanPayrollBatch(path, rollfile.Options{Workers: cfg.Workers, Progress: cfg.Progress}, c.AddBatch)
		run.Reports = append(run.Reports, rep)
		if err != nil {
			return run, err
		}
		read += rep.Rows
		rejected += rep.Rejected
	}
	for _, path := range cfg.Returns {
		rep, err := rollfile.ScanPayroll(path, rollfile.Options{Workers: 1}, func(_ int, r *payroll.Row) { c.AddReturn(r) })
		run.Reports = append(run.Reports, rep)
		if err != nil {
			return run, err
		}
		run.ReturnsRejected += rep.Rejected
	}
	run.Result = c.Finish(read, rejected)
	run.Result.RollSkipped = skipped
	if len(cfg.Returns) > 0 {
		c.Returns(run.Result)
	}
	run.Fund = c.FundRequest()
	return run, nil
}
