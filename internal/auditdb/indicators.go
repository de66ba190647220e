package auditdb

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditmem"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

// Indicators are the survival audit's figures for a year, offered to the
// self-evaluation as actual values with their basis (like the recovery
// rates):
//
//   - 疑点核实办结率 = suspects closed with an outcome (other than 争议)
//     dated in the year ÷ suspects of the year's runs;
//   - 冒领发生率 = distinct recipients confirmed paid after death (a death
//     suspect with an overpayment that the town confirmed, or closed
//     属实已终止) in the year's runs ÷ recipients (the largest roll of the
//     year's runs).
//
// and 资格认证率 = 已认证 ÷ 应认证 of the year's latest stored
// certification run (internal/cert Tally), with the run's month.
type Indicators struct {
	Closure audit.Rate
	Fraud   audit.Rate
	Cert    audit.Rate
	CertRun store.CertRun // the run 资格认证率 comes from (ID 0: none)
}

func rateOf(num, den int64) audit.Rate {
	bp, ok := money.RatioBP(money.Fen(num), money.Fen(den))
	return audit.Rate{Num: num, Den: den, BP: bp, OK: ok}
}

// YearIndicators computes the year's indicators.
func YearIndicators(ctx context.Context, st *store.Store, year int) (Indicators, error) {
	var ind Indicators
	runs, err := st.AuditRuns(ctx)
	if err != nil {
		return ind, err
	}
	y := strconv.Itoa(year)
	var suspects, closed int64
	recipients := 0
	fraud := map[string]bool{}
	for _, r := range runs {
		if len(r.AsOf) < 4 || r.AsOf[:4] != y {
			continue
		}
		recipients = max(recipients, r.RollRows)
		xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: r.ID})
		if err != nil {
			return ind, err
		}
		outs, err := st.AuditOutcomes(ctx, r.ID)
		if err != nil {
			return ind, err
		}
		for _, x := range xs {
			suspects++
			o, ok := outs[x.ID]
			if ok && auditmem.Outcome(o.Outcome).Closed() && time.Unix(o.ClosedAt, 0).Year() == year {
				closed++
			}
			confirmed := false
			switch audit.SuspectState(x.State) {
			case audit.StateTownConfirmed, audit.StateSuspensionIssued, audit.StateStopped:
				confirmed = true
			}
			if x.Finding == "death" && x.Overpaid > 0 && (confirmed || o.Outcome == string(auditmem.OutcomeTerminated)) {
				fraud[x.IDNumber] = true
			}
		}
	}
	if v, ok, err := LatestCertRun(ctx, st, y); err != nil {
		return ind, err
	} else if ok {
		ind.Cert, ind.CertRun = rateOf(int64(v.Total.Certified), int64(v.Total.Required)), v.CertRun
	}
	ind.Closure = rateOf(closed, suspects)
	ind.Fraud = rateOf(int64(len(fraud)), int64(recipients))
	return ind, nil
}

// CoverageRates are, for a year, from the newest run of the year that
// checked the hardship lists, over the members checked (all but those
// under 16):
//
//   - 代缴覆盖率 = members neither listed as not enrolled, enrolled
//     without 代缴, nor found by name only ÷ members checked;
//   - 代缴对象参保率 = members found enrolled by ID (not only by name) ÷
//     members checked.
//
// A member found by name alone is not counted: the enrolment is not
// proven. runID is the run; 0 when no run of the year checked coverage.
func CoverageRates(ctx context.Context, st *store.Store, year int) (coverage, enrolled audit.Rate, runID int64, err error) {
	runs, err := st.AuditRuns(ctx)
	if err != nil {
		return coverage, enrolled, 0, err
	}
	slices.SortFunc(runs, func(a, b store.AuditRun) int { return cmp.Compare(b.ID, a.ID) })
	y := strconv.Itoa(year)
	for _, r := range runs {
		if len(r.AsOf) < 4 || r.AsOf[:4] != y {
			continue
		}
		rep, err := st.AuditRunReport(ctx, r.ID)
		if err != nil {
			return coverage, enrolled, 0, err
		}
		if rep.CoverageChecked == 0 {
			continue
		}
		missing := 0
		for _, c := range rep.Coverage {
			if c.Kind != string(audit.KindDaijiaoUnpaid) {
				missing++
			}
		}
		rate := func(num int) audit.Rate {
			bp, ok := money.RatioBP(money.Fen(num), money.Fen(rep.CoverageChecked))
			return audit.Rate{Num: int64(num), Den: int64(rep.CoverageChecked), BP: bp, OK: ok}
		}
		return rate(rep.CoverageChecked - len(rep.Coverage)), rate(rep.CoverageChecked - missing), r.ID, nil
	}
	return coverage, enrolled, 0, nil
}
