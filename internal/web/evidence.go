package web

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"

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

// EvidenceIndicators are the rates computed from the data that a row may
// be mapped to when its name is not recognised (store.SetEvidenceName).
var EvidenceIndicators = []string{"发放率", "及时发放率", "足额发放率", "待遇调整到位率", "代缴覆盖率", "代缴对象参保率",
	"追回率", "足额追回率", "及时追回率", "疑点核实办结率", "冒领发生率", "资格认证率",
	"上级资金到位率", "本级资金到位率", "上级预算执行率", "本级预算执行率"}

// evidenceHints offers every computed rate to the sheet's rows: by the
// row's name, or by the computed rate a user mapped that name to once
// (evidence_names), which wins.
func (s *Server) evidenceHints(ctx context.Context, sh *store.Sheet, rows []EvalRow) {
	names, err := s.st.EvidenceNames(ctx)
	if err != nil {
		s.log.Error("evidence names", "err", err)
	}
	asNamed := make([]EvalRow, len(rows)) // the rows as the producers match them
	copy(asNamed, rows)
	for i := range asNamed {
		if ind, ok := names[eval.Normalize(rows[i].Ind.Level3)]; ok {
			asNamed[i].Ind.Level3 = ind
		}
	}
	s.offerEvidence(ctx, sh, asNamed)
	for i := range rows {
		rows[i].Hint = asNamed[i].Hint
	}
}

// offerEvidence runs the producers of computed rates over the rows.
func (s *Server) offerEvidence(ctx context.Context, sh *store.Sheet, rows []EvalRow) {
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
		if len(eval.CheckEvidence(r, []eval.Evidence{e})) == 0 && !(isWhole(row.Actual) && basisShort(h.Basis)) {
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

// EvidenceMap is the evaluate page's part for mapping row names to
// computed rates: the rows no rate was offered to, and those mapped.
type EvidenceMap struct {
	Unmatched   []string
	Mapped      [][2]string // name, indicator
	Indicators  []string
	ProjectPath string
}

func (s *Server) evidenceMap(ctx context.Context, sh *store.Sheet, rows []EvalRow) *EvidenceMap {
	names, err := s.st.EvidenceNames(ctx)
	if err != nil {
		return nil
	}
	m := &EvidenceMap{Indicators: EvidenceIndicators, ProjectPath: "/projects/" + strconv.FormatInt(sh.Project.ID, 10)}
	for _, r := range rows {
		n := eval.Normalize(r.Ind.Level3)
		if ind, ok := names[n]; ok {
			m.Mapped = append(m.Mapped, [2]string{r.Ind.Level3, ind})
		} else if r.Hint == nil && strings.Contains(r.Ind.Level3+r.Ind.Target, "率") && !slices.Contains(m.Unmatched, r.Ind.Level3) {
			m.Unmatched = append(m.Unmatched, r.Ind.Level3)
		}
	}
	return m
}

// setEvidenceName maps an indicator's name to a computed rate (or clears
// the mapping), once for every project and year.
func (s *Server) setEvidenceName(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	name := eval.Normalize(r.PostFormValue("name"))
	ind := strings.TrimSpace(r.PostFormValue("indicator"))
	back := "/projects/" + strconv.FormatInt(sh.Project.ID, 10) + "/evaluate"
	pg := s.page(r, "")
	known := false
	for _, row := range sh.Rows {
		known = known || eval.Normalize(row.Level3) == name
	}
	if !known || (ind != "" && !slices.Contains(EvidenceIndicators, ind)) {
		redirect(w, r, back, pg.T("请选择本表的指标和按数据计算的指标。"))
		return
	}
	if err := s.st.SetEvidenceName(r.Context(), name, ind, currentUser(r).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if ind == "" {
		redirect(w, r, back, pg.T("已取消对应。"))
		return
	}
	redirect(w, r, back, pg.T("已设置对应，各项目各年度同名指标均按此取值。"))
}

// isWhole reports an actual written as 100%.
func isWhole(actual string) bool {
	v := eval.ParseValue(actual)
	return v.Kind == eval.KindNumber && v.Unit == "%" && v.Num.Rat().Cmp(big.NewRat(100, 1)) == 0
}

// basisShort reports a hint's basis ("447482/447504, 2023-12, #3" or
// "5,826.13/7,925.65") whose numerator falls short of its denominator:
// a rate that rounds to 100.00% without being whole (eval.CheckEvidence
// holds the same rule for the command line).
func basisShort(basis string) bool {
	frac, _, _ := strings.Cut(basis, ", ")
	n, d, ok := strings.Cut(frac, "/")
	if !ok {
		return false
	}
	num, ok1 := new(big.Rat).SetString(strings.ReplaceAll(n, ",", ""))
	den, ok2 := new(big.Rat).SetString(strings.ReplaceAll(d, ",", ""))
	return ok1 && ok2 && den.Sign() > 0 && num.Cmp(den) < 0
}
