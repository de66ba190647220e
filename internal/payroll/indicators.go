package payroll

import (
	"fmt"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
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
// 及时发放率 needs the day each payment arrived, which the returns read
// here do not carry; 代缴覆盖率 and 追回率 come from the survival audit.
func Indicators(res *Result, provenance string) []eval.Evidence {
	period := res.From.String()
	if res.To != res.From {
		if res.From.Num() == 1 && res.To == res.From+11 {
			period = fmt.Sprintf("%d", res.From.Year())
		} else {
			period += "…" + res.To.String()
		}
	}
	var out []eval.Evidence
	add := func(name string, aliases []string, num, den int64, how string) {
		if den <= 0 {
			return
		}
		bp := ratioBP(num, den)
		out = append(out, eval.Evidence{Indicator: name, Aliases: aliases, BP: bp, Num: num, Den: den, Period: period,
			Provenance: provenance + "：" + how})
	}
	if rr := res.Returns; rr != nil {
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

func ratioBP(num, den int64) int64 {
	bp, _ := money.RatioBP(money.Fen(num), money.Fen(den))
	return bp
}

// raisedTable returns, per scheme, which months of the period are under
// a standard that replaced a lower one.
func raisedTable(rules *benefit.Rules, from, to audit.Month) map[string]uint64 {
	out := map[string]uint64{}
	for name, s := range rules.Schemes {
		item := s.Item
		if s.Pension {
			item = benefit.ItemBase
		}
		var bits uint64
		for m := from; m <= to; m++ {
			var cur, prev int64 = -1, -1
			var at audit.Month
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
