package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"jixiao/internal/auditdb"
	"jixiao/internal/auditmem"
	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The audit's memory on the pages (issue 16): a run's link to the earlier
// runs with the pairs held back, a suspect's relation to earlier runs and
// its outcome, closing a suspect, and the monthly report.

// RunMemory is what a run page shows of the memory.
type RunMemory struct {
	Link    store.RunLink
	HasLink bool
	Held    []store.HeldPair
}

func (s *Server) runMemory(r *http.Request, runID int64) (RunMemory, error) {
	var m RunMemory
	var err error
	if m.Link, m.HasLink, err = s.st.AuditRunLink(r.Context(), runID); err != nil {
		return m, err
	}
	m.Held, err = s.st.AuditHeld(r.Context(), runID, "")
	return m, err
}

// SuspectMemory is what a suspect page shows of the memory.
type SuspectMemory struct {
	Memory     store.SuspectMemory
	HasMemory  bool
	Outcome    store.AuditOutcome
	HasOutcome bool
	CanClose   bool
	Outcomes   []auditmem.Outcome
	Causes     []auditmem.RootCause
}

func (s *Server) suspectMemory(r *http.Request, x store.AuditSuspect) (SuspectMemory, error) {
	m := SuspectMemory{Outcomes: auditmem.Outcomes, Causes: auditmem.RootCauses}
	var err error
	if m.Memory, m.HasMemory, err = s.st.AuditMemory(r.Context(), x.ID); err != nil {
		return m, err
	}
	if m.Outcome, m.HasOutcome, err = s.st.AuditOutcomeOf(r.Context(), x.ID); err != nil {
		return m, err
	}
	m.CanClose = currentUser(r).Role == workflow.RoleAuditor && x.State != ""
	return m, nil
}

// closeSuspect ends a suspect with an outcome and a root cause (auditor).
func (s *Server) closeSuspect(w http.ResponseWriter, r *http.Request) {
	x, ok := s.loadSuspect(w, r)
	if !ok {
		return
	}
	err := auditdb.Close(r.Context(), s.st, x.ID, auditActor(currentUser(r)), auditmem.Outcome(r.PostFormValue("outcome")),
		auditmem.RootCause(r.PostFormValue("cause")), r.PostFormValue("note"), s.now())
	if errors.Is(err, auditmem.ErrOutcome) {
		s.showSuspect(w, r, x, http.StatusUnprocessableEntity, "请选择办结结果；属实的须选择原因代码。")
		return
	}
	s.suspectDone(w, r, x, err, "疑点已办结。")
}

// monthlyReport downloads the 月度稽核报告 of a month (default: the
// latest run's) as xlsx or docx, with last month beside it.
func (s *Server) monthlyReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, ok := cal.ParseMonth(r.FormValue("month"))
	if !ok {
		runs, err := s.st.AuditRuns(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		m = cal.MonthOf(s.now().Year(), int(s.now().Month()))
		if len(runs) > 0 {
			m, _ = cal.ParseMonth(runs[0].AsOf)
		}
	}
	cur, err := auditdb.MonthlyFigures(ctx, s.st, m, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	prev, err := auditdb.MonthlyFigures(ctx, s.st, m-1, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	name := fmt.Sprintf("月度稽核报告_%s", m)
	if r.FormValue("format") == "docx" {
		err = auditdb.WriteMonthlyDOCX(&buf, &cur, &prev)
		setDownload(w, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment", name+".docx")
	} else {
		err = auditdb.WriteMonthlyXLSX(&buf, &cur, &prev)
		setDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment", name+".xlsx")
	}
	if err != nil {
		w.Header().Del("Content-Disposition")
		s.fail(w, r, err)
		return
	}
	w.Write(buf.Bytes())
}

// auditIndicatorHints offers 疑点核实办结率, 冒领发生率 and 资格认证率 computed
// from the audit and the certification runs (auditdb.YearIndicators) beside
// the rows of those names.
func (s *Server) auditIndicatorHints(ctx context.Context, year int, rows []EvalRow) {
	which := map[int]string{}
	for i, row := range rows {
		switch eval.Normalize(row.Ind.Level3) {
		case "疑点核实办结率", "疑点办结率":
			which[i] = "closure"
		case "冒领发生率":
			which[i] = "fraud"
		case "资格认证率", "待遇资格认证率", "领取待遇人员资格认证率":
			which[i] = "cert"
		}
	}
	if len(which) == 0 {
		return
	}
	ind, err := auditdb.YearIndicators(ctx, s.st, year)
	if err != nil {
		s.log.Error("audit indicators", "err", err)
		return
	}
	for i, k := range which {
		rt, label, link, text := ind.Closure, "按稽核疑点计算", "/audit/suspects", ""
		switch k {
		case "fraud":
			rt, label = ind.Fraud, "按死亡后冒领人数÷领取人数计算"
		case "cert":
			rt, label, link, text = ind.Cert, "按资格认证批次计算（已认证÷应认证）", fmt.Sprintf("/cert/runs/%d", ind.CertRun.ID), "查看认证批次"
		}
		if !rt.OK {
			continue
		}
		rows[i].Hint = &RateHint{Value: rt.Percent(), Basis: fmt.Sprintf("%d/%d", rt.Num, rt.Den), Link: link, Label: label, LinkText: text}
	}
}
