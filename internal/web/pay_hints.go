package web

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"jixiao/internal/auditdb"
	"jixiao/internal/eval"
	"jixiao/internal/paydb"
)

// payIndicatorHints offers the rates the stored payroll checks prove —
// 发放率, 及时发放率, 足额发放率, 待遇调整到位率 (paydb.YearEvidence) — beside
// the self-evaluation rows of those names (eval.MatchEvidence: the longest
// name wins); markEvidence then marks a written actual that disagrees.
func (s *Server) payIndicatorHints(ctx context.Context, year int, rows []EvalRow) {
	s.coverageHint(ctx, year, rows)
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
		// the checks behind it (paydb.YearEvidence names them "#12、#13" in its provenance)
		runs := runRefs.FindAllString(e.Provenance, -1)
		link := "/pay"
		if len(runs) == 1 {
			link = "/pay/runs/" + runs[0][1:]
		}
		row.Hint = &RateHint{Value: e.Percent(), Basis: fmt.Sprintf("%d/%d, %s, %s", e.Num, e.Den, e.Period, strings.Join(runs, " ")), Link: link,
			Label: "按发放核对计算", LinkText: "查看核对"}
	}
}

var runRefs = regexp.MustCompile(`#\d+`)

// coverageHint offers 代缴覆盖率 and 代缴对象参保率 from the newest audit run
// of the year that checked the hardship lists (auditdb.CoverageRates).
func (s *Server) coverageHint(ctx context.Context, year int, rows []EvalRow) {
	which := map[int]bool{} // true: 参保率
	for i := range rows {
		name := eval.Normalize(rows[i].Ind.Level3)
		switch {
		case rows[i].Hint != nil:
		case strings.Contains(name, "代缴覆盖率"):
			which[i] = false
		case strings.Contains(name, "代缴对象参保率"), strings.Contains(name, "困难群体参保率"):
			which[i] = true
		}
	}
	if len(which) == 0 {
		return
	}
	cov, enr, runID, err := auditdb.CoverageRates(ctx, s.st, year)
	if err != nil {
		s.log.Error("coverage rate", "err", err)
		return
	}
	for i, enrolled := range which {
		rt := cov
		if enrolled {
			rt = enr
		}
		if rt.OK {
			rows[i].Hint = &RateHint{Value: rt.Percent(), Basis: fmt.Sprintf("%d/%d", rt.Num, rt.Den), Link: fmt.Sprintf("/audit/runs/%d", runID),
				Label: "按困难群体参保覆盖计算", LinkText: "查看稽核批次"}
		}
	}
}
