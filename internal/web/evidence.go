package web

import (
	"context"
	"fmt"
	"math/big"

	"jixiao/internal/eval"
	"jixiao/internal/store"
)

// Indicators from evidence on the web: every rate computed from the data —
// 发放率, 及时发放率, 足额发放率, 待遇调整到位率 (pay_hints.go), 代缴覆盖率
// (pay_hints.go), 追回率 and the other case rates (audit_cases.go), the
// audit's and certification's rates (audit_memory.go), the rates of each
// source of funds (project_paymoney.go) — is offered beside the row it
// proves (RateHint), and a written actual that disagrees is reported by
// the check evidence.mismatch (eval.CheckEvidence, the same rule as
// `jixiao check --evidence`) among the page's findings.

// evidenceHints offers every computed rate to the sheet's rows.
func (s *Server) evidenceHints(ctx context.Context, sh *store.Sheet, rows []EvalRow) {
	s.rateHints(ctx, sh.Project.Year, rows)
	rec, err := s.st.MoneyRecords(ctx, sh.Project.ID, store.KindReceipt)
	if err != nil {
		s.log.Error("money records", "err", err)
		return
	}
	sp, err := s.st.MoneyRecords(ctx, sh.Project.ID, store.KindSpending)
	if err != nil {
		s.log.Error("money records", "err", err)
		return
	}
	fundsHints(sh.Project.Year, moneyBySource(sh, rec, sp), rows)
}

// markEvidence runs evidence.mismatch over the rows' written actuals and
// the rates offered beside them: each disagreeing row's hint is marked and
// a finding returned.
func markEvidence(year int, rows []EvalRow) []eval.Finding {
	var out []eval.Finding
	for i := range rows {
		row := &rows[i]
		h := row.Hint
		if h == nil || row.Actual == "" {
			continue
		}
		v := eval.ParseValue(h.Value) // "92.50%": the rate as offered, exact to the hundredth
		if v.Kind != eval.KindNumber || v.Unit != "%" {
			continue
		}
		bp := new(big.Rat).Mul(v.Num.Rat(), big.NewRat(100, 1))
		if !bp.IsInt() {
			continue
		}
		e := eval.Evidence{Indicator: row.Ind.Level3, BP: bp.Num().Int64(), Period: fmt.Sprint(year)}
		r := &eval.Report{Year: year, Sheet: eval.Sheet{Rows: []eval.Row{{Level3: row.Ind.Level3, Actual: eval.ParseValue(row.Actual), Line: row.Index + 1}}}}
		if len(eval.CheckEvidence(r, []eval.Evidence{e})) == 0 {
			continue
		}
		h.Mismatch = true
		out = append(out, eval.Finding{Rule: eval.EvidenceRule.Name, Severity: eval.EvidenceRule.Severity, Indicator: row.Ind.Level3,
			MessageZH: fmt.Sprintf("实际完成值写 %s，按业务数据计算为 %s（%s）", row.Actual, h.Value, h.Basis),
			MessageEN: fmt.Sprintf("the actual is written as %s; the data give %s (%s)", row.Actual, h.Value, h.Basis)})
	}
	return out
}

// evidenceFindings are the project's evidence.mismatch findings, for the
// pages that show its findings without the form (the project page).
func (s *Server) evidenceFindings(ctx context.Context, sh *store.Sheet) []eval.Finding {
	rows := make([]EvalRow, len(sh.Rows))
	for i, ind := range sh.Rows {
		rows[i] = EvalRow{Index: i, Ind: ind, Actual: ind.Actual}
	}
	s.evidenceHints(ctx, sh, rows)
	return markEvidence(sh.Project.Year, rows)
}
