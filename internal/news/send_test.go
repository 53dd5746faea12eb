package news_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/mail"
	"nscl/internal/news"
	"nscl/internal/sqldb"
)

// sink is a Transport that counts the mails each address receives; codes
// forces a reply per address; cancelAfter cancels the run after that many
// mails (a stop between mails).
type sink struct {
	mu          sync.Mutex
	got         map[string]int
	codes       map[string]int
	msgs        []news.Outgoing
	cancelAfter int
	cancel      context.CancelFunc
	sent        int
}

func (s *sink) Send(ctx context.Context, msgs []news.Outgoing) ([]int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]int, len(msgs))
	for i, m := range msgs {
		if s.cancel != nil && s.sent >= s.cancelAfter {
			s.cancel()
			return out, ctx.Err()
		}
		if c, ok := s.codes[m.To]; ok {
			out[i] = c
			continue
		}
		s.got[m.To]++
		s.sent++
		s.msgs = append(s.msgs, m)
		out[i] = 250
	}
	return out, nil
}

// failingStore dies (fails to settle) on its failAt-th settlement: the
// batch's mails are out, their rows stay "sending", as after a kill.
type failingStore struct {
	*sqldb.NewsStore
	calls, failAt int
}

func (f *failingStore) SettleDeliveries(ctx context.Context, out []news.Settle, now time.Time) error {
	f.calls++
	if f.calls == f.failAt {
		return errors.New("killed")
	}
	return f.NewsStore.SettleDeliveries(ctx, out, now)
}

func seedSubscribers(t *testing.T, db *sqldb.DB, n int, now time.Time) {
	t.Helper()
	for i := range n {
		x := &news.Subscriber{Email: fmt.Sprintf("s%03d@example.vn", i), Role: news.RoleEnterprise, Status: news.SubConfirmed, ConsentAt: now,
			ConsentVersion: news.ConsentVersion, Salt: fmt.Sprint("salt", i), CreatedAt: now, UpdatedAt: now, ProvinceCode: "01",
			Sectors: []catalog.Sector{catalog.SectorFood}}
		if err := db.News().CreateSubscriber(context.Background(), x); err != nil {
			t.Fatal(err)
		}
	}
}

func draft(t *testing.T, f *fixture) *news.Newsletter {
	t.Helper()
	p := f.clock.now().Add(-time.Hour)
	a, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "Tin mới", Summary: "Tóm tắt", Category: news.CatProgramme, Publish: true, PublishAt: &p})
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.CreateNewsletter(f.ministry, news.NewsletterInput{Subject: "Bản tin tháng 5", Intro: "Chào **bạn**", ArticleIDs: []int64{int64(a.ID)}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err = f.svc.Send(f.ministry, n.ID, n.Version); err != nil || n.Status != news.NLSending || n.JobID == 0 {
		t.Fatalf("send = %+v, %v", n, err)
	}
	return n
}

func runUntilDone(t *testing.T, f *fixture, id news.NewsletterID) {
	t.Helper()
	for range 50 {
		step, err := f.svc.RunNewsletterSend(context.Background(), int64(id), nil)
		if err != nil {
			t.Fatal(err)
		}
		if step.Done {
			return
		}
		f.clock.add(step.Wait + time.Second)
	}
	t.Fatal("send never finished")
}

// TestSend_KilledMidSendResumesWithoutDuplicates: a process killed after a
// batch went out but before it was recorded resumes; the batch's rows
// become "unknown" (never resent), everyone else gets exactly one mail.
func TestSend_KilledMidSendResumesWithoutDuplicates(t *testing.T) {
	sk := &sink{got: map[string]int{}}
	f := newFixture(t, news.Options{Transport: sk, Batch: 10})
	seedSubscribers(t, f.db, 55, f.clock.now())
	n := draft(t, f)
	dying := news.NewService(news.Options{Store: &failingStore{NewsStore: f.db.News(), failAt: 3}, Clock: f.clock.now,
		BaseURL: "https://nscl.example.vn", Transport: sk, Batch: 10})
	if _, err := dying.RunNewsletterSend(context.Background(), int64(n.ID), nil); err == nil {
		t.Fatal("the dying run did not fail")
	}
	if len(sk.got) != 30 {
		t.Fatalf("before the kill %d mails", len(sk.got))
	}
	runUntilDone(t, f, n.ID)
	for to, k := range sk.got {
		if k != 1 {
			t.Errorf("%s got %d mails", to, k)
		}
	}
	c, _ := f.svc.Deliveries(f.ministry, n.ID)
	if c[news.DelSent] != 45 || c[news.DelUnknown] != 10 || len(sk.got) != 55 {
		t.Fatalf("counts = %v, mails %d", c, len(sk.got))
	}
	got, _ := f.svc.Newsletter(f.ministry, n.ID)
	if got.Status != news.NLSent || got.FinishedAt == nil {
		t.Fatalf("newsletter = %+v", got)
	}
	m := sk.msgs[0]
	hdr := map[string]string{}
	for _, h := range m.Headers {
		hdr[h[0]] = h[1]
	}
	if !strings.HasPrefix(hdr["List-Unsubscribe"], "<https://nscl.example.vn/unsubscribe/") || hdr["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" ||
		!strings.Contains(m.Text, "https://nscl.example.vn/unsubscribe/") || !strings.Contains(m.Text, "https://nscl.example.vn/news/tin-moi") {
		t.Fatalf("mail = %+v", m)
	}
	ids := map[string]bool{}
	for _, m := range sk.msgs {
		for _, h := range m.Headers {
			if h[0] == "Message-ID" {
				if ids[h[1]] {
					t.Fatalf("Message-ID %s twice", h[1])
				}
				ids[h[1]] = true
			}
		}
	}
}

// TestSend_StopBetweenMailsLosesNothing: a stop in the middle of a batch
// returns the mails not yet begun to pending; the resumed run sends each
// exactly once, no unknowns.
func TestSend_StopBetweenMailsLosesNothing(t *testing.T) {
	sk := &sink{got: map[string]int{}, cancelAfter: 25}
	f := newFixture(t, news.Options{Transport: sk, Batch: 10})
	seedSubscribers(t, f.db, 40, f.clock.now())
	n := draft(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	sk.cancel = cancel
	if _, err := f.svc.RunNewsletterSend(ctx, int64(n.ID), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: %v", err)
	}
	sk.cancel = nil
	runUntilDone(t, f, n.ID)
	c, _ := f.svc.Deliveries(f.ministry, n.ID)
	if c[news.DelSent] != 40 || c[news.DelUnknown] != 0 || len(sk.got) != 40 {
		t.Fatalf("counts = %v", c)
	}
	for to, k := range sk.got {
		if k != 1 {
			t.Errorf("%s got %d", to, k)
		}
	}
}

// TestSend_Bounces: 5xx bounces the subscriber (never mailed again), 4xx
// is retried up to 3 times, then failed.
func TestSend_Bounces(t *testing.T) {
	sk := &sink{got: map[string]int{}, codes: map[string]int{"s001@example.vn": 550, "s002@example.vn": 451}}
	f := newFixture(t, news.Options{Transport: sk, Batch: 10, RetryAfter: time.Minute})
	seedSubscribers(t, f.db, 5, f.clock.now())
	n := draft(t, f)
	runUntilDone(t, f, n.ID)
	c, _ := f.svc.Deliveries(f.ministry, n.ID)
	if c[news.DelSent] != 3 || c[news.DelHard] != 1 || c[news.DelFailed] != 1 {
		t.Fatalf("counts = %v", c)
	}
	subs, _, _ := f.svc.Subscribers(f.ministry, news.SubscriberFilter{Email: "s001@"}, false)
	if subs[0].Status != news.SubBounced {
		t.Fatalf("hard bounce: %s", subs[0].Status)
	}
	if k, _ := f.svc.CountRecipients(f.ministry, news.Segment{}); k != 4 {
		t.Fatalf("bounced still a recipient: %d", k)
	}
	// Complained addresses are skipped by a later send.
	if _, err := f.svc.Complain(f.ministry, "s003@example.vn"); err != nil {
		t.Fatal(err)
	}
	if k, _ := f.svc.CountRecipients(f.ministry, news.Segment{Sectors: []catalog.Sector{catalog.SectorFood}}); k != 3 {
		t.Fatalf("after complaint: %d", k)
	}
	if _, err := f.svc.Send(f.ministry, n.ID, n.Version); err != nil {
		t.Fatalf("send again is idempotent: %v", err)
	}
	_ = mail.CodeUnknown
}
