package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"
)

// SessionStore keeps HTTP sessions for scs in the sessions table.
type SessionStore struct {
	conn
}

var (
	_ scs.Store    = (*SessionStore)(nil)
	_ scs.CtxStore = (*SessionStore)(nil)
)

// Sessions returns the session store.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db.conn()} }

// Find returns the data of an unexpired session; found is false otherwise.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit stores a session, replacing any with the same token.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete removes a session; a missing token is not an error.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// FindCtx returns the data of an unexpired session; found is false otherwise.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`,
		token, utc(s.db.now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, translate(err, "find session")
	}
	return b, true, nil
}

const sessionUpsert = `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`

// CommitCtx stores a session, replacing any with the same token.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if b == nil {
		b = []byte{} // data is NOT NULL
	}
	_, err := s.w.ExecContext(ctx, sessionUpsert, token, b, utc(expiry))
	return translate(err, "commit session")
}

// DeleteCtx removes a session; a missing token is not an error.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return translate(err, "delete session")
}

// DeleteExpired removes expired sessions and returns how many (a periodic
// cleanup; Find already ignores them).
func (s *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, utc(s.db.now()))
	if err != nil {
		return 0, translate(err, "delete expired sessions")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, translate(err, "delete expired sessions")
	}
	return n, nil
}
