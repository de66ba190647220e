package locale

import "testing"

// TestLine: a command-line line comes out in one language.
func TestLine(t *testing.T) {
	for _, c := range []struct{ in, zh, en string }{
		{"jixiao cert: 计算失败，未输出任何结果 (failed, nothing written): bad row",
			"jixiao cert: 计算失败，未输出任何结果: bad row", "jixiao cert: failed, nothing written: bad row"},
		{"注意 (note): 名册超过 5 行 (the xlsx leaves out the full status sheet)",
			"注意: 名册超过 5 行", "note: the xlsx leaves out the full status sheet"},
		{"指标 (indicator) 发放率 = 99.00%", "指标 发放率 = 99.00%", "indicator 发放率 = 99.00%"},
		{"读取 roll.csv (data/roll.csv) 完成", "读取 roll.csv (data/roll.csv) 完成", "读取 roll.csv (data/roll.csv) 完成"},
		{"plain English line (with a gloss)", "plain English line (with a gloss)", "plain English line (with a gloss)"},
		{`jixiao cert: --as-of "bad" 应为 YYYY-MM (must be YYYY-MM)`, `jixiao cert: --as-of "bad" 应为 YYYY-MM`, `jixiao cert: --as-of "bad" must be YYYY-MM`},
		{`jixiao: 未知命令 "nosuch" (unknown command)`, `jixiao: 未知命令 "nosuch"`, `jixiao: unknown command "nosuch"`},
		{"只有中文的一行", "只有中文的一行", "只有中文的一行"},
		// English lines the English way: full-width punctuation outside quotes as ASCII.
		{"run month 2024-06，took 118ms", "run month 2024-06，took 118ms", "run month 2024-06, took 118ms"},
		{"  /tmp/m/deaths.csv：read 4426 = skipped 1 “死亡日期，列”", "  /tmp/m/deaths.csv：read 4426 = skipped 1 “死亡日期，列”",
			"  /tmp/m/deaths.csv: read 4426 = skipped 1 “死亡日期，列”"},
		{"findings: confirmed 1749；review 251（of 2000）。", "findings: confirmed 1749；review 251（of 2000）。", "findings: confirmed 1749; review 251 (of 2000)."},
		{"过长 (Too long (at most 5 characters))", "过长 (Too long (at most 5 characters))", "过长 (Too long (at most 5 characters))"},
	} {
		if got := New(ZH).Line(c.in); got != c.zh {
			t.Errorf("zh %q = %q, want %q", c.in, got, c.zh)
		}
		if got := New(EN).Line(c.in); got != c.en {
			t.Errorf("en %q = %q, want %q", c.in, got, c.en)
		}
	}
}
