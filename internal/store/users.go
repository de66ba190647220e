package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jixiao/internal/cnid"
	"jixiao/internal/workflow"
)

// User is a person who logs in.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         workflow.Role
	UnitID       int64
	UnitName     string
	IDNumber     string // 身份证号, shown masked to everyone but the admin
	PasswordHash string
	MustChange   bool
	Active       bool
	FailedLogins int
	LockedUntil  int64 // unix seconds; 0 when not locked
}

const userCols = `u.id, u.username, u.display_name, u.role, u.unit_id, n.name, u.id_number, u.password_hash, u.must_change, u.active, u.failed_logins, u.locked_until`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	var must, active int
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.UnitID, &u.UnitName, &u.IDNumber, &u.PasswordHash, &must, &active, &u.FailedLogins, &u.LockedUntil)
	u.Role, u.MustChange, u.Active = workflow.Role(role), must == 1, active == 1
	return u, err
}

// CreateUser adds a user and returns its ID.
func (s *Store) CreateUser(ctx context.Context, u User) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, unit_id, id_number, password_hash, must_change, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id`,
			u.Username, u.DisplayName, string(u.Role), u.UnitID, u.IDNumber, u.PasswordHash, b2i(u.MustChange), s.Now().Unix()).Scan(&id)
		if err != nil {
			return err
		}
		idn := ""
		if u.IDNumber != "" {
			idn = " 身份证号 " + cnid.Mask(u.IDNumber)
		}
		return s.adminEvent(ctx, tx, ActionUserCreate, "user:"+u.Username, "", fmt.Sprintf("用户 %s 姓名 %s 角色 %s 单位 %d 须改密码 %v 启用%s", u.Username, u.DisplayName, u.Role, u.UnitID, u.MustChange, idn))
	})
	if isUnique(err) {
		return 0, fmt.Errorf("store: user %q: %w", u.Username, ErrDuplicate)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create user %q: %w", u.Username, err)
	}
	return id, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// UserByName finds a user by login name.
func (s *Store) UserByName(ctx context.Context, name string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("store: user %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("store: user %q: %w", name, err)
	}
	return u, nil
}

// UserByID finds a user by ID.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("store: user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// Users lists every user by unit and name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users u JOIN units n ON n.id = u.unit_id ORDER BY u.unit_id, u.username`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return collectUsers(rows)
}

// collectUsers reads the users a query selected (userCols) and closes rows.
func collectUsers(rows *sql.Rows) ([]User, error) {
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserQuery selects users for the admin's list: a search (a part of the
// user name or of the name, either case), a role, a unit, active or not,
// in one of UserSorts, a page at a time.
type UserQuery struct {
	Search string
	Role   workflow.Role
	UnitID int64
	Active string // "1" active, "0" disabled, "" either
	Sort   string // one of UserSorts
	Limit  int    // 0: every row
	Offset int
}

// UserSorts are the user list's orders (migration 0146 indexes each):
// as created (the default), by user name, by name, by role, by unit.
var UserSorts = map[string]string{
	"":         `u.id`,
	"username": `u.username, u.id`,
	"name":     `u.display_name, u.id`,
	"role":     `u.role, u.id`,
	"unit":     `n.name, u.id`,
}

func (q UserQuery) where(pg bool) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.Search != "" {
		// either case: SQLite's LIKE ignores the case of ASCII letters.
		// PostgreSQL's ILIKE folds every row's case, three times LIKE's
		// cost: a search without cased letters (a Chinese name) needs no
		// folding, so LIKE there.
		like := "LIKE"
		if pg && (strings.ToLower(q.Search) != q.Search || strings.ToUpper(q.Search) != q.Search) {
			like = "ILIKE"
		}
		p := arg("%" + likeEscape(q.Search) + "%")
		conds = append(conds, "(u.username "+like+" "+p+" ESCAPE '\\' OR u.display_name "+like+" "+p+" ESCAPE '\\')")
	}
	if q.Role != "" {
		conds = append(conds, "u.role = "+arg(string(q.Role)))
	}
	if q.UnitID != 0 {
		conds = append(conds, "u.unit_id = "+arg(q.UnitID))
	}
	switch q.Active {
	case "1":
		conds = append(conds, "u.active = 1")
	case "0":
		conds = append(conds, "u.active = 0")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likeEscape escapes LIKE's wildcards (and its escape character \).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListUsers returns the page of users a query selects, in its order, and
// how many it selects in all.
func (s *Store) ListUsers(ctx context.Context, q UserQuery) ([]User, int, error) {
	by, ok := UserSorts[q.Sort]
	if !ok {
		return nil, 0, fmt.Errorf("store: unknown user sort %q", q.Sort)
	}
	where, args := q.where(s.pg)
	join := "" // the units only for their order
	if q.Sort == "unit" {
		join = ` JOIN units n ON n.id = u.unit_id`
	}
	c := cached{s}
	sel := `SELECT ` + userCols + ` FROM users u JOIN units n ON n.id = u.unit_id` + where + ` ORDER BY ` + by
	var total int
	switch {
	case q.Limit > 0 && q.Search != "":
		// a search reads every user once (no index finds a part of a
		// name): the matches' ids in order, then the page's rows
		ids, err := s.userIDs(ctx, `SELECT u.id FROM users u`+join+where+` ORDER BY `+by, args)
		if err != nil {
			return nil, 0, err
		}
		total = len(ids)
		page := make([]string, 0, q.Limit)
		for _, id := range ids[min(len(ids), max(q.Offset, 0)):min(len(ids), max(q.Offset, 0)+q.Limit)] {
			page = append(page, strconv.FormatInt(id, 10))
		}
		if len(page) == 0 {
			return nil, total, nil
		}
		sel, args = `SELECT `+userCols+` FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id IN (`+strings.Join(page, ", ")+`) ORDER BY `+by, nil
	default:
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM users u`+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("store: count users: %w", err)
		}
		if q.Limit > 0 {
			// the page's ids first, from an index (migration 0146), then
			// only their rows: an OFFSET over whole rows reads every row
			// skipped. LIMIT and OFFSET are arguments: one prepared
			// statement serves every page (PostgreSQL prepares each text).
			args = append(args, q.Limit, max(q.Offset, 0))
			sel = `SELECT ` + userCols + ` FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id IN (SELECT u.id FROM users u` + join +
				where + ` ORDER BY ` + by + fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(args)-1, len(args)) + `) ORDER BY ` + by
		}
	}
	query := c.QueryContext
	if q.Limit > 0 && q.Search != "" {
		query = s.db.QueryContext // the page's ids in the text: not a statement to keep
	}
	rows, err := query(ctx, sel, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list users: %w", err)
	}
	out, err := collectUsers(rows)
	return out, total, err
}

func (s *Store) userIDs(ctx context.Context, q string, args []any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CountUsers counts users.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// SetPassword replaces a user's password hash, unlocks the account, and
// ends its sessions.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, mustChange bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change = $2, failed_logins = 0, locked_until = 0 WHERE id = $3`, hash, b2i(mustChange), id)
		if err != nil {
			return fmt.Errorf("store: set password %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: set password %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("store: end sessions of %d: %w", id, err)
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = $1`, id).Scan(&name); err != nil {
			return fmt.Errorf("store: user %d: %w", id, err)
		}
		action, what := ActionUserPassword, "管理员重置，一次性密码，须首次修改；全部会话已结束"
		if Actor(ctx) == id {
			action, what = ActionOwnPassword, "本人修改；全部会话已结束"
		} else if !mustChange {
			what = "密码已设置；全部会话已结束"
		}
		return s.adminEvent(ctx, tx, action, "user:"+name, "", what)
	})
}

// SetActive enables or disables a user; disabling ends its sessions.
func (s *Store) SetActive(ctx context.Context, id int64, active bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		var was int
		if err := tx.QueryRowContext(ctx, `SELECT username, active FROM users WHERE id = $1`, id).Scan(&name, &was); err != nil {
			return fmt.Errorf("store: user %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = $1 WHERE id = $2`, b2i(active), id); err != nil {
			return fmt.Errorf("store: set active %d: %w", id, err)
		}
		if !active {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return fmt.Errorf("store: end sessions of %d: %w", id, err)
			}
		}
		return s.adminEvent(ctx, tx, ActionUserActive, "user:"+name, activeText(was == 1), activeText(active))
	})
}

func activeText(b bool) string {
	if b {
		return "启用"
	}
	return "停用"
}

// RecordLoginFailure counts a failed login and locks the account until
// lockUntil (unix seconds) once the count reaches maxFailures. It returns
// the new count.
func (s *Store) RecordLoginFailure(ctx context.Context, id int64, maxFailures int, lockUntil int64) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`, id).Scan(&n); err != nil {
			return fmt.Errorf("store: login failure %d: %w", id, err)
		}
		if n >= maxFailures {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET locked_until = $1, failed_logins = 0 WHERE id = $2`, lockUntil, id); err != nil {
				return fmt.Errorf("store: lock %d: %w", id, err)
			}
		}
		return nil
	})
	return n, err
}

// RecordLoginSuccess clears the failure count.
func (s *Store) RecordLoginSuccess(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: login success %d: %w", id, err)
	}
	return nil
}
