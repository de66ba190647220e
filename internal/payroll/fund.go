package payroll

import (
	"sort"

	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// The fund request (资金申请): what next month's payments will cost, by
// scheme, component and funding source (上级 / 本级 / 个人账户 …), computed
// from the people paid in the last month checked and the rules in effect
// next month (raises and age supplements that start then are included;
// people whose roll status stops them are not).

// FundItem is one scheme's component.
type FundItem struct {
	Scheme, Item string
	Amount       money.Fen
	People       int
}

// FundLine is a component's share borne by one source.
type FundLine struct {
	Scheme, Item, Source string
	BP                   int64 // the share, hundredths of a percent
	Amount               money.Fen
	Verified             bool // the funding rule is not marked 未核实
}

// FundRequest is next month's request.
type FundRequest struct {
	Month  cal.Month
	Items  []FundItem
	Lines  []FundLine
	Source []FundSourceTotal
	// Total is the sum of the people's amounts; Components the sum of the
	// components each rounded on its own; Rounding = Total − Components.
	Total, Components, Rounding money.Fen
	People                      int
	// Skipped counts people paid in the last month who are not in the
	// request, by reason (stopped, no rate next month …).
	Skipped map[string]int
}

// FundSourceTotal is one source's total.
type FundSourceTotal struct {
	Source string
	Amount money.Fen
}

type fundKey struct{ scheme, item string }

type fundAcc struct {
	items   []FundItem // few: searched in turn, the rule's strings compared
	total   money.Fen
	people  int
	skipped map[string]int
}

// noteFund adds person p's next-month components (worker-local).
func (c *Checker) noteFund(wk *worker, p *person, g *group, bp *benefit.Person, unverifiable string) {
	if wk.fund.skipped == nil {
		wk.fund.skipped = map[string]int{}
	}
	if unverifiable != "" {
		wk.fund.skipped["本月无法核对 (unverifiable this month): "+unverifiable]++
		return
	}
	next := c.to + 1
	if g.stopped && (p.paidThrough == 0 || p.paidThrough < next) {
		wk.fund.skipped["名册状态终止/暂停 (stopped on the roll)"]++
		return
	}
	s := bp.Ref
	if s == nil || s.Name != bp.Scheme {
		s = c.rules.Schemes[bp.Scheme]
	}
	if s == nil {
		wk.fund.skipped[benefit.NoScheme.LabelZH()+" ("+benefit.NoScheme.LabelEN()+")"]++
		return
	}
	if s.Quarterly && next.Num()%3 != 0 {
		return // paid in a quarter's last month only
	}
	var comps [benefit.MaxComponents]benefit.Component
	n, total, st := c.rules.Components(bp, next, &comps)
	if st != benefit.OK {
		wk.fund.skipped[st.LabelZH()+" ("+st.LabelEN()+")"]++
		return
	}
	wk.fund.total += total
	wk.fund.people++
	for _, cp := range comps[:n] {
		// the rule's strings: the row's are borrowed
		it := wk.fund.item(s.Name, cp.Item)
		it.Amount += cp.Amount
		it.People++
	}
}

func (a *fundAcc) item(scheme, item string) *FundItem {
	for i := range a.items {
		if it := &a.items[i]; it.Scheme == scheme && it.Item == item {
			return it
		}
	}
	a.items = append(a.items, FundItem{Scheme: scheme, Item: item})
	return &a.items[len(a.items)-1]
}

// FundRequest builds next month's request; call after Finish.
func (c *Checker) FundRequest() *FundRequest {
	fr := &FundRequest{Month: c.to + 1, Skipped: map[string]int{}}
	merged := map[fundKey]*FundItem{}
	for w := range c.workers {
		a := &c.workers[w].fund
		fr.Total += a.total
		fr.People += a.people
		for k, n := range a.skipped {
			fr.Skipped[k] += n
		}
		for _, it := range a.items {
			k := fundKey{it.Scheme, it.Item}
			m := merged[k]
			if m == nil {
				cp := it
				merged[k] = &cp
				continue
			}
			m.Amount += it.Amount
			m.People += it.People
		}
	}
	for _, it := range merged {
		fr.Items = append(fr.Items, *it)
	}
	c.each(func(_ int32, p *person) {
		if p.start == fr.Month && p.flags.Load()&flagFunded == 0 {
			fr.Skipped["下月新增领取，无缴费数据未计入 (starting next month, no data: not included)"]++
		}
	})
	sort.Slice(fr.Items, func(i, j int) bool {
		a, b := fr.Items[i], fr.Items[j]
		if a.Scheme != b.Scheme {
			return a.Scheme < b.Scheme
		}
		return itemOrder(a.Item) < itemOrder(b.Item)
	})
	bySource := map[string]money.Fen{}
	for _, it := range fr.Items {
		fr.Components += it.Amount
		var fd benefit.Funding
		if s := c.rules.Schemes[it.Scheme]; s != nil {
			fd = s.Funding[it.Item]
		}
		if len(fd.Shares) == 0 {
			fr.Lines = append(fr.Lines, FundLine{it.Scheme, it.Item, "未定（规则未载明）", 10000, it.Amount, false})
			bySource["未定（规则未载明）"] += it.Amount
			continue
		}
		left := it.Amount
		for i, sh := range fd.Shares {
			amt := money.Fen(money.DivRound(int64(it.Amount)*sh.BP, 10000))
			if i == len(fd.Shares)-1 {
				amt = left // the last share takes the remainder: the parts add up
			}
			left -= amt
			fr.Lines = append(fr.Lines, FundLine{it.Scheme, it.Item, sh.Source, sh.BP, amt, fd.Verified})
			bySource[sh.Source] += amt
		}
	}
	fr.Rounding = fr.Total - fr.Components
	for s, a := range bySource {
		fr.Source = append(fr.Source, FundSourceTotal{s, a})
	}
	sort.Slice(fr.Source, func(i, j int) bool { return sourceOrder(fr.Source[i].Source) < sourceOrder(fr.Source[j].Source) })
	return fr
}

func itemOrder(item string) int {
	switch item {
	case benefit.ItemBase:
		return 0
	case benefit.ItemSeniority:
		return 1
	case benefit.ItemAge:
		return 2
	case benefit.ItemAccount:
		return 3
	}
	return 4
}

func sourceOrder(s string) string {
	switch s {
	case "上级":
		return "0"
	case "本级":
		return "1"
	}
	return "2" + s
}
