package web

import (
	"context"
	"fmt"

	"jixiao/internal/eval"
	"jixiao/internal/paydb"
)

// payIndicatorHints offers the rates the stored payroll checks prove —
// 发放率, 及时发放率, 足额发放率, 待遇调整到位率 (paydb.YearEvidence) — beside
// the self-evaluation rows of those names (eval.MatchEvidence: the longest
// name wins), and marks a written actual that disagrees with them the way
// `jixiao check --evidence` reports evidence.mismatch.
func (s *Server) payIndicatorHints(ctx context.Context, year int, rows []EvalRow) {
	ev, err := paydb.YearEvidence(ctx, s.st, year)
	if err != nil {
		s.log.Error("pay indicators", "err", err)
		return
	}
	if len(ev) == 0 {
		return
	}
	for i := range rows {
		row := &rows[i]
		if row.Hint != nil {
			continue
		}
		e := eval.MatchEvidence(row.Ind.Level3, ev)
		if e == nil {
			continue
		}
		h := &RateHint{Value: e.Percent(), Basis: fmt.Sprintf("%d/%d, %s", e.Num, e.Den, e.Period), Link: "/pay",
			Label: "按发放核对计算", LinkText: "查看核对"}
		if row.Actual != "" {
			r := &eval.Report{Year: year, Sheet: eval.Sheet{Rows: []eval.Row{{Level3: row.Ind.Level3, Actual: eval.ParseValue(row.Actual)}}}}
			h.Mismatch = len(eval.CheckEvidence(r, []eval.Evidence{*e})) > 0
		}
		row.Hint = h
	}
}
