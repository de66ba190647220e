package redact

import (
	"strings"
	"testing"

	"jixiao/internal/cnid"
	"jixiao/internal/eval"
)

// validID is a made-up ID number with a correct check character.
func validID() string {
	c, _ := cnid.CheckChar("32068219500101123")
	return "32068219500101123" + string(c)
}

func TestText(t *testing.T) {
	in := "申请人张三，身份证号" + validID() + "，电话13912345678；另有编号123456789012345678901（非证件号），金额 100000000000000000 元。旧证 320682500101123。"
	out, n := Text(in)
	if strings.Contains(out, validID()) || strings.Contains(out, "13912345678") || strings.Contains(out, "320682500101123") {
		t.Errorf("left in: %s", out)
	}
	if !strings.Contains(out, "123456789012345678901") || !strings.Contains(out, "100000000000000000") {
		t.Errorf("removed too much: %s", out)
	}
	if n != 3 || strings.Count(out, IDMark) != 2 || strings.Count(out, PhoneMark) != 1 {
		t.Errorf("%d removals: %s", n, out)
	}
	// Adjacent numbers separated by one character are both found.
	out, n = Text("13912345678、13812345678")
	if n != 2 {
		t.Errorf("adjacent: %d %s", n, out)
	}
}

func TestReportCopies(t *testing.T) {
	r := &eval.Report{Unit: "某中心", Project: "补助"}
	r.Narrative.Problems.Text = "经核查，" + validID() + " 已死亡仍领取待遇。"
	r.Sheet.Rows = []eval.Row{{Level3: "追回人数", Basis: "联系人 13912345678", Target: eval.ParseValue("≥5人"), Actual: eval.ParseValue("6人")}}
	c, n := Report(r)
	if n != 2 || strings.Contains(c.Narrative.Problems.Text, validID()) || strings.Contains(c.Sheet.Rows[0].Basis, "1391234") {
		t.Errorf("%d: %+v", n, c)
	}
	if !strings.Contains(r.Narrative.Problems.Text, validID()) || r.Sheet.Rows[0].Basis != "联系人 13912345678" {
		t.Error("the original was changed")
	}
	if c.Sheet.Rows[0].Actual.String() != "6人" {
		t.Errorf("values changed: %v", c.Sheet.Rows[0].Actual)
	}
}

func FuzzText(f *testing.F) {
	f.Add("身份证号" + validID() + "，电话13912345678")
	f.Add("320682500101123320682500101123")
	f.Fuzz(func(t *testing.T, s string) {
		out, n := Text(s)
		if n == 0 && out != s {
			t.Fatalf("changed without a removal: %q → %q", s, out)
		}
		if again, m := Text(out); m != 0 || again != out {
			t.Fatalf("not idempotent: %q → %q (%d more)", out, again, m)
		}
	})
}
