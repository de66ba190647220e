package paydb_test

import (
	"context"
	"strconv"
	"testing"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// A generated month is checked, stored and read back: the stored counts
// are the check's, the findings per town add up to the run, the fund
// request survives the round trip, receipts give 资金到位 per source, and
// the year's indicators are summed from the newest run of each month.
func TestStoredRun(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			jun := cal.MonthOf(2023, 6)
			in, err := paydb.Demo(t.TempDir(), jun, 2000)
			if err != nil {
				t.Fatal(err)
			}
			in.SentOn, in.DueOn = cal.DateOf(2023, 6, 9), cal.DateOf(2023, 6, 10)
			id, run, err := paydb.Execute(ctx, st, in)
			if err != nil {
				t.Fatal(err)
			}
			res := run.Result
			r, err := st.PayRun(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Read != res.Read || r.Verified != res.Verified || r.FindingRows != res.FindingRows || r.Outside != res.Outside ||
				r.Read != r.Verified+r.FindingRows+r.Unverified+r.Outside+r.Rejected || r.Outside == 0 || !r.HasReturns {
				t.Errorf("stored %+v", r)
			}
			counts, err := st.PayCounts(ctx, id, "")
			if err != nil {
				t.Fatal(err)
			}
			people, rows := 0, 0
			var diff int64
			town := ""
			for _, c := range counts {
				people += c.People
				rows += c.Rows
				diff += c.Difference
				town = c.Town
			}
			var want int64
			for _, f := range res.Findings {
				want += int64(f.Difference())
			}
			if people != len(res.Findings) || rows != res.FindingRows || diff != want || people == 0 {
				t.Errorf("counts: %d people %d rows %d fen; want %d, %d, %d", people, rows, diff, len(res.Findings), res.FindingRows, want)
			}
			one, _ := st.PayFindings(ctx, store.PayFindingFilter{RunID: id, Town: town})
			for _, f := range one {
				if f.Town != town || f.Formula == "" {
					t.Errorf("town filter %q: %+v", town, f)
				}
			}
			fr, err := paydb.Fund(r)
			if err != nil || fr == nil || fr.Month != jun+1 || fr.Total != run.Fund.Total {
				t.Fatalf("fund %+v %v", fr, err)
			}
			var upper int64
			for _, s := range fr.Source {
				if s.Source == "上级" {
					upper = int64(s.Amount)
				}
			}
			if _, err := st.AddPayReceipt(ctx, store.PayReceipt{Month: (jun + 1).String(), Source: "上级", Amount: upper / 2, ReceivedOn: "2023-07-05"}); err != nil {
				t.Fatal(err)
			}
			mf, err := paydb.Funds(ctx, st, jun+1)
			if err != nil || mf.RunID != id {
				t.Fatal(mf, err)
			}
			if s := mf.Sources[0]; s.Source != "上级" || int64(s.Requested) != upper || int64(s.Received) != upper/2 || s.Rate.Percent() != "50.00%" {
				t.Errorf("上级 %+v", s)
			}
			if s := mf.Sources[1]; s.Source != "本级" || s.Received != 0 || s.Rate.BP != 0 {
				t.Errorf("本级 %+v", s)
			}
			// the same month checked again: the year counts the newer run only
			id2, _, err := paydb.Execute(ctx, st, in)
			if err != nil {
				t.Fatal(err)
			}
			ev, err := paydb.YearEvidence(ctx, st, 2023)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range ev {
				got[e.Indicator] = e.Percent()
				if e.Period != "2023-06" || e.Provenance == "" {
					t.Errorf("%s: period %q provenance %q", e.Indicator, e.Period, e.Provenance)
				}
			}
			rr := res.Returns
			if want := rate(int64(rr.SucceededAmount), int64(rr.DueAmount)); got["发放率"] != want {
				t.Errorf("发放率 %s, want %s", got["发放率"], want)
			}
			if want := rate(int64(rr.Succeeded), int64(rr.DueRows)); got["及时发放率"] != want {
				t.Errorf("及时发放率 %s, want %s", got["及时发放率"], want)
			}
			if got["足额发放率"] == "" || got["足额发放率"] == "100.00%" {
				t.Errorf("足额发放率 %q (underpayments were injected)", got["足额发放率"])
			}
			for _, e := range ev {
				if want := "发放核对批次 #" + strconv.FormatInt(id2, 10); len(e.Provenance) < len(want) || e.Provenance[:len(want)] != want {
					t.Errorf("provenance %q, want the newer run %d only", e.Provenance, id2)
				}
			}
		})
	}
}

func rate(num, den int64) string {
	bp, _ := money.RatioBP(money.Fen(num), money.Fen(den))
	return audit.Rate{Num: num, Den: den, BP: bp, OK: true}.Percent()
}
