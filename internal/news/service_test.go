package news_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/news"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// outbox records the mails of Mailer.
type outbox struct {
	mu    sync.Mutex
	mails []string // "to\x00subject\x00body"
}

func (o *outbox) SendMail(_ context.Context, to, subject, body string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.mails = append(o.mails, to+"\x00"+subject+"\x00"+body)
	return nil
}

func (o *outbox) last(t *testing.T, to string) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.mails) - 1; i >= 0; i-- {
		if strings.HasPrefix(o.mails[i], to+"\x00") {
			return o.mails[i]
		}
	}
	t.Fatalf("no mail to %s", to)
	return ""
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	svc      *news.Service
	db       *sqldb.DB
	clock    *clock
	mail     *outbox
	ministry context.Context
	ent      context.Context
	anon     context.Context
	queued   []int64
}

func newFixture(t *testing.T, o news.Options) *fixture {
	t.Helper()
	db := sqldbtest.MustOpenSQLite(t)
	f := &fixture{db: db, clock: &clock{t: time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)}, mail: &outbox{}, anon: context.Background()}
	user := func(email string, role auth.Role) context.Context {
		u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, Lang: "vi", CreatedAt: f.clock.now(), UpdatedAt: f.clock.now()}
		if role == auth.RoleEnterprise {
			u.Role = auth.RoleExpert
		}
		if err := db.Auth().CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(context.Background(), &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: u.Role})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry)
	f.ent = user("cg@example.vn", auth.RoleEnterprise)
	o.Store, o.Clock, o.BaseURL, o.Mailer = db.News(), f.clock.now, "https://nscl.example.vn", f.mail
	if o.Enqueue == nil {
		o.Enqueue = func(_ context.Context, id int64, _ string) (int64, error) {
			f.queued = append(f.queued, id)
			return int64(len(f.queued)), nil
		}
	}
	f.svc = news.NewService(o)
	return f
}

// TestArticles_ScheduledAndSanitised: an article set for later is
// invisible to the public until its time (injected clock); drafts never;
// only editors write; the body's script never reaches the feed.
func TestArticles_ScheduledAndSanitised(t *testing.T) {
	f := newFixture(t, news.Options{})
	later := f.clock.now().Add(48 * time.Hour)
	evil := "Xin chào <script>alert(1)</script> <img src=x onerror=alert(2)> [bấm](javascript:alert(3))"
	a, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "Hội nghị tổng kết năm", Body: evil, Category: news.CatEvent,
		Tags: []string{"Tổng kết", "tổng kết"}, Publish: true, PublishAt: &later})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != news.ArticleScheduled || a.Slug != "hoi-nghi-tong-ket-nam" || len(a.Tags) != 1 {
		t.Fatalf("article = %+v", a)
	}
	if _, err := f.svc.CreateArticle(f.ent, news.ArticleInput{Title: "x", Category: news.CatEvent}); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("expert writes: %v", err)
	}
	if _, err := f.svc.CreateArticle(f.anon, news.ArticleInput{Title: "x", Category: news.CatEvent}); !fault.Is(err, fault.Unauthenticated) {
		t.Fatalf("anonymous writes: %v", err)
	}
	if _, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "", Category: "x"}); fault.FieldsOf(err)["title"].Vi == "" ||
		fault.FieldsOf(err)["category"].Vi == "" {
		t.Fatalf("bad input: %v", err)
	}
	if _, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "Hội nghị tổng kết năm", Category: news.CatEvent}); fault.FieldsOf(err)["slug"].Vi == "" {
		t.Fatalf("slug in use: %v", err)
	}
	if _, err := f.svc.PublicArticle(f.anon, a.Slug); !fault.Is(err, fault.NotFound) {
		t.Fatalf("scheduled article public: %v", err)
	}
	if _, err := f.svc.PublicArticle(f.ministry, a.Slug); err != nil {
		t.Fatalf("editor preview: %v", err)
	}
	if l, _ := f.svc.LatestArticles(f.anon, 5); len(l) != 0 {
		t.Fatalf("latest before time = %v", l)
	}
	f.clock.add(49 * time.Hour)
	if _, err := f.svc.PublicArticle(f.anon, a.Slug); err != nil {
		t.Fatalf("after its time: %v", err)
	}
	l, _ := f.svc.LatestArticles(f.anon, 5)
	if len(l) != 1 || l[0].URL != "/news/hoi-nghi-tong-ket-nam" || l[0].Category != "Sự kiện" {
		t.Fatalf("latest = %+v", l)
	}
	list, total, err := f.svc.Articles(f.anon, news.ArticleFilter{Query: "TONG KET", Tag: "tong ket"}, false)
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("folded search: %d %v", total, err)
	}
	feed, err := news.Feed(list, "https://nscl.example.vn", f.clock.now())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "onerror", "javascript:", "&lt;script"} {
		if strings.Contains(string(feed), bad) {
			t.Errorf("feed holds %q:\n%s", bad, feed)
		}
	}
	if !strings.Contains(string(feed), "https://nscl.example.vn/news/hoi-nghi-tong-ket-nam") || !strings.Contains(string(feed), `xmlns="http://www.w3.org/2005/Atom"`) {
		t.Errorf("feed lacks absolute link or namespace:\n%s", feed)
	}
	if _, err := f.svc.UpdateArticle(f.ministry, a.ID, news.ArticleInput{Title: "Đổi", Category: news.CatEvent, Version: a.Version - 1 + 5}); !fault.Is(err, fault.Conflict) {
		t.Fatalf("stale update: %v", err)
	}
}

var tokenRE = regexp.MustCompile(`/subscribe/confirm/([0-9]+\.[A-Za-z0-9_-]+)`)

func subscribe(t *testing.T, f *fixture, email string, in news.SubscribeInput) string {
	t.Helper()
	in.Email, in.Consent = email, true
	if err := f.svc.Subscribe(f.anon, in); err != nil {
		t.Fatal(err)
	}
	email = strings.ToLower(email)
	m := tokenRE.FindStringSubmatch(f.mail.last(t, email))
	if m == nil {
		t.Fatalf("no confirmation link in %q", f.mail.last(t, email))
	}
	return m[1]
}

// TestSubscriptions: double opt-in; consent required; forged links are a
// NotFound; a reused unsubscribe link is idempotent; re-subscribing needs
// a new opt-in and kills the old links.
func TestSubscriptions(t *testing.T) {
	f := newFixture(t, news.Options{})
	if err := f.svc.Subscribe(f.anon, news.SubscribeInput{Email: "a@b.vn"}); fault.FieldsOf(err)["consent"].Vi == "" {
		t.Fatalf("no consent: %v", err)
	}
	if err := f.svc.Subscribe(f.anon, news.SubscribeInput{Email: "not an email", Consent: true}); fault.FieldsOf(err)["email"].Vi == "" {
		t.Fatalf("bad email: %v", err)
	}
	tok := subscribe(t, f, "Lan@Example.vn", news.SubscribeInput{Name: "Lan", Role: news.RoleExpert})
	x, err := f.svc.Confirm(f.anon, tok)
	if err != nil || x.Status != news.SubConfirmed || x.Email != "lan@example.vn" || x.ConsentVersion != news.ConsentVersion {
		t.Fatalf("confirm = %+v, %v", x, err)
	}
	if _, err := f.svc.Confirm(f.anon, tok); err != nil {
		t.Fatalf("confirm twice: %v", err)
	}
	id, _, _ := strings.Cut(tok, ".")
	for _, forged := range []string{id + ".AAAAAAAAAAAAAAAAAAAAAAAA", "99999.xyz", "abc", "", tok + "x"} {
		if _, _, err := f.svc.Unsubscribe(f.anon, forged); !fault.Is(err, fault.NotFound) {
			t.Errorf("forged %q: %v", forged, err)
		}
	}
	// A confirm token is not an unsubscribe token.
	if _, _, err := f.svc.Unsubscribe(f.anon, tok); !fault.Is(err, fault.NotFound) {
		t.Errorf("confirm token used to unsubscribe: %v", err)
	}
	unsub := f.svc.UnsubscribeLinkForTest(f.anon, x)
	if _, err := f.svc.UnsubscribeTarget(f.anon, unsub); err != nil {
		t.Fatal(err)
	}
	if x, already, err := f.svc.Unsubscribe(f.anon, unsub); err != nil || already || x.Status != news.SubUnsubscribed {
		t.Fatalf("unsubscribe = %v %v", already, err)
	}
	if _, already, err := f.svc.Unsubscribe(f.anon, unsub); err != nil || !already {
		t.Fatalf("reuse = %v %v", already, err)
	}
	tok2 := subscribe(t, f, "lan@example.vn", news.SubscribeInput{})
	if tok2 == tok {
		t.Fatal("re-subscription reuses the old token")
	}
	if _, _, err := f.svc.Unsubscribe(f.anon, unsub); !fault.Is(err, fault.NotFound) {
		t.Errorf("old unsubscribe link after a new opt-in: %v", err)
	}
	subs, _, _ := f.svc.Subscribers(f.ministry, news.SubscriberFilter{Email: "lan@"}, false)
	if len(subs) != 1 || subs[0].Status != news.SubPending {
		t.Fatalf("re-subscribed = %+v", subs)
	}
	if _, _, err := f.svc.Subscribers(f.ent, news.SubscriberFilter{}, false); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("expert lists subscribers: %v", err)
	}
	if x, err := f.svc.Complain(f.ministry, "LAN@example.vn"); err != nil || x.Status != news.SubComplained {
		t.Fatalf("complaint: %v", err)
	}
}
