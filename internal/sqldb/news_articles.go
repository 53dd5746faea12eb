package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/news"
	"nscl/internal/vn"
)

const articleColumns = `id, slug, title, summary, body_md, category, tags, image_url, status, publish_at, COALESCE(author_id, 0),
	author_name, created_at, updated_at, version`

var articleWhat = fault.Text{Vi: "Bài viết", En: "The article"}

func scanArticle(row interface{ Scan(...any) error }) (*news.Article, error) {
	var a news.Article
	var tags string
	var pub sql.NullTime
	if err := row.Scan(&a.ID, &a.Slug, &a.Title, &a.Summary, &a.Body, &a.Category, &tags, &a.ImageURL, &a.Status, &pub,
		&a.AuthorID, &a.AuthorName, &a.CreatedAt, &a.UpdatedAt, &a.Version); err != nil {
		return nil, err
	}
	a.Tags = splitComma(tags)
	a.PublishAt = timePtr(pub)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return &a, nil
}

// articleSearch is the folded text an article is searched by.
func articleSearch(a *news.Article) (tagsFolded, search string) {
	folded := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		folded[i] = vn.Fold(t)
	}
	return commaList(folded), " " + vn.Fold(a.Title+" "+a.Summary+" "+strings.Join(a.Tags, " ")) + " "
}

// CreateArticle inserts a; a slug in use is a Conflict.
func (s *NewsStore) CreateArticle(ctx context.Context, a *news.Article) error {
	tf, search := articleSearch(a)
	a.Version = 1
	err := s.w.QueryRowContext(ctx, `INSERT INTO news_articles (slug, title, summary, body_md, category, tags, tags_folded, search,
		image_url, status, publish_at, author_id, author_name, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1) RETURNING id`,
		a.Slug, a.Title, a.Summary, a.Body, string(a.Category), commaList(a.Tags), tf, search, a.ImageURL, string(a.Status),
		nullTime(a.PublishAt), nullInt64(a.AuthorID), a.AuthorName, utc(a.CreatedAt)).Scan(&a.ID)
	return translate(err, "create article")
}

// UpdateArticle writes a at a.Version and increments it.
func (s *NewsStore) UpdateArticle(ctx context.Context, a *news.Article) error {
	tf, search := articleSearch(a)
	res, err := s.w.ExecContext(ctx, `UPDATE news_articles SET slug = $1, title = $2, summary = $3, body_md = $4, category = $5,
		tags = $6, tags_folded = $7, search = $8, image_url = $9, status = $10, publish_at = $11, updated_at = $12, version = version + 1
		WHERE id = $13 AND version = $14`,
		a.Slug, a.Title, a.Summary, a.Body, string(a.Category), commaList(a.Tags), tf, search, a.ImageURL, string(a.Status),
		nullTime(a.PublishAt), utc(a.UpdatedAt), int64(a.ID), a.Version)
	if err := s.affected(ctx, res, err, "update article", "news_articles", int64(a.ID), articleWhat); err != nil {
		return err
	}
	a.Version++
	return nil
}

// FindArticle reads an article.
func (s *NewsStore) FindArticle(ctx context.Context, id news.ArticleID) (*news.Article, error) {
	a, err := scanArticle(s.r.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM news_articles WHERE id = $1`, int64(id)))
	return a, translate(err, "find article")
}

// FindArticleBySlug reads an article by its slug.
func (s *NewsStore) FindArticleBySlug(ctx context.Context, slug string) (*news.Article, error) {
	a, err := scanArticle(s.r.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM news_articles WHERE slug = $1`, slug))
	return a, translate(err, "find article by slug")
}

// FindArticles returns a page, newest publication first (drafts by their
// last change), and the total.
func (s *NewsStore) FindArticles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.PublicAt != nil {
		add("status <> 'draft' AND publish_at <= ?", utc(*f.PublicAt))
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.Category != "" {
		add("category = ?", string(f.Category))
	}
	if f.Tag != "" {
		add("tags_folded LIKE ? ESCAPE '\\'", likeContains(","+f.Tag+","))
	}
	for _, w := range strings.Fields(f.Query) {
		add("search LIKE ? ESCAPE '\\'", likeContains(w))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM news_articles`+where, args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count articles")
	}
	q := `SELECT ` + articleColumns + ` FROM news_articles` + where + ` ORDER BY COALESCE(publish_at, updated_at) DESC, id DESC`
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit) + " OFFSET " + strconv.Itoa(max(f.Offset, 0))
	}
	out, err := s.queryArticles(ctx, q, args...)
	return out, total, err
}

// FindArticlesByIDs returns the articles with these ids.
func (s *NewsStore) FindArticlesByIDs(ctx context.Context, ids []int64) ([]*news.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.queryArticles(ctx, `SELECT `+articleColumns+` FROM news_articles WHERE id IN `+newsIn(0, len(ids)), args...)
}

func (s *NewsStore) queryArticles(ctx context.Context, q string, args ...any) ([]*news.Article, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err, "find articles")
	}
	var out []*news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan article")
		}
		out = append(out, a)
	}
	return out, closeRows(rows, "find articles")
}

// SetArticleImage stores (or replaces) an article's image.
func (s *NewsStore) SetArticleImage(ctx context.Context, id news.ArticleID, content, thumb []byte, w, h int, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO news_article_images (article_id, content, thumb, width, height, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (article_id) DO UPDATE SET content = excluded.content, thumb = excluded.thumb,
		width = excluded.width, height = excluded.height, updated_at = excluded.updated_at`, int64(id), content, thumb, w, h, utc(now))
	return translate(err, "set article image")
}

// FindArticleImage reads an article's image or its thumbnail.
func (s *NewsStore) FindArticleImage(ctx context.Context, id news.ArticleID, thumb bool) ([]byte, error) {
	col := "content"
	if thumb {
		col = "thumb"
	}
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT `+col+` FROM news_article_images WHERE article_id = $1`, int64(id)).Scan(&b)
	return b, translate(err, "find article image")
}
