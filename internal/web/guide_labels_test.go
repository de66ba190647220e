package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestGuideNamesWhatTheUIShows: every button, link, tab or menu the user
// guide names in bold (**新建项目**, **生存稽核 → 上传本月文件稽核**) is
// shown, exactly so, as the text of a link, button, tab, heading, label or
// option on a Chinese page a role reaches from the to-do page — or, for a
// control the demo's state does not show (申报绩效目标 once declared), is
// written so in a template — so a newcomer following the guide finds what
// it says.
func TestGuideNamesWhatTheUIShows(t *testing.T) {
	if testing.Short() {
		t.Skip("walks every page")
	}
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvOpt(t, "sqlite", true)
	shown := map[string]bool{}
	for _, user := range []string{"tianbao", "shenhe", "renshe", "caizheng", "jihe", "rucheng", "admin"} {
		c := e.login(user)
		for _, pg := range walkPages(t, c, 400) {
			controlTexts(pg.doc, shown)
		}
	}
	templates, _ := filepath.Glob(filepath.Join("templates", "*.html"))
	var tmpl strings.Builder
	for _, f := range templates {
		b, _ := os.ReadFile(f)
		tmpl.Write(b)
	}
	han := regexp.MustCompile(`\p{Han}`)
	parts := strings.Split(string(guide), "**")
	for i := 1; i < len(parts); i += 2 { // the bold parts
		for _, label := range strings.Split(parts[i], " → ") {
			label = strings.TrimSpace(label)
			if !han.MatchString(label) {
				continue
			}
			if !shown[label] && !strings.Contains(tmpl.String(), `T "`+label+`"}}`) {
				t.Errorf("docs/guide.md names **%s**, which no page shows as a control or heading", label)
			}
		}
	}
}

// controlTexts adds the texts of the page's controls and headings: links,
// buttons, tabs, headings, labels, options, and the dialog's words.
func controlTexts(n *html.Node, out map[string]bool) {
	if n.Type == html.ElementNode {
		switch n.Data {
		case "a", "button", "h1", "h2", "h3", "label", "option", "th", "legend", "summary":
			if t := strings.Join(strings.Fields(innerText(n)), " "); t != "" {
				out[t] = true
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "data-confirm-") { // the confirmation dialog's buttons
				out[a.Val] = true
			}
		}
	}
	if n.Type == html.TextNode {
		if t := strings.TrimSpace(n.Data); t != "" {
			out[t] = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		controlTexts(c, out)
	}
}

func innerText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
