package auditdb

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/auditmem"
	"jixiao/internal/cal"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// TestAuditRemembers runs two months of the same rolls through the
// database: a pair the town rejected is held back in the second month
// (and sent again once a new death record names the person), an
// unanswered one is carried forward with its age and accrued overpayment,
// a confirmed one still paid is flagged; suspects close with an outcome
// and a root cause.
func TestAuditRemembers(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			in, err := Demo(t.TempDir(), auditgen.Config{Seed: 5, Recipients: 400, Deaths: 40, AsOf: cal.MonthOf(2024, 6)})
			if err != nil {
				t.Fatal(err)
			}
			t0 := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
			run1, _, err := Execute(ctx, st, in, t0)
			if err != nil {
				t.Fatal(err)
			}
			city := Actor{Name: "稽核员", Role: audit.RoleCity}
			if _, err := Send(ctx, st, run1, city, t0); err != nil {
				t.Fatal(err)
			}
			xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: run1})
			if err != nil || len(xs) < 6 {
				t.Fatalf("%v, %d suspects", err, len(xs))
			}
			var deaths []store.AuditSuspect
			for _, x := range xs {
				if x.Finding == "death" && x.OverpaidMonths > 0 {
					deaths = append(deaths, x)
				}
			}
			rejected, rejected2, pending, confirmed := deaths[0], deaths[1], deaths[2], deaths[3]
			for _, c := range []struct {
				x  store.AuditSuspect
				ok bool
			}{{rejected, false}, {rejected2, false}, {confirmed, true}} {
				town := Actor{Name: "镇经办", Role: audit.RoleTown, Town: c.x.Town}
				if err := Reply(ctx, st, c.x.ID, town, c.ok, "同名不同人", "", t0.AddDate(0, 0, 3)); err != nil {
					t.Fatal(err)
				}
			}
			// closing: a true outcome needs a cause and a fitting state
			if err := Close(ctx, st, rejected.ID, city, auditmem.OutcomeTerminated, auditmem.CauseDeathUnreported, "", t0); err == nil {
				t.Error("属实已终止 accepted for a rejected suspect")
			}
			if err := Close(ctx, st, rejected.ID, city, auditmem.OutcomeFalse, auditmem.CauseDataEntry, "名册姓名录错", t0.AddDate(0, 0, 4)); err != nil {
				t.Fatal(err)
			}
			if o, ok, _ := st.AuditOutcomeOf(ctx, rejected.ID); !ok || o.Outcome != string(auditmem.OutcomeFalse) || o.RootCause != string(auditmem.CauseDataEntry) {
				t.Errorf("outcome %+v", o)
			}
			// month two: the same rolls; a new death record names rejected2
			f, err := os.OpenFile(in.Deaths[0], os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(rejected2.IDNumber + "," + rejected2.Name + ",,," + rejected2.Town + "," + rejected2.EventDate + ",民政火化\n")
			f.Close()
			// and the July roll pays one month more
			roll, _ := os.ReadFile(in.Rolls[0])
			os.WriteFile(in.Rolls[0], []byte(strings.ReplaceAll(string(roll), ",2024-06,正常", ",2024-07,正常")), 0o644)
			in.AsOf++
			t1 := t0.AddDate(0, 1, 0)
			run2, _, err := Execute(ctx, st, in, t1)
			if err != nil {
				t.Fatal(err)
			}
			link, ok, err := st.AuditRunLink(ctx, run2)
			if err != nil || !ok || link.PrevRunID != run1 || link.Held != 1 || link.Resent != 1 || link.StillPaid != 1 || link.Carried != len(xs)-3 {
				t.Fatalf("link %+v %v %v (suspects before %d)", link, ok, err, len(xs))
			}
			if !strings.Contains(link.HeldWhy, "同名不同人: 1") {
				t.Errorf("held why %q", link.HeldWhy)
			}
			held, _ := st.AuditHeld(ctx, run2, "")
			if len(held) != 1 || held[0].IDNumber != rejected.IDNumber || !strings.Contains(held[0].WhyZH, "证据未变") {
				t.Fatalf("held %+v", held)
			}
			ys, _ := st.AuditSuspects(ctx, store.SuspectFilter{RunID: run2})
			if len(ys) != len(xs)-1 {
				t.Fatalf("%d suspects in month two, want %d", len(ys), len(xs)-1)
			}
			for _, y := range ys {
				m, ok, err := st.AuditMemory(ctx, y.ID)
				if err != nil || !ok {
					t.Fatalf("no memory for %s: %v", y.Name, err)
				}
				switch y.IDNumber {
				case rejected2.IDNumber:
					if m.Decision != string(auditmem.Resend) || !strings.Contains(m.WhyZH, "新的死亡记录：民政火化") {
						t.Errorf("resent: %+v", m)
					}
				case pending.IDNumber:
					if m.Decision != string(auditmem.Carried) || m.AgeDays != 31 || m.Accrued != y.Monthly || m.FirstSent != t0.Unix() {
						t.Errorf("carried: %+v (monthly %s)", m, y.Monthly)
					}
				case confirmed.IDNumber:
					if m.Decision != string(auditmem.StillPaid) {
						t.Errorf("still paid: %+v", m)
					}
				}
			}
			// the year's indicators: 1 closed of all suspects; 1 recipient confirmed paid after death of 400
			ind, err := YearIndicators(ctx, st, 2024)
			if err != nil {
				t.Fatal(err)
			}
			if ind.Closure.Num != 1 || ind.Closure.Den != int64(len(xs)+len(ys)) || ind.Fraud.Num != 1 || ind.Fraud.Den != 400 || ind.Fraud.Percent() != "0.25%" {
				t.Errorf("indicators %+v", ind)
			}
			// the monthly report: June's suspects with their outcomes, July's memory
			june, err := MonthlyFigures(ctx, st, cal.MonthOf(2024, 6), t1)
			if err != nil {
				t.Fatal(err)
			}
			if june.Suspects != len(xs) || june.Closed != 1 || june.Causes[string(auditmem.CauseDataEntry)] != 1 || june.Overdue != len(xs)-3 {
				t.Errorf("June: %d suspects, %d closed, causes %v, %d overdue", june.Suspects, june.Closed, june.Causes, june.Overdue)
			}
			july, err := MonthlyFigures(ctx, st, cal.MonthOf(2024, 7), t1)
			if err != nil {
				t.Fatal(err)
			}
			if july.Held != 1 || july.Carried != len(xs)-3 || july.Resent != 1 || july.Suspects != len(xs)-1 {
				t.Errorf("July: %+v", july)
			}
			var xb, db bytes.Buffer
			if err := WriteMonthlyXLSX(&xb, &july, &june); err != nil {
				t.Fatal(err)
			}
			xf, err := excelize.OpenReader(&xb)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := xf.GetRows("月度稽核报告")
			found := false
			for _, r := range rows {
				if len(r) == 3 && r[0] == "镇已拒绝且证据未变、不再下发" && r[1] == "1" && r[2] == "0（+1）" {
					found = true
				}
			}
			if !strings.Contains(rows[0][0], "2024年7月") || !found {
				t.Errorf("xlsx report: %v", rows[:8])
			}
			if err := WriteMonthlyDOCX(&db, &july, &june); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(db.Bytes()), int64(db.Len()))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				if zf.Name == "word/document.xml" {
					rc, _ := zf.Open()
					body, _ := io.ReadAll(rc)
					rc.Close()
					if !strings.Contains(string(body), "月度稽核报告") || !strings.Contains(string(body), "不再下发1条") {
						t.Errorf("docx body lacks the figures")
					}
				}
			}
		})
	}
}
