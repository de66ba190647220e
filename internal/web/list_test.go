package web

import (
	"cmp"
	"html"
	"math"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/demo"
	"jixiao/internal/store"
)

// TestListQuery: the shared list query keeps the search, sort and filters
// in every link, drops the page when anything else changes, offers the
// pages around this one.
func TestListQuery(t *testing.T) {
	r := httptest.NewRequest("GET", "/things?q=王&sort=bogus&town=如城街道&other=x&page=7", nil)
	l := readList(r, "/things", 10, []string{"", "name"}, "town")
	if l.Sort != "" || l.Search != "王" || l.Get("town") != "如城街道" || l.Get("other") != "" || l.Page != 7 {
		t.Fatalf("read %+v", l)
	}
	l.Total = 95
	if got := l.Link("sort", "name"); got != "/things?q=%E7%8E%8B&sort=name&town=%E5%A6%82%E5%9F%8E%E8%A1%97%E9%81%93" {
		t.Errorf("sort link %s", got)
	}
	if got := l.PageLink(8); !strings.Contains(got, "page=8") || !strings.Contains(got, "town=") || !strings.Contains(got, "q=") {
		t.Errorf("page link %s", got)
	}
	if got := l.PageLinks(); !slices.Equal(got, []int{1, 0, 5, 6, 7, 8, 9, 10}) {
		t.Errorf("page links %v", got)
	}
	if l.From() != 61 || l.To() != 70 || l.Prev() == "" || l.Next() == "" {
		t.Errorf("rows %d–%d prev %q next %q", l.From(), l.To(), l.Prev(), l.Next())
	}
}

// TestCaseList: the recovery cases filtered by status, searched, sorted,
// and exported as the filtered list; a town clerk's export holds their
// own town's cases with masked ID numbers.
func TestCaseList(t *testing.T) {
	e := newEnv(t, "sqlite")
	cs, err := e.st.AuditCases(t.Context(), store.CaseFilter{})
	if err != nil || len(cs) < 4 {
		t.Fatalf("demo cases: %d %v", len(cs), err)
	}
	rowRE := regexp.MustCompile(`<td><a href="/audit/cases/(\d+)">`)
	listed := func(body string) []string {
		var ids []string
		for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
			ids = append(ids, m[1])
		}
		return ids
	}
	aud := e.login("jihe")
	all := listed(aud.get("/audit/cases").body)
	if len(all) != len(cs) {
		t.Fatalf("%d cases listed of %d", len(all), len(cs))
	}
	var off []string
	var most CaseRow
	for _, c := range cs {
		row := caseRow(c)
		if row.Status == "written_off" {
			off = append(off, strconv.FormatInt(c.ID, 10))
		}
		if row.Outstanding > most.Outstanding {
			most = row
		}
	}
	if got := listed(aud.get("/audit/cases?status=written_off").body); len(off) == 0 || !slices.Equal(got, off) {
		t.Errorf("written off: %v, want %v", got, off)
	}
	if got := listed(aud.get("/audit/cases?sort=outstanding").body); len(got) == 0 || got[0] != strconv.FormatInt(most.ID, 10) {
		t.Errorf("by outstanding: %v, want #%d first", got, most.ID)
	}
	name := cs[1].Name
	found := aud.get("/audit/cases?q=" + name)
	for _, id := range listed(found.body) {
		c, _ := e.st.AuditCase(t.Context(), mustInt(t, id))
		if !strings.Contains(c.Name, name) {
			t.Errorf("search %q lists #%s (%s)", name, id, c.Name)
		}
	}
	found.want(t, "search", 200, `value="`+name+`"`, "/audit/cases/export?q=")
	// the export is the filtered list as a signed document
	res := aud.get("/audit/cases/export?status=written_off")
	title, rows, sig := readSuspectXLSX(t, []byte(res.body))
	if title != "追回案件清单" || len(rows) != len(off) || !strings.Contains(sig, "经办人") {
		t.Errorf("export: %q, %d rows (want %d), signature %q", title, len(rows), len(off), sig)
	}
	clk := e.login("rucheng")
	_, rows, _ = readSuspectXLSX(t, []byte(clk.get("/audit/cases/export?town=白蒲镇").body))
	own := 0
	for _, c := range cs {
		if c.Town == "如城街道" {
			own++
		}
	}
	if len(rows) != own || own == 0 {
		t.Errorf("clerk export: %d rows, the town has %d cases", len(rows), own)
	}
	for _, r := range rows {
		if r[3] != "如城街道" || !strings.Contains(r[2], "*") {
			t.Errorf("clerk export row %v", r)
		}
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestUserList: the admin's user list searched, filtered by role and
// state, sorted, and exported as the filtered list.
func TestUserList(t *testing.T) {
	e := newEnv(t, "sqlite")
	us, err := e.st.Users(t.Context())
	if err != nil || len(us) < 5 {
		t.Fatalf("demo users: %d %v", len(us), err)
	}
	nameRE := regexp.MustCompile(`<tr><td(?: translate="no")?>([a-z0-9._-]+)</td>`)
	listed := func(body string) []string {
		var out []string
		for _, m := range nameRE.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	ad := e.login("admin")
	if got := listed(ad.get("/admin/users").body); len(got) != len(us) {
		t.Fatalf("%d users listed of %d", len(got), len(us))
	}
	var clerks, sorted []string
	for _, u := range us {
		if u.Role == "town_clerk" {
			clerks = append(clerks, u.Username)
		}
		sorted = append(sorted, u.Username)
	}
	slices.Sort(sorted)
	if got := listed(ad.get("/admin/users?role=town_clerk").body); len(clerks) == 0 || !slices.Equal(got, clerks) {
		t.Errorf("clerks %v, want %v", got, clerks)
	}
	if got := listed(ad.get("/admin/users?sort=username").body); !slices.Equal(got, sorted) {
		t.Errorf("by user name %v, want %v", got, sorted)
	}
	if got := listed(ad.get("/admin/users?q=" + us[2].Username).body); !slices.Contains(got, us[2].Username) || len(got) == len(us) {
		t.Errorf("search %q: %v", us[2].Username, got)
	}
	res := ad.get("/admin/users/export?role=town_clerk&sort=username")
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	rows, _ := f.GetRows("Sheet1")
	var got []string
	for _, r := range rows[3:] {
		if len(r) > 0 && r[0] != "合计" {
			got = append(got, r[0])
		} else {
			break
		}
	}
	slices.Sort(clerks)
	if rows[0][0] != "用户清单" || !slices.Equal(got, clerks) {
		t.Errorf("export %q %v, want %v", rows[0][0], got, clerks)
	}
	e.login("jihe").get("/admin/users/export").want(t, "not the admin", 403)
}

// TestProjectListSort: the overview sorted by score and by execution rate
// (pages in the sort's order, following the pager's links), the sort kept
// in the pager's links and the summary download.
func TestProjectListSort(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		if err := demo.Scale(t.Context(), e.st, 300); err != nil {
			t.Fatal(err)
		}
		ps, err := e.st.Projects(t.Context(), store.ProjectFilter{Year: 2023})
		if err != nil || len(ps) <= 100 {
			t.Fatalf("2023: %d projects, %v", len(ps), err)
		}
		c := e.login("caizheng")
		idRE := regexp.MustCompile(`<td><a href="/projects/(\d+)">`)
		nextRE := regexp.MustCompile(`href="([^"]*)" id="pg-next"`)
		for sort, key := range map[string]func(p store.Project) int64{
			"score": func(p store.Project) int64 { return -int64(p.SelfScore) },
			"rate": func(p store.Project) int64 {
				if bp, ok := p.ExecutionRate(); ok {
					return bp
				}
				return math.MaxInt64
			},
		} {
			want := slices.Clone(ps)
			slices.SortStableFunc(want, func(a, b store.Project) int { return cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.ID, b.ID)) })
			var got []int64
			link := "/projects?year=2023&sort=" + sort
			for link != "" {
				page := c.get(link)
				if !strings.Contains(page.body, `value="`+sort+`" selected`) {
					t.Fatalf("%s: the sort is not kept on %s", sort, link)
				}
				for _, m := range idRE.FindAllStringSubmatch(page.body, -1) {
					got = append(got, mustInt(t, m[1]))
				}
				link = ""
				if m := nextRE.FindStringSubmatch(page.body); m != nil {
					link = html.UnescapeString(m[1])
				}
			}
			wantIDs := make([]int64, len(want))
			for i, p := range want {
				wantIDs[i] = p.ID
			}
			if !slices.Equal(got, wantIDs) {
				t.Errorf("sort %s: %d rows %v…, want %d %v…", sort, len(got), got[:min(5, len(got))], len(wantIDs), wantIDs[:5])
			}
		}
	})
}
