// Command newsletter measures a newsletter's send through the platform's
// real path (news.Service over SQLite, mail.BatchSender over SMTP) to a
// local SMTP sink that counts every message per recipient.
//
//	go run ./bench/newsletter -n 100000          # throughput and peak RSS
//	go run ./bench/newsletter -n 20000 -restart  # killed mid-send, resumed
//
// The send runs in a child process (so that its peak RSS, VmHWM, is its
// own and so that it can die abruptly); the sink lives in the parent and
// outlasts the children. With -restart the first child exits with
// os.Exit after -kill-after mails, in the middle of a batch, without
// recording it; a second child resumes. The sink then shows whether any
// recipient got two mails.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/mail"
	"nscl/internal/news"
	"nscl/internal/sqldb"
)

func main() {
	n := flag.Int("n", 100000, "recipients")
	restart := flag.Bool("restart", false, "kill the first sender mid-send and resume")
	killAfter := flag.Int("kill-after", 0, "child: exit abruptly after this many mails (0: never)")
	child := flag.String("child", "", "child: the database to send from")
	smtpAddr := flag.String("smtp", "", "child: the sink's address")
	bounces := flag.Int("bounces", 0, "every k-th recipient gets 550 and every (k+1)-th 451 (0: none)")
	flag.Parse()
	if *child != "" {
		if err := send(*child, *smtpAddr, *killAfter); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(3)
		}
		return
	}
	if err := run(*n, *restart, *bounces); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func email(i int) string { return fmt.Sprintf("nhan%06d@sink.example.vn", i) }

func run(n int, restart bool, bounces int) error {
	ctx := auth.SystemContext(context.Background())
	dir, err := os.MkdirTemp("", "nscl-newsletter-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.db")
	db, err := sqldb.Open(ctx, sqldb.Config{URL: "sqlite:" + path, Migrate: true})
	if err != nil {
		return err
	}
	codes := map[string]string{}
	t0 := time.Now()
	now := time.Now().UTC()
	st := db.News()
	err = st.Tx(ctx, func(tx news.Store) error {
		for i := range n {
			x := &news.Subscriber{Email: email(i), Role: news.RoleEnterprise, Status: news.SubConfirmed, ConsentAt: now,
				ConsentVersion: news.ConsentVersion, Salt: strconv.Itoa(i), CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateSubscriber(ctx, x); err != nil {
				return err
			}
			if bounces > 0 && i%bounces == 0 {
				codes[email(i)] = "550"
			} else if bounces > 0 && i%bounces == 1 {
				codes[email(i)] = "451"
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	p := now.Add(-time.Hour)
	svc := news.NewService(news.Options{Store: st, BaseURL: "https://nscl.example.vn",
		Enqueue: func(context.Context, int64, string) (int64, error) { return 1, nil }})
	a, err := svc.CreateArticle(ctx, news.ArticleInput{Title: "Tuần lễ năng suất chất lượng", Summary: "Chuỗi hội thảo tại ba miền.",
		Category: news.CatEvent, Publish: true, PublishAt: &p})
	if err != nil {
		return err
	}
	nl, err := svc.CreateNewsletter(ctx, news.NewsletterInput{Subject: "Bản tin đo tải", Intro: "Kính gửi quý doanh nghiệp,\n\nBản tin **thử tải**.",
		ArticleIDs: []int64{int64(a.ID)}})
	if err != nil {
		return err
	}
	if _, err := svc.Send(ctx, nl.ID, nl.Version); err != nil {
		return err
	}
	db.Close()
	fmt.Printf("setup: %d subscribers, recipients frozen, in %s\n", n, time.Since(t0).Round(time.Millisecond))

	s, err := newSink(codes)
	if err != nil {
		return err
	}
	if restart {
		out, err := spawn(path, s.addr(), n/3)
		fmt.Printf("first sender killed after %d mails (exit: %v)\n%s", s.accepted.Load(), err, out)
	}
	out, err := spawn(path, s.addr(), 0)
	if err != nil {
		return fmt.Errorf("sender: %w\n%s", err, out)
	}
	fmt.Print(out)
	if !restart {
		// The reference in the same run: the same number of mails straight
		// through mail.BatchSender (no database, no per-recipient text).
		bs := mail.NewBatchSender(mail.SMTPConfig{Host: "127.0.0.1", Port: s.ln.Addr().(*net.TCPAddr).Port})
		msg := []byte("Subject: x\r\n\r\nbody\r\n")
		batch := make([]mail.BatchMessage, 200)
		t1 := time.Now()
		for i := 0; i < n; i += len(batch) {
			for j := range batch {
				batch[j] = mail.BatchMessage{To: fmt.Sprintf("ref%07d@sink.example.vn", i+j), Data: msg}
			}
			if _, err := bs.Send(ctx, batch); err != nil {
				return err
			}
		}
		fmt.Printf("reference (bare mail.BatchSender, same sink, no database): %d mails in %s: %.0f mails/s\n", n,
			time.Since(t1).Round(time.Millisecond), float64(n)/time.Since(t1).Seconds())
	}
	recips, dups := s.duplicates()
	fmt.Printf("sink: %d messages accepted for %d recipients, %d recipients with more than one message\n", s.accepted.Load(), recips, dups)
	if dups > 0 {
		return fmt.Errorf("FAIL: %d duplicates", dups)
	}
	return nil
}

func spawn(db, addr string, killAfter int) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(exe, "-child", db, "-smtp", addr, "-kill-after", strconv.Itoa(killAfter))
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// dying wraps the transport: after killAfter mails it exits at once,
// mid-batch, as a killed process would.
type dying struct {
	news.Transport
	left int
}

func (d *dying) Send(ctx context.Context, msgs []news.Outgoing) ([]int, error) {
	if d.left > 0 && d.left < len(msgs) {
		// Send part of the batch, then die without recording anything.
		d.Transport.Send(ctx, msgs[:d.left])
		os.Exit(2)
	}
	d.left -= len(msgs)
	return d.Transport.Send(ctx, msgs)
}

func send(path, addr string, killAfter int) error {
	ctx := auth.SystemContext(context.Background())
	db, err := sqldb.Open(ctx, sqldb.Config{URL: "sqlite:" + path})
	if err != nil {
		return err
	}
	defer db.Close()
	host, portText, _ := strings.Cut(addr, ":")
	port, _ := strconv.Atoi(portText)
	var tr news.Transport = news.SMTPTransport{Sender: mail.NewBatchSender(mail.SMTPConfig{Host: host, Port: port, From: "NSCL <ban-tin@nscl.example.vn>"})}
	if killAfter > 0 {
		tr = &dying{Transport: tr, left: killAfter}
	}
	svc := news.NewService(news.Options{Store: db.News(), BaseURL: "https://nscl.example.vn", Transport: tr, Step: time.Hour, RetryAfter: time.Millisecond,
		Lease: 2 * time.Second}) // a killed sender's lease lapses soon
	nls, _, err := db.News().FindNewsletters(ctx, 0, 1)
	if err != nil || len(nls) == 0 {
		return fmt.Errorf("no newsletter: %v", err)
	}
	id := int64(nls[0].ID)
	before, err := db.News().DeliveryCounts(ctx, nls[0].ID)
	if err != nil {
		return err
	}
	final := func(c news.DeliveryCounts) int { return c[news.DelSent] + c[news.DelHard] + c[news.DelFailed] }
	t0 := time.Now()
	var last int64
	for {
		step, err := svc.RunNewsletterSend(ctx, id, func(done, total int64, _ string) { last = done })
		if err != nil {
			return err
		}
		if step.Done {
			break
		}
		time.Sleep(step.Wait)
	}
	took := time.Since(t0)
	c, err := db.News().DeliveryCounts(ctx, nls[0].ID)
	if err != nil {
		return err
	}
	fmt.Printf("sender: %d settled (%d by this process) in %s: %.0f mails/s; deliveries %v; peak RSS %s\n", last, final(c)-final(before),
		took.Round(time.Millisecond), float64(final(c)-final(before))/took.Seconds(), map[string]int(c), vmHWM())
	return nil
}

// vmHWM is the process's peak resident set (Linux).
func vmHWM() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
