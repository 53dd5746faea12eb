package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"

	"nscl/internal/fault"

	"nscl/internal/audit"
	"nscl/internal/news"
)

// NewsStore keeps articles, subscribers and newsletters (0036_news.sql).
type NewsStore struct {
	conn
}

var _ news.Store = (*NewsStore)(nil)

// News returns the news store.
func (db *DB) News() *NewsStore { return &NewsStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *NewsStore) Tx(ctx context.Context, fn func(news.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&NewsStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *NewsStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// Key returns the random key that signs the subscribers' links, creating
// it on first use (concurrent first callers agree on one).
func (s *NewsStore) Key(ctx context.Context) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO news_keys (name, value) VALUES ('links', $1) ON CONFLICT (name) DO NOTHING`,
		hex.EncodeToString(b)); err != nil {
		return nil, translate(err, "create news key")
	}
	var v string
	if err := s.w.QueryRowContext(ctx, `SELECT value FROM news_keys WHERE name = 'links'`).Scan(&v); err != nil {
		return nil, translate(err, "read news key")
	}
	return hex.DecodeString(v)
}

// newsIn returns "($k,…)" of n placeholders numbered from offset+1.
func newsIn(offset, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("$" + strconv.Itoa(offset+i+1))
	}
	b.WriteByte(')')
	return b.String()
}

// commaList stores a list as ",a,b," (or "" when empty), so that a member
// matches LIKE '%,a,%' on both databases.
func commaList(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return "," + strings.Join(xs, ",") + ","
}

// splitComma reads a commaList.
func splitComma(s string) []string {
	s = strings.Trim(s, ",")
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// staleNews is the Conflict of an update at an old version.
func staleNews(what fault.Text) error {
	return &fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: what.Vi + " vừa được người khác thay đổi; hãy tải lại trang.",
		En: what.En + " was changed by someone else meanwhile; reload the page."}}
}

// affected returns a Conflict when res changed no row (and the row
// exists), NotFound when it does not exist.
func (s *NewsStore) affected(ctx context.Context, res sql.Result, err error, op, table string, id int64, what fault.Text) error {
	if err != nil {
		return translate(err, op)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n > 0 {
		return nil
	}
	var one int
	if err := s.w.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, id).Scan(&one); err != nil {
		return translate(err, op)
	}
	return staleNews(what)
}

func strconvI(i int) string { return strconv.Itoa(i) }
