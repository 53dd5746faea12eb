package news

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/vn"
)

// Limits of an article's fields.
const (
	maxTitle   = 300
	maxSummary = 1000
	maxBody    = 100_000
	maxTags    = 12
	maxTag     = 60
	maxPerPage = 100
)

var (
	errSignIn     = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	errNotEditor  = fault.New(fault.Forbidden, "Chỉ biên tập viên tin tức của Bộ được làm việc này.", "Only the ministry's news editors may do this.")
	errNotManager = fault.New(fault.Forbidden, "Chỉ người quản lý bản tin được làm việc này.", "Only newsletter managers may do this.")
	errNoArticle  = fault.New(fault.NotFound, "Không tìm thấy bài viết.", "Article not found.")
)

// may checks that the actor may act.
func may(ctx context.Context, act auth.Action, denied error) error {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return errSignIn
	}
	if !auth.Can(a, act) {
		return denied
	}
	return nil
}

// MayEdit reports whether the actor edits news.
func (s *Service) MayEdit(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActNewsManage)
}

// MayManageNewsletters reports whether the actor manages newsletters.
func (s *Service) MayManageNewsletters(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActNewsletterManage)
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Slugify makes a URL slug from a title: folded, ASCII letters and digits
// joined by dashes.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range vn.Fold(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == 'đ':
			b.WriteByte('d')
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 80 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

func validSlug(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// cleanArticle normalises and validates the input.
func (s *Service) cleanArticle(in *ArticleInput) fault.Fields {
	bad := fault.Fields{}
	in.Title, in.Summary, in.Body = vn.NFC(in.Title), vn.NFC(in.Summary), vn.NFC(in.Body)
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if in.Title == "" {
		bad.Add("title", "Nhập tiêu đề.", "Enter a title.")
	} else if utf8.RuneCountInString(in.Title) > maxTitle || !vn.IsText(in.Title) || strings.ContainsAny(in.Title, "\r\n") {
		bad.Add("title", "Tiêu đề tối đa 300 ký tự, một dòng.", "The title is one line of at most 300 characters.")
	}
	if in.Slug == "" {
		in.Slug = Slugify(in.Title)
	}
	if !validSlug(in.Slug) {
		bad.Add("slug", "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang.", "The slug holds lower-case ASCII letters, digits and dashes only.")
	}
	if utf8.RuneCountInString(in.Summary) > maxSummary || !vn.IsText(in.Summary) {
		bad.Add("summary", "Tóm tắt tối đa 1000 ký tự.", "The summary is at most 1000 characters.")
	}
	if len(in.Body) > maxBody || !vn.IsText(in.Body) {
		bad.Add("body", "Nội dung tối đa 100.000 ký tự, không chứa ký tự điều khiển.", "The body is at most 100,000 characters, without control characters.")
	}
	if !in.Category.Valid() {
		bad.Add("category", "Chọn chuyên mục.", "Choose a category.")
	}
	seen := map[string]bool{}
	var tags []string
	for _, t := range in.Tags {
		t = vn.NFC(t)
		if t == "" || seen[vn.Fold(t)] {
			continue
		}
		if utf8.RuneCountInString(t) > maxTag || !vn.IsText(t) || strings.ContainsAny(t, ",\r\n") {
			bad.Add("tags", "Mỗi thẻ tối đa 60 ký tự, không chứa dấu phẩy.", "Each tag is at most 60 characters, without commas.")
			break
		}
		seen[vn.Fold(t)] = true
		tags = append(tags, t)
	}
	if len(tags) > maxTags {
		bad.Add("tags", "Tối đa 12 thẻ.", "At most 12 tags.")
	}
	in.Tags = tags
	in.ImageURL = strings.TrimSpace(in.ImageURL)
	if in.ImageURL != "" {
		u, err := url.Parse(in.ImageURL)
		if err != nil || len(in.ImageURL) > 500 || !(u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "" && strings.HasPrefix(in.ImageURL, "/") &&
			!strings.HasPrefix(in.ImageURL, "//")) {
			bad.Add("image_url", "Ảnh là một đường dẫn http(s) hoặc bắt đầu bằng /.", "The image is an http(s) URL or a path starting with /.")
		}
	}
	return bad
}

// CreateArticle writes a new article (ActNewsManage).
func (s *Service) CreateArticle(ctx context.Context, in ArticleInput) (*Article, error) {
	if err := may(ctx, auth.ActNewsManage, errNotEditor); err != nil {
		return nil, err
	}
	if err := s.cleanArticle(&in).Err(); err != nil {
		return nil, err
	}
	a := auth.ActorFrom(ctx)
	now := s.now().UTC()
	x := &Article{Slug: in.Slug, Title: in.Title, Summary: in.Summary, Body: in.Body, Category: in.Category, Tags: in.Tags,
		ImageURL: in.ImageURL, AuthorID: int64(a.UserID), AuthorName: a.Email, CreatedAt: now, UpdatedAt: now}
	if a.Name != "" {
		x.AuthorName = a.Name
	}
	if a.System || x.AuthorName == "" {
		x.AuthorName = "Ban biên tập Chương trình"
	}
	s.setPublication(x, in, now)
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := slugFree(ctx, tx, x.Slug, 0); err != nil {
			return err
		}
		if err := tx.CreateArticle(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.article.create", "news_article", int64(x.ID), nil, x)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// slugFree refuses a slug another article has.
func slugFree(ctx context.Context, tx Store, slug string, self ArticleID) error {
	other, err := tx.FindArticleBySlug(ctx, slug)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if other.ID != self {
		return fault.New(fault.Invalid, "Đường dẫn này đã được dùng cho bài khác.", "Another article uses this slug.").
			Field("slug", "Đường dẫn này đã được dùng cho bài khác.", "Another article uses this slug.")
	}
	return nil
}

// setPublication sets the status and time from the input.
func (s *Service) setPublication(x *Article, in ArticleInput, now time.Time) {
	switch {
	case !in.Publish:
		x.Status, x.PublishAt = ArticleDraft, in.PublishAt
	case in.PublishAt != nil && in.PublishAt.After(now):
		t := in.PublishAt.UTC()
		x.Status, x.PublishAt = ArticleScheduled, &t
	default:
		t := now
		if in.PublishAt != nil {
			t = in.PublishAt.UTC()
		}
		x.Status, x.PublishAt = ArticlePublished, &t
	}
}

// UpdateArticle rewrites an article at in.Version (ActNewsManage).
func (s *Service) UpdateArticle(ctx context.Context, id ArticleID, in ArticleInput) (*Article, error) {
	if err := may(ctx, auth.ActNewsManage, errNotEditor); err != nil {
		return nil, err
	}
	if err := s.cleanArticle(&in).Err(); err != nil {
		return nil, err
	}
	var x *Article
	err := s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindArticle(ctx, id)
		if err != nil {
			return notFound(err, errNoArticle)
		}
		cp := *old
		x = &cp
		now := s.now().UTC()
		x.Slug, x.Title, x.Summary, x.Body, x.Category, x.Tags, x.ImageURL = in.Slug, in.Title, in.Summary, in.Body, in.Category, in.Tags, in.ImageURL
		x.UpdatedAt, x.Version = now, in.Version
		s.setPublication(x, in, now)
		if err := slugFree(ctx, tx, x.Slug, x.ID); err != nil {
			return err
		}
		if err := tx.UpdateArticle(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.article.update", "news_article", int64(x.ID), old, x)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func notFound(err, nf error) error {
	if fault.Is(err, fault.NotFound) {
		return nf
	}
	return err
}

// Article returns an article for its editor (ActNewsManage).
func (s *Service) Article(ctx context.Context, id ArticleID) (*Article, error) {
	if err := may(ctx, auth.ActNewsManage, errNotEditor); err != nil {
		return nil, err
	}
	x, err := s.store.FindArticle(ctx, id)
	return x, notFound(err, errNoArticle)
}

// PublicArticle returns the article with this slug: to anyone once its
// time has come; drafts and scheduled ones only to editors.
func (s *Service) PublicArticle(ctx context.Context, slug string) (*Article, error) {
	x, err := s.store.FindArticleBySlug(ctx, slug)
	if err != nil {
		return nil, notFound(err, errNoArticle)
	}
	if x.StatusAt(s.now()) != ArticlePublished && !s.MayEdit(ctx) {
		return nil, errNoArticle
	}
	return x, nil
}

// Articles lists articles: the public ones for everyone; with
// f.Status set or Editor true, editors see drafts and scheduled ones too.
func (s *Service) Articles(ctx context.Context, f ArticleFilter, editor bool) ([]*Article, int, error) {
	if editor {
		if err := may(ctx, auth.ActNewsManage, errNotEditor); err != nil {
			return nil, 0, err
		}
		f.PublicAt = nil
	} else {
		now := s.now()
		f.PublicAt, f.Status = &now, ""
	}
	if !vn.IsText(f.Query) || !vn.IsText(f.Tag) || utf8.RuneCountInString(f.Tag) > maxTag {
		return nil, 0, nil // nothing matches what no article can hold
	}
	f.Query, f.Tag = capQuery(vn.Fold(vn.NFC(f.Query))), vn.Fold(vn.NFC(f.Tag))
	if f.Limit <= 0 || f.Limit > maxPerPage {
		f.Limit = 20
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	if f.Category != "" && !f.Category.Valid() {
		f.Category = ""
	}
	return s.store.FindArticles(ctx, f)
}

// Search limits: a query keeps its first maxQueryWords words and at most
// maxQueryRunes characters (a longer one would only cost the database).
const (
	maxQueryWords = 10
	maxQueryRunes = 200
)

// capQuery cuts a folded query to the search limits.
func capQuery(q string) string {
	w := strings.Fields(q)
	if len(w) > maxQueryWords {
		w = w[:maxQueryWords]
	}
	q = strings.Join(w, " ")
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = strings.TrimSpace(string([]rune(q)[:maxQueryRunes]))
	}
	return q
}

// ArticleURL is the path of an article's page.
func ArticleURL(slug string) string { return "/news/" + slug }

// Summary returns an article's plain summary: its own, else the body's
// beginning.
func (a *Article) PlainSummary() string {
	if a.Summary != "" {
		return a.Summary
	}
	return markdown.Plain(a.Body, 240)
}
