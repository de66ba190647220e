// Package paydb connects the monthly benefit cycle to the database for the
// web application: it runs a payroll check with internal/payrun and stores
// the result as a pay run (internal/store), and it reads back what the
// pages and the self-evaluation need — a month's fund request against the
// money received (资金到位), and the year's indicators computed from the
// stored runs. The rules are internal/payroll's; nothing is re-decided here.
package paydb

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
	"jixiao/internal/payrun"
	"jixiao/internal/store"
)

// Input is one run's files and settings.
type Input struct {
	Rules                    string // built-in name or rule file
	Rolls, Payrolls, Returns []string
	Names                    map[string]string // path → the name shown (the uploaded file's)
	From, To                 cal.Month
	// SentOn / DueOn are the day the money went to the bank and the day it
	// was due (及时发放率); zero when not given.
	SentOn, DueOn cal.Date
	Source        string // upload | demo
	By            int64
}

func (in Input) name(p string) string {
	if n, ok := in.Names[p]; ok {
		return n
	}
	return filepath.Base(p)
}

// rename replaces the temporary paths in a reader's error by the names
// the user uploaded.
func (in Input) rename(err error) error {
	msg := err.Error()
	for p, n := range in.Names {
		msg = strings.ReplaceAll(msg, p, n)
	}
	if msg == err.Error() {
		return err
	}
	return fmt.Errorf("%s", msg)
}

// InputError is a run refused for its input — a file the readers refuse,
// an unknown rule file, a period the checker does not take — as opposed to
// a failure of the database. Its message names the uploaded file.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the reader's or the checker's error.
func (e *InputError) Unwrap() error { return e.Err }

// Execute checks the payroll and stores the run; a file the readers
// refuse stores nothing (*InputError).
func Execute(ctx context.Context, st *store.Store, in Input) (int64, *payrun.Run, error) {
	rules, err := payrun.LoadRules(in.Rules)
	if err != nil {
		return 0, nil, &InputError{err}
	}
	run, err := payrun.Execute(payrun.Config{Rules: rules, Rolls: in.Rolls, Payrolls: in.Payrolls, Returns: in.Returns,
		From: in.From, To: in.To, Workers: 2})
	if err != nil {
		return 0, nil, &InputError{in.rename(err)}
	}
	canon, err := auditdb.CanonTowns(ctx, st)
	if err != nil {
		return 0, nil, err
	}
	res := run.Result
	r := store.PayRun{From: in.From.String(), To: in.To.String(), Rules: rules.Name, Source: in.Source, Read: res.Read,
		Verified: res.Verified, FindingRows: res.FindingRows, Unverified: res.Unverified, Outside: res.Outside, Rejected: res.Rejected,
		RollSkipped: res.RollSkipped, Due: int64(res.Due), Paid: int64(res.Paid), CreatedBy: in.By}
	for _, group := range [][]string{in.Rolls, in.Payrolls, in.Returns} {
		for _, p := range group {
			r.Files = append(r.Files, in.name(p))
		}
	}
	if in.SentOn != 0 {
		r.PaidOn = in.SentOn.String()
	}
	if in.DueOn != 0 {
		r.DueOn = in.DueOn.String()
	}
	var d store.PayRunData
	for _, f := range res.Findings {
		lines := make([]string, len(f.Lines))
		for i, l := range f.Lines {
			lines[i] = strconv.Itoa(l)
		}
		d.Findings = append(d.Findings, store.PayFinding{Town: canon(f.Town), IDNumber: f.ID, Name: f.Name, Scheme: f.Scheme,
			Kind: f.Kind.String(), Months: payroll.MonthsText(f.Months), Expected: int64(f.Expected), Paid: int64(f.Paid),
			Rows: len(f.Lines), Formula: f.Formula, Lines: strings.Join(lines, ",")})
	}
	for _, u := range res.Unverifiable {
		var sample []string
		for _, s := range u.Sample {
			sample = append(sample, fmt.Sprintf("%s:%d", in.name(s.File), s.Line))
		}
		d.Unverifiable = append(d.Unverifiable, store.PayUnverifiable{Reason: u.Reason, Rows: u.Rows, Sample: strings.Join(sample, " ")})
	}
	for _, s := range res.Shared {
		for i := range s.IDs {
			d.Shared = append(d.Shared, store.PayShared{Account: s.Account, Town: canon(s.Towns[i]), IDNumber: s.IDs[i], Name: s.Names[i]})
		}
	}
	provenance := fmt.Sprintf("发放核对 %s（规则 %s）", strings.Join(r.Files, "、"), rules.Name)
	ev := payroll.Indicators(res, provenance)
	if rr := res.Returns; rr != nil {
		r.HasReturns = true
		r.RetRows, r.RetSucceeded, r.RetFailed = rr.Rows, rr.Succeeded, rr.FailedRows
		r.RetPaid, r.RetDue, r.RetDueRows = int64(rr.SucceededAmount), int64(rr.DueAmount), rr.DueRows
		if len(rr.Missing) > 0 { // a month without returns: no 发放率 (payroll.ReturnsResult.Missing)
			r.RetDue, r.RetDueRows = 0, 0
		}
		r.RetNotReturned, r.RetNotInPayroll, r.RetOutside = rr.NotReturned, rr.NotInPayroll, rr.Outside
		for _, f := range rr.Failed {
			d.Failed = append(d.Failed, store.PayFailed{Town: canon(f.Town), IDNumber: f.ID, Name: f.Name, Month: f.Month.String(),
				Amount: int64(f.Amount), Reason: f.Reason, Class: string(f.Class)})
		}
		if t, ok := payroll.Timely(res, in.SentOn, in.DueOn, provenance); ok {
			ev = append(ev, t)
		}
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return 0, nil, err
	}
	r.Indicators = string(b)
	if run.Fund != nil {
		if b, err = json.Marshal(run.Fund); err != nil {
			return 0, nil, err
		}
		r.FundMonth, r.Fund = run.Fund.Month.String(), string(b)
	}
	id, err := st.CreatePayRun(ctx, r, d)
	return id, run, err
}

// Demo generates a small roll with a payroll from January to the month
// (every payroll error injected) and its bank return into dir, and returns
// the input for checking the month.
func Demo(dir string, month cal.Month, recipients int) (Input, error) {
	g := auditgen.New(auditgen.Config{Seed: uint64(month), Recipients: recipients, Deaths: recipients / 20,
		NoiseDeaths: recipients / 40, AsOf: month + 1})
	g.EnablePayroll(auditgen.PayConfig{Year: month.Year(), Months: month.Num(), Errors: max(recipients/200, 2), Shared: 2})
	fs, _, err := g.WriteDir(dir)
	if err != nil {
		return Input{}, err
	}
	pf, _, err := g.WritePayroll(dir)
	if err != nil {
		return Input{}, err
	}
	return Input{Rules: "rugao", Rolls: []string{fs.Roll}, Payrolls: []string{pf.Payroll}, Returns: []string{pf.Returns},
		From: month, To: month, Source: "demo"}, nil
}

// Fund decodes a run's stored fund request (nil when it has none).
func Fund(r store.PayRun) (*payroll.FundRequest, error) {
	if r.Fund == "" {
		return nil, nil
	}
	var fr payroll.FundRequest
	if err := json.Unmarshal([]byte(r.Fund), &fr); err != nil {
		return nil, fmt.Errorf("paydb: run %d: fund request: %w", r.ID, err)
	}
	return &fr, nil
}

// Evidence decodes a run's stored indicators.
func Evidence(r store.PayRun) ([]eval.Evidence, error) {
	if r.Indicators == "" {
		return nil, nil
	}
	var ev []eval.Evidence
	if err := json.Unmarshal([]byte(r.Indicators), &ev); err != nil {
		return nil, fmt.Errorf("paydb: run %d: indicators: %w", r.ID, err)
	}
	return ev, nil
}

// SourceFunds is one funding source's money for a month: requested in the
// fund request, received (资金到位), and the rate.
type SourceFunds struct {
	Source              string
	Requested, Received money.Fen
	Rate                audit.Rate // received ÷ requested
}

// MonthFunds is a month's request against its receipts.
type MonthFunds struct {
	Month    cal.Month
	RunID    int64 // the run whose fund request is for the month; 0 if none
	Sources  []SourceFunds
	Receipts []store.PayReceipt
}

// FinanceSources are the levels of government a request asks money of;
// 个人账户 and the like are paid from the fund, not requested.
var FinanceSources = []string{"上级", "本级"}

// Funds reads the month's request (from the newest run whose request is
// for the month) and the receipts recorded against it.
func Funds(ctx context.Context, st *store.Store, month cal.Month) (MonthFunds, error) {
	mf := MonthFunds{Month: month}
	runs, err := st.PayRuns(ctx)
	if err != nil {
		return mf, err
	}
	req := map[string]money.Fen{}
	for _, r := range runs { // newest first
		if r.FundMonth != month.String() {
			continue
		}
		fr, err := Fund(r)
		if err != nil {
			return mf, err
		}
		mf.RunID = r.ID
		for _, s := range fr.Source {
			req[s.Source] += s.Amount
		}
		break
	}
	if mf.Receipts, err = st.PayReceipts(ctx, month.String()); err != nil {
		return mf, err
	}
	got := map[string]money.Fen{}
	for _, r := range mf.Receipts {
		got[r.Source] += money.Fen(r.Amount)
	}
	sources := append([]string{}, FinanceSources...)
	for s := range got {
		if !isFinance(s) {
			sources = append(sources, s)
		}
	}
	sort.Strings(sources[len(FinanceSources):])
	var tot SourceFunds
	tot.Source = "合计"
	for _, s := range sources {
		sf := SourceFunds{Source: s, Requested: req[s], Received: got[s]}
		sf.Rate = rate(sf.Received, sf.Requested)
		tot.Requested += sf.Requested
		tot.Received += sf.Received
		mf.Sources = append(mf.Sources, sf)
	}
	tot.Rate = rate(tot.Received, tot.Requested)
	mf.Sources = append(mf.Sources, tot)
	return mf, nil
}

func isFinance(s string) bool {
	for _, f := range FinanceSources {
		if f == s {
			return true
		}
	}
	return false
}

func rate(num, den money.Fen) audit.Rate {
	bp, ok := money.RatioBP(num, den)
	return audit.Rate{Num: int64(num), Den: int64(den), BP: bp, OK: ok}
}

// newestOfEachMonth calls use for the year's runs (newest first), each
// month counted once: a run overlapping a newer one already used is left
// out. use says whether it used the run (its months then count as
// covered); a run it passes by leaves its months to older runs.
func newestOfEachMonth(runs []store.PayRun, year int, use func(r store.PayRun, from, to cal.Month) (bool, error)) error {
	covered := map[cal.Month]bool{}
	for _, r := range runs { // newest first
		from, ok1 := cal.ParseMonth(r.From)
		to, ok2 := cal.ParseMonth(r.To)
		if !ok1 || !ok2 || from.Year() != year || to.Year() != year {
			continue
		}
		overlap := false
		for m := from; m <= to; m++ {
			overlap = overlap || covered[m]
		}
		if overlap {
			continue
		}
		used, err := use(r, from, to)
		if err != nil {
			return err
		}
		if used {
			for m := from; m <= to; m++ {
				covered[m] = true
			}
		}
	}
	return nil
}

// YearEvidence sums the year's stored runs into the indicators they
// prove: for each indicator, Σ numerators ÷ Σ denominators over the
// newest run of each month (an older run of a month checked again is left
// out, as is a run overlapping a newer one). The provenance names the runs.
func YearEvidence(ctx context.Context, st *store.Store, year int) ([]eval.Evidence, error) {
	runs, err := st.PayRuns(ctx)
	if err != nil {
		return nil, err
	}
	type acc struct {
		e      eval.Evidence
		months []cal.Month
		runs   []string
		how    string
	}
	by := map[string]*acc{}
	var order []string
	err = newestOfEachMonth(runs, year, func(r store.PayRun, from, to cal.Month) (bool, error) {
		ev, err := Evidence(r)
		if err != nil {
			return false, err
		}
		for _, e := range ev {
			a := by[e.Indicator]
			if a == nil {
				a = &acc{e: eval.Evidence{Indicator: e.Indicator, Aliases: e.Aliases}}
				by[e.Indicator] = a
				order = append(order, e.Indicator)
			}
			a.e.Num += e.Num
			a.e.Den += e.Den
			for m := from; m <= to; m++ {
				a.months = append(a.months, m)
			}
			a.runs = append(a.runs, "#"+strconv.FormatInt(r.ID, 10))
			if a.how == "" {
				_, a.how, _ = strings.Cut(e.Provenance, "：")
			}
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	var out []eval.Evidence
	for _, name := range order {
		a := by[name]
		if a.e.Den <= 0 {
			continue
		}
		sort.Slice(a.months, func(i, j int) bool { return a.months[i] < a.months[j] })
		a.e.BP, _ = money.RatioBP(money.Fen(a.e.Num), money.Fen(a.e.Den))
		a.e.Period = strconv.Itoa(year)
		if len(a.months) < 12 {
			a.e.Period = payroll.MonthsText(a.months)
		}
		a.e.Provenance = fmt.Sprintf("发放核对批次 %s（%s）：%s", strings.Join(a.runs, "、"), payroll.MonthsText(a.months), a.how)
		out = append(out, a.e)
	}
	return out, nil
}

// YearFunds is each month of a year that has a request or a receipt,
// with the sources 上级, 本级 and 合计 in that order, then the year's sum
// (Month 0) with its 资金到位率 per source.
func YearFunds(ctx context.Context, st *store.Store, year int) ([]MonthFunds, error) {
	names := append(append([]string{}, FinanceSources...), "合计")
	var out []MonthFunds
	total := MonthFunds{Sources: make([]SourceFunds, len(names))}
	for m := cal.MonthOf(year, 1); m <= cal.MonthOf(year, 12); m++ {
		mf, err := Funds(ctx, st, m)
		if err != nil {
			return nil, err
		}
		if mf.RunID == 0 && len(mf.Receipts) == 0 {
			continue
		}
		by := map[string]SourceFunds{}
		for _, s := range mf.Sources {
			by[s.Source] = s
		}
		mf.Sources = mf.Sources[:0]
		for i, n := range names {
			s := by[n]
			s.Source = n
			mf.Sources = append(mf.Sources, s)
			total.Sources[i].Source = n
			total.Sources[i].Requested += s.Requested
			total.Sources[i].Received += s.Received
		}
		out = append(out, mf)
	}
	if len(out) == 0 {
		return nil, nil
	}
	for i := range total.Sources {
		total.Sources[i].Rate = rate(total.Sources[i].Received, total.Sources[i].Requested)
	}
	return append(out, total), nil
}

// MonthEvidence is one month's indicators: those of the newest check of
// that month alone (a year's check is summed into YearEvidence only).
type MonthEvidence struct {
	Month cal.Month
	RunID int64
	Ev    []eval.Evidence
}

// MonthsEvidence lists the year's checked months with their indicators,
// January first.
func MonthsEvidence(ctx context.Context, st *store.Store, year int) ([]MonthEvidence, error) {
	runs, err := st.PayRuns(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[cal.Month]bool{}
	var out []MonthEvidence
	for _, r := range runs { // newest first
		m, ok := cal.ParseMonth(r.From)
		if !ok || r.To != r.From || m.Year() != year || seen[m] {
			continue
		}
		seen[m] = true
		ev, err := Evidence(r)
		if err != nil {
			return nil, err
		}
		out = append(out, MonthEvidence{Month: m, RunID: r.ID, Ev: ev})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month < out[j].Month })
	return out, nil
}
