package auditdb

import (
	"context"
	"errors"
	"testing"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/certrun"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// certMonth generates a roll with three years of certification events
// and runs the month through the database.
func certMonth(t *testing.T, st *store.Store, asOf cal.Month) (CertInput, int64, *certrun.Run) {
	t.Helper()
	dir := t.TempDir()
	fs, _, err := auditgen.New(auditgen.Config{Seed: 7, Recipients: 600, Deaths: 30, AsOf: asOf}).WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	in := CertInput{Rolls: []string{fs.Roll}, Events: []string{fs.Cert.Events}, Deaths: []string{fs.Deaths}, AsOf: asOf,
		Rules: cert.DefaultRules(), Source: "demo", Dir: dir}
	id, run, err := ExecuteCert(context.Background(), st, in)
	if err != nil {
		t.Fatal(err)
	}
	return in, id, run
}

// TestCertRunStored: a certification month stored as evidence — town
// tallies that add up to the run's, every list row kept and read back as
// computed; an offline certification recorded by a town changes the
// person's status in the next run; the suspension list goes through the
// two-up-two-down cycle as 暂停; 资格认证率 reaches the indicators and
// the monthly report.
func TestCertRunStored(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			asOf := cal.MonthOf(2024, 6)
			in, id, run := certMonth(t, st, asOf)
			if len(run.Due) == 0 || len(run.Suspend) < 2 {
				t.Fatalf("generated month: %d due, %d to suspend", len(run.Due), len(run.Suspend))
			}
			v, err := LoadCertRun(ctx, st, id)
			if err != nil {
				t.Fatal(err)
			}
			if v.Total != run.Total || v.AsOf != asOf || v.Rules != run.Rules {
				t.Errorf("stored run %+v / %+v, want %+v", v.Total, v.Rules, run.Total)
			}
			var sum cert.Tally
			for _, tt := range v.Towns {
				sum.Merge(&tt.Tally)
			}
			if sum != run.Total {
				t.Errorf("towns add up to %+v, want %+v", sum, run.Total)
			}
			for _, c := range certLists {
				rows, err := CertRows(ctx, st, id, c.l, "")
				if err != nil {
					t.Fatal(err)
				}
				want := run.Rows(c.l)
				if len(rows) != len(want) {
					t.Fatalf("%s: %d rows stored, want %d", c.name, len(rows), len(want))
				}
				for i := range rows {
					if rows[i].Roll.ID != want[i].Roll.ID || rows[i].Res.Status != want[i].Res.Status ||
						rows[i].Res.ValidUntil != want[i].Res.ValidUntil || rows[i].Res.BackPay != want[i].Res.BackPay {
						t.Errorf("%s row %d: %+v, want %+v", c.name, i, rows[i].Res, want[i].Res)
					}
				}
			}
			town := v.Towns[0].Town
			due, err := CertRows(ctx, st, id, certrun.ListDue, town)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range due {
				if r.Roll.Town != town {
					t.Errorf("due list of %s holds %s", town, r.Roll.Town)
				}
			}

			// an offline certification of a person to suspend, dated in the month
			p := run.Suspend[0]
			now := time.Date(2024, 6, 28, 10, 0, 0, 0, time.UTC)
			o := store.CertOffline{Town: p.Roll.Town, IDNumber: p.Roll.ID, Name: p.Roll.Name, Date: "2024-06-20", Channel: "上门", Note: "入户核实本人健在"}
			for _, bad := range []store.CertOffline{
				{Town: o.Town, IDNumber: "320682194501011234", Name: o.Name, Date: o.Date, Channel: o.Channel, Note: o.Note},
				{Town: o.Town, IDNumber: o.IDNumber, Name: o.Name, Date: "2024-07-02", Channel: o.Channel, Note: o.Note},
				{Town: o.Town, IDNumber: o.IDNumber, Name: o.Name, Date: o.Date, Channel: "大数据比对", Note: o.Note},
				{Town: o.Town, IDNumber: o.IDNumber, Name: o.Name, Date: o.Date, Channel: o.Channel},
			} {
				if _, err := RecordOffline(ctx, st, bad, now); err == nil {
					t.Errorf("accepted %+v", bad)
				}
			}
			if _, err := RecordOffline(ctx, st, o, now); err != nil {
				t.Fatal(err)
			}
			in.Events = in.Events[:1]
			id2, run2, err := ExecuteCert(ctx, st, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range run2.Suspend {
				if r.Roll.ID == p.Roll.ID {
					t.Errorf("%s still to suspend after an offline certification", p.Roll.Name)
				}
			}
			v2, _ := LoadCertRun(ctx, st, id2)
			if v2.Offline != 1 || v2.Total.Certified != run.Total.Certified+1 {
				t.Errorf("second run: %d offline, %d certified (first %d)", v2.Offline, v2.Total.Certified, run.Total.Certified)
			}

			// the suspension list through 两上两下
			city := Actor{Name: "稽核员", Role: audit.RoleCity}
			aid, n, err := SendCertSuspensions(ctx, st, id2, city, 0, 0, now)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(run2.Suspend) {
				t.Errorf("sent %d, want %d", n, len(run2.Suspend))
			}
			if _, _, err := SendCertSuspensions(ctx, st, id2, city, 0, 0, now); !errors.Is(err, ErrCertSent) {
				t.Errorf("second send: %v", err)
			}
			xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: aid})
			if err != nil || len(xs) != n {
				t.Fatalf("%v: %d suspects", err, len(xs))
			}
			x := xs[0]
			if x.Finding != FindingCert || x.State != string(audit.StatePending) || x.ReasonZH == "" {
				t.Errorf("suspect %+v", x)
			}
			if err := Reply(ctx, st, x.ID, Actor{Name: "镇经办", Role: audit.RoleTown, Town: x.Town}, true, "未认证，联系不上", "", now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if k, err := Issue(ctx, st, aid, city, now.Add(2*time.Hour)); err != nil || k != 1 {
				t.Fatalf("issued %d: %v", k, err)
			}
			if y, _ := st.AuditSuspect(ctx, x.ID); y.Action != string(audit.ActionSuspend) {
				t.Errorf("action %q, want suspend (暂停, not 终止)", y.Action)
			}

			// 资格认证率 from the latest run of the year and of the month
			ind, err := YearIndicators(ctx, st, 2024)
			if err != nil {
				t.Fatal(err)
			}
			if ind.CertRun.ID != id2 || ind.Cert.Num != int64(v2.Total.Certified) || ind.Cert.Den != int64(v2.Total.Required) || !ind.Cert.OK {
				t.Errorf("indicator %+v from run %d, want %d/%d of run %d", ind.Cert, ind.CertRun.ID, v2.Total.Certified, v2.Total.Required, id2)
			}
			mon, err := MonthlyFigures(ctx, st, asOf, now)
			if err != nil {
				t.Fatal(err)
			}
			if mon.Cert == nil || *mon.Cert != v2.Total {
				t.Errorf("monthly report cert %+v", mon.Cert)
			}
		})
	}
}
