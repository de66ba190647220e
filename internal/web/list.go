package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ListQuery is a list page's query as its URL states it — a search, a
// sort from the list's own, the list's filters and the page — and the
// links that keep it: pages, sorts, the export. Every list uses it: the
// projects, the suspects (which add keyset links, suspect_list.go), the
// recovery cases, the users and the audit trail.
type ListQuery struct {
	Path    string // the list's URL path
	Search  string // "q"
	Sort    string // one of the list's sorts; "" its default order
	Page    int    // from 1
	PerPage int
	Total   int // rows selected, set by the handler
	// Filters are the list's own filters by name, as the URL has them.
	Filters url.Values
}

// maxSearch bounds a search's length in characters.
const maxSearch = 50

// readList reads a list's query: the sort must be one of sorts (else the
// default ""), the filters are those named.
func readList(r *http.Request, path string, perPage int, sorts []string, filters ...string) ListQuery {
	q := r.URL.Query()
	l := ListQuery{Path: path, PerPage: perPage, Search: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Filters: url.Values{}}
	if !slices.Contains(sorts, l.Sort) {
		l.Sort = ""
	}
	if r := []rune(l.Search); len(r) > maxSearch {
		l.Search = string(r[:maxSearch])
	}
	for _, f := range filters {
		if v := strings.TrimSpace(q.Get(f)); v != "" {
			l.Filters.Set(f, v)
		}
	}
	l.Page, _ = strconv.Atoi(q.Get("page"))
	l.Page = max(l.Page, 1)
	return l
}

// Get is a filter's value ("" when not set).
func (l ListQuery) Get(filter string) string { return l.Filters.Get(filter) }

// Values is the list's query without the page: what every link keeps.
func (l ListQuery) Values() url.Values {
	v := url.Values{}
	for k, x := range l.Filters {
		v[k] = x
	}
	if l.Search != "" {
		v.Set("q", l.Search)
	}
	if l.Sort != "" {
		v.Set("sort", l.Sort)
	}
	return v
}

// Link is the list's URL with one parameter changed ("page", "sort", a
// filter); changing anything but the page goes back to page 1.
func (l ListQuery) Link(key, value string) string {
	v := l.Values()
	if key == "page" && value == "1" {
		value = ""
	}
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	if len(v) == 0 {
		return l.Path
	}
	return l.Path + "?" + v.Encode()
}

// ExportLink is the .xlsx of the whole filtered list, in its order.
func (l ListQuery) ExportLink() string { return l.Path + "/export?" + l.Values().Encode() }

// PrintLink is the printable page of the whole filtered list.
func (l ListQuery) PrintLink() string { return l.Path + "/print?" + l.Values().Encode() }

// Offset is the number of rows before the page.
func (l ListQuery) Offset() int { return (l.Page - 1) * l.PerPage }

// Pages is the number of pages.
func (l ListQuery) Pages() int { return max(1, (l.Total+l.PerPage-1)/l.PerPage) }

// From and To number the rows shown.
func (l ListQuery) From() int { return min(l.Total, l.Offset()+1) }
func (l ListQuery) To() int   { return min(l.Total, l.Offset()+l.PerPage) }

// Prev and Next are the neighbouring pages' links, "" at the ends.
func (l ListQuery) Prev() string {
	if l.Page <= 1 {
		return ""
	}
	return l.PageLink(l.Page - 1)
}

func (l ListQuery) Next() string {
	if l.Page >= l.Pages() {
		return ""
	}
	return l.PageLink(l.Page + 1)
}

// PageLink is the link to a page by number.
func (l ListQuery) PageLink(p int) string { return l.Link("page", strconv.Itoa(p)) }

// PageLinks are the pages offered by number: the first, the last and two
// either side of this one, with 0 for a gap.
func (l ListQuery) PageLinks() []int {
	var out []int
	last := l.Pages()
	for _, p := range []int{1, l.Page - 2, l.Page - 1, l.Page, l.Page + 1, l.Page + 2, last} {
		if p < 1 || p > last || len(out) > 0 && p <= out[len(out)-1] {
			continue
		}
		if len(out) > 0 && p > out[len(out)-1]+1 {
			out = append(out, 0)
		}
		out = append(out, p)
	}
	return out
}

// SortLink is the list sorted another way (back to page 1).
func (l ListQuery) SortLink(sort string) string { return l.Link("sort", sort) }
