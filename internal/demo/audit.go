package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

// loadAudit runs one survival audit on generated data (a month of 800
// recipients across 如皋's towns, 2024-06) and leaves its suspects at every
// step of the two-up-two-down cycle, with a few recovery cases opened in
// 2024 (which the 2024 稽查费 project's 追回率 rows pick up), and the
// month's certification run on the same roll.
//
// Times: the suspects were sent two weeks ago, so the towns' unanswered
// suspects are overdue; the suspension list was issued two days ago and
// is not due yet.
func loadAudit(ctx context.Context, st *store.Store, ids map[string]int64) error {
	dir, err := os.MkdirTemp("", "jixiao-demo-audit-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	in, err := auditdb.Demo(dir, auditgen.Config{Seed: 2024, Recipients: 800, Deaths: 110, NoiseDeaths: 20, Other: 80, Duplicates: 10,
		AsOf: cal.MonthOf(2024, 6)})
	if err != nil {
		return fmt.Errorf("demo: audit data: %w", err)
	}
	in.By = ids["jihe"]
	now := st.Now()
	runID, _, err := auditdb.Execute(ctx, st, in, now.AddDate(0, 0, -15))
	if err != nil {
		return fmt.Errorf("demo: audit run: %w", err)
	}
	city := auditdb.Actor{UserID: ids["jihe"], Name: "吴涛", Role: audit.RoleCity}
	if _, err := auditdb.Send(ctx, st, runID, city, now.AddDate(0, 0, -14)); err != nil {
		return fmt.Errorf("demo: send: %w", err)
	}
	towns := []auditdb.Actor{
		{UserID: ids["rucheng"], Name: "周丽", Role: audit.RoleTown, Town: "如城街道"},
		{Name: "白蒲镇经办员（演示）", Role: audit.RoleTown, Town: "白蒲镇"},
	}
	var confirmed []store.AuditSuspect
	for _, t := range towns {
		xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: runID, Town: t.Town})
		if err != nil {
			return err
		}
		// all but the last two answered; one of the answers a rejection
		for i, x := range xs[:max(len(xs)-2, 0)] {
			at := now.AddDate(0, 0, -12+i%4)
			if i == 1 {
				if err := auditdb.Reply(ctx, st, x.ID, t, false, "入户核实，本人健在，系死亡名单录入错误。", "走访记录 "+x.Name+"\n村委会证明", at); err != nil {
					return fmt.Errorf("demo: reply: %w", err)
				}
				continue
			}
			note, ev := "经核实本人已死亡，家属未及时申报。", "火化证明\n村（社区）证明"
			if x.Finding == "duplicate" {
				note, ev = "经核实同时领取企业职工养老金。", "企业职工养老保险待遇核定表"
			}
			if err := auditdb.Reply(ctx, st, x.ID, t, true, note, ev, at); err != nil {
				return fmt.Errorf("demo: reply: %w", err)
			}
			confirmed = append(confirmed, x)
		}
	}
	if _, err := auditdb.Issue(ctx, st, runID, city, now.AddDate(0, 0, -2)); err != nil {
		return fmt.Errorf("demo: issue: %w", err)
	}
	// the towns confirm about half the stops
	for i, x := range confirmed {
		if i%2 == 0 {
			t := towns[0]
			if x.Town == towns[1].Town {
				t = towns[1]
			}
			if err := auditdb.ConfirmStop(ctx, st, x.ID, t, "已在系统中停发。", now.AddDate(0, 0, -1)); err != nil {
				return fmt.Errorf("demo: stop: %w", err)
			}
		}
	}
	// 待遇资格认证 of the same month and roll: the towns see their due
	// lists, 资格认证率 reaches the monthly report and the indicators
	if _, _, err := auditdb.ExecuteCert(ctx, st, auditdb.CertInput{Rolls: in.Rolls, Events: []string{filepath.Join(dir, "certevents.csv")},
		Deaths: in.Deaths, AsOf: in.AsOf, Rules: cert.DefaultRules(), Source: "demo", By: ids["jihe"], Dir: dir}); err != nil {
		return fmt.Errorf("demo: certification run: %w", err)
	}
	// recovery cases: recovered in time, partly, recovered late, written off
	plans := []struct {
		t       audit.CaseType
		opened  cal.Date
		repay   []cal.Date
		parts   []int64 // per cent of the amount due
		writeOf string
	}{
		{audit.CaseOverpayment, cal.DateOf(2024, 7, 8), []cal.Date{cal.DateOf(2024, 7, 26)}, []int64{100}, ""},
		{audit.CaseOverpayment, cal.DateOf(2024, 7, 8), []cal.Date{cal.DateOf(2024, 8, 2)}, []int64{40}, ""},
		{audit.CaseFraud, cal.DateOf(2024, 7, 10), []cal.Date{cal.DateOf(2024, 8, 15), cal.DateOf(2024, 11, 20)}, []int64{50, 50}, ""},
		{audit.CaseOverpayment, cal.DateOf(2024, 7, 12), nil, nil, "死者无遗产，无法定继承人，经集体研究核销。"},
		{audit.CaseOverpayment, cal.DateOf(2024, 7, 15), []cal.Date{cal.DateOf(2024, 7, 30)}, []int64{100}, ""},
	}
	n := 0
	for _, x := range confirmed {
		if n == len(plans) {
			break
		}
		if x.Overpaid <= 0 {
			continue
		}
		p := plans[n]
		n++
		cid, err := auditdb.OpenCase(ctx, st, x.ID, city, p.t, p.opened, now)
		if err != nil {
			return fmt.Errorf("demo: case: %w", err)
		}
		var paid money.Fen
		var total int64
		for _, pc := range p.parts {
			total += pc
		}
		for j, on := range p.repay {
			amt := money.Fen(int64(x.Overpaid) * p.parts[j] / 100)
			if j == len(p.repay)-1 && total == 100 {
				amt = x.Overpaid - paid // the last payment settles the rest
			}
			if err := auditdb.Repay(ctx, st, cid, city, on, amt, "银行转账", now); err != nil {
				return fmt.Errorf("demo: repay: %w", err)
			}
			paid += amt
		}
		if p.writeOf != "" {
			if err := auditdb.WriteOff(ctx, st, cid, city, p.writeOf, cal.DateOf(2024, 10, 9), now); err != nil {
				return fmt.Errorf("demo: write-off: %w", err)
			}
		}
	}
	return nil
}
