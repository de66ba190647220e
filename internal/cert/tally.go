package cert

import (
	"jixiao/internal/money"
)

// Tally counts the statuses of a group of recipients (a town, the whole
// roll) and the certification rate.
//
// 资格认证率 = 已认证 ÷ 应认证, where 应认证 is every recipient not 终止 and
// 已认证 those with a certification (not refused, not after death) in the
// 12 months ending with the month; ByChannel splits 已认证 by the channel
// of the latest certification.
type Tally struct {
	Recipients    int
	ByStatus      [NStatuses]int
	Required      int // 应认证
	Certified     int // 已认证
	ByChannel     [NChannels]int
	BackPayMonths int
	BackPay       money.Fen
	NoBackPay     int       // resumptions without 补发 (refusal)
	Overpaid      money.Fen // after death
	OverpaidRows  int
	AfterDeath    int // recipients certified after a recorded death
	Review        int
}

// Add counts one result.
func (t *Tally) Add(r *Result) {
	t.Recipients++
	t.ByStatus[r.Status%NStatuses]++
	if r.Status != Terminated {
		t.Required++
		if r.CertifiedInYear {
			t.Certified++
			t.ByChannel[r.LastChannel%NChannels]++
		}
	}
	t.BackPayMonths += r.BackPayMonths
	t.BackPay += r.BackPay
	if r.NoBackPay {
		t.NoBackPay++
	}
	if r.OverpaidMonths > 0 {
		t.OverpaidRows++
		t.Overpaid += r.Overpaid
	}
	if len(r.AfterDeath) > 0 {
		t.AfterDeath++
	}
	if r.Review {
		t.Review++
	}
}

// Merge adds another tally.
func (t *Tally) Merge(o *Tally) {
	t.Recipients += o.Recipients
	for i := range t.ByStatus {
		t.ByStatus[i] += o.ByStatus[i]
	}
	t.Required += o.Required
	t.Certified += o.Certified
	for i := range t.ByChannel {
		t.ByChannel[i] += o.ByChannel[i]
	}
	t.BackPayMonths += o.BackPayMonths
	t.BackPay += o.BackPay
	t.NoBackPay += o.NoBackPay
	t.Overpaid += o.Overpaid
	t.OverpaidRows += o.OverpaidRows
	t.AfterDeath += o.AfterDeath
	t.Review += o.Review
}

// RateBP is 资格认证率 in basis points of a percent (9751 = 97.51%), half
// away from zero; ok is false when nobody is required.
func (t *Tally) RateBP() (int64, bool) { return ratio(t.Certified, t.Required) }

// ChannelShareBP is a channel's share of 已认证 in basis points.
func (t *Tally) ChannelShareBP(c Channel) (int64, bool) {
	return ratio(t.ByChannel[c%NChannels], t.Certified)
}

func ratio(num, den int) (int64, bool) {
	if den == 0 {
		return 0, false
	}
	return money.DivRound(int64(num)*10000, int64(den)), true
}

// FormatBP writes basis points as a percent with two decimals ("97.51%"),
// or "—" when !ok.
func FormatBP(bp int64, ok bool) string {
	if !ok {
		return "—"
	}
	return money.Fen(bp).String() + "%"
}
