package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/store"
)

// TrailPage searches the whole trail (every change, admin action and
// download) by user, project, action and date, a page at a time.
type TrailPage struct {
	Page
	Users   []store.User
	Actions []string
	UserID  int64
	Project string
	Action  string
	From    string
	To      string
	Entries []store.TrailEntry
	List    ListQuery // the filters and the page, for the pager and export
	Error   string
}

const trailPerPage = 100

// trailMenus are the search form's users (those in the trail) and
// actions, read once per store generation: each is a scan of the trail.
type trailMenus struct {
	mu      sync.Mutex
	gen     int64
	users   []store.User
	actions []string
}

func (m *trailMenus) get(ctx context.Context, st *store.Store) ([]store.User, []string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen := st.Generation(); m.gen != gen || m.actions == nil {
		us, err := st.TrailUsers(ctx)
		if err != nil {
			return nil, nil, err
		}
		as, err := st.TrailActions(ctx)
		if err != nil {
			return nil, nil, err
		}
		m.gen, m.users, m.actions = gen, us, as
	}
	return m.users, m.actions, nil
}

// trailFilter reads the filter of the search form; an unreadable date is
// reported, not ignored.
func trailFilter(q url.Values, loc *time.Location) (store.TrailFilter, string) {
	var f store.TrailFilter
	f.UserID, _ = strconv.ParseInt(q.Get("user"), 10, 64)
	f.ProjectID, _ = strconv.ParseInt(strings.TrimSpace(q.Get("project")), 10, 64)
	f.Action = q.Get("action")
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		d, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return f, "日期格式应为 YYYY-MM-DD。"
		}
		f.From = d.Unix()
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" {
		d, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return f, "日期格式应为 YYYY-MM-DD。"
		}
		f.To = d.AddDate(0, 0, 1).Unix() - 1
	}
	return f, ""
}

func (s *Server) trailPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	pg := TrailPage{Page: s.page(r, "审计日志"), Project: q.Get("project"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f, msg := trailFilter(q, time.Local)
	pg.UserID = f.UserID
	pg.Error = pg.T(msg)
	var err error
	if pg.Users, pg.Actions, err = s.trailMenus.get(ctx, s.st); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.List = readList(r, "/admin/trail", trailPerPage, nil, "user", "project", "action", "from", "to")
	if msg == "" {
		total, err := s.st.CountTrail(ctx, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		pg.List.Total = int(total)
		pg.List.Page = min(pg.List.Page, pg.List.Pages())
		f.Limit, f.Offset = trailPerPage, pg.List.Offset()
		if pg.Entries, err = s.st.SearchTrail(ctx, f); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.show(w, r, "trail.html", pg)
}

// trailExport writes the filtered trail as .xlsx for an auditor, every
// row (streamed); like every download it is recorded in the trail.
func (s *Server) trailExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, msg := trailFilter(r.URL.Query(), time.Local)
	if msg != "" {
		s.badRequest(w, r, msg)
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	head := []any{"序号", "时间", "用户", "项目", "操作", "字段", "原值", "新值", "说明"}
	if err := sw.SetRow("A1", head); err != nil {
		s.fail(w, r, err)
		return
	}
	row := 2
	err = s.st.EachTrail(ctx, f, func(e store.TrailEntry) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		who := e.UserName
		if e.UserID == 0 {
			who = "系统"
		}
		proj := ""
		if e.ProjectID != 0 {
			proj = fmt.Sprintf("%d %s", e.ProjectID, e.ProjectName)
		}
		return sw.SetRow(cell, []any{e.Seq, time.Unix(e.At, 0).Format("2006-01-02 15:04:05"), who, proj, e.Action, e.Field, e.Old, e.New, e.Note})
	})
	if err == nil {
		err = sw.Flush()
	}
	if err == nil {
		x.SetSheetName("Sheet1", "审计日志") // the download itself goes to the trail (download_trail.go)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment", "审计日志_"+s.now().Format("20060102")+".xlsx")
	x.Write(w)
}
