package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// UnitKind is what a unit is in the tree.
type UnitKind string

// Kinds of units.
const (
	KindFinance    UnitKind = "finance"    // 财政局
	KindDepartment UnitKind = "department" // 主管部门
	KindUnit       UnitKind = "unit"       // 预算单位
	KindTown       UnitKind = "town"       // 镇（街道）
)

// Unit is an organisation in the tree 财政局 → 主管部门 → 单位, plus towns.
type Unit struct {
	ID       int64
	ParentID int64 // 0 at the root
	Name     string
	Kind     UnitKind
	Depth    int // filled by Units: 0 at the root
}

// CreateUnit adds a unit under parent (0 for a root) and returns its ID.
func (s *Store) CreateUnit(ctx context.Context, parent int64, name string, kind UnitKind) (int64, error) {
	var p any
	if parent != 0 {
		p = parent
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO units (parent_id, name, kind) VALUES ($1, $2, $3) RETURNING id`, p, name, string(kind)).Scan(&id); err != nil {
			return err
		}
		return s.adminEvent(ctx, tx, ActionUnitCreate, "unit:"+i64(id), "", fmt.Sprintf("单位 %s 类型 %s 上级 %d", name, kind, parent))
	})
	if isUnique(err) {
		return 0, fmt.Errorf("store: unit %q: %w", name, ErrDuplicate)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create unit %q: %w", name, err)
	}
	return id, nil
}

// Units lists every unit in tree order (each parent before its children),
// with Depth set.
func (s *Store) Units(ctx context.Context) ([]Unit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), name, kind FROM units ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	defer rows.Close()
	var all []Unit
	for rows.Next() {
		var u Unit
		var kind string
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Name, &kind); err != nil {
			return nil, fmt.Errorf("store: scan unit: %w", err)
		}
		u.Kind = UnitKind(kind)
		all = append(all, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	children := map[int64][]Unit{}
	for _, u := range all {
		children[u.ParentID] = append(children[u.ParentID], u)
	}
	var out []Unit
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, u := range children[parent] {
			u.Depth = depth
			out = append(out, u)
			if depth < 16 {
				walk(u.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	return out, nil
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (Unit, error) {
	var u Unit
	var kind string
	err := s.db.QueryRowContext(ctx, `SELECT id, COALESCE(parent_id, 0), name, kind FROM units WHERE id = $1`, id).Scan(&u.ID, &u.ParentID, &u.Name, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("store: unit %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("store: unit %d: %w", id, err)
	}
	u.Kind = UnitKind(kind)
	return u, nil
}

// Subtree returns the IDs of unit id and every unit below it.
func (s *Store) Subtree(ctx context.Context, id int64) ([]int64, error) {
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{id: true}
	out := []int64{id}
	// Units is in tree order, so a parent is seen before its children.
	for _, u := range units {
		if in[u.ParentID] && !in[u.ID] {
			in[u.ID] = true
			out = append(out, u.ID)
		}
	}
	return out, nil
}
