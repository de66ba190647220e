package eval

import (
	"strings"
	"testing"
)

func row(name, target, actual, weight, score string) Row {
	return Row{Level1: "产出指标", Level2: "数量指标", Level3: name,
		Target: ParseValue(target), Actual: ParseValue(actual),
		Weight: pts(weight), Score: pts(score), HasScore: true}
}

// pts reads a points literal of a test.
func pts(s string) Points {
	p, err := ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestScoreRow(t *testing.T) {
	ratio := DefaultRuleSet()
	linear := BuiltinRuleSets()["fasp2"]
	for _, tc := range []struct {
		name           string
		rs             *RuleSet
		r              Row
		exact          bool
		expected       string
		min, max       string
		met, over      bool
		tier           Tier
		unscorable     bool
		explainContain string
	}{
		{"positive met", ratio, row("追回率", "100%", "100%", "9", "9"), true, "9", "9", "9", true, false, 0, false, "满分"},
		{"positive missed", ratio, row("业务需求保障率", "100%", "95%", "9", "8.5"), true, "8.55", "8.55", "8.55", false, false, 0, false, "9 × 95% ÷ 100% = 8.55"},
		{"positive missed rounds", ratio, row("预算执行率", "100%", "97.51%", "3", "2.5"), true, "2.93", "2.93", "2.93", false, false, 0, false, "= 2.93"},
		{"greater-than met", ratio, row("满意度", ">95%", "98%", "10", "10"), true, "10", "10", "10", true, false, 0, false, ""},
		{"greater-than equal is missed", ratio, row("满意度", ">95%", "95%", "10", "10"), true, "10", "10", "10", false, false, 0, false, "按比例"},
		{"over-achieved", ratio, row("办件量", "≥50个", "80个", "10", "10"), true, "10", "10", "10", true, true, 0, false, "需说明原因"},
		{"units convert", ratio, row("发放金额", "100万元", "900000元", "10", "9"), true, "9", "9", "9", false, false, 0, false, ""},
		{"negative met", ratio, row("运维成本", "≤90万元", "80万元", "5", "5"), true, "5", "5", "5", true, false, 0, false, ""},
		{"negative ratio", ratio, row("运维成本", "≤90万元", "100万元", "5", "4.5"), true, "4.5", "4.5", "4.5", false, false, 0, false, "5 × ≤90万元 ÷ 100万元"},
		{"negative linear", linear, row("运维成本", "≤100万元", "150万元", "10", "5"), true, "5", "5", "5", false, false, 0, false, "(1 −"},
		{"negative linear floor", linear, row("运维成本", "≤100万元", "250万元", "10", "0"), true, "0", "0", "0", false, false, 0, false, ""},
		{"negative zero target hit", ratio, row("业务数据差错率", "0%", "0%", "8", "8"), true, "8", "8", "8", true, false, 0, false, ""},
		{"negative zero target missed", ratio, row("业务数据差错率", "0%", "1%", "8", "8"), true, "0", "0", "0", false, false, 0, false, "目标为 0"},
		{"equal met", ratio, row("足额保障率", "=100%", "100%", "8", "8"), true, "8", "8", "8", true, false, 0, false, ""},
		{"bool met", ratio, row("保障基金安全", "是", "是", "10", "10"), true, "10", "10", "10", true, false, 0, false, ""},
		{"bool negative met", ratio, row("是否超出预算", "否", "否", "5", "5"), true, "5", "5", "5", true, false, 0, false, ""},
		{"bool missed", ratio, row("是否超出预算", "否", "是", "5", "1"), false, "0", "0", "3", false, false, TierMissed, false, "未达成"},
		{"time met", ratio, row("及时性", "及时", "及时", "8", "8"), true, "8", "8", "8", true, false, 0, false, ""},
		{"qualitative achieved", ratio, row("立项依据充分性", "充分", "充分", "10", "9"), false, "0", "8", "10", true, false, TierAchieved, false, "[8, 10]"},
		{"qualitative partial", ratio, row("制度执行有效性", "有效", "基本达成", "10", "7"), false, "0", "6", "8", false, false, TierPartial, false, "[6, 8)"},
		{"qualitative missed", ratio, row("立项程序规范性", "规范", "不规范", "10", "3"), false, "0", "0", "6", false, false, TierMissed, false, "[0, 6)"},
		{"units differ", ratio, row("参保人数", "50人", "50万元", "10", "10"), false, "0", "0", "10", false, false, 0, true, "单位不一致"},
		{"empty actual", ratio, row("参保人数", "50人", "", "10", "10"), false, "0", "0", "10", false, false, 0, true, "为空"},
		{"negative target", ratio, row("差错率", "<-1", "<-1", "10", "10"), false, "0", "0", "10", false, false, 0, true, "负数"},
		{"qualitative numeric actual", ratio, row("效果", "显著", "98%", "10", "10"), false, "0", "0", "10", false, false, 0, true, "数值"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := ScoreRow(&tc.r, tc.rs)
			if sc.Exact != tc.exact || (sc.Unscorable != "") != tc.unscorable || sc.Met != tc.met || sc.Over != tc.over || sc.Tier != tc.tier {
				t.Fatalf("got exact=%v unscorable=%q met=%v over=%v tier=%v; %s", sc.Exact, sc.Unscorable, sc.Met, sc.Over, sc.Tier, sc.Explain)
			}
			if tc.exact && sc.Expected != pts(tc.expected) {
				t.Errorf("expected %s, got %s (%s)", pts(tc.expected), sc.Expected, sc.Explain)
			}
			if !tc.exact && (sc.Min != pts(tc.min) || sc.Max != pts(tc.max)) {
				t.Errorf("range [%s,%s], want [%s,%s]", sc.Min, sc.Max, tc.min, tc.max)
			}
			if !strings.Contains(sc.Explain, tc.explainContain) || sc.ExplainEN == "" {
				t.Errorf("explanation %q lacks %q", sc.Explain, tc.explainContain)
			}
		})
	}
}

func TestTierBoundaries(t *testing.T) {
	rs := DefaultRuleSet()
	r := row("有效性", "有效", "基本达成", "10", "0")
	sc := ScoreRow(&r, rs)
	for score, ok := range map[string]bool{"5.9": false, "6": true, "7.9": true, "8": false} {
		if got := sc.Allows(pts(score), 0); got != ok {
			t.Errorf("partial tier allows %s = %v, want %v", score, got, ok)
		}
	}
	r = row("有效性", "有效", "有效", "10", "0")
	sc = ScoreRow(&r, rs)
	if !sc.Allows(P(8), 0) || !sc.Allows(P(10), 0) || sc.Allows(pts("7.99"), 0) {
		t.Error("achieved tier must be [8, 10]")
	}
}

func TestGradeAndRound(t *testing.T) {
	rs := DefaultRuleSet()
	for total, g := range map[string]string{"100": "优", "90": "优", "89.99": "良", "80": "良", "79.5": "中", "60": "中", "59.99": "差", "0": "差"} {
		if got := rs.Grade(pts(total)); got != g {
			t.Errorf("Grade(%s) = %s, want %s", total, got, g)
		}
	}
	for in, want := range map[Points]Points{29253: 29300, 29250: 29300, 29249: 29200, -29250: -29300, 85500: 85500} {
		if got := rs.Round(in); got != want {
			t.Errorf("Round(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestParseRuleSet(t *testing.T) {
	rs, err := ParseRuleSet("r.rules", []byte(`# 测试
name = 某省口径
base = fasp2
over_ratio = 150%
precision = 0.1
tolerance = 0.2
grades = 优:85, 良:75, 中:60, 差:0
execution_rate = received
execution_min = 85%
`))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Name != "某省口径" || rs.Reverse != ReverseLinear || rs.OverRatio != 15000 || rs.Precision != 1000 ||
		rs.Tolerance != 2000 || rs.Grade(P(86)) != "优" || rs.Grade(P(84)) != "良" || !rs.ExecutionOverReceived || rs.ExecutionMin != 8500 {
		t.Errorf("parsed %+v", rs)
	}
	for _, bad := range []struct{ src, want string }{
		{"reverse = upward", "r:1: reverse"},
		{"\n\nprecision = -1", "r:3: precision"},
		{"grades = 优", "r:1: grades"},
		{"nonsense", "r:1"},
		{"tier_high = 50%\ntier_low = 70%", "tier_low"},
		{"name = a\nname = b", "r:2: name"},
		{"colour = blue", "unknown key"},
		{"base = nowhere", "unknown built-in"},
	} {
		_, err := ParseRuleSet("r", []byte(bad.src))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseRuleSet(%q) error %v, want it to mention %q", bad.src, err, bad.want)
		}
	}
}

func FuzzParseRuleSet(f *testing.F) {
	f.Add("name = x\nbase = fasp2\nover_ratio = 150%\ngrades = 优:85, 良:75\n")
	f.Add("precision = 0.1\ntolerance = 0.2\nexecution_rate = received\n")
	f.Add("tier_high = 50%\ntier_low = 70%")
	f.Fuzz(func(t *testing.T, src string) {
		rs, err := ParseRuleSet("fuzz.rules", []byte(src))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.rules:") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		// A parsed rule set must be usable.
		rs.Grade(P(95))
		rs.Round(12345)
		r := row("追回率", "100%", "95%", "10", "9.5")
		ScoreRow(&r, rs)
	})
}
