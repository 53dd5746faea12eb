package news_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/news"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// newFixtureOn is newFixture on a given database (both dialects).
func newFixtureOn(t *testing.T, db *sqldb.DB, o news.Options) *fixture {
	t.Helper()
	f := &fixture{db: db, clock: &clock{t: time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)}, mail: &outbox{}, anon: context.Background()}
	u := &auth.User{Email: "bo@example.vn", Name: "Bộ", PasswordHash: "x", Role: auth.RoleMinistry, Lang: "vi", CreatedAt: f.clock.now(), UpdatedAt: f.clock.now()}
	if err := db.Auth().CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	f.ministry = auth.WithActor(context.Background(), &auth.Actor{UserID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role})
	o.Store, o.Clock, o.BaseURL, o.Mailer = db.News(), f.clock.now, "https://nscl.example.vn", f.mail
	f.svc = news.NewService(o)
	return f
}

// TestArticles_LongSearchIsCapped: a search of 1,000 words or 60,000
// characters, or an over-long tag, answers (capped or empty), never fails.
func TestArticles_LongSearchIsCapped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixtureOn(t, db, news.Options{})
		p := f.clock.now().Add(-time.Hour)
		if _, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "Năng suất xanh", Summary: "Tóm tắt", Category: news.CatProgramme, Publish: true, PublishAt: &p}); err != nil {
			t.Fatal(err)
		}
		for _, f2 := range []news.ArticleFilter{
			{Query: strings.Repeat("a ", 1000)}, {Query: strings.Repeat("a", 60000)}, {Tag: strings.Repeat("a", 60000)},
			{Query: "nang suat " + strings.Repeat("x ", 999)},
		} {
			if _, _, err := f.svc.Articles(f.anon, f2, false); err != nil {
				t.Errorf("query %d bytes, tag %d bytes: %v", len(f2.Query), len(f2.Tag), err)
			}
		}
		// The first ten words still count.
		list, _, err := f.svc.Articles(f.anon, news.ArticleFilter{Query: "nang suat xanh " + strings.Repeat("qqq ", 999)}, false)
		if err != nil || len(list) != 0 {
			t.Fatalf("capped query = %d, %v", len(list), err)
		}
		list, _, err = f.svc.Articles(f.anon, news.ArticleFilter{Query: "nang suat xanh" + strings.Repeat(" nang", 999)}, false)
		if err != nil || len(list) != 1 {
			t.Fatalf("capped query of matching words = %d, %v", len(list), err)
		}
	})
}

// TestSubscribe_SuppressedAddressStaysSuppressed: anyone typing a
// complained or bounced address into the form gets the usual answer, but
// the address stays suppressed and receives no mail.
func TestSubscribe_SuppressedAddressStaysSuppressed(t *testing.T) {
	f := newFixture(t, news.Options{})
	subscribe(t, f, "victim@example.vn", news.SubscribeInput{})
	if _, err := f.svc.Complain(f.ministry, "victim@example.vn"); err != nil {
		t.Fatal(err)
	}
	seedSubscribers(t, f.db, 1, f.clock.now())
	bounced, _, _ := f.svc.Subscribers(f.ministry, news.SubscriberFilter{Email: "s000@"}, false)
	bounced[0].Status = news.SubBounced
	if err := f.db.News().UpdateSubscriber(context.Background(), bounced[0]); err != nil {
		t.Fatal(err)
	}
	for email, want := range map[string]news.SubStatus{"victim@example.vn": news.SubComplained, "s000@example.vn": news.SubBounced} {
		before := len(f.mail.mails)
		if err := f.svc.Subscribe(f.anon, news.SubscribeInput{Email: email, Consent: true}); err != nil {
			t.Fatalf("subscribe %s: %v", email, err)
		}
		if len(f.mail.mails) != before {
			t.Errorf("%s (%s) was mailed: %q", email, want, f.mail.mails[len(f.mail.mails)-1])
		}
		subs, _, _ := f.svc.Subscribers(f.ministry, news.SubscriberFilter{Email: email}, false)
		if len(subs) != 1 || subs[0].Status != want {
			t.Errorf("%s after subscribe = %+v, want %s", email, subs, want)
		}
	}
}

// TestNewsletter_SegmentDeduplicatedAndBounded: repeated segment values
// are kept once; unknown ones and too many are refused.
func TestNewsletter_SegmentDeduplicatedAndBounded(t *testing.T) {
	f := newFixture(t, news.Options{})
	provs := make([]string, 2000)
	for i := range provs {
		provs[i] = "01"
	}
	n, err := f.svc.CreateNewsletter(f.ministry, news.NewsletterInput{Subject: "S", Segment: news.Segment{Provinces: provs,
		Sectors: []catalog.Sector{catalog.SectorFood, catalog.SectorFood}, Roles: []news.SubRole{news.RoleExpert, news.RoleExpert}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Segment.Provinces) != 1 || len(n.Segment.Sectors) != 1 || len(n.Segment.Roles) != 1 {
		t.Fatalf("segment kept repeats: %d provinces, %d sectors, %d roles", len(n.Segment.Provinces), len(n.Segment.Sectors), len(n.Segment.Roles))
	}
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprintf("%02d", i)
	}
	for name, seg := range map[string]news.Segment{
		"provinces": {Provinces: many}, "sectors": {Sectors: []catalog.Sector{"nope"}}, "roles": {Roles: []news.SubRole{"king"}},
	} {
		_, err := f.svc.CreateNewsletter(f.ministry, news.NewsletterInput{Subject: "S", Segment: seg})
		if fault.FieldsOf(err)[name].Vi == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSubscribers_LongEmailFilter: a filter longer than any address finds
// nothing, without an error.
func TestSubscribers_LongEmailFilter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixtureOn(t, db, news.Options{})
		seedSubscribers(t, f.db, 3, f.clock.now())
		for _, all := range []bool{false, true} {
			list, _, err := f.svc.Subscribers(f.ministry, news.SubscriberFilter{Email: strings.Repeat("a", 60000)}, all)
			if err != nil || len(list) != 0 {
				t.Fatalf("all=%v: %d, %v", all, len(list), err)
			}
		}
	})
}

// TestFeed_EntryIDSurvivesSlugChange: an article's Atom id does not
// depend on its slug, so renaming it does not make it new to readers.
func TestFeed_EntryIDSurvivesSlugChange(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	a := &news.Article{ID: 7, Slug: "tin-cu", Title: "Tin", Body: "x", CreatedAt: now, UpdatedAt: now, PublishAt: &now}
	b1, _ := news.Feed([]*news.Article{a}, "https://nscl.gov.vn", now)
	a.Slug = "tin-moi"
	b2, _ := news.Feed([]*news.Article{a}, "https://nscl.gov.vn", now)
	re := regexp.MustCompile(`<entry>\s*<id>([^<]+)</id>`)
	id1, id2 := re.FindSubmatch(b1)[1], re.FindSubmatch(b2)[1]
	if string(id1) != string(id2) || string(id1) != "tag:nscl.gov.vn,2026-11-01:news/7" {
		t.Fatalf("entry ids %s → %s", id1, id2)
	}
}
