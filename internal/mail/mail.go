// Package mail sends the platform's email and keeps every message in the
// outbox. Without SMTP settings, messages are only stored, and an admin reads
// them on the outbox page (how a demo or a test receives a reset link).
//
// Glossary: outbox = hộp thư đi, the stored copy of each outgoing message
// with its status (stored, sent, failed).
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// Status of an outgoing message.
const (
	StatusStored = "stored" // kept only (no SMTP configured)
	StatusSent   = "sent"
	StatusFailed = "failed"
)

// Message is one stored outgoing email.
type Message struct {
	ID        int64
	To        string
	Subject   string
	Body      string
	Status    string
	Error     string
	CreatedAt time.Time
	SentAt    *time.Time
}

// Filter selects outbox messages.
type Filter struct {
	To     string // substring of the address
	Offset int
	Limit  int
}

// Store keeps the outbox.
type Store interface {
	CreateMessage(ctx context.Context, m *Message) error // fills ID
	UpdateMessage(ctx context.Context, m *Message) error
	FindMessageByID(ctx context.Context, id int64) (*Message, error)
	// FindMessages returns messages newest first, and the total.
	FindMessages(ctx context.Context, f Filter) ([]*Message, int, error)
}

// SMTPConfig holds the SMTP server settings. An empty Host means "store only".
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // e.g. "NSCL <no-reply@nscl.gov.vn>"
	// ImplicitTLS connects with TLS (port 465); otherwise STARTTLS is used
	// when the server offers it.
	ImplicitTLS bool
}

// Service stores and sends mail.
type Service struct {
	store Store
	smtp  SMTPConfig
	now   func() time.Time
	log   *slog.Logger
}

// NewService returns a Service.
func NewService(store Store, cfg SMTPConfig, clock func() time.Time, log *slog.Logger) *Service {
	if clock == nil {
		clock = time.Now
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.From == "" {
		cfg.From = "NSCL <no-reply@localhost>"
	}
	return &Service{store: store, smtp: cfg, now: clock, log: log}
}

// SendMail stores the message and, with SMTP configured, sends it. A send
// failure is recorded on the message and logged, not returned: the outbox
// shows it and an admin can act.
func (s *Service) SendMail(ctx context.Context, to, subject, body string) error {
	m := &Message{To: to, Subject: subject, Body: body, Status: StatusStored, CreatedAt: s.now().UTC()}
	if err := s.store.CreateMessage(ctx, m); err != nil {
		return err
	}
	if s.smtp.Host == "" {
		return nil
	}
	if err := s.send(m); err != nil {
		m.Status, m.Error = StatusFailed, err.Error()
		s.log.Warn("mail send failed", "to", to, "err", err)
	} else {
		now := s.now().UTC()
		m.Status, m.SentAt = StatusSent, &now
	}
	return s.store.UpdateMessage(ctx, m)
}

func (s *Service) send(m *Message) error {
	addr := net.JoinHostPort(s.smtp.Host, fmt.Sprint(s.smtp.Port))
	from := s.smtp.From
	if i := strings.LastIndex(from, "<"); i >= 0 {
		from = strings.TrimSuffix(from[i+1:], ">")
	}
	msg := "From: " + s.smtp.From + "\r\nTo: " + m.To + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", m.Subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\nDate: " +
		m.CreatedAt.Format(time.RFC1123Z) + "\r\n\r\n" + strings.ReplaceAll(m.Body, "\n", "\r\n")
	// One deadline covers the whole conversation, so a stalled server cannot
	// hold a request (a password reset) for ever.
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	var conn net.Conn
	var err error
	if s.smtp.ImplicitTLS {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{ServerName: s.smtp.Host})
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return err
	}
	if err := conn.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		conn.Close()
		return err
	}
	c, err := smtp.NewClient(conn, s.smtp.Host)
	if err != nil {
		conn.Close()
		return err
	}
	if !s.smtp.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: s.smtp.Host}); err != nil {
				c.Close()
				return err
			}
		}
	}
	defer c.Close()
	if s.smtp.Username != "" {
		if err = c.Auth(smtp.PlainAuth("", s.smtp.Username, s.smtp.Password, s.smtp.Host)); err != nil {
			return err
		}
	}
	if err = c.Mail(from); err != nil {
		return err
	}
	if err = c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err = w.Write([]byte(msg)); err != nil {
		return err
	}
	if err = w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// FindMessages lists the outbox (admins).
func (s *Service) FindMessages(ctx context.Context, f Filter) ([]*Message, int, error) {
	if err := canRead(ctx); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return s.store.FindMessages(ctx, f)
}

// FindMessageByID returns one message (admins).
func (s *Service) FindMessageByID(ctx context.Context, id int64) (*Message, error) {
	if err := canRead(ctx); err != nil {
		return nil, err
	}
	return s.store.FindMessageByID(ctx, id)
}

func canRead(ctx context.Context) error {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !auth.Can(a, auth.ActOutboxRead) {
		return fault.New(fault.Forbidden, "Bạn không có quyền xem hộp thư đi.", "You may not read the outbox.")
	}
	return nil
}
