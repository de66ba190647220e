package eval

import (
	"testing"
)

func TestParseValue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind Kind
		op   Op
		num  string
		unit string
		word string
		neg  bool
	}{
		{"100%", KindNumber, OpNone, "100", "%", "", false},
		{"97.51%", KindNumber, OpNone, "97.51", "%", "", false},
		{">95%", KindNumber, OpGT, "95", "%", "", false},
		{"＞９５％", KindNumber, OpGT, "95", "%", "", false},
		{"≥50个", KindNumber, OpGE, "50", "个", "", false},
		{">= 50 个", KindNumber, OpGE, "50", "个", "", false},
		{"≤90万元", KindNumber, OpLE, "90", "万元", "", false},
		{"<5天", KindNumber, OpLT, "5", "天", "", false},
		{"=100%", KindNumber, OpEQ, "100", "%", "", false},
		{"≥100百分比", KindNumber, OpGE, "100", "%", "", false},
		{"48.35万元", KindNumber, OpNone, "48.35", "万元", "", false},
		{"0%", KindNumber, OpNone, "0", "%", "", false},
		{"50人", KindNumber, OpNone, "50", "人", "", false},
		{"3万份", KindNumber, OpNone, "3", "万份", "", false},
		{"800本", KindNumber, OpNone, "800", "本", "", false},
		{"12次", KindNumber, OpNone, "12", "次", "", false},
		{"1,200元", KindNumber, OpNone, "1200", "元", "", false},
		{"95%以上", KindNumber, OpGE, "95", "%", "", false},
		{"不低于90%", KindNumber, OpGE, "90", "%", "", false},
		{"不超过10次", KindNumber, OpLE, "10", "次", "", false},
		{"-3", KindNumber, OpNone, "-3", "", "", false},
		{"及时", KindTime, OpNone, "", "", "及时", false},
		{"按期", KindTime, OpNone, "", "", "按期", false},
		{"不及时", KindTime, OpNone, "", "", "不及时", true},
		{"是", KindBool, OpNone, "", "", "是", false},
		{"否", KindBool, OpNone, "", "", "否", true},
		{"充分", KindWord, OpNone, "", "", "充分", false},
		{"规范", KindWord, OpNone, "", "", "规范", false},
		{"不规范", KindWord, OpNone, "", "", "不规范", true},
		{"部分达成", KindWord, OpNone, "", "", "部分达成", false},
		{"未达成", KindWord, OpNone, "", "", "未达成", true},
		{"", KindEmpty, OpNone, "", "", "", false},
		{"—", KindEmpty, OpNone, "", "", "", false},
		{"/", KindEmpty, OpNone, "", "", "", false},
		{"严格执行相关制度规定", KindText, OpNone, "", "", "严格执行相关制度规定", false},
		{"1.2.3", KindText, OpNone, "", "", "1.2.3", false},
		{"≥≥5", KindText, OpNone, "", "", "≥≥5", false},
		{"95%左右的群众", KindText, OpNone, "", "", "95%左右的群众", false},
	} {
		v := ParseValue(tc.in)
		if v.Kind != tc.kind || v.Op != tc.op || v.Unit != tc.unit || v.Word != tc.word || v.Negative != tc.neg {
			t.Errorf("ParseValue(%q) = kind %v op %v unit %q word %q neg %v; want %v %v %q %q %v",
				tc.in, v.Kind, v.Op, v.Unit, v.Word, v.Negative, tc.kind, tc.op, tc.unit, tc.word, tc.neg)
		}
		if tc.kind == KindNumber && v.Num.String() != tc.num {
			t.Errorf("ParseValue(%q).Num = %s, want %s", tc.in, v.Num, tc.num)
		}
		if v.Raw != tc.in && tc.in != "" {
			t.Errorf("ParseValue(%q).Raw = %q", tc.in, v.Raw)
		}
	}
}

func TestComparable(t *testing.T) {
	a, b, ok := Comparable(ParseValue("≤90万元"), ParseValue("850000元"))
	if !ok || a.Cmp(b) <= 0 {
		t.Fatalf("90万元 vs 850000元: ok=%v a=%v b=%v", ok, a, b)
	}
	if _, _, ok := Comparable(ParseValue("50人"), ParseValue("50万元")); ok {
		t.Error("人 and 万元 compared")
	}
	if _, _, ok := Comparable(ParseValue("5‰"), ParseValue("0.4%")); !ok {
		t.Error("‰ and % should compare")
	}
	a, b, _ = Comparable(ParseValue("100%"), ParseValue("98"))
	if a.Cmp(b) <= 0 {
		t.Error("a missing unit should take the other side's")
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		err     bool
	}{
		{"97.51", "97.51", false}, {"0.50", "0.5", false}, {"-0.05", "-0.05", false}, {"007", "7", false},
		{"1,000", "1000", false}, {"", "", true}, {"abc", "", true}, {"1.2.3", "", true},
		{"123456789012345678", "", true}, {"0.0000000001", "", true}, {".", "", true},
	} {
		n, err := ParseNumber(tc.in)
		if (err != nil) != tc.err || err == nil && n.String() != tc.out {
			t.Errorf("ParseNumber(%q) = %s, %v", tc.in, n, err)
		}
	}
	p, err := ParsePoints("2.925")
	if err != nil || p != 29250 || p.String() != "2.925" {
		t.Errorf("ParsePoints(2.925) = %d %v", p, err)
	}
	if _, err := ParsePoints("1.00001"); err == nil {
		t.Error("five decimals accepted for points")
	}
}

func TestInferDirection(t *testing.T) {
	for _, tc := range []struct {
		name, target string
		want         Direction
	}{
		{"追回率", "100%", DirPositive},
		{"百姓满意度", ">95%", DirPositive},
		{"业务数据差错率", "0%", DirNegative},
		{"表证无差错率", "100%", DirPositive},
		{"投诉率", "5%", DirNegative},
		{"平均办理时长", "3天", DirNegative},
		{"成本节约率", "10%", DirPositive},
		{"某指标", "0", DirNegative},
		{"办件数量", "≥50个", DirPositive},
		{"运维成本", "≤90万元", DirNegative},
		{"足额保障率", "=100%", DirEqual},
		{"是否超出预算", "否", DirNegative},
		{"保障基金安全", "是", DirPositive},
		{"及时性", "及时", DirPositive},
		{"立项依据充分性", "充分", DirQualitative},
		{"制度执行", "严格执行相关制度规定", DirQualitative},
		{"空", "", DirUnknown},
	} {
		got, why := InferDirection(tc.name, ParseValue(tc.target))
		if got != tc.want || why == "" {
			t.Errorf("InferDirection(%q, %q) = %v (%s), want %v", tc.name, tc.target, got, why, tc.want)
		}
	}
	for in, want := range map[string]Direction{"正向": DirPositive, "反向": DirNegative, "等于": DirEqual, "定性": DirQualitative, "≤": DirNegative, "Positive": DirPositive} {
		if d, ok := ParseDirection(in); !ok || d != want {
			t.Errorf("ParseDirection(%q) = %v %v", in, d, ok)
		}
	}
	if _, ok := ParseDirection("up"); ok {
		t.Error("ParseDirection accepted nonsense")
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"100%", ">95%", "≥50个", "≤90万元", "=100%", "≥100百分比", "及时", "是", "否", "充分", "不规范", "95%以上", "－３", "1e9", "", "\x00", "≥", "9999999999999999999%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ParseValue(s)
		if v.Kind == KindNumber {
			// A parsed number must print back to something that parses the same.
			w := ParseValue(v.Op.String() + v.Num.String() + v.Unit)
			if w.Kind != KindNumber || w.Num.Cmp(v.Num) != 0 || w.Op != v.Op {
				t.Fatalf("%q -> %+v -> %+v", s, v, w)
			}
		}
		_ = v.String()
		InferDirection(s, v)
		row := Row{Level3: s, Target: v, Actual: ParseValue(s), Weight: P(10), Score: P(5), HasScore: true}
		ScoreRow(&row, DefaultRuleSet())
	})
}
