package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"jixiao/internal/workflow"
)

// CreateSession records a session by the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64) error {
	now := s.Now().Unix()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES ($1, $2, $3, $3)`, tokenHash, userID, now); err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session returns the user of a live session and when it was last seen.
// Sessions of disabled users are not found.
func (s *Store) Session(ctx context.Context, tokenHash string) (User, int64, error) {
	u, _, last, err := s.SessionTimes(ctx, tokenHash)
	return u, last, err
}

// SessionTimes returns the user of a live session, when it began and when
// it was last seen.
func (s *Store) SessionTimes(ctx context.Context, tokenHash string) (User, int64, int64, error) {
	var created, lastSeen int64
	row := cached{s}.QueryRowContext(ctx, `SELECT `+userCols+`, s.created_at, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id JOIN units n ON n.id = u.unit_id WHERE s.token_hash = $1 AND u.active = 1`, tokenHash)
	var u User
	var role string
	var must, active int
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.UnitID, &u.UnitName, &u.IDNumber, &u.PasswordHash, &must, &active, &u.FailedLogins, &u.LockedUntil, &created, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return u, 0, 0, fmt.Errorf("store: session: %w", ErrNotFound)
	}
	if err != nil {
		return u, 0, 0, fmt.Errorf("store: session: %w", err)
	}
	u.Role, u.MustChange, u.Active = workflow.Role(role), must == 1, active == 1
	return u, created, lastSeen, nil
}

// TouchSession updates a session's last-seen time.
func (s *Store) TouchSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, s.Now().Unix(), tokenHash); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteIdleSessions ends sessions not seen since before (unix seconds).
func (s *Store) DeleteIdleSessions(ctx context.Context, before int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen < $1`, before); err != nil {
		return fmt.Errorf("store: delete idle sessions: %w", err)
	}
	return nil
}
