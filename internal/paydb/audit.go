package paydb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
	"jixiao/internal/store"
)

// The monthly cycle hands the survival audit what it found: overpayments
// become recovery cases of type 多领 (money paid that was not due; 冒领 —
// fraud — is a person's decision on the case, never the checker's), and
// closed or frozen bank accounts become suspects of a possible death for
// the towns to verify (review: a frozen account is not a death).

// ErrNoOverpayment is returned when a run (or the finding asked for) has
// no overpayment left without a case.
var ErrNoOverpayment = errors.New("没有尚未立案的多发 (no overpayment without a case)")

// OpenCases opens a 多领 recovery case for each overpayment finding of the
// run that has none yet — or for the one finding findingID (0 = all) —
// owing the finding's difference. It returns how many it opened.
func OpenCases(ctx context.Context, st *store.Store, runID, findingID int64, by auditdb.Actor, opened cal.Date, now time.Time) (int, error) {
	fs, err := st.PayFindings(ctx, store.PayFindingFilter{RunID: runID, Limit: 1 << 30})
	if err != nil {
		return 0, err
	}
	var cs []store.PayCase
	for _, f := range fs {
		k, ok := payroll.KindByName(f.Kind)
		if !ok || !k.Overpayment() || (findingID != 0 && f.ID != findingID) {
			continue
		}
		c, err := audit.NewCase(strconv.FormatInt(f.ID, 10), audit.Finding{Roll: audit.Recipient{ID: f.IDNumber, Name: f.Name, Town: f.Town,
			Scheme: f.Scheme}, Overpaid: money.Fen(f.Difference())}, audit.CaseOverpayment, opened)
		if err != nil {
			continue // nothing to recover
		}
		note := fmt.Sprintf("立案 %s 应追回 %s 元（发放核对批次 #%d：%s %s）", c.Type.LabelZH(), c.Due, runID, k.LabelZH(), f.Months)
		cs = append(cs, store.PayCase{FindingID: f.ID,
			Case: store.AuditCase{IDNumber: c.RollID, Name: c.Name, Town: c.Town, Scheme: c.Scheme, Type: string(c.Type), Due: c.Due,
				Opened: c.Opened.String(), CreatedBy: by.UserID},
			Event: store.AuditEvent{At: now.Unix(), UserID: by.UserID, Actor: by.Name, ActorRole: string(by.Role), To: string(audit.CaseOpen), Note: note}})
	}
	if len(cs) == 0 {
		return 0, ErrNoOverpayment
	}
	n, err := st.CreatePayCases(ctx, cs)
	if err == nil && n == 0 {
		err = ErrNoOverpayment
	}
	return n, err
}

// FindingBank is the finding of a suspect sent from the bank returns: a
// possible death, for the town to verify.
const FindingBank = "death"

// Kinds of the bank-return suspects (locale.MatchKindNames).
const (
	KindBankClosed = "bank_closed"
	KindBankFrozen = "bank_frozen"
)

// Errors of sending the possible deaths.
var (
	ErrDeathsSent = errors.New("本批次销户、冻结账户已转生存稽核 (already sent to the survival audit)")
	ErrNoDeaths   = errors.New("本批次没有销户或冻结的账户 (no closed or frozen account in this run)")
)

// PossibleDeaths lists, once per person, the run's failed payments whose
// account was closed or frozen.
func PossibleDeaths(d store.PayRunData) []store.PayFailed {
	seen := map[string]bool{}
	var out []store.PayFailed
	for _, f := range d.Failed {
		c := payroll.FailureClass(f.Class)
		if (c != payroll.FailClosed && c != payroll.FailFrozen) || seen[f.IDNumber] {
			continue
		}
		seen[f.IDNumber] = true
		out = append(out, f)
	}
	return out
}

// SendPossibleDeaths puts the run's closed and frozen accounts through the
// two-up-two-down cycle: an audit run (source pay) whose suspects are the
// account holders, of class 待核实, sent to their towns. The towns verify
// whether the person died — the same steps and pages as every other
// suspect. It returns the audit run and how many were sent.
func SendPossibleDeaths(ctx context.Context, st *store.Store, runID int64, by auditdb.Actor, now time.Time) (int64, int, error) {
	run, err := st.PayRun(ctx, runID)
	if err != nil {
		return 0, 0, err
	}
	if linked, err := st.PayRunAuditRun(ctx, runID); err != nil {
		return 0, 0, err
	} else if linked != 0 {
		return 0, 0, ErrDeathsSent
	}
	d, err := st.PayRunRows(ctx, runID, "")
	if err != nil {
		return 0, 0, err
	}
	fs := PossibleDeaths(d)
	if len(fs) == 0 {
		return 0, 0, ErrNoDeaths
	}
	r := store.AuditRun{AsOf: run.To, Source: "pay", RollRows: len(fs), CreatedBy: by.UserID, ReplyDays: 10, ConfirmDays: 5,
		Files: []string{fmt.Sprintf("发放核对批次 #%d 银行回盘", runID)}}
	sus := make([]store.AuditSuspect, len(fs))
	for i, f := range fs {
		c := payroll.FailureClass(f.Class)
		kind := KindBankClosed
		if c == payroll.FailFrozen {
			kind = KindBankFrozen
		}
		sus[i] = store.AuditSuspect{Town: f.Town, IDNumber: f.IDNumber, Name: f.Name, Finding: FindingBank, Kind: kind,
			Confidence: string(audit.Review), Sources: "银行回盘", Monthly: money.Fen(f.Amount),
			ReasonZH: fmt.Sprintf("%s 银行回盘失败：%s（%s）。可能已死亡，请核实；账户冻结不等于死亡。", f.Month, c.LabelZH(), strings.TrimSpace(f.Reason)),
			ReasonEN: fmt.Sprintf("%s bank return failed: %s (%s). Possibly dead: please verify; a frozen account is not a death.", f.Month, c, strings.TrimSpace(f.Reason))}
	}
	id, err := st.CreateAuditRunForPay(ctx, runID, r, sus)
	if errors.Is(err, store.ErrConflict) {
		return 0, 0, ErrDeathsSent
	}
	if err != nil {
		return 0, 0, err
	}
	n, err := auditdb.Send(ctx, st, id, by, now)
	return id, n, err
}
