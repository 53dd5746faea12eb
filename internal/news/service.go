package news

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"nscl/internal/audit"
)

// Store keeps articles, subscribers and newsletters (sqldb/news*.go).
// Finders return fault.NotFound for a missing object; an update whose
// version is stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error
	// Key returns the random key that signs the subscribers' links,
	// creating it on first use.
	Key(ctx context.Context) ([]byte, error)

	// CreateArticle fills ID and Version; a slug in use is a Conflict.
	CreateArticle(ctx context.Context, a *Article) error
	// UpdateArticle writes a at a.Version and increments it.
	UpdateArticle(ctx context.Context, a *Article) error
	FindArticle(ctx context.Context, id ArticleID) (*Article, error)
	FindArticleBySlug(ctx context.Context, slug string) (*Article, error)
	// FindArticles returns a page, newest publication first, and the total.
	FindArticles(ctx context.Context, f ArticleFilter) ([]*Article, int, error)
	// SetArticleImage stores (or replaces) an article's processed image.
	SetArticleImage(ctx context.Context, id ArticleID, content, thumb []byte, w, h int, now time.Time) error
	// FindArticleImage reads an article's image or its thumbnail.
	FindArticleImage(ctx context.Context, id ArticleID, thumb bool) ([]byte, error)
	// FindArticlesByIDs returns the articles with these ids (any order).
	FindArticlesByIDs(ctx context.Context, ids []int64) ([]*Article, error)

	// CreateSubscriber fills ID; an address in use is a Conflict.
	CreateSubscriber(ctx context.Context, x *Subscriber) error
	UpdateSubscriber(ctx context.Context, x *Subscriber) error
	FindSubscriber(ctx context.Context, id SubscriberID) (*Subscriber, error)
	FindSubscriberByEmail(ctx context.Context, email string) (*Subscriber, error)
	// FindSubscribers returns a page by id and the total (Limit 0: all).
	FindSubscribers(ctx context.Context, f SubscriberFilter) ([]*Subscriber, int, error)
	// CountRecipients counts the confirmed subscribers in seg.
	CountRecipients(ctx context.Context, seg Segment) (int, error)
	// SubscriberCounts counts the subscribers by status.
	SubscriberCounts(ctx context.Context) (map[SubStatus]int, error)

	CreateNewsletter(ctx context.Context, n *Newsletter) error
	UpdateNewsletter(ctx context.Context, n *Newsletter) error
	FindNewsletter(ctx context.Context, id NewsletterID) (*Newsletter, error)
	// FindNewsletters returns a page, newest first, and the total.
	FindNewsletters(ctx context.Context, offset, limit int) ([]*Newsletter, int, error)

	// FreezeRecipients writes one pending delivery per confirmed
	// subscriber in n's segment (none when they exist already) and
	// returns how many n has.
	FreezeRecipients(ctx context.Context, n *Newsletter) (int, error)
	// TakeLease makes owner the only send run of n until until, when no
	// other owner holds an unexpired lease at now (a renewal by the
	// holder too); false: another run holds it.
	TakeLease(ctx context.Context, id NewsletterID, owner string, now, until time.Time) (bool, error)
	// ReleaseLease ends owner's lease (no-op for another owner).
	ReleaseLease(ctx context.Context, id NewsletterID, owner string) error
	// AbandonSending marks n's deliveries left "sending" as "unknown".
	AbandonSending(ctx context.Context, id NewsletterID, now time.Time) (int, error)
	// ClaimDeliveries marks up to limit deliveries "sending" and returns
	// them: pending ones first, then soft bounces due at now. Deliveries
	// whose subscriber is no longer confirmed are marked skipped instead.
	ClaimDeliveries(ctx context.Context, id NewsletterID, limit int, now time.Time) ([]Delivery, error)
	// SettleDeliveries writes the outcomes; hard bounces make their
	// subscribers bounced.
	SettleDeliveries(ctx context.Context, out []Settle, now time.Time) error
	// DeliveryCounts counts n's deliveries by status.
	DeliveryCounts(ctx context.Context, id NewsletterID) (DeliveryCounts, error)
	// NextRetry returns when n's earliest soft bounce is due, or nil.
	NextRetry(ctx context.Context, id NewsletterID) (*time.Time, error)
}

// Options configure a Service. Store is required.
type Options struct {
	Store   Store
	Clock   func() time.Time
	Log     *slog.Logger
	BaseURL string // for links in mails and the feed
	// Mailer sends the confirmation mails (the outbox: mail.Service).
	Mailer Mailer
	// Transport sends newsletters; nil: through Mailer, one stored
	// message each (no SMTP configured).
	Transport Transport
	// Cases finds the cases a newsletter features (library.Service).
	Cases CaseSource
	// Enqueue queues the sending job of a newsletter and returns the
	// job's id (jobs.Service.EnqueueNewsletterSend).
	Enqueue func(ctx context.Context, id int64, title string) (int64, error)
	// JobFinished tells whether a queued send job will never run again
	// (done, failed or cancelled: jobs.Service.NewsletterJobFinished);
	// Send then queues a new one for a newsletter still sending (resume).
	JobFinished func(ctx context.Context, jobID int64) (bool, error)
	// Batch is how many deliveries one claim takes (default 200);
	// RetryAfter how long a soft bounce waits (default 5 minutes); Step
	// how long one job attempt sends before it hands over (default 40 s).
	Batch      int
	RetryAfter time.Duration
	Step       time.Duration
	// Lease is how long a send run holds its newsletter without renewing
	// (it renews before each batch; default 2 minutes): a run killed
	// mid-send holds it that long, then another run may resume.
	Lease time.Duration
}

// Service is the news' use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store     Store
	now       func() time.Time
	log       *slog.Logger
	baseURL   string
	mailer    Mailer
	transport Transport
	cases     CaseSource
	enqueue   func(ctx context.Context, id int64, title string) (int64, error)
	jobDone   func(ctx context.Context, jobID int64) (bool, error)
	batch     int
	retry     time.Duration
	step      time.Duration
	lease     time.Duration

	keyMu   sync.Mutex
	linkKey []byte
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Batch <= 0 {
		o.Batch = 200
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = 5 * time.Minute
	}
	if o.Step <= 0 {
		o.Step = 40 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Transport == nil && o.Mailer != nil {
		o.Transport = OutboxTransport{Mailer: o.Mailer}
	}
	return &Service{store: o.Store, now: o.Clock, log: o.Log, baseURL: strings.TrimSuffix(o.BaseURL, "/"), mailer: o.Mailer,
		transport: o.Transport, cases: o.Cases, enqueue: o.Enqueue, jobDone: o.JobFinished, batch: o.Batch, retry: o.RetryAfter, step: o.Step, lease: o.Lease}
}

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}

// ArticleSummary is a published article as other areas show it (the
// portal's home page).
type ArticleSummary struct {
	ID          int64
	Title       string
	Summary     string // plain text
	URL         string // the article's page, e.g. "/news/slug"
	Category    string
	ImageURL    string // "" without an image
	PublishedAt time.Time
}

// LatestArticles returns the n most recently published articles (their
// publication time has come), newest first. Anyone may read them.
func (s *Service) LatestArticles(ctx context.Context, n int) ([]ArticleSummary, error) {
	now := s.now()
	list, _, err := s.store.FindArticles(ctx, ArticleFilter{PublicAt: &now, Limit: min(max(n, 1), maxPerPage)})
	if err != nil {
		return nil, err
	}
	out := make([]ArticleSummary, 0, len(list))
	for _, a := range list {
		out = append(out, ArticleSummary{ID: int64(a.ID), Title: a.Title, Summary: a.PlainSummary(), URL: ArticleURL(a.Slug),
			Category: a.Category.Label().Vi, ImageURL: a.ImageURL, PublishedAt: *a.PublishAt})
	}
	return out, nil
}
