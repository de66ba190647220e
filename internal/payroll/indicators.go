package payroll

import (
	"fmt"

	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// Indicators are the self-evaluation's rates computed from the month's
// evidence, offered as the actual values of the indicators of the same
// name (eval.CheckEvidence reports a written actual that disagrees):
//
//   - 发放率 = amount the bank paid ÷ amount due (bank returns needed);
//   - 足额发放率 = payments not short (少发, 调整未到位, 高龄加发未发) ÷ payments verified;
//   - 待遇调整到位率 = payments under a raised standard (one that replaced
//     a lower one) paid at it ÷ all such payments.
//
// 及时发放率 needs the day the money was sent (Timely); 代缴覆盖率 and
// 追回率 come from the survival audit.
func Indicators(res *Result, provenance string) []eval.Evidence {
	period := periodText(res.From, res.To)
	var out []eval.Evidence
	add := func(name string, aliases []string, num, den int64, how string) {
		if den <= 0 {
			return
		}
		bp := ratioBP(num, den)
		out = append(out, eval.Evidence{Indicator: name, Aliases: aliases, BP: bp, Num: num, Den: den, Period: period,
			Provenance: provenance + "：" + how})
	}
	if rr := res.Returns; rr != nil && len(rr.Missing) == 0 { // a month without returns: unknown, not unpaid
		add("发放率", []string{"待遇发放率", "养老金发放率"}, int64(rr.SucceededAmount), int64(rr.DueAmount), "银行回盘成功金额 ÷ 应发金额（分）")
	}
	short := 0
	for _, k := range []Kind{Underpaid, RaiseMissed, AgeMissed} {
		short += res.ByKind[k].Rows
	}
	checked := res.Verified + res.FindingRows
	add("足额发放率", []string{"足额发放"}, int64(checked-short), int64(checked), "未少发的笔数 ÷ 已核对笔数")
	add("待遇调整到位率", []string{"调整到位率", "待遇调整到位"}, int64(res.RaiseRows-res.ByKind[RaiseMissed].Rows), int64(res.RaiseRows),
		"按调整后标准发放的笔数 ÷ 适用调整后标准的笔数")
	return out
}

// periodText names a period: "2023-06", "2023" for a whole year, or
// "2023-01…2023-06".
func periodText(from, to cal.Month) string {
	switch {
	case from == to:
		return from.String()
	case from.Num() == 1 && to == from+11:
		return fmt.Sprintf("%d", from.Year())
	}
	return from.String() + "…" + to.String()
}

// Timely is 及时发放率 for a period whose payments were sent to the bank
// on one day: the payments the bank returned as paid ÷ the payments due
// when sentOn is not after dueOn, else 0 ÷ the payments due. It needs the
// bank returns (money is never assumed to have arrived) and both days.
func Timely(res *Result, sentOn, dueOn cal.Date, provenance string) (eval.Evidence, bool) {
	rr := res.Returns
	if rr == nil || sentOn == 0 || dueOn == 0 || rr.DueRows == 0 || len(rr.Missing) > 0 {
		return eval.Evidence{}, false
	}
	num := int64(rr.Succeeded)
	how := fmt.Sprintf("%s 发放，不晚于应发放日 %s：银行回盘成功笔数 ÷ 应发笔数", sentOn, dueOn)
	if sentOn > dueOn {
		num = 0
		how = fmt.Sprintf("%s 发放，晚于应发放日 %s：及时发放 0 笔 ÷ 应发笔数", sentOn, dueOn)
	}
	return eval.Evidence{Indicator: "及时发放率", Aliases: []string{"按时发放率"}, BP: ratioBP(num, int64(rr.DueRows)), Num: num,
		Den: int64(rr.DueRows), Period: periodText(res.From, res.To), Provenance: provenance + "：" + how}, true
}

func ratioBP(num, den int64) int64 {
	bp, _ := money.RatioBP(money.Fen(num), money.Fen(den))
	return bp
}

// raisedTable returns, per scheme, which months of the period are under
// a standard that replaced a lower one.
func raisedTable(rules *benefit.Rules, from, to cal.Month) map[string]uint64 {
	out := map[string]uint64{}
	for name, s := range rules.Schemes {
		item := s.Item
		if s.Pension {
			item = benefit.ItemBase
		}
		var bits uint64
		for m := from; m <= to; m++ {
			var cur, prev int64 = -1, -1
			var at cal.Month
			for _, r := range s.Rates[item] {
				if r.Band == 0 && r.From <= m && r.From >= at {
					prev, cur, at = cur, r.Value, r.From
				}
			}
			if prev >= 0 && cur > prev {
				bits |= 1 << uint(m-from)
			}
		}
		out[name] = bits
	}
	return out
}
