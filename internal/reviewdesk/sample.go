package reviewdesk

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Strata of the sample, by amount.
const (
	StratumLarge   = "大额"
	StratumMedium  = "中额"
	StratumSmall   = "小额"
	StratumUnknown = "金额未知"
)

// drawSample draws n reports, stratified by amount: the reports with a
// known amount are cut into thirds (大额, 中额, 小额), those without form
// their own stratum; n is shared out in proportion to the strata's sizes
// (largest remainder, at least one per stratum when n allows). Within a
// stratum the riskiest half of its share is taken in rank order and the
// rest drawn at random, weighted by 1 + risk (Efraimidis–Spirakis), from a
// generator seeded by seed — the same seed gives the same sample.
func drawSample(ranking []Ranked, n int, seed uint64) []Sampled {
	if n <= 0 || len(ranking) == 0 {
		return nil
	}
	n = min(n, len(ranking))
	// Strata by amount.
	var known []int
	var unknown []int
	for k, r := range ranking {
		if r.Amount.Set {
			known = append(known, k)
		} else {
			unknown = append(unknown, k)
		}
	}
	sort.SliceStable(known, func(a, b int) bool { return ranking[known[a]].Amount.Fen > ranking[known[b]].Amount.Fen })
	strata := map[string][]int{}
	third := (len(known) + 2) / 3
	for pos, k := range known {
		switch {
		case pos < third:
			strata[StratumLarge] = append(strata[StratumLarge], k)
		case pos < 2*third:
			strata[StratumMedium] = append(strata[StratumMedium], k)
		default:
			strata[StratumSmall] = append(strata[StratumSmall], k)
		}
	}
	strata[StratumUnknown] = unknown
	names := []string{StratumLarge, StratumMedium, StratumSmall, StratumUnknown}
	alloc := allocate(names, strata, n, len(ranking))

	rng := rand.New(rand.NewPCG(seed, seed^0x6a09e667f3bcc909))
	var out []Sampled
	for _, name := range names {
		members := strata[name]
		take := alloc[name]
		if take == 0 {
			continue
		}
		// members in rank order
		sort.Ints(members)
		top := (take + 1) / 2
		for _, k := range members[:top] {
			out = append(out, Sampled{Ranked: ranking[k], Stratum: name, ByRisk: true})
		}
		rest := members[top:]
		type keyed struct {
			k   int
			key float64
		}
		ks := make([]keyed, len(rest))
		for j, k := range rest {
			u := rng.Float64()
			// key = u^(1/w); compare logs to stay exact enough for ordering.
			ks[j] = keyed{k, math.Log(u) / float64(1+ranking[k].Risk)}
		}
		sort.SliceStable(ks, func(a, b int) bool { return ks[a].key > ks[b].key })
		for _, x := range ks[:take-top] {
			out = append(out, Sampled{Ranked: ranking[x.k], Stratum: name})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Risk != out[b].Risk {
			return out[a].Risk > out[b].Risk
		}
		return out[a].Amount.Fen > out[b].Amount.Fen
	})
	return out
}

// allocate shares n among the strata in proportion to their sizes, by the
// largest remainder, giving every non-empty stratum at least one when n is
// at least the number of non-empty strata.
func allocate(names []string, strata map[string][]int, n, total int) map[string]int {
	alloc := map[string]int{}
	nonEmpty := 0
	for _, name := range names {
		if len(strata[name]) > 0 {
			nonEmpty++
		}
	}
	given := 0
	type rem struct {
		name string
		r    int
	}
	var rems []rem
	for _, name := range names {
		size := len(strata[name])
		if size == 0 {
			continue
		}
		q := n * size / total
		if q == 0 && n >= nonEmpty {
			q = 1
		}
		q = min(q, size)
		alloc[name] = q
		given += q
		rems = append(rems, rem{name, n * size % total})
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for given < n {
		progressed := false
		for _, r := range rems {
			if given == n {
				break
			}
			if alloc[r.name] < len(strata[r.name]) {
				alloc[r.name]++
				given++
				progressed = true
			}
		}
		if !progressed {
			break
		}
	}
	for given > n { // the minimum of one per stratum overshot
		for k := len(rems) - 1; k >= 0 && given > n; k-- {
			if alloc[rems[k].name] > 1 {
				alloc[rems[k].name]--
				given--
			}
		}
	}
	return alloc
}
