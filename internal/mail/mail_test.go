package mail_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"mime"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/mail"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func fixedClock() time.Time { return time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC) }

var (
	adminCtx      = auth.WithActor(context.Background(), &auth.Actor{UserID: 1, Role: auth.RoleAdmin})
	enterpriseCtx = auth.WithActor(context.Background(), &auth.Actor{UserID: 2, Role: auth.RoleEnterprise, EnterpriseID: 5})
)

func TestService_SendMail_StoredWithoutSMTP(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := mail.NewService(db.Mail(), mail.SMTPConfig{}, fixedClock, quiet)
		if err := s.SendMail(ctx, "lan@example.vn", "Đặt lại mật khẩu", "Xin chào\nliên kết"); err != nil {
			t.Fatal(err)
		}
		msgs, total, err := s.FindMessages(adminCtx, mail.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(msgs) != 1 {
			t.Fatalf("%d messages, total %d; want 1", len(msgs), total)
		}
		m := msgs[0]
		if m.Status != mail.StatusStored || m.To != "lan@example.vn" || m.Subject != "Đặt lại mật khẩu" ||
			m.Body != "Xin chào\nliên kết" || m.SentAt != nil || !m.CreatedAt.Equal(fixedClock()) {
			t.Fatalf("message = %+v", m)
		}
		got, err := s.FindMessageByID(adminCtx, m.ID)
		if err != nil || got.ID != m.ID {
			t.Fatalf("FindMessageByID = %+v, %v", got, err)
		}
	})
}

func TestService_FindMessages_Authorization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := mail.NewService(db.Mail(), mail.SMTPConfig{}, fixedClock, quiet)
		if err := s.SendMail(context.Background(), "a@example.vn", "S", "B"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want fault.Kind // Internal means no error
		}{
			{"Admin", adminCtx, fault.Internal},
			{"ErrEnterprise", enterpriseCtx, fault.Forbidden},
			{"ErrMinistry", auth.WithActor(context.Background(), &auth.Actor{UserID: 3, Role: auth.RoleMinistry}), fault.Forbidden},
			{"ErrAnonymous", context.Background(), fault.Unauthenticated},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := s.FindMessages(tc.ctx, mail.Filter{})
				_, errByID := s.FindMessageByID(tc.ctx, 1)
				if tc.want == fault.Internal {
					if err != nil || errByID != nil {
						t.Fatalf("FindMessages: %v; FindMessageByID: %v", err, errByID)
					}
					return
				}
				if got := fault.KindOf(err); got != tc.want || err == nil {
					t.Errorf("FindMessages kind=%v (%v), want %v", got, err, tc.want)
				}
				if got := fault.KindOf(errByID); got != tc.want || errByID == nil {
					t.Errorf("FindMessageByID kind=%v (%v), want %v", got, errByID, tc.want)
				}
			})
		}
	})
}

// fakeSMTP is a minimal SMTP server on 127.0.0.1 that accepts every message
// and keeps what DATA carried.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	data []string
	wg   sync.WaitGroup
}

func startFakeSMTP(t *testing.T) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSMTP{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *fakeSMTP) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	reply := func(line string) { _, _ = io.WriteString(c, line+"\r\n") }
	reply("220 fake.smtp ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250 fake.smtp")
		case strings.HasPrefix(cmd, "MAIL FROM:"), strings.HasPrefix(cmd, "RCPT TO:"), strings.HasPrefix(cmd, "RSET"), strings.HasPrefix(cmd, "NOOP"):
			reply("250 OK")
		case cmd == "DATA":
			reply("354 End data with <CR><LF>.<CR><LF>")
			var b strings.Builder
			for !strings.HasSuffix(b.String(), "\r\n.\r\n") {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.data = append(s.data, b.String())
			s.mu.Unlock()
			reply("250 OK queued")
		case cmd == "QUIT":
			reply("221 Bye")
			return
		default:
			reply("502 Command not implemented")
		}
	}
}

func (s *fakeSMTP) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.data...)
}

func TestService_SendMail_SMTP(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			srv := startFakeSMTP(t)
			s := mail.NewService(db.Mail(), mail.SMTPConfig{Host: "127.0.0.1", Port: srv.port(), From: "NSCL <no-reply@nscl.example.vn>"}, fixedClock, quiet)
			subject := "Đặt lại mật khẩu"
			if err := s.SendMail(ctx, "lan@example.vn", subject, "Dòng một\nDòng hai"); err != nil {
				t.Fatal(err)
			}
			msgs, _, err := s.FindMessages(adminCtx, mail.Filter{To: "lan@"})
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("%d messages, want 1", len(msgs))
			}
			if m := msgs[0]; m.Status != mail.StatusSent || m.Error != "" || m.SentAt == nil {
				t.Fatalf("message status=%q error=%q sent=%v, want sent", m.Status, m.Error, m.SentAt)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			wantSubject := "Subject: " + mime.QEncoding.Encode("utf-8", subject) + "\r\n"
			if !strings.Contains(got[0], wantSubject) || !strings.HasPrefix(wantSubject, "Subject: =?utf-8?q?") {
				t.Errorf("data lacks %q:\n%s", wantSubject, got[0])
			}
			for _, want := range []string{"To: lan@example.vn\r\n", "From: NSCL <no-reply@nscl.example.vn>\r\n", "Dòng một\r\nDòng hai"} {
				if !strings.Contains(got[0], want) {
					t.Errorf("data lacks %q:\n%s", want, got[0])
				}
			}
		})
		t.Run("ErrConnectionRefused", func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := ln.Addr().(*net.TCPAddr).Port
			ln.Close() // nothing listens there now
			s := mail.NewService(db.Mail(), mail.SMTPConfig{Host: "127.0.0.1", Port: port}, fixedClock, quiet)
			if err := s.SendMail(ctx, "hung@example.vn", "Chủ đề", "Nội dung"); err != nil {
				t.Fatalf("SendMail = %v, want nil (the failure is recorded)", err)
			}
			msgs, _, err := s.FindMessages(adminCtx, mail.Filter{To: "hung@"})
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("%d messages, want 1", len(msgs))
			}
			m := msgs[0]
			if m.Status != mail.StatusFailed || m.SentAt != nil {
				t.Fatalf("status=%q sent=%v, want failed", m.Status, m.SentAt)
			}
			if !strings.Contains(m.Error, "refused") || !strings.Contains(m.Error, strconv.Itoa(port)) {
				t.Errorf("Error=%q, want the connection error", m.Error)
			}
		})
	})
}
