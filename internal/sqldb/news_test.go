package sqldb_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/news"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestNewsStore pins the news tables on both databases: articles' slug
// uniqueness, version check, public filter by time, category, folded tag
// and words; subscribers' unique address, segments and counts; the
// newsletter's frozen recipients, claims, settlement (hard bounces
// suppress the subscriber), abandonment and retries; the link key.
func TestNewsStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.News()
		now := time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)
		past, future := now.Add(-time.Hour), now.Add(24*time.Hour)

		a := &news.Article{Slug: "hoi-thao-lean", Title: "Hội thảo Lean tại Hà Nội", Summary: "Tóm tắt", Body: "**Nội dung**", Category: news.CatEvent,
			Tags: []string{"Lean", "Năng suất"}, Status: news.ArticlePublished, PublishAt: &past, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateArticle(ctx, a); err != nil || a.ID == 0 {
			t.Fatalf("create article: %v", err)
		}
		dup := *a
		if err := st.CreateArticle(ctx, &dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate slug: %v", err)
		}
		sch := &news.Article{Slug: "sap-dang", Title: "Sắp đăng", Category: news.CatNotice, Status: news.ArticleScheduled, PublishAt: &future,
			CreatedAt: now, UpdatedAt: now}
		draft := &news.Article{Slug: "nhap", Title: "Nháp", Category: news.CatNotice, Status: news.ArticleDraft, CreatedAt: now, UpdatedAt: now}
		for _, x := range []*news.Article{sch, draft} {
			if err := st.CreateArticle(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		list, total, err := st.FindArticles(ctx, news.ArticleFilter{PublicAt: &now, Limit: 10})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != a.ID || len(list[0].Tags) != 2 || !list[0].PublishAt.Equal(past) {
			t.Fatalf("public articles = %d %v, %v", total, list, err)
		}
		later := future.Add(time.Minute)
		if _, total, _ := st.FindArticles(ctx, news.ArticleFilter{PublicAt: &later}); total != 2 {
			t.Errorf("after the scheduled time: %d public, want 2", total)
		}
		if _, total, _ := st.FindArticles(ctx, news.ArticleFilter{}); total != 3 {
			t.Errorf("editor list: %d, want 3", total)
		}
		for _, f := range []news.ArticleFilter{{Tag: "nang suat"}, {Query: "hoi thao ha noi"}, {Category: news.CatEvent}} {
			f.PublicAt = &now
			if _, n, err := st.FindArticles(ctx, f); err != nil || n != 1 {
				t.Errorf("filter %+v: %d, %v", f, n, err)
			}
		}
		if _, n, _ := st.FindArticles(ctx, news.ArticleFilter{PublicAt: &now, Tag: "nang"}); n != 0 {
			t.Errorf("a tag matches whole: %d", n)
		}
		up := *a
		up.Title = "Hội thảo Lean 2026"
		if err := st.UpdateArticle(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update: %v", err)
		}
		if err := st.UpdateArticle(ctx, a); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		if got, err := st.FindArticleBySlug(ctx, "hoi-thao-lean"); err != nil || got.Title != up.Title {
			t.Fatalf("by slug: %v %v", got, err)
		}
		if _, err := st.FindArticleBySlug(ctx, "khong-co"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing slug: %v", err)
		}

		// Subscribers: 6 confirmed (3 textiles in 01), one pending, one left.
		var subs []*news.Subscriber
		for i := range 8 {
			x := &news.Subscriber{Email: fmt.Sprintf("s%d@example.vn", i), Role: news.RoleEnterprise, Status: news.SubConfirmed,
				ConsentAt: now, ConsentVersion: news.ConsentVersion, Salt: fmt.Sprint("salt", i), CreatedAt: now, UpdatedAt: now, ProvinceCode: "79"}
			if i < 3 {
				x.Sectors, x.ProvinceCode = []catalog.Sector{catalog.SectorTextiles, catalog.SectorFood}, "01"
			}
			switch i {
			case 6:
				x.Status = news.SubPending
			case 7:
				x.Status = news.SubUnsubscribed
			}
			if err := st.CreateSubscriber(ctx, x); err != nil {
				t.Fatal(err)
			}
			subs = append(subs, x)
		}
		if err := st.CreateSubscriber(ctx, &news.Subscriber{Email: "s0@example.vn", Role: news.RoleOther, Status: news.SubPending,
			ConsentAt: now, ConsentVersion: "v", Salt: "x", CreatedAt: now, UpdatedAt: now}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate email: %v", err)
		}
		seg := news.Segment{Sectors: []catalog.Sector{catalog.SectorTextiles}, Provinces: []string{"01", "02"}}
		if n, err := st.CountRecipients(ctx, seg); err != nil || n != 3 {
			t.Fatalf("segment count = %d, %v", n, err)
		}
		if n, _ := st.CountRecipients(ctx, news.Segment{}); n != 6 {
			t.Fatalf("all confirmed = %d", n)
		}
		if l, n, err := st.FindSubscribers(ctx, news.SubscriberFilter{Status: news.SubPending, Limit: 10}); err != nil || n != 1 || l[0].Email != "s6@example.vn" {
			t.Fatalf("pending = %d %v", n, err)
		}
		if c, _ := st.SubscriberCounts(ctx); c[news.SubConfirmed] != 6 || c[news.SubUnsubscribed] != 1 {
			t.Fatalf("counts = %v", c)
		}

		nl := &news.Newsletter{Subject: "Bản tin số 1", ArticleIDs: []int64{int64(a.ID)}, Status: news.NLDraft, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateNewsletter(ctx, nl); err != nil {
			t.Fatal(err)
		}
		if k, err := st.FreezeRecipients(ctx, nl); err != nil || k != 6 {
			t.Fatalf("freeze = %d, %v", k, err)
		}
		if k, _ := st.FreezeRecipients(ctx, nl); k != 6 {
			t.Fatalf("freeze twice = %d", k)
		}
		// Subscriber 5 leaves before its turn: skipped.
		subs[5].Status = news.SubUnsubscribed
		if err := st.UpdateSubscriber(ctx, subs[5]); err != nil {
			t.Fatal(err)
		}
		b1, err := st.ClaimDeliveries(ctx, nl.ID, 2, now)
		if err != nil || len(b1) != 2 || b1[0].Email != "s0@example.vn" {
			t.Fatalf("claim = %+v, %v", b1, err)
		}
		retry := now.Add(time.Minute)
		if err := st.SettleDeliveries(ctx, []news.Settle{{ID: b1[0].ID, SubscriberID: b1[0].SubscriberID, Status: news.DelHard, Code: 550, Attempts: 1},
			{ID: b1[1].ID, SubscriberID: b1[1].SubscriberID, Status: news.DelSoft, Code: 451, Attempts: 1, RetryAt: &retry}}, now); err != nil {
			t.Fatal(err)
		}
		if x, _ := st.FindSubscriber(ctx, b1[0].SubscriberID); x.Status != news.SubBounced {
			t.Fatalf("hard bounce leaves subscriber %s", x.Status)
		}
		b2, _ := st.ClaimDeliveries(ctx, nl.ID, 10, now)
		if len(b2) != 3 { // s2, s3, s4 (s5 skipped; s1 not yet due)
			t.Fatalf("second claim = %d", len(b2))
		}
		if k, err := st.AbandonSending(ctx, nl.ID, now); err != nil || k != 3 {
			t.Fatalf("abandon = %d, %v", k, err)
		}
		if next, err := st.NextRetry(ctx, nl.ID); err != nil || next == nil || !next.Equal(retry) {
			t.Fatalf("next retry = %v, %v", next, err)
		}
		b3, _ := st.ClaimDeliveries(ctx, nl.ID, 10, retry)
		if len(b3) != 1 || b3[0].Attempts != 1 {
			t.Fatalf("retry claim = %+v", b3)
		}
		c, err := st.DeliveryCounts(ctx, nl.ID)
		if err != nil || c[news.DelHard] != 1 || c[news.DelUnknown] != 3 || c[news.DelSkipped] != 1 || c[news.DelSending] != 1 || c.Total() != 6 {
			t.Fatalf("counts = %v, %v", c, err)
		}
		nl.Status, nl.JobID = news.NLSending, 42
		if err := st.UpdateNewsletter(ctx, nl); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindNewsletter(ctx, nl.ID)
		if err != nil || got.JobID != 42 || len(got.ArticleIDs) != 1 || got.Version != 2 {
			t.Fatalf("newsletter = %+v, %v", got, err)
		}
		if _, n, err := st.FindNewsletters(ctx, 0, 10); err != nil || n != 1 {
			t.Fatalf("newsletters = %d, %v", n, err)
		}
		k1, err := st.Key(ctx)
		k2, _ := st.Key(ctx)
		if err != nil || len(k1) != 32 || !bytes.Equal(k1, k2) {
			t.Fatalf("key: %v", err)
		}
	})
}
