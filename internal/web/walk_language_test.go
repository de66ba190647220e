package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// TestWalkOneLanguage walks every page each role can reach from its to-do
// page (following the links on the pages, as a newcomer would) in Chinese
// and in English, and flags the interface text in the other language:
// a Han character or Chinese punctuation (：（）；、) on an English page, an
// English word on a Chinese page.
//
// Data is exempt, and marked as such in the templates the way HTML marks
// text a translator must leave alone: an element with translate="no"
// (names of people, units, towns, projects, indicators, what users wrote),
// or with a lang attribute of its own (the 中文 | English switch). Visible
// text, the title/placeholder/aria-label attributes and the confirmation
// texts (data-confirm) are checked; the value of an input is what the user
// typed, not checked.
func TestWalkOneLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("walks every page")
	}
	e := newEnvOpt(t, "sqlite", true)
	roles := []string{"tianbao", "shenhe", "renshe", "caizheng", "jihe", "rucheng", "admin"}
	for _, lang := range []string{"zh-CN", "en"} {
		bad := map[string][]string{} // text → pages
		pages := 0
		for _, user := range roles {
			c := e.login(user)
			c.get("/lang/" + lang)
			for _, pg := range walkPages(t, c, 400) {
				pages++
				for _, h := range foreignText(pg.doc, lang) {
					bad[h] = append(bad[h], user+" "+pg.path)
				}
			}
		}
		if pages < 40 {
			t.Errorf("%s: only %d pages walked", lang, pages)
		}
		keys := make([]string, 0, len(bad))
		for k := range bad {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps := bad[k]
			more := ""
			if len(ps) > 2 {
				more = fmt.Sprintf(" (+%d more)", len(ps)-2)
				ps = ps[:2]
			}
			t.Errorf("%s page shows %q on %s%s", lang, k, strings.Join(ps, ", "), more)
		}
		t.Logf("%s: %d pages walked", lang, pages)
	}
}

type walkedPage struct {
	path string
	doc  *html.Node
}

// walkPages follows the same-site GET links from the to-do page, at most
// max pages and at most three pages of one shape (/projects/N/targets
// counts once per three ids), skipping logout, the language switch and
// downloads.
func walkPages(t *testing.T, c *client, max int) []walkedPage {
	t.Helper()
	digits := regexp.MustCompile(`\d+`)
	seen := map[string]bool{}
	shapes := map[string]int{}
	queue := []string{"/"}
	var out []walkedPage
	for len(queue) > 0 && len(out) < max {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		u, _ := url.Parse(p)
		shape := digits.ReplaceAllString(u.Path, "N")
		if u.RawQuery != "" {
			shape += "?"
		}
		if shapes[shape] >= 3 {
			continue
		}
		req, _ := http.NewRequest(http.MethodGet, c.e.ts.URL+p, nil)
		res, err := c.hc.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		ct := res.Header.Get("Content-Type")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
			res.Body.Close()
			continue
		}
		doc, err := html.Parse(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		shapes[shape]++
		out = append(out, walkedPage{p, doc})
		for _, href := range links(doc) {
			l, err := u.Parse(href)
			if err != nil || (l.Host != "" && l.Host != strings.TrimPrefix(c.e.ts.URL, "http://")) {
				continue
			}
			next := l.Path
			if l.RawQuery != "" {
				next += "?" + l.RawQuery
			}
			if skipWalk(l.Path) || seen[next] {
				continue
			}
			queue = append(queue, next)
		}
	}
	return out
}

func skipWalk(p string) bool {
	// A document (the 情况表 as HTML, a printed list) is in the language of
	// the official form; documents are checked in documents_test.go.
	if strings.Contains(p, "/download") {
		return true
	}
	if p == "" || strings.HasPrefix(p, "/lang/") || strings.HasPrefix(p, "/static/") || p == "/logout" {
		return true
	}
	for _, ext := range []string{".pdf", ".docx", ".xlsx", ".csv", ".json", ".txt", ".zip"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

func links(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" && !strings.HasPrefix(a.Val, "#") && !strings.HasPrefix(a.Val, "javascript:") {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// allowedInChinese are the codes and names a Chinese page writes in Latin
// letters: file formats, products and abbreviations without a Chinese name.
var allowedInChinese = map[string]bool{
	"PDF": true, "CSV": true, "csv": true, "xlsx": true, "docx": true, "xls": true, "doc": true, "Excel": true, "Word": true,
	"HTML": true, "ID": true, "YYYY": true, "MM": true, "DD": true, "English": true, "SQLite": true, "PostgreSQL": true,
	"JSON": true, "json": true, "XLSX": true, "Unicode": true, "UTF": true, "GBK": true, "MiB": true, "zip": true, "CPU": true, "GB": true, "MB": true, "KB": true, "ms": true, "Go": true, "UTC": true,
}

var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// quoted is what an English message quotes of the user's data (“…”, "…");
// wanAmount an amount in 万 as entered ("3万").
var (
	quoted    = regexp.MustCompile(`“[^”]*”|"[^"]*"`)
	wanAmount = regexp.MustCompile(`[0-9.]+万`)
	// codeName is a check's stable name ("score.missing"), an identifier
	// like an abbreviation, the same in every language.
	codeName = regexp.MustCompile(`\b[a-z]+(?:\.[a-z_]+)+\b`)
	// techName is what an administrator types, the same in every
	// language: a command-line flag ("--font"), a Debian package
	// ("fonts-arphic-gbsn00lp"); the page without a PDF font names them.
	techName = regexp.MustCompile(`--[a-z][a-z-]*|\b[a-z0-9]+(?:-[a-z0-9]+)+\b`)
)

// foreignText returns the interface texts of doc in the other language.
func foreignText(doc *html.Node, lang string) []string {
	var out []string
	// the data the page shows, which a confirmation or a tooltip may repeat
	var shown []string
	collectData(doc, false, &shown)
	sort.Slice(shown, func(i, j int) bool { return len(shown[i]) > len(shown[j]) })
	check := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			return
		}
		if lang == "en" {
			s = quoted.ReplaceAllString(s, "")
			s = wanAmount.ReplaceAllString(s, "")
			if strings.IndexFunc(s, func(r rune) bool {
				return unicode.Is(unicode.Han, r) || (r >= 0xFF00 && r <= 0xFF5E) || (r >= 0x3000 && r <= 0x303F)
			}) >= 0 {
				out = append(out, s)
			}
			return
		}
		s = techName.ReplaceAllString(codeName.ReplaceAllString(s, ""), "")
		for _, w := range latinWord.FindAllString(s, -1) {
			if !allowedInChinese[w] {
				out = append(out, s)
				return
			}
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "textarea", "head":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "translate" && a.Val == "no" {
					return
				}
				if a.Key == "lang" && a.Val != lang && n.Data != "html" {
					return
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "placeholder", "aria-label", "data-confirm", "hx-confirm", "alt":
					v := a.Val
					for _, d := range shown {
						v = strings.ReplaceAll(v, d, "")
					}
					check(v)
				}
			}
		}
		if n.Type == html.TextNode {
			check(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// collectData appends the texts of the elements marked as data.
func collectData(n *html.Node, in bool, out *[]string) {
	if n.Type == html.ElementNode {
		for _, a := range n.Attr {
			if a.Key == "translate" && a.Val == "no" {
				in = true
			}
		}
	}
	if in && n.Type == html.TextNode {
		if t := strings.TrimSpace(n.Data); t != "" {
			*out = append(*out, t)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collectData(c, in, out)
	}
}
