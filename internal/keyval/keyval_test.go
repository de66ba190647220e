package keyval

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	in := "\ufeff# a comment\nname = rugao   # trailing\n\n  Rate  @ 2023-01 = 215 | 文号\r\nbad line\nname = again\n"
	lines, seen := Lines([]byte(in), nil)
	want := []Line{
		{N: 2, Key: "name", Value: "rugao"},
		{N: 4, Key: "Rate @ 2023-01", Value: "215 | 文号"},
		{N: 5, Key: "bad line", Err: "应为“键 = 值” (expected key = value)"},
		{N: 6, Key: "name", Value: "again", Err: "重复的键，第 2 行已设置 (duplicate key, first on line 2)"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines: %+v", len(lines), lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, lines[i], want[i])
		}
	}
	if seen["name"] != 2 || seen["Rate @ 2023-01"] != 4 || len(seen) != 2 {
		t.Errorf("seen %v", seen)
	}
	if l, _ := Lines([]byte("KEY = v"), Lower); l[0].Key != "key" {
		t.Errorf("lower %+v", l)
	}
}

func FuzzLines(f *testing.F) {
	f.Add("a = b\n# c\nd\n")
	f.Fuzz(func(t *testing.T, s string) {
		lines, seen := Lines([]byte(s), nil)
		for _, l := range lines {
			if l.N < 1 || (l.Err == "" && seen[l.Key] != l.N) {
				t.Fatalf("%+v %v", l, seen)
			}
			if strings.Contains(l.Value, "#") {
				t.Fatalf("comment kept: %+v", l)
			}
		}
	})
}
