package payrun

import (
	"strings"
	"testing"

	"jixiao/internal/payroll"
)

// The 2023 report's figures: 上级 budget 40,984 万, spent 40,851 万 (99.68%);
// 本级 51,360.11 万, spent 49,193.11 万 (95.78%); total 97.51%.
const ledger2023 = `月份,资金来源,类别,金额,备注
2023-01,上级,预算,409840000.00,年初预算
2023-01,本级,预算,513601100.00,年初预算
2023-03,上级,到位,204920000.00,
2023-09,上级,到位,204920000.00,
2023-06,本级,到位,513601100.00,
2023-12,上级,支出,408510000.00,
2023-12,本级,支出,491931100.00,
2022-12,本级,支出,1.00,上年
`

func TestLedgerRates(t *testing.T) {
	lines, err := ReadLedger("l.csv", []byte(ledger2023))
	if err != nil {
		t.Fatal(err)
	}
	ys := payroll.FundsYear(lines, 2023, false)
	got := map[string]string{}
	for _, y := range ys {
		got[y.Source] = y.ReceivedRate.Percent() + " " + y.ExecRate.Percent()
	}
	want := map[string]string{"上级": "100.00% 99.68%", "本级": "100.00% 95.78%", "合计": "100.00% 97.51%"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	ev := payroll.FundsEvidence(ys, 2023, "ledger")
	if len(ev) != 6 || ev[len(ev)-1].Indicator != "预算执行率" || !strings.Contains(ev[0].Provenance, "2023-03, 2023-09") {
		t.Errorf("%+v", ev)
	}
}

func TestLedgerErrors(t *testing.T) {
	for src, want := range map[string]string{
		"月份,资金来源,类别\n":                                      "l.csv:1: 缺少列 金额",
		"月份,资金来源,类别,金额\n2023-13,上级,预算,1\n":                  "l.csv:2: 月份",
		"月份,资金来源,类别,金额\n2023-01,上级,预算,1\n2023-01,上级,收入,1\n": "l.csv:3: 类别",
		"月份,资金来源,类别,金额\n2023-01,上级,预算,-1\n":                 "l.csv:2: 金额",
		"月份,资金来源,类别,金额\n2023-01,,预算,1\n":                    "l.csv:2: 资金来源为空",
	} {
		if _, err := ReadLedger("l.csv", []byte(src)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}

func FuzzReadLedger(f *testing.F) {
	f.Add([]byte(ledger2023))
	f.Add([]byte("月份,资金来源,类别,金额\n\"2023-01\",上级,预算,\"1,000\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := ReadLedger("f.csv", data)
		if err != nil {
			return
		}
		for _, l := range lines {
			if l.Amount < 0 || l.Source == "" || l.Month == 0 {
				t.Fatalf("bad line accepted: %+v", l)
			}
		}
		payroll.FundsYear(lines, 2023, true)
	})
}
