package news

import (
	"context"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/markdown"
	"nscl/internal/vn"
)

var errNoNewsletter = fault.New(fault.NotFound, "Không tìm thấy bản tin.", "Newsletter not found.")

const maxItems = 20

// cleanNewsletter normalises and validates the compose form.
func cleanNewsletter(in *NewsletterInput) fault.Fields {
	bad := fault.Fields{}
	in.Subject, in.Intro = vn.NFC(in.Subject), vn.NFC(in.Intro)
	if in.Subject == "" {
		bad.Add("subject", "Nhập tiêu đề thư.", "Enter a subject.")
	} else if utf8.RuneCountInString(in.Subject) > 200 || !vn.IsText(in.Subject) || strings.ContainsAny(in.Subject, "\r\n") {
		bad.Add("subject", "Tiêu đề thư tối đa 200 ký tự, một dòng.", "The subject is one line of at most 200 characters.")
	}
	if len(in.Intro) > 20_000 || !vn.IsText(in.Intro) {
		bad.Add("intro", "Lời mở đầu tối đa 20.000 ký tự.", "The introduction is at most 20,000 characters.")
	}
	in.ArticleIDs, in.CaseIDs = uniqueIDs(in.ArticleIDs), uniqueIDs(in.CaseIDs)
	if len(in.ArticleIDs) > maxItems || len(in.CaseIDs) > maxItems {
		bad.Add("articles", "Tối đa 20 bài viết và 20 điển hình.", "At most 20 articles and 20 cases.")
	}
	cleanSegment(&in.Segment, bad)
	return bad
}

// maxProvinces bounds a segment's provinces (Việt Nam has at most 63).
const maxProvinces = 63

// cleanSegment drops repeated values and refuses unknown ones; the counts
// are then bounded by the lists (sectors, roles) or maxProvinces.
func cleanSegment(seg *Segment, bad fault.Fields) {
	seg.Sectors, seg.Provinces, seg.Roles = unique(seg.Sectors), unique(seg.Provinces), unique(seg.Roles)
	if len(seg.Sectors) > len(catalog.Sectors) || slices.ContainsFunc(seg.Sectors, func(x catalog.Sector) bool { return !x.Valid() }) {
		bad.Add("sectors", "Ngành không có trong danh sách.", "Unknown sector.")
	}
	if len(seg.Provinces) > maxProvinces || slices.ContainsFunc(seg.Provinces, func(p string) bool { return !provinceCode.MatchString(p) }) {
		bad.Add("provinces", "Tỉnh không có trong danh sách (tối đa 63 tỉnh, thành phố).", "Unknown province (at most 63 provinces).")
	}
	if len(seg.Roles) > len(SubRoles) || slices.ContainsFunc(seg.Roles, func(r SubRole) bool { return !r.Valid() }) {
		bad.Add("roles", "Đối tượng không có trong danh sách.", "Unknown role.")
	}
}

// unique returns xs without repeats, in order.
func unique[T comparable](xs []T) []T {
	if len(xs) == 0 {
		return xs
	}
	seen := make(map[T]bool, len(xs))
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func uniqueIDs(xs []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, x := range xs {
		if x > 0 && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// CreateNewsletter writes a draft (ActNewsletterManage).
func (s *Service) CreateNewsletter(ctx context.Context, in NewsletterInput) (*Newsletter, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	if err := cleanNewsletter(&in).Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	n := &Newsletter{Subject: in.Subject, Intro: in.Intro, ArticleIDs: in.ArticleIDs, CaseIDs: in.CaseIDs, Segment: in.Segment,
		Status: NLDraft, CreatedBy: int64(auth.ActorFrom(ctx).UserID), CreatedAt: now, UpdatedAt: now}
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateNewsletter(ctx, n); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.newsletter.create", "newsletter", int64(n.ID), nil, n)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

var errNotDraft = fault.New(fault.Conflict, "Bản tin đã gửi hoặc đang gửi: không sửa được nữa.", "The newsletter is sent or being sent: it can no longer change.")

// UpdateNewsletter rewrites a draft at in.Version (ActNewsletterManage).
func (s *Service) UpdateNewsletter(ctx context.Context, id NewsletterID, in NewsletterInput) (*Newsletter, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	if err := cleanNewsletter(&in).Err(); err != nil {
		return nil, err
	}
	var n *Newsletter
	err := s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindNewsletter(ctx, id)
		if err != nil {
			return notFound(err, errNoNewsletter)
		}
		if old.Status != NLDraft {
			return errNotDraft
		}
		cp := *old
		n = &cp
		n.Subject, n.Intro, n.ArticleIDs, n.CaseIDs, n.Segment = in.Subject, in.Intro, in.ArticleIDs, in.CaseIDs, in.Segment
		n.UpdatedAt, n.Version = s.now().UTC(), in.Version
		if err := tx.UpdateNewsletter(ctx, n); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.newsletter.update", "newsletter", int64(n.ID), old, n)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Newsletter returns a newsletter (ActNewsletterManage).
func (s *Service) Newsletter(ctx context.Context, id NewsletterID) (*Newsletter, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	n, err := s.store.FindNewsletter(ctx, id)
	return n, notFound(err, errNoNewsletter)
}

// Newsletters lists newsletters, newest first (ActNewsletterManage).
func (s *Service) Newsletters(ctx context.Context, page, perPage int) ([]*Newsletter, int, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, 0, err
	}
	perPage = min(max(perPage, 1), maxPerPage)
	return s.store.FindNewsletters(ctx, (max(page, 1)-1)*perPage, perPage)
}

// Deliveries counts a newsletter's deliveries by status (ActNewsletterManage).
func (s *Service) Deliveries(ctx context.Context, id NewsletterID) (DeliveryCounts, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	return s.store.DeliveryCounts(ctx, id)
}

// CountRecipients counts the confirmed subscribers of a segment (ActNewsletterManage).
func (s *Service) CountRecipients(ctx context.Context, seg Segment) (int, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return 0, err
	}
	return s.store.CountRecipients(ctx, seg)
}

// Content is what a newsletter says: for the preview and the mails.
type Content struct {
	Subject   string
	IntroHTML template.HTML // sanitised
	Articles  []ArticleSummary
	Cases     []library.CaseSummary
	// Text is the text/plain mail with unsubscribeMark where each
	// recipient's unsubscribe link goes.
	Text string
}

// unsubscribeMark stands for a recipient's unsubscribe link in Content.Text.
const unsubscribeMark = "\x00UNSUBSCRIBE\x00"

// TextFor returns the mail's text with an unsubscribe link.
func (c *Content) TextFor(unsubscribe string) string {
	return strings.Replace(c.Text, unsubscribeMark, unsubscribe, 1)
}

// Preview returns a newsletter's content (ActNewsletterManage).
func (s *Service) Preview(ctx context.Context, n *Newsletter) (*Content, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	return s.content(ctx, n)
}

// content gathers the newsletter's published articles and cases, in the
// order chosen, and writes its text.
func (s *Service) content(ctx context.Context, n *Newsletter) (*Content, error) {
	c := &Content{Subject: n.Subject, IntroHTML: markdown.Render(n.Intro)}
	arts, err := s.store.FindArticlesByIDs(ctx, n.ArticleIDs)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Article{}
	for _, a := range arts {
		byID[int64(a.ID)] = a
	}
	now := s.now()
	for _, id := range n.ArticleIDs {
		if a := byID[id]; a != nil && a.StatusAt(now) == ArticlePublished {
			c.Articles = append(c.Articles, ArticleSummary{ID: id, Title: a.Title, Summary: a.PlainSummary(), URL: ArticleURL(a.Slug),
				Category: a.Category.Label().Vi, ImageURL: a.ImageURL, PublishedAt: *a.PublishAt})
		}
	}
	if s.cases != nil && len(n.CaseIDs) > 0 {
		if c.Cases, err = s.cases.CaseSummaries(ctx, n.CaseIDs); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	b.WriteString(n.Subject + "\n" + strings.Repeat("=", min(utf8.RuneCountInString(n.Subject), 72)) + "\n\n")
	if intro := strings.TrimSpace(markdown.Plain(n.Intro, 20_000)); intro != "" {
		b.WriteString(intro + "\n\n")
	}
	if len(c.Articles) > 0 {
		b.WriteString("TIN TỨC / NEWS\n\n")
		for _, a := range c.Articles {
			fmt.Fprintf(&b, "* %s\n  %s\n  %s%s\n\n", a.Title, a.Summary, s.baseURL, a.URL)
		}
	}
	if len(c.Cases) > 0 {
		b.WriteString("ĐIỂN HÌNH / CASES\n\n")
		for _, x := range c.Cases {
			fmt.Fprintf(&b, "* %s\n  %s\n  %s%s\n\n", x.Title, x.Summary, s.baseURL, x.URL)
		}
	}
	b.WriteString("--\nBạn nhận thư này vì đã đăng ký bản tin của Chương trình năng suất chất lượng quốc gia (Bộ Công Thương).\n" +
		"You receive this mail because you subscribed to the national productivity and quality programme's newsletter.\n" +
		"Hủy đăng ký / Unsubscribe: " + unsubscribeMark + "\n")
	c.Text = b.String()
	return c, nil
}

// SegmentLabel describes a segment in words.
func SegmentLabel(seg Segment, provinceName func(string) string) fault.Text {
	if seg.IsEmpty() {
		return fault.Text{Vi: "Tất cả người đăng ký đã xác nhận", En: "Every confirmed subscriber"}
	}
	var vi, en []string
	if len(seg.Sectors) > 0 {
		var a, b []string
		for _, x := range seg.Sectors {
			a, b = append(a, x.Label().Vi), append(b, x.Label().En)
		}
		vi, en = append(vi, "ngành: "+strings.Join(a, ", ")), append(en, "sectors: "+strings.Join(b, ", "))
	}
	if len(seg.Provinces) > 0 {
		var a []string
		for _, p := range seg.Provinces {
			a = append(a, provinceName(p))
		}
		vi, en = append(vi, "tỉnh: "+strings.Join(a, ", ")), append(en, "provinces: "+strings.Join(a, ", "))
	}
	if len(seg.Roles) > 0 {
		var a, b []string
		for _, r := range seg.Roles {
			a, b = append(a, r.Label().Vi), append(b, r.Label().En)
		}
		vi, en = append(vi, "đối tượng: "+strings.Join(a, ", ")), append(en, "roles: "+strings.Join(b, ", "))
	}
	return fault.Text{Vi: strings.Join(vi, "; "), En: strings.Join(en, "; ")}
}
