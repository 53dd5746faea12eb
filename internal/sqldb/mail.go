package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nscl/internal/mail"
)

// MailStore keeps the mail outbox.
type MailStore struct {
	conn
}

var _ mail.Store = (*MailStore)(nil)

// Mail returns the outbox store.
func (db *DB) Mail() *MailStore { return &MailStore{db.conn()} }

const messageColumns = `id, to_addr, subject, body_text, status, error, created_at, sent_at`

func scanMessage(s interface{ Scan(...any) error }, extra ...any) (*mail.Message, error) {
	var m mail.Message
	var created, sent sql.NullTime
	dest := append([]any{&m.ID, &m.To, &m.Subject, &m.Body, &m.Status, &m.Error, &created, &sent}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	m.CreatedAt, m.SentAt = timeOf(created), timePtr(sent)
	return &m, nil
}

// CreateMessage stores m and fills its ID.
func (s *MailStore) CreateMessage(ctx context.Context, m *mail.Message) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO mail_outbox (to_addr, subject, body_text, status, error, created_at, sent_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.To, m.Subject, m.Body, m.Status, m.Error, utc(m.CreatedAt), nullTime(m.SentAt)).Scan(&m.ID)
	return translate(err, "create mail message")
}

// UpdateMessage writes every field of m except ID and CreatedAt.
func (s *MailStore) UpdateMessage(ctx context.Context, m *mail.Message) error {
	op := fmt.Sprintf("update mail message %d", m.ID)
	res, err := s.w.ExecContext(ctx, `UPDATE mail_outbox SET to_addr = $2, subject = $3, body_text = $4, status = $5,
	error = $6, sent_at = $7 WHERE id = $1`, m.ID, m.To, m.Subject, m.Body, m.Status, m.Error, nullTime(m.SentAt))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// FindMessageByID returns one message, or NotFound.
func (s *MailStore) FindMessageByID(ctx context.Context, id int64) (*mail.Message, error) {
	m, err := scanMessage(s.r.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM mail_outbox WHERE id = $1`, id))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find mail message %d", id))
	}
	return m, nil
}

// FindMessages returns messages matching f newest first, and the total.
// f.To matches a substring of the address, ignoring case.
func (s *MailStore) FindMessages(ctx context.Context, f mail.Filter) ([]*mail.Message, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	var w where
	if f.To != "" {
		w.add(`lower(to_addr) LIKE ? ESCAPE '\'`, likeContains(strings.ToLower(f.To)))
	}
	n := len(w.args)
	q := `SELECT ` + messageColumns + `, COUNT(*) OVER() FROM mail_outbox` + w.sql() +
		fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT $%d OFFSET $%d`, n+1, n+2)
	rows, err := s.r.QueryContext(ctx, q, append(w.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, translate(err, "find mail messages")
	}
	defer rows.Close()
	msgs := []*mail.Message{}
	total := 0
	for rows.Next() {
		m, err := scanMessage(rows, &total)
		if err != nil {
			return nil, 0, translate(err, "scan mail message")
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find mail messages")
	}
	if len(msgs) == 0 && f.Offset > 0 {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count mail messages")
		}
	}
	return msgs, total, nil
}
