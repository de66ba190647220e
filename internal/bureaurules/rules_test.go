package bureaurules

import (
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

func TestDefault(t *testing.T) {
	r := MustDefault()
	if len(r.Dimensions) != 5 || r.Dimensions[0].Name != "立项必要性" || r.Dimensions[0].Weight != eval.P(25) || len(r.Dimensions[0].Questions) != 3 {
		t.Fatalf("dimensions %+v", r.Dimensions)
	}
	if r.Threshold != 100*money.Wan || r.PassFrom != eval.P(80) || r.PartialMin != eval.P(60) {
		t.Errorf("threshold %v pass %v partial %v", r.Threshold, r.PassFrom, r.PartialMin)
	}
	for g, want := range map[string]string{"优": "优先保障", "良": "合理保障", "中": "核减或控制新增", "差": "取消或暂停"} {
		if a := r.AdviceFor(g); a == nil || a.Text != want || a.NoSimilarNew != (g == "差") {
			t.Errorf("%s: %+v", g, a)
		}
	}
	if !r.NeedsAssessment(true, 0) || r.NeedsAssessment(false, 99*money.Wan) || !r.NeedsAssessment(false, 100*money.Wan) {
		t.Error("threshold gate")
	}
}

func TestAssess(t *testing.T) {
	r := MustDefault()
	scores := map[string]eval.Points{"立项必要性": eval.P(25), "投入经济性": eval.P(15), "绩效目标合理性": eval.P(15), "实施方案可行性": eval.P(15), "筹资合规性": eval.P(10)}
	a, err := r.Assess(scores)
	if err != nil || a.Total != eval.P(80) || a.Conclusion != Pass {
		t.Fatalf("%+v %v", a, err)
	}
	scores["筹资合规性"] = eval.P(9)
	if a, _ := r.Assess(scores); a.Conclusion != Partial {
		t.Errorf("79 → %s", a.Conclusion)
	}
	scores["立项必要性"] = eval.P(5)
	if a, _ := r.Assess(scores); a.Conclusion != Fail || a.Total != eval.P(59) {
		t.Errorf("59 → %+v", a)
	}
	scores["立项必要性"] = eval.P(26)
	if _, err := r.Assess(scores); err == nil || !strings.Contains(err.Error(), "立项必要性") {
		t.Errorf("score above weight: %v", err)
	}
	delete(scores, "立项必要性")
	if _, err := r.Assess(scores); err == nil {
		t.Error("missing dimension accepted")
	}
	scores["立项必要性"], scores["别的"] = 0, 0
	if _, err := r.Assess(scores); err == nil {
		t.Error("unknown dimension accepted")
	}
}

func TestAdviceOfPrefersReScore(t *testing.T) {
	r := MustDefault()
	rs := eval.DefaultRuleSet()
	if g, a := r.AdviceOf(rs, eval.P(95), 0, false); g != "优" || a.Text != "优先保障" {
		t.Errorf("self 95: %s %+v", g, a)
	}
	if g, a := r.AdviceOf(rs, eval.P(95), eval.P(72), true); g != "中" || a.Text != "核减或控制新增" {
		t.Errorf("re-scored 72: %s %+v", g, a)
	}
}

func TestParseErrorsHaveLines(t *testing.T) {
	bad := `name = x
threshold = lots
pass = 80
pass = 81
partial = 90
dimension 甲 = 50 | 问题
dimension 乙 = 0
apply 优 = 优先保障
apply 甲 = 什么
apply 良 = 合理保障; 奇怪条件
colour = blue
just words
`
	_, err := Parse("bad.rules", []byte(bad))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		"bad.rules:2: threshold", "bad.rules:4: pass: 重复的键", "bad.rules:7: 维度“乙”的分值", "bad.rules:7: 维度“乙”没有评估问题",
		"bad.rules:9: apply: 等级", "bad.rules:10: apply 良: 未知附加条件", "bad.rules:11: 未知的键", "bad.rules:12: just words: 应为“键 = 值”",
		"bad.rules:6: 各维度分值合计 50", "缺少 apply 中", "缺少 apply 差", "partial 90 高于 pass 80",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(Default))
	f.Add([]byte("pass = 80\npartial=60\nthreshold=1元\ndimension a = 100|q\napply 优=x\napply 良=x\napply 中=x\napply 差=x;不得新设同类项目\n"))
	f.Add([]byte("dimension = 5\napply = \n#\n\ufeff=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("f", data)
		if err != nil {
			return
		}
		var sum eval.Points
		for _, d := range r.Dimensions {
			sum += d.Weight
			if d.Weight <= 0 || len(d.Questions) == 0 {
				t.Fatalf("accepted %+v", d)
			}
		}
		if sum != eval.P(100) || r.PartialMin > r.PassFrom {
			t.Fatalf("accepted sum %s, partial %s > pass %s", sum, r.PartialMin, r.PassFrom)
		}
		for _, g := range grades {
			if r.AdviceFor(g) == nil {
				t.Fatalf("no advice for %s", g)
			}
		}
		full := map[string]eval.Points{}
		for _, d := range r.Dimensions {
			full[d.Name] = d.Weight
		}
		if a, err := r.Assess(full); err != nil || a.Total != eval.P(100) {
			t.Fatalf("full marks: %+v %v", a, err)
		}
	})
}

func TestGate(t *testing.T) {
	r := MustDefault()
	big, small := money.Fen(150_0000_00), money.Fen(20_0000_00)
	for _, c := range []struct {
		p    Project
		want string
	}{
		{Project{IsNew: false, Budget: small}, ""},                     // continuing, under the threshold
		{Project{IsNew: false, Budget: r.Threshold}, GateNoAssessment}, // at the threshold
		{Project{IsNew: true, Budget: small}, GateNoAssessment},        // every new project
		{Project{IsNew: true, Budget: small, Assessment: Pass}, ""},    // passed
		{Project{IsNew: false, Budget: big, Assessment: Partial}, GateNotPassed},
		{Project{IsNew: true, Budget: big, Assessment: Fail}, GateNotPassed},
		{Project{IsNew: false, Budget: small, TargetsRefused: true}, GateTargets},
		{Project{IsNew: true, Budget: small, TargetsRefused: true}, GateNoAssessment + "," + GateTargets},
	} {
		got := strings.Join(r.Gate(c.p), ",")
		if got != c.want {
			t.Errorf("Gate(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}
