package locale

import (
	"net/http/httptest"
	"testing"
)

func TestPrinter(t *testing.T) {
	tests := []struct {
		lang, in, want string
	}{
		{ZH, "项目总览", "项目总览"},
		{EN, "项目总览", "Projects"},
		{EN, "没有这条", "没有这条"},   // missing: printed as written
		{"fr", "项目总览", "项目总览"}, // unknown language: Chinese
	}
	for _, tc := range tests {
		if got := New(tc.lang).T(tc.in); got != tc.want {
			t.Errorf("%s T(%q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
	if New(EN).Pick("中", "en") != "en" || New(ZH).Pick("中", "en") != "中" || New(EN).Pick("中", "") != "中" {
		t.Error("Pick")
	}
	r := httptest.NewRequest("GET", "/", nil)
	if FromRequest(r).IsEN() {
		t.Error("default is not Chinese")
	}
	r.Header.Set("Cookie", "lang=en")
	if !FromRequest(r).IsEN() {
		t.Error("cookie ignored")
	}
	if New(EN).Tf("已记录。") != "Recorded." || !Has("abc") || Has("没有这条") {
		t.Error("Tf/Has")
	}
}

func TestOneLanguage(t *testing.T) {
	tests := []struct{ in, zh, en string }{
		{"当前状态不允许此操作 (not allowed in the current state)", "当前状态不允许此操作", "not allowed in the current state"},
		{"无权操作其他镇（街道）的疑点 (not your town)", "无权操作其他镇（街道）的疑点", "not your town"},
		{"下发停发名单：暂停发放 (suspension list issued: suspend)", "下发停发名单：暂停发放", "suspension list issued: suspend"},
		{"稽查费 (2024)", "稽查费 (2024)", "稽查费 (2024)"},                // not a translation
		{"张三 (李四)", "张三 (李四)", "张三 (李四)"},                         // both Chinese
		{"plain (english)", "plain (english)", "plain (english)"}, // no Chinese part
	}
	for _, tc := range tests {
		if got := New(ZH).T(tc.in); got != tc.zh {
			t.Errorf("zh T(%q) = %q, want %q", tc.in, got, tc.zh)
		}
		if got := New(EN).T(tc.in); got != tc.en {
			t.Errorf("en T(%q) = %q, want %q", tc.in, got, tc.en)
		}
	}
}
