package mem006

// Cancel funcs kept in a variable that nothing ever calls or hands on.

import (
	"context"
	"database/sql"
	"time"
)

type Store struct {
	db      *sql.DB
	timeout time.Duration
}

// `_ = cancel` silences the compiler (and go vet's lostcancel) but never
// releases the context.
func (s *Store) Count(parent context.Context, table string) (int, error) {
	ctx, cancel := context.WithTimeout(parent, s.timeout) // want MEM006 differs: lostcancel
	_ = cancel
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	return n, err
}

// A nil check is not a call.
func (s *Store) Exists(parent context.Context, id int64) (bool, error) {
	ctx, cancel := context.WithCancel(parent) // want MEM006
	if cancel == nil {
		return false, nil
	}
	var one int
	err := s.db.QueryRowContext(ctx, "SELECT 1 FROM items WHERE id = ?", id).Scan(&one)
	return err == nil, err
}

// A variable declared first and assigned later, then only blank-used.
func (s *Store) Touch(parent context.Context, id int64) error {
	var (
		ctx    context.Context
		cancel context.CancelFunc
	)
	ctx, cancel = context.WithTimeout(parent, s.timeout) // want MEM006 differs: lostcancel
	_ = cancel
	_, err := s.db.ExecContext(ctx, "UPDATE items SET seen = now() WHERE id = ?", id)
	return err
}

// Blank-used inside a goroutine: still never called.
func (s *Store) Vacuum(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, time.Hour) // want MEM006 differs: lostcancel
	go func() {
		_ = cancel
		_, _ = s.db.ExecContext(ctx, "VACUUM")
	}()
}
