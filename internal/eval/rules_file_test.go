package eval

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// A written rule-set file reads back to the same rules: every built-in
// set, the shipped example, and a set with stepped funds scoring, renamed
// grades and a "#" in its name.
func TestRuleSetFileRoundTrip(t *testing.T) {
	sets := map[string]*RuleSet{}
	for n, rs := range BuiltinRuleSets() {
		sets[n] = rs
	}
	data, err := os.ReadFile("../../examples/rules/fasp2-strict.rules")
	if err != nil {
		t.Fatal(err)
	}
	if sets["example"], err = ParseRuleSet("fasp2-strict.rules", data); err != nil {
		t.Fatal(err)
	}
	custom, err := ParseRuleSet("c.rules", []byte("name = 县社保 2024 口径\nexecution_score = stepped\nexecution_steps = 95%:100%, 85%:70%\n"+
		"grades = 好:85.5, 一般:60, 差:0\nexecution_rate = received\nover_ratio = 1.5\nrate_tolerance = 0.05%\n"))
	if err != nil {
		t.Fatal(err)
	}
	sets["custom"] = custom
	for n, rs := range sets {
		back, err := ParseRuleSet(n, rs.File())
		if err != nil {
			t.Fatalf("%s: %v\n%s", n, err, rs.File())
		}
		if !reflect.DeepEqual(back, rs) {
			t.Errorf("%s: read back %+v, want %+v\n%s", n, back, rs, rs.File())
		}
	}
	hash := *custom
	hash.Name = "A#1"
	back, err := ParseRuleSet("h", hash.File())
	if err != nil || back.Name != "A＃1" {
		t.Errorf("a # in the name: %v %v", back, err)
	}
	if f := string(custom.File()); !strings.Contains(f, "execution_steps  = 95%:100%, 85%:70%") || !strings.Contains(f, "# ") {
		t.Errorf("file:\n%s", f)
	}
}
