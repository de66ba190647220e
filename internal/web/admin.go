package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/internal/cnid"
	"jixiao/internal/monitor"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// UserForm is a new user as typed.
type UserForm struct {
	Username, DisplayName, Role, Unit, IDNumber string
	Errors                                      map[string]string
}

// UsersPage lists users and creates them; the admin also resets passwords.
type UsersPage struct {
	Page
	Users       []store.User
	Units       []store.Unit
	Roles       []workflow.Role
	Form        UserForm
	OneTimeUser string
	OneTimePass string
	List        ListQuery // search, filters (role, unit, active), sort, page
	Cells       []UserCell
}

// UserCell is a user as the list's table shows it, every cell already in
// words (plain fields render faster than the template's method calls).
type UserCell struct {
	ID                                                 int64
	Username, DisplayName, Role, Unit, IDNumber, State string
	Active                                             bool
	ResetConfirm, ResetWord, DisableConfirm, Toggle    string
}

// userCells writes the users' cells in the page's language, ID numbers
// masked.
func userCells(pg Page, us []store.User) []UserCell {
	on, off, must, reset := pg.T("启用"), pg.T("停用"), pg.T("待改密码"), pg.T("重置密码")
	out := make([]UserCell, len(us))
	for i, u := range us {
		c := UserCell{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: pg.Role(u.Role), Unit: u.UnitName, Active: u.Active,
			State: off, Toggle: on, ResetWord: reset,
			ResetConfirm: pg.P.Tf("重置 %s（%s）的密码：原密码立即失效，其会话结束，将生成一次性密码。", u.Username, u.DisplayName)}
		if u.IDNumber != "" {
			c.IDNumber = cnid.Mask(u.IDNumber)
		}
		if u.Active {
			c.State, c.Toggle = on, off
			c.DisableConfirm = pg.P.Tf("停用用户 %s（%s）：其会话立即结束，不能再登录。", u.Username, u.DisplayName)
		}
		if u.MustChange {
			c.State += " · " + must
		}
		out[i] = c
	}
	return out
}

// SortNames are the user list's orders, in the page's language.
func (pg UsersPage) SortNames() [][2]string {
	return [][2]string{{"", pg.T("创建顺序")}, {"username", pg.T("用户名")}, {"name", pg.T("姓名")}, {"role", pg.T("角色")}, {"unit", pg.T("单位")}}
}

// userList reads the users the list's query selects, sorted, and the
// page of them (every one when perPage is 0).
func (s *Server) userList(r *http.Request, perPage int) (ListQuery, []store.User, error) {
	l := readList(r, "/admin/users", perPage, slices.Collect(maps.Keys(store.UserSorts)), "role", "unit", "active")
	q := store.UserQuery{Search: l.Search, Role: workflow.Role(l.Get("role")), Active: l.Get("active"), Sort: l.Sort, Limit: perPage, Offset: l.Offset()}
	if v := l.Get("unit"); v != "" {
		if q.UnitID, _ = strconv.ParseInt(v, 10, 64); q.UnitID == 0 {
			q.UnitID = -1 // not a unit: nobody
		}
	}
	us, total, err := s.st.ListUsers(r.Context(), q)
	l.Total = total
	return l, us, err
}

// exportUsers sends the filtered user list as .xlsx (ID numbers masked).
func (s *Server) exportUsers(w http.ResponseWriter, r *http.Request) {
	pg := s.page(r, "用户管理")
	_, us, err := s.userList(r, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([][]any, len(us))
	for i, u := range us {
		state := pg.T("启用")
		if !u.Active {
			state = pg.T("停用")
		}
		if u.MustChange {
			state += " · " + pg.T("待改密码")
		}
		rows[i] = []any{u.Username, u.DisplayName, pg.Role(u.Role), u.UnitName, cnid.Mask(u.IDNumber), state}
	}
	s.sendListSheet(w, r, "users", pg.T("用户清单"), ListSheet{Title: pg.T("用户清单"), Unit: currentUser(r).UnitName,
		Scope: pg.P.Tf("导出日期 %s", s.now().Format("2006-01-02")), Head: []string{"用户名", "姓名", "角色", "单位", "身份证号", "状态"},
		Widths: []float64{14, 10, 14, 28, 21, 14}, Rows: rows, CountCol: 1, Unit1: "%d 人"})
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	s.showUsers(w, r, UsersPage{Form: UserForm{Role: string(workflow.RoleFiler)}}, http.StatusOK)
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, pg UsersPage, status int) {
	pg.Page = s.page(r, "用户管理")
	pg.Roles = workflow.Roles()
	var err error
	if pg.List, pg.Users, err = s.userList(r, 100); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Cells = userCells(pg.Page, pg.Users)
	if pg.Units, err = s.units(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "users.html", "layout", pg)
}

var usernameOK = func(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	f := UserForm{Username: strings.ToLower(strings.TrimSpace(r.PostFormValue("username"))), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Role: r.PostFormValue("role"), Unit: r.PostFormValue("unit"), IDNumber: strings.TrimSpace(r.PostFormValue("id_number")), Errors: map[string]string{}}
	if !usernameOK(f.Username) {
		f.Errors["username"] = "用户名为 2–40 个小写字母、数字或 . _ -。"
	}
	if f.DisplayName == "" || utf8.RuneCountInString(f.DisplayName) > 40 {
		f.Errors["display_name"] = "请填写姓名（最多 40 字）。"
	}
	role := workflow.Role(f.Role)
	if !role.Valid() {
		f.Errors["role"] = "请选择角色。"
	}
	unitID, _ := strconv.ParseInt(f.Unit, 10, 64)
	if _, err := s.st.Unit(r.Context(), unitID); err != nil {
		f.Errors["unit"] = "请选择单位。"
	}
	idn := ""
	if f.IDNumber != "" {
		id, err := cnid.Parse(f.IDNumber)
		if err != nil {
			f.Errors["id_number"] = "身份证号无效。"
		} else {
			idn = string(id)
		}
	}
	if len(f.Errors) > 0 {
		s.showUsers(w, r, UsersPage{Form: f}, http.StatusUnprocessableEntity)
		return
	}
	pw := RandomPassword()
	h, err := s.hash.Hash(pw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.st.CreateUser(r.Context(), store.User{Username: f.Username, DisplayName: f.DisplayName, Role: role, UnitID: unitID, IDNumber: idn, PasswordHash: h, MustChange: true})
	if isDuplicate(err) {
		f.Errors["username"] = "用户名已存在。"
		s.showUsers(w, r, UsersPage{Form: f}, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showUsers(w, r, UsersPage{Form: UserForm{Role: string(workflow.RoleFiler)}, OneTimeUser: f.Username, OneTimePass: pw}, http.StatusOK)
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	u, err := s.st.UserByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pw := RandomPassword()
	h, err := s.hash.Hash(pw)
	if err == nil {
		err = s.st.SetPassword(r.Context(), id, h, true)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.gate.forget(u.Username) // a new password: no delay left
	s.showUsers(w, r, UsersPage{Form: UserForm{Role: string(workflow.RoleFiler)}, OneTimeUser: u.Username, OneTimePass: pw}, http.StatusOK)
}

func (s *Server) setActive(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if id == currentUser(r).ID {
		s.badRequest(w, r, "不能停用自己的账户。")
		return
	}
	if _, err := s.st.UserByID(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.st.SetActive(r.Context(), id, r.PostFormValue("active") == "1"); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/users", s.page(r, "").T("已更新。"))
}

// UnitsPage shows the unit tree and adds units.
type UnitsPage struct {
	Page
	Units  []store.Unit
	Name   string
	Parent string
	Kind   string
	Errors map[string]string
	Kinds  []store.UnitKind
}

func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) {
	s.showUnits(w, r, UnitsPage{Kind: string(store.KindUnit)}, http.StatusOK)
}

func (s *Server) showUnits(w http.ResponseWriter, r *http.Request, pg UnitsPage, status int) {
	pg.Page = s.page(r, "单位管理")
	pg.Kinds = []store.UnitKind{store.KindFinance, store.KindDepartment, store.KindUnit, store.KindTown}
	var err error
	if pg.Units, err = s.st.Units(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "units.html", "layout", pg)
}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) {
	pg := UnitsPage{Name: strings.TrimSpace(r.PostFormValue("name")), Parent: r.PostFormValue("parent"), Kind: r.PostFormValue("kind"), Errors: map[string]string{}}
	if pg.Name == "" || utf8.RuneCountInString(pg.Name) > 100 {
		pg.Errors["name"] = "请填写单位名称（最多 100 字）。"
	}
	parent, _ := strconv.ParseInt(pg.Parent, 10, 64)
	if parent != 0 {
		if _, err := s.st.Unit(r.Context(), parent); err != nil {
			pg.Errors["parent"] = "上级单位不存在。"
		}
	}
	switch store.UnitKind(pg.Kind) {
	case store.KindFinance, store.KindDepartment, store.KindUnit, store.KindTown:
	default:
		pg.Errors["kind"] = "请选择类型。"
	}
	if len(pg.Errors) == 0 {
		_, err := s.st.CreateUnit(r.Context(), parent, pg.Name, store.UnitKind(pg.Kind))
		if err == nil {
			s.dropUnitCache()
			redirect(w, r, "/admin/units", s.page(r, "").T("单位已添加。"))
			return
		}
		if !isDuplicate(err) {
			s.fail(w, r, err)
			return
		}
		pg.Errors["name"] = "单位名称已存在。"
	}
	s.showUnits(w, r, pg, http.StatusUnprocessableEntity)
}

// SettingsPage configures the monitoring rule.
type SettingsPage struct {
	Page
	Red, Yellow, Blue string
	BudgetBlue        bool
	RuleText          string
	Errors            map[string]string
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	rule := s.monitorRule(r.Context())
	pg := SettingsPage{Page: s.page(r, "系统设置"), Red: bpText(rule.Red), Yellow: bpText(rule.Yellow), Blue: bpText(rule.Blue), BudgetBlue: rule.BudgetBlue}
	pg.RuleText = pg.Pick(rule.DescribeZH(), rule.DescribeEN())
	s.show(w, r, "settings.html", pg)
}

func bpText(bp int64) string { return strconv.FormatInt(bp/100, 10) }

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	pg := SettingsPage{Page: s.page(r, "系统设置"), Red: strings.TrimSpace(r.PostFormValue("red")), Yellow: strings.TrimSpace(r.PostFormValue("yellow")),
		Blue: strings.TrimSpace(r.PostFormValue("blue")), BudgetBlue: r.PostFormValue("budget_blue") == "1", Errors: map[string]string{}}
	var vals [3]int64
	for i, v := range []string{pg.Red, pg.Yellow, pg.Blue} {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > 1000 {
			pg.Errors[[]string{"red", "yellow", "blue"}[i]] = "应为 1–1000 的整数（百分比）。"
		}
		vals[i] = n * 100
	}
	rule := monitor.Rule{Red: vals[0], Yellow: vals[1], Blue: vals[2], BudgetBlue: pg.BudgetBlue}
	if len(pg.Errors) == 0 {
		if err := rule.Validate(); err != nil {
			pg.Errors["red"] = "阈值须满足 红 ≤ 黄 ≤ 蓝。"
		}
	}
	if len(pg.Errors) > 0 {
		pg.RuleText = pg.Pick(monitor.DefaultRule().DescribeZH(), monitor.DefaultRule().DescribeEN())
		s.render(w, r, http.StatusUnprocessableEntity, "settings.html", "layout", pg)
		return
	}
	if err := s.st.SetSetting(r.Context(), "monitor_rule", rule.String()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.dropUnitCache()
	redirect(w, r, "/admin/settings", s.page(r, "").T("设置已保存。"))
}
