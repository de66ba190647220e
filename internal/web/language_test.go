package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"jixiao/internal/store"
)

// alerts returns the texts of the page's error messages (role="alert")
// and its <h1>, the parts a one-language page must not mix.
var alertRE = regexp.MustCompile(`(?s)<(?:span|p) class="err" role="alert"[^>]*>(.*?)</(?:span|p)>|<h1>(.*?)</h1>`)

func alerts(body string) []string {
	var out []string
	for _, m := range alertRE.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1]+m[2], "")))
	}
	return out
}

// englishWord finds ASCII words in Chinese text; allowed are codes and
// file formats that have no Chinese name.
var englishWord = regexp.MustCompile(`[A-Za-z]{2,}`)
var allowedWords = map[string]bool{"PDF": true, "xlsx": true, "docx": true, "CSV": true}

func hasCJK(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// TestOneLanguagePerPage: the error pages (403, 404, an unknown path) and a
// page with validation errors show Chinese only in Chinese and English
// only in English, inside the layout with the navigation.
func TestOneLanguagePerPage(t *testing.T) {
	e := newEnv(t, "sqlite")
	zh := e.login("tianbao")
	en := e.login("tianbao")
	en.get("/lang/en")

	type check struct {
		what string
		do   func(c *client) result
		code int
	}
	checks := []check{
		{"403", func(c *client) result { return c.get("/finance") }, http.StatusForbidden},
		{"404 project", func(c *client) result { return c.get("/projects/987654") }, http.StatusNotFound},
		{"404 path", func(c *client) result { return c.get("/no/such/page") }, http.StatusNotFound},
		{"422 form", func(c *client) result {
			return c.post("/projects", url.Values{"name": {""}, "year": {"20x4"}, "template": {"framework"}, "budget_local": {"1.234"}})
		}, http.StatusUnprocessableEntity},
	}
	for _, ck := range checks {
		for _, lang := range []string{"zh", "en"} {
			c := zh
			if lang == "en" {
				c = en
			}
			res := c.do1(t, ck.what+" "+lang, ck.do, ck.code)
			if !strings.Contains(res.body, `id="nav-todo"`) {
				t.Errorf("%s %s: no navigation", ck.what, lang)
			}
			texts := alerts(res.body)
			if len(texts) == 0 {
				t.Errorf("%s %s: no message", ck.what, lang)
			}
			for _, x := range texts {
				if lang == "zh" {
					for _, w := range englishWord.FindAllString(x, -1) {
						if !allowedWords[w] {
							t.Errorf("%s zh: English word %q in %q", ck.what, w, x)
						}
					}
					if !hasCJK(x) {
						t.Errorf("%s zh: %q is not Chinese", ck.what, x)
					}
				} else if hasCJK(strings.ReplaceAll(x, "万", "")) { // 万 is the unit money is entered in
					t.Errorf("%s en: Chinese in %q", ck.what, x)
				}
			}
		}
	}
	// The English grade: a graded demo project's grade shows in English.
	ps, err := e.st.Projects(context.Background(), store.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pid := ""
	for _, p := range ps {
		if p.SelfGrade != "" {
			pid = itoa(int(p.ID))
			break
		}
	}
	if pid == "" {
		t.Fatal("no graded project in the demo")
	}
	zh, en = e.login("caizheng"), e.login("caizheng")
	en.get("/lang/en")
	body := en.get("/projects/" + pid).body
	m := regexp.MustCompile(`id="self-score">[^<]*</b> ([^\n<]*)`).FindStringSubmatch(body)
	if m == nil || strings.TrimSpace(m[1]) == "" || hasCJK(m[1]) {
		t.Errorf("English grade on the project page: %q", m)
	}
	if zb := zh.get("/projects/" + pid).body; !regexp.MustCompile(`id="self-score">[^<]*</b> [优良中差]`).MatchString(zb) {
		t.Error("Chinese grade missing on the project page")
	}
	// The English targets page explains the inferred directions in English.
	tb := e.login("tianbao")
	tb.get("/lang/en")
	tbody := tb.get("/projects/" + itoa(int(e.id("稽查费", 2024))) + "/targets").body
	if !strings.Contains(tbody, "higher is better") || strings.Contains(tbody, "越高越好") || strings.Contains(tbody, "目标值带") {
		t.Error("English targets page: Chinese direction reason")
	}
}

func (c *client) do1(t *testing.T, what string, f func(*client) result, code int) result {
	t.Helper()
	res := f(c)
	res.want(t, what, code)
	return res
}
