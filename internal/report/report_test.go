package report

import (
	"errors"
	"testing"
)

func TestPosAndErrors(t *testing.T) {
	for c, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 28: "AB", 702: "ZZ", 703: "AAA"} {
		if got := ColName(c); got != want {
			t.Errorf("ColName(%d) = %q", c, got)
		}
	}
	e := Errorf(Pos{File: "a.xlsx", Sheet: "评分表", Row: 5, Col: 6, Field: "权重"}, "不是数字")
	if got := e.Error(); got != "a.xlsx: 工作表 评分表: 第 5 行 (row 5): F 列 (权重): 不是数字" {
		t.Errorf("%q", got)
	}
	var es Errors
	for i := 0; i < MaxErrors+10; i++ {
		es.Add(e)
	}
	if len(es) != MaxErrors || len(AsErrors(es.Err())) != MaxErrors {
		t.Errorf("errors not bounded: %d", len(es))
	}
	if got := AsErrors(errors.New("x")); len(got) != 1 || got[0].Reason != "x" {
		t.Errorf("%v", got)
	}
	if (Errors{}).Err() != nil {
		t.Error("empty Errors is an error")
	}
}
