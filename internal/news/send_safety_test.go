package news_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/mail"
	"nscl/internal/news"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestSend_DoubleClickQueuesOneJob: a second Send arriving while the
// first is queueing its job changes nothing and queues nothing.
func TestSend_DoubleClickQueuesOneJob(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var mu sync.Mutex
		calls := 0
		entered, release := make(chan struct{}), make(chan struct{})
		f := newFixtureOn(t, db, news.Options{Transport: &sink{got: map[string]int{}}, Enqueue: func(context.Context, int64, string) (int64, error) {
			mu.Lock()
			calls++
			k := calls
			mu.Unlock()
			if k == 1 {
				close(entered)
				<-release
			}
			return int64(k), nil
		}})
		seedSubscribers(t, f.db, 5, f.clock.now())
		p := f.clock.now().Add(-time.Hour)
		a, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "Tin mới", Summary: "Tóm tắt", Category: news.CatProgramme, Publish: true, PublishAt: &p})
		if err != nil {
			t.Fatal(err)
		}
		n, err := f.svc.CreateNewsletter(f.ministry, news.NewsletterInput{Subject: "Bản tin", Intro: "x", ArticleIDs: []int64{int64(a.ID)}})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() { _, err := f.svc.Send(f.ministry, n.ID, n.Version); done <- err }()
		<-entered
		second, err := f.svc.Send(f.ministry, n.ID, n.Version)
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err != nil || second.Status != news.NLSending {
			t.Fatalf("second send = %+v, %v", second, err)
		}
		if calls != 1 {
			t.Fatalf("a double click queued %d jobs", calls)
		}
		after, _ := f.svc.Newsletter(f.ministry, n.ID)
		if after.JobID != 1 || after.QueuedAt != nil {
			t.Fatalf("after = job %d queued %v", after.JobID, after.QueuedAt)
		}
		if again, err := f.svc.Send(f.ministry, n.ID, after.Version); err != nil || again.JobID != 1 || calls != 1 {
			t.Fatalf("send while queued = %+v, %v, %d calls", again, err, calls)
		}
	})
}

// TestSend_TwoWorkersNoDuplicates: four runs of one newsletter at once
// (two jobs, a rescued job): one holds the lease, claims are atomic, no
// subscriber gets two mails.
func TestSend_TwoWorkersNoDuplicates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sk := &sink{got: map[string]int{}}
		f := newFixtureOn(t, db, news.Options{Transport: sk, Batch: 20, Enqueue: func(context.Context, int64, string) (int64, error) { return 1, nil }})
		seedSubscribers(t, f.db, 600, f.clock.now())
		n := draft(t, f)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 100 {
					st, err := f.svc.RunNewsletterSend(context.Background(), int64(n.ID), nil)
					if err != nil {
						t.Error(err)
						return
					}
					if st.Done {
						return
					}
				}
			})
		}
		wg.Wait()
		for addr, k := range sk.got {
			if k > 1 {
				t.Fatalf("%s got the newsletter %d times", addr, k)
			}
		}
		c, _ := f.svc.Deliveries(f.ministry, n.ID)
		if len(sk.got) != 600 || c[news.DelSent] != 600 {
			t.Fatalf("mailed %d, counts %v", len(sk.got), c)
		}
	})
}

// TestStore_ClaimIsAtomic: a claim never returns a row another claim took.
func TestStore_ClaimIsAtomic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixtureOn(t, db, news.Options{Enqueue: func(context.Context, int64, string) (int64, error) { return 1, nil }})
		seedSubscribers(t, f.db, 300, f.clock.now())
		n := draft(t, f)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				for {
					b, err := db.News().ClaimDeliveries(context.Background(), n.ID, 7, f.clock.now())
					if err != nil {
						t.Error(err)
						return
					}
					if len(b) == 0 {
						return
					}
					mu.Lock()
					for _, d := range b {
						seen[d.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		for id, k := range seen {
			if k > 1 {
				t.Fatalf("delivery %d claimed %d times", id, k)
			}
		}
		if len(seen) != 300 {
			t.Fatalf("claimed %d of 300", len(seen))
		}
	})
}

// TestStore_Lease: one holder at a time; the holder renews; an expired
// lease may be taken; release frees it.
func TestStore_Lease(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixtureOn(t, db, news.Options{Enqueue: func(context.Context, int64, string) (int64, error) { return 1, nil }})
		seedSubscribers(t, f.db, 1, f.clock.now())
		n := draft(t, f)
		s, now := db.News(), f.clock.now()
		take := func(owner string, at time.Time) bool {
			ok, err := s.TakeLease(context.Background(), n.ID, owner, at, at.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take("a", now) || take("b", now) || !take("a", now.Add(30*time.Second)) || take("b", now.Add(80*time.Second)) {
			t.Fatal("lease taken by two, or not renewed")
		}
		if !take("b", now.Add(2*time.Minute)) {
			t.Fatal("expired lease not taken")
		}
		if err := s.ReleaseLease(context.Background(), n.ID, "a"); err != nil || take("a", now.Add(2*time.Minute)) {
			t.Fatal("a non-holder released the lease")
		}
		if err := s.ReleaseLease(context.Background(), n.ID, "b"); err != nil || !take("a", now.Add(2*time.Minute)) {
			t.Fatal("released lease not free")
		}
	})
}

// smtpRefusing is an SMTP server that answers MAIL FROM with mailReply.
func smtpRefusing(t *testing.T, mailReply string) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				fmt.Fprintf(c, "220 sink\r\n")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					switch cmd := strings.ToUpper(strings.TrimSpace(l)); {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						fmt.Fprintf(c, "250 sink\r\n")
					case strings.HasPrefix(cmd, "MAIL"):
						fmt.Fprintf(c, "%s\r\n", mailReply)
					case strings.HasPrefix(cmd, "QUIT"):
						fmt.Fprintf(c, "221 bye\r\n")
						return
					default:
						fmt.Fprintf(c, "250 ok\r\n")
					}
				}
			}(c)
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestSend_SenderRefusalBouncesNobody: a 5xx to MAIL FROM refuses the
// platform's sender, not the recipients: the run stops with an error,
// the rows stay pending and every subscriber stays confirmed.
func TestSend_SenderRefusalBouncesNobody(t *testing.T) {
	port := smtpRefusing(t, "530 5.7.0 Authentication required")
	f := newFixture(t, news.Options{Transport: news.SMTPTransport{Sender: mail.NewBatchSender(mail.SMTPConfig{Host: "127.0.0.1", Port: port})}, Batch: 10})
	seedSubscribers(t, f.db, 12, f.clock.now())
	n := draft(t, f)
	if _, err := f.svc.RunNewsletterSend(context.Background(), int64(n.ID), nil); err == nil {
		t.Fatal("no error when the server refuses the sender")
	}
	c, _ := f.svc.Deliveries(f.ministry, n.ID)
	k, _ := f.svc.CountRecipients(f.ministry, news.Segment{})
	if k != 12 || c[news.DelPending] != 12 {
		t.Fatalf("deliveries %v, confirmed subscribers %d", c, k)
	}
}

// TestSend_FailedJobResumes: once the queue gave up on the send job (SMTP
// down too long), Send queues it again and the rest of the list goes.
func TestSend_FailedJobResumes(t *testing.T) {
	failed := map[int64]bool{}
	down := news.SMTPTransport{Sender: mail.NewBatchSender(mail.SMTPConfig{Host: "127.0.0.1", Port: 1})}
	f := newFixture(t, news.Options{Transport: down, Batch: 10, JobFinished: func(_ context.Context, id int64) (bool, error) { return failed[id], nil }})
	seedSubscribers(t, f.db, 5, f.clock.now())
	n := draft(t, f)
	for range 5 {
		if _, err := f.svc.RunNewsletterSend(context.Background(), int64(n.ID), nil); err == nil {
			t.Fatal("no error with SMTP down")
		}
	}
	cur, _ := f.svc.Newsletter(f.ministry, n.ID)
	if f.svc.Resumable(f.ministry, cur) {
		t.Fatal("resumable while its job may still run")
	}
	if again, err := f.svc.Send(f.ministry, n.ID, cur.Version); err != nil || len(f.queued) != 1 || again.JobID != cur.JobID {
		t.Fatalf("send while the job lives = %+v, %v, queued %d", again, err, len(f.queued))
	}
	failed[cur.JobID] = true // River gave up
	if !f.svc.Resumable(f.ministry, cur) {
		t.Fatal("not resumable after its job failed")
	}
	again, err := f.svc.Send(f.ministry, n.ID, cur.Version)
	if err != nil || len(f.queued) != 2 || again.JobID != 2 || again.Status != news.NLSending {
		t.Fatalf("resume = %+v, %v, queued %d", again, err, len(f.queued))
	}
	c, _ := f.svc.Deliveries(f.ministry, n.ID)
	if c[news.DelPending] != 5 || again.Recipients != 5 {
		t.Fatalf("deliveries after resume %v", c)
	}
}
