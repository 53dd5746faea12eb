package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn is embedded by every store: the database, the querier for reads and
// the one for writes. Inside a transaction both are the transaction.
type conn struct {
	db *DB
	r  querier
	w  querier
	tx *sql.Tx
}

func (db *DB) conn() conn { return conn{db: db, r: db.read, w: db.write} }

// inTx runs fn in a transaction on the writer pool, or within the current
// transaction if c is already in one.
func (c conn) inTx(ctx context.Context, fn func(c conn) error) error {
	if c.tx != nil {
		return fn(c)
	}
	tx, err := c.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	if err := fn(conn{db: c.db, r: tx, w: tx, tx: tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: commit: %w", err)
	}
	return nil
}

// utc normalises a time for storage: UTC, microseconds (PostgreSQL's
// precision) so that a value read back equals the value written.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime is the value to store for an optional time.
func nullTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return utc(*t)
}

// timePtr converts a scanned sql.NullTime.
func timePtr(nt sql.NullTime) *time.Time {
	if !nt.Valid {
		return nil
	}
	t := nt.Time.UTC()
	return &t
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullInt64 stores 0 as NULL (for optional references).
func nullInt64(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likeContains is a LIKE pattern (with ESCAPE '\') matching s anywhere:
// the user's % and _ are literal characters, not wildcards.
func likeContains(s string) string { return "%" + likeEscaper.Replace(s) + "%" }

// likePrefix is a LIKE pattern (with ESCAPE '\') matching strings that
// start with s.
func likePrefix(s string) string { return likeEscaper.Replace(s) + "%" }
