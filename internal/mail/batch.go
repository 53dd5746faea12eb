package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// BatchMessage is one complete message (headers and body, CRLF line
// ends) for one recipient.
type BatchMessage struct {
	To   string
	Data []byte
}

// Codes of a BatchResult besides the server's replies.
const (
	// CodeNotStarted: the message's SMTP transaction did not begin, or the
	// server refused it before the message's text went out: sending it
	// again cannot make a duplicate.
	CodeNotStarted = 0
	// CodeUnknown: the connection failed after the message's text was
	// handed over: the server may have accepted it.
	CodeUnknown = -1
)

// Steps of an SMTP conversation, for BatchResult.Step and RefusedError.
const (
	StepConnect = "connect" // dial, greeting, EHLO, STARTTLS, AUTH
	StepMail    = "mail"    // MAIL FROM
	StepRcpt    = "rcpt"    // RCPT TO
	StepData    = "data"    // the DATA command
	StepDataEnd = "dataend" // the reply after the message's text
)

// BatchResult is the outcome of one message: the server's reply code to
// the step that ended its transaction (250 after DATA: accepted; 4xx at
// MAIL, RCPT or DATA; 5xx only at RCPT or after the text, the
// recipient's own refusal), or CodeNotStarted, CodeUnknown. A 5xx to
// the sender's part of the conversation (connect, EHLO, AUTH, MAIL FROM,
// the DATA command) is not the recipient's: Send stops with a
// *RefusedError and the message keeps CodeNotStarted.
type BatchResult struct {
	Code int
	Step string // where the transaction ended (Step…), "" when not started
	Text string // the server's reply text, for 4xx and 5xx
}

// RefusedError is a permanent refusal of the sender's part of the
// conversation: no recipient is at fault, the batch stops.
type RefusedError struct {
	Step string
	Code int
	Msg  string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("smtp: server refused %s: %d %s", e.Step, e.Code, e.Msg)
}

// BatchSender sends many messages over one SMTP connection per batch
// (mail.go's SendMail opens one per message). It is safe for concurrent
// use: each Send has its own connection.
type BatchSender struct {
	cfg SMTPConfig
	// Timeout bounds each message's conversation (default 30 s).
	Timeout time.Duration
}

// NewBatchSender returns a sender for cfg (Host must be set).
func NewBatchSender(cfg SMTPConfig) *BatchSender {
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.From == "" {
		cfg.From = "NSCL <no-reply@localhost>"
	}
	return &BatchSender{cfg: cfg, Timeout: 30 * time.Second}
}

// From is the From header the messages should carry.
func (b *BatchSender) From() string { return b.cfg.From }

// envelope is the bare address of From.
func (b *BatchSender) envelope() string {
	from := b.cfg.From
	if i := strings.LastIndex(from, "<"); i >= 0 {
		from = strings.TrimSuffix(from[i+1:], ">")
	}
	return from
}

// Send sends msgs in order over one connection and returns one result per
// message. The error is about the connection (dial, TLS, authentication,
// a broken conversation) or ctx: the messages after the failure keep
// CodeNotStarted, the one in flight CodeNotStarted or CodeUnknown as
// above. A refusal of one message is its result, not an error.
func (b *BatchSender) Send(ctx context.Context, msgs []BatchMessage) ([]BatchResult, error) {
	res := make([]BatchResult, len(msgs))
	if len(msgs) == 0 {
		return res, nil
	}
	c, conn, err := b.dial(ctx)
	if err != nil {
		var te *textproto.Error
		if errors.As(err, &te) && te.Code >= 500 {
			err = &RefusedError{Step: StepConnect, Code: te.Code, Msg: te.Msg}
		}
		return res, err
	}
	defer conn.Close()
	from := b.envelope()
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := conn.SetDeadline(time.Now().Add(b.Timeout)); err != nil {
			return res, err
		}
		r, broken := b.one(c, from, m)
		res[i] = r
		if broken != nil {
			return res, broken
		}
	}
	_ = c.Quit()
	return res, nil
}

// one runs one message's transaction. broken is set when the connection
// cannot go on.
func (b *BatchSender) one(c *smtp.Client, from string, m BatchMessage) (BatchResult, error) {
	refused := func(step string, err error) (BatchResult, error) {
		var te *textproto.Error
		if !errors.As(err, &te) {
			return BatchResult{Code: CodeNotStarted}, err
		}
		if te.Code >= 500 && step != StepRcpt {
			// The sender is refused, not this recipient: stop.
			return BatchResult{Code: CodeNotStarted, Step: step, Text: te.Msg}, &RefusedError{Step: step, Code: te.Code, Msg: te.Msg}
		}
		// A refusal: the transaction is reset for the next message.
		return BatchResult{Code: te.Code, Step: step, Text: te.Msg}, c.Reset()
	}
	if err := c.Mail(from); err != nil {
		return refused(StepMail, err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return refused(StepRcpt, err)
	}
	w, err := c.Data()
	if err != nil {
		return refused(StepData, err)
	}
	if _, err := w.Write(m.Data); err != nil {
		return BatchResult{Code: CodeUnknown, Step: StepDataEnd}, err
	}
	if err := w.Close(); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) {
			return BatchResult{Code: te.Code, Step: StepDataEnd, Text: te.Msg}, nil
		}
		return BatchResult{Code: CodeUnknown, Step: StepDataEnd}, err
	}
	return BatchResult{Code: 250, Step: StepDataEnd}, nil
}

func (b *BatchSender) dial(ctx context.Context) (*smtp.Client, net.Conn, error) {
	addr := net.JoinHostPort(b.cfg.Host, fmt.Sprint(b.cfg.Port))
	d := &net.Dialer{Timeout: 10 * time.Second}
	var conn net.Conn
	var err error
	if b.cfg.ImplicitTLS {
		td := &tls.Dialer{NetDialer: d, Config: &tls.Config{ServerName: b.cfg.Host}}
		conn, err = td.DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := conn.SetDeadline(time.Now().Add(b.Timeout)); err != nil {
		conn.Close()
		return nil, nil, err
	}
	c, err := smtp.NewClient(conn, b.cfg.Host)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	if !b.cfg.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: b.cfg.Host}); err != nil {
				conn.Close()
				return nil, nil, err
			}
		}
	}
	if b.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", b.cfg.Username, b.cfg.Password, b.cfg.Host)); err != nil {
			conn.Close()
			return nil, nil, err
		}
	}
	return c, conn, nil
}
