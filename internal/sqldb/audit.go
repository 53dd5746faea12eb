package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nscl/internal/audit"
)

// AuditStore reads the audit log. Entries are written by each domain store's
// AddAudit, through conn.addAudit, in the transaction of the change.
type AuditStore struct {
	conn
}

var _ audit.Store = (*AuditStore)(nil)

// Audit returns the audit log store.
func (db *DB) Audit() *AuditStore { return &AuditStore{db.conn()} }

const auditInsert = `INSERT INTO audit_log (at, actor_id, actor_email, action, object_type, object_id, before_json, after_json, ip, request_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`

// addAudit writes e with the writer, so inside a transaction it commits or
// rolls back with the change it records. Every domain store's AddAudit
// calls it.
func (c conn) addAudit(ctx context.Context, e audit.Entry) error {
	at := e.At
	if at.IsZero() {
		at = c.db.now()
	}
	_, err := c.w.ExecContext(ctx, auditInsert, utc(at), nullInt64(e.ActorID), e.ActorEmail, e.Action, e.ObjectType,
		e.ObjectID, nullString(e.Before), nullString(e.After), e.IP, e.RequestID)
	return translate(err, "add audit entry "+e.Action)
}

const auditColumns = `id, at, actor_id, actor_email, action, object_type, object_id, before_json, after_json, ip, request_id`

func scanAuditEntry(s interface{ Scan(...any) error }, extra ...any) (*audit.Entry, error) {
	var e audit.Entry
	var at sql.NullTime
	var actor sql.NullInt64
	var before, after sql.NullString
	dest := append([]any{&e.ID, &at, &actor, &e.ActorEmail, &e.Action, &e.ObjectType, &e.ObjectID,
		&before, &after, &e.IP, &e.RequestID}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if p := timePtr(at); p != nil {
		e.At = *p
	}
	e.ActorID, e.Before, e.After = actor.Int64, before.String, after.String
	return &e, nil
}

// auditWhere returns the WHERE clause (possibly "") and arguments for f.
func auditWhere(f audit.Filter) (string, []any) {
	var w where
	if f.ActorID != 0 {
		w.add("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			// substr rather than LIKE: action names contain "_", a LIKE
			// wildcard, and substr is the same on both databases.
			w.add("substr(action, 1, ?) = ?", len(f.Action), f.Action)
		} else {
			w.add("action = ?", f.Action)
		}
	}
	if f.ObjectType != "" {
		w.add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		w.add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", utc(f.From))
	}
	if !f.To.IsZero() {
		w.add("at < ?", utc(f.To))
	}
	return w.sql(), w.args
}

// FindEntries returns entries matching f, newest first, and the total.
// Limit defaults to 50 and is capped at 1000.
func (s *AuditStore) FindEntries(ctx context.Context, f audit.Filter) ([]*audit.Entry, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 1000)
	f.Offset = max(f.Offset, 0)
	cond, args := auditWhere(f)
	n := len(args)
	q := `SELECT ` + auditColumns + `, COUNT(*) OVER() FROM audit_log` + cond +
		fmt.Sprintf(` ORDER BY at DESC, id DESC LIMIT $%d OFFSET $%d`, n+1, n+2)
	rows, err := s.r.QueryContext(ctx, q, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, translate(err, "find audit entries")
	}
	defer rows.Close()
	entries := []*audit.Entry{}
	total := 0
	for rows.Next() {
		e, err := scanAuditEntry(rows, &total)
		if err != nil {
			return nil, 0, translate(err, "scan audit entry")
		}
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find audit entries")
	}
	if len(entries) == 0 && f.Offset > 0 {
		// Past the last page COUNT(*) OVER() has no row to ride on.
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count audit entries")
		}
	}
	return entries, total, nil
}

// EachEntry calls fn for every entry matching f, oldest first, ignoring
// f.Offset and f.Limit (for exports). It stops at fn's first error and
// returns it.
func (s *AuditStore) EachEntry(ctx context.Context, f audit.Filter, fn func(*audit.Entry) error) error {
	cond, args := auditWhere(f)
	rows, err := s.r.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+cond+` ORDER BY at, id`, args...)
	if err != nil {
		return translate(err, "read audit entries")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return translate(err, "scan audit entry")
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return translate(err, "read audit entries")
	}
	return nil
}

// where builds a WHERE clause of ANDed conditions. Each "?" in a condition
// becomes the next $N placeholder, so conditions can be added in any order.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.args = append(w.args, args[i])
			i++
			fmt.Fprintf(&b, "$%d", len(w.args))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// sql returns " WHERE a AND b", or "" with no conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
