package news

import (
	"context"
	"mime"
	"strings"
	"time"

	"nscl/internal/library"
	"nscl/internal/mail"
)

// Mailer sends one mail (mail.Service: stored in the outbox, sent when
// SMTP is configured).
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// CaseSource finds published cases (library.Service).
type CaseSource interface {
	CaseSummaries(ctx context.Context, ids []int64) ([]library.CaseSummary, error)
}

// Outgoing is one newsletter mail: text/plain, UTF-8, with its own
// headers (Message-ID, List-Unsubscribe, List-Unsubscribe-Post).
type Outgoing struct {
	To      string
	Subject string
	Text    string
	Headers [][2]string
}

// Transport sends a batch of mails and returns one code per mail: the
// SMTP reply (250 accepted, 4xx, 5xx), mail.CodeNotStarted (never
// began: may be sent again) or mail.CodeUnknown (may have been accepted).
// The error is about the connection; the codes are valid anyway.
type Transport interface {
	Send(ctx context.Context, msgs []Outgoing) ([]int, error)
}

// OutboxTransport stores each mail in the outbox (no SMTP configured:
// the demo, tests).
type OutboxTransport struct{ Mailer Mailer }

// Send stores the mails one by one.
func (t OutboxTransport) Send(ctx context.Context, msgs []Outgoing) ([]int, error) {
	codes := make([]int, len(msgs))
	for i, m := range msgs {
		if err := t.Mailer.SendMail(ctx, m.To, m.Subject, m.Text); err != nil {
			return codes, err
		}
		codes[i] = 250
	}
	return codes, nil
}

// SMTPTransport sends over one SMTP connection per batch.
type SMTPTransport struct {
	Sender *mail.BatchSender
	Clock  func() time.Time
}

// Send formats and sends the mails.
func (t SMTPTransport) Send(ctx context.Context, msgs []Outgoing) ([]int, error) {
	now := time.Now
	if t.Clock != nil {
		now = t.Clock
	}
	date := now().Format(time.RFC1123Z)
	from := t.Sender.From()
	bm := make([]mail.BatchMessage, len(msgs))
	for i, m := range msgs {
		bm[i] = mail.BatchMessage{To: m.To, Data: Format(from, date, m)}
	}
	res, err := t.Sender.Send(ctx, bm)
	codes := make([]int, len(res))
	for i, r := range res {
		codes[i] = r.Code
	}
	return codes, err
}

// Format writes m as an RFC 5322 message, text/plain UTF-8 in
// 8 bit, with CRLF line ends (the SMTP
// client dot-stuffs the lines).
func Format(from, date string, m Outgoing) []byte {
	var b strings.Builder
	b.Grow(len(m.Text) + 600)
	b.WriteString("From: " + from + "\r\nTo: " + m.To + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", m.Subject) + "\r\nDate: " + date + "\r\n")
	for _, h := range m.Headers {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	text := m.Text
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		b.WriteString(strings.TrimSuffix(line, "\r"))
		b.WriteString("\r\n")
		text = rest
	}
	return []byte(b.String())
}
