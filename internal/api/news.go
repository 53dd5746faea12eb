package api

// The operations of news, subscriptions and newsletters.

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/catalog"
	"nscl/internal/markdown"
	"nscl/internal/news"
)

// NewsArticleOut is an article as the API gives it: the Markdown body and
// its sanitised HTML.
type NewsArticleOut struct {
	ID        int64      `json:"id"`
	Slug      string     `json:"slug"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	BodyMD    string     `json:"body_md,omitempty" doc:"Nguồn Markdown: chỉ cho biên tập viên (the Markdown source: editors only)"`
	BodyHTML  string     `json:"body_html" doc:"Nội dung đã lọc an toàn (sanitised HTML)"`
	Category  string     `json:"category"`
	Label     string     `json:"category_label"`
	Tags      []string   `json:"tags"`
	ImageURL  string     `json:"image_url,omitempty"`
	Status    string     `json:"status" enum:"draft,scheduled,published"`
	PublishAt *time.Time `json:"publish_at,omitempty"`
	Version   int        `json:"version"`
}

// newsArticleOut converts an article; the Markdown source (which may hold
// anything the editor typed) only for editors.
func newsArticleOut(a *news.Article, now time.Time, editor bool) NewsArticleOut {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	o := NewsArticleOut{ID: int64(a.ID), Slug: a.Slug, URL: news.ArticleURL(a.Slug), Title: a.Title, Summary: a.Summary,
		BodyHTML: string(markdown.Render(a.Body)), Category: string(a.Category), Label: a.Category.Label().Vi, Tags: tags, ImageURL: a.ImageURL,
		Status: string(a.StatusAt(now)), PublishAt: a.PublishAt, Version: a.Version}
	if editor {
		o.BodyMD = a.Body
	}
	return o
}

// NewsArticleIn is what an editor writes.
type NewsArticleIn struct {
	Title     string     `json:"title" maxLength:"300"`
	Slug      string     `json:"slug,omitempty" doc:"Trống: tạo từ tiêu đề (empty: from the title)"`
	Summary   string     `json:"summary,omitempty"`
	BodyMD    string     `json:"body_md,omitempty" doc:"Markdown; HTML và script bị loại (HTML and scripts are removed)"`
	Category  string     `json:"category" enum:"programme,event,policy,story,notice"`
	Tags      []string   `json:"tags,omitempty"`
	ImageURL  string     `json:"image_url,omitempty"`
	Publish   bool       `json:"publish" doc:"false: bản nháp (a draft)"`
	PublishAt *time.Time `json:"publish_at,omitempty" doc:"Thời điểm đăng; tương lai: hẹn giờ (future: scheduled)"`
}

func (in NewsArticleIn) input(version int) news.ArticleInput {
	return news.ArticleInput{Title: in.Title, Slug: in.Slug, Summary: in.Summary, Body: in.BodyMD, Category: news.Category(in.Category),
		Tags: in.Tags, ImageURL: in.ImageURL, Publish: in.Publish, PublishAt: in.PublishAt, Version: version}
}

type newsListInput struct {
	Q        string `query:"q" doc:"Tìm không dấu (diacritics-insensitive)"`
	Category string `query:"category" enum:"programme,event,policy,story,notice,"`
	Tag      string `query:"tag"`
	Status   string `query:"status" enum:"draft,scheduled,published," doc:"Biên tập viên: lọc theo trạng thái, kèm nháp (editors: by status, drafts included)"`
	Page     int    `query:"page" minimum:"0" maximum:"100000"`
}

type newsListOutput struct {
	Body struct {
		Items []NewsArticleOut `json:"items"`
		Total int              `json:"total"`
	}
}

type newsArticleOutput struct{ Body NewsArticleOut }

type newsSlugInput struct {
	Slug string `path:"slug" maxLength:"100"`
}

type newsCreateInput struct{ Body NewsArticleIn }

type newsPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
		NewsArticleIn
	}
}

// NewsSubscribeIn is a subscription (double opt-in: a mail follows).
type NewsSubscribeIn struct {
	Email    string   `json:"email" maxLength:"254"`
	Name     string   `json:"name,omitempty"`
	Sectors  []string `json:"sectors,omitempty"`
	Province string   `json:"province,omitempty" example:"01"`
	Role     string   `json:"role,omitempty" enum:"enterprise,expert,officer,other,"`
	Consent  bool     `json:"consent" doc:"Đồng ý xử lý dữ liệu (Nghị định 13/2023) — bắt buộc (consent, required)"`
}

type newsSubscribeInput struct{ Body NewsSubscribeIn }

type newsTokenInput struct {
	Token string `path:"token" maxLength:"64"`
}

// NewsUnsubscribeOut is the outcome of an unsubscription.
type NewsUnsubscribeOut struct {
	Email   string `json:"email"`
	Already bool   `json:"already" doc:"Đã hủy từ trước (the link was used before)"`
}

type newsUnsubscribeOutput struct{ Body NewsUnsubscribeOut }

// NewsletterOut is a newsletter.
type NewsletterOut struct {
	ID         int64          `json:"id"`
	Subject    string         `json:"subject"`
	IntroMD    string         `json:"intro_md"`
	ArticleIDs []int64        `json:"article_ids"`
	CaseIDs    []int64        `json:"case_ids"`
	Segment    news.Segment   `json:"segment"`
	Status     string         `json:"status" enum:"draft,sending,sent"`
	JobID      int64          `json:"job_id,omitempty"`
	Recipients int            `json:"recipients"`
	Deliveries map[string]int `json:"deliveries,omitempty"`
	Version    int            `json:"version"`
}

func newsletterOut(n *news.Newsletter) NewsletterOut {
	o := NewsletterOut{ID: int64(n.ID), Subject: n.Subject, IntroMD: n.Intro, ArticleIDs: n.ArticleIDs, CaseIDs: n.CaseIDs, Segment: n.Segment,
		Status: string(n.Status), JobID: n.JobID, Recipients: n.Recipients, Version: n.Version}
	if o.ArticleIDs == nil {
		o.ArticleIDs = []int64{}
	}
	if o.CaseIDs == nil {
		o.CaseIDs = []int64{}
	}
	return o
}

// NewsletterIn is the compose form.
type NewsletterIn struct {
	Subject    string       `json:"subject" maxLength:"200"`
	IntroMD    string       `json:"intro_md,omitempty"`
	ArticleIDs []int64      `json:"article_ids,omitempty"`
	CaseIDs    []int64      `json:"case_ids,omitempty"`
	Segment    news.Segment `json:"segment"`
}

type newsletterIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type newsletterCreateInput struct{ Body NewsletterIn }

type newsletterSendInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
	}
}

type newsletterOutput struct{ Body NewsletterOut }

type newsletterListOutput struct {
	Body struct {
		Items []NewsletterOut `json:"items"`
		Total int             `json:"total"`
	}
}

// NewsSubscriberOut is a subscriber as managers see it.
type NewsSubscriberOut struct {
	ID             int64     `json:"id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	Sectors        []string  `json:"sectors"`
	Province       string    `json:"province"`
	Role           string    `json:"role"`
	Status         string    `json:"status" enum:"pending,confirmed,unsubscribed,bounced,complained"`
	ConsentAt      time.Time `json:"consent_at"`
	ConsentVersion string    `json:"consent_version"`
}

type newsSubscribersInput struct {
	Status string `query:"status" enum:"pending,confirmed,unsubscribed,bounced,complained,"`
	Email  string `query:"email"`
	Page   int    `query:"page" minimum:"0" maximum:"100000"`
}

type newsSubscribersOutput struct {
	Body struct {
		Items []NewsSubscriberOut `json:"items"`
		Total int                 `json:"total"`
	}
}

type newsComplaintInput struct {
	Body struct {
		Email string `json:"email" maxLength:"254" doc:"Địa chỉ bị khiếu nại (đánh dấu thư rác) (the complaining address)"`
	}
}

type newsSubscriberOutput struct{ Body NewsSubscriberOut }

func subscriberOut(x *news.Subscriber) NewsSubscriberOut {
	o := NewsSubscriberOut{ID: int64(x.ID), Email: x.Email, Name: x.Name, Sectors: []string{}, Province: x.ProvinceCode, Role: string(x.Role),
		Status: string(x.Status), ConsentAt: x.ConsentAt, ConsentVersion: x.ConsentVersion}
	for _, s := range x.Sectors {
		o.Sectors = append(o.Sectors, string(s))
	}
	return o
}

// registerNews registers this area's operations.
func (a *API) registerNews() {
	tags := []string{tagNews}
	register(a, huma.Operation{OperationID: "list-news", Method: http.MethodGet, Path: Prefix + "/news", Tags: tags, Security: public,
		Summary: "Tin tức đã đăng (published news)", Description: "Công khai, 20 bài mỗi trang, mới nhất trước. Có status: biên tập viên. (Public, 20 a page; with status: editors.)"},
		func(ctx context.Context, in *newsListInput) (*newsListOutput, error) {
			f := news.ArticleFilter{Category: news.Category(in.Category), Tag: in.Tag, Query: in.Q, Status: news.ArticleStatus(in.Status),
				Offset: max(in.Page-1, 0) * 20, Limit: 20}
			list, total, err := a.news.Articles(ctx, f, in.Status != "")
			if err != nil {
				return nil, err
			}
			out := &newsListOutput{}
			out.Body.Items, out.Body.Total = make([]NewsArticleOut, 0, len(list)), total
			now, ed := a.news.Now(), a.news.MayEdit(ctx)
			for _, x := range list {
				out.Body.Items = append(out.Body.Items, newsArticleOut(x, now, ed))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-news-article", Method: http.MethodGet, Path: Prefix + "/news/{slug}", Tags: tags, Security: public,
		Summary: "Một bài viết (one article)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *newsSlugInput) (*newsArticleOutput, error) {
			x, err := a.news.PublicArticle(ctx, in.Slug)
			if err != nil {
				return nil, err
			}
			return &newsArticleOutput{Body: newsArticleOut(x, a.news.Now(), a.news.MayEdit(ctx))}, nil
		})
	register(a, huma.Operation{OperationID: "create-news-article", Method: http.MethodPost, Path: Prefix + "/news", Tags: tags,
		Summary: "Viết bài (create an article)", Description: "Biên tập viên của Bộ. (The ministry's editors.)", DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *newsCreateInput) (*newsArticleOutput, error) {
			x, err := a.news.CreateArticle(ctx, in.Body.input(0))
			if err != nil {
				return nil, err
			}
			return &newsArticleOutput{Body: newsArticleOut(x, a.news.Now(), a.news.MayEdit(ctx))}, nil
		})
	register(a, huma.Operation{OperationID: "put-news-article", Method: http.MethodPut, Path: Prefix + "/news/articles/{id}", Tags: tags,
		Summary: "Sửa bài (edit an article)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *newsPutInput) (*newsArticleOutput, error) {
			x, err := a.news.UpdateArticle(ctx, news.ArticleID(in.ID), in.Body.input(in.Body.Version))
			if err != nil {
				return nil, err
			}
			return &newsArticleOutput{Body: newsArticleOut(x, a.news.Now(), a.news.MayEdit(ctx))}, nil
		})
	register(a, huma.Operation{OperationID: "subscribe-newsletter", Method: http.MethodPost, Path: Prefix + "/newsletter/subscriptions", Tags: tags,
		Security: public, Summary: "Đăng ký nhận bản tin (subscribe)", DefaultStatus: http.StatusAccepted,
		Description: "Gửi thư xác nhận (xác nhận hai bước); câu trả lời như nhau dù địa chỉ đã đăng ký hay chưa. (A confirmation mail follows; the answer is the same whatever the address's state.)",
		Errors:      []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *newsSubscribeInput) (*struct{}, error) {
			b := in.Body
			s := news.SubscribeInput{Email: b.Email, Name: b.Name, ProvinceCode: b.Province, Role: news.SubRole(b.Role), Consent: b.Consent}
			for _, x := range b.Sectors {
				s.Sectors = append(s.Sectors, catalog.Sector(x))
			}
			return nil, a.news.Subscribe(ctx, s)
		})
	register(a, huma.Operation{OperationID: "unsubscribe-newsletter", Method: http.MethodPost, Path: Prefix + "/newsletter/unsubscribe/{token}", Tags: tags,
		Security: public, Summary: "Hủy đăng ký bằng mã trong thư (unsubscribe with the mail's token)",
		Description: "Mã giả → 404; dùng lại → already=true. (A forged token is 404; a reused one answers already=true.)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *newsTokenInput) (*newsUnsubscribeOutput, error) {
			x, already, err := a.news.Unsubscribe(ctx, in.Token)
			if err != nil {
				return nil, err
			}
			return &newsUnsubscribeOutput{Body: NewsUnsubscribeOut{Email: x.Email, Already: already}}, nil
		})
	a.registerNewsletters(tags)
}

func (a *API) registerNewsletters(tags []string) {
	register(a, huma.Operation{OperationID: "list-newsletters", Method: http.MethodGet, Path: Prefix + "/newsletters", Tags: tags,
		Summary: "Các bản tin (newsletters)", Description: "Người quản lý bản tin. (Newsletter managers.)"},
		func(ctx context.Context, in *struct {
			Page int `query:"page" minimum:"0" maximum:"100000"`
		}) (*newsletterListOutput, error) {
			list, total, err := a.news.Newsletters(ctx, in.Page, 20)
			if err != nil {
				return nil, err
			}
			out := &newsletterListOutput{}
			out.Body.Items, out.Body.Total = make([]NewsletterOut, 0, len(list)), total
			for _, n := range list {
				out.Body.Items = append(out.Body.Items, newsletterOut(n))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-newsletter", Method: http.MethodGet, Path: Prefix + "/newsletters/{id}", Tags: tags,
		Summary: "Một bản tin với tình trạng gửi (a newsletter with its deliveries)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *newsletterIDInput) (*newsletterOutput, error) {
			n, err := a.news.Newsletter(ctx, news.NewsletterID(in.ID))
			if err != nil {
				return nil, err
			}
			o := newsletterOut(n)
			if n.Status != news.NLDraft {
				if o.Deliveries, err = a.news.Deliveries(ctx, n.ID); err != nil {
					return nil, err
				}
			}
			return &newsletterOutput{Body: o}, nil
		})
	register(a, huma.Operation{OperationID: "create-newsletter", Method: http.MethodPost, Path: Prefix + "/newsletters", Tags: tags,
		Summary: "Soạn bản tin (compose a newsletter)", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *newsletterCreateInput) (*newsletterOutput, error) {
			b := in.Body
			n, err := a.news.CreateNewsletter(ctx, news.NewsletterInput{Subject: b.Subject, Intro: b.IntroMD, ArticleIDs: b.ArticleIDs, CaseIDs: b.CaseIDs, Segment: b.Segment})
			if err != nil {
				return nil, err
			}
			return &newsletterOutput{Body: newsletterOut(n)}, nil
		})
	register(a, huma.Operation{OperationID: "send-newsletter", Method: http.MethodPost, Path: Prefix + "/newsletters/{id}/send", Tags: tags,
		Summary: "Gửi bản tin (send): chốt danh sách nhận, tạo công việc (freezes the recipients, queues a job)", DefaultStatus: http.StatusAccepted,
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *newsletterSendInput) (*newsletterOutput, error) {
			n, err := a.news.Send(ctx, news.NewsletterID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &newsletterOutput{Body: newsletterOut(n)}, nil
		})
	register(a, huma.Operation{OperationID: "list-newsletter-subscribers", Method: http.MethodGet, Path: Prefix + "/newsletter/subscribers", Tags: tags,
		Summary: "Người đăng ký (subscribers)", Description: "Người quản lý bản tin; 50 mỗi trang. (Newsletter managers; 50 a page.)"},
		func(ctx context.Context, in *newsSubscribersInput) (*newsSubscribersOutput, error) {
			list, total, err := a.news.Subscribers(ctx, news.SubscriberFilter{Status: news.SubStatus(in.Status), Email: in.Email,
				Offset: max(in.Page-1, 0) * 50, Limit: 50}, false)
			if err != nil {
				return nil, err
			}
			out := &newsSubscribersOutput{}
			out.Body.Items, out.Body.Total = make([]NewsSubscriberOut, 0, len(list)), total
			for _, x := range list {
				out.Body.Items = append(out.Body.Items, subscriberOut(x))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "record-newsletter-complaint", Method: http.MethodPost, Path: Prefix + "/newsletter/complaints", Tags: tags,
		Summary:     "Ghi nhận khiếu nại thư rác (record a spam complaint)",
		Description: "Người quản lý bản tin, hoặc hệ thống nhận báo cáo phản hồi với mã API của họ: địa chỉ bị chặn vĩnh viễn. (Managers, or a feedback-loop processor with a manager's token: the address is suppressed.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *newsComplaintInput) (*newsSubscriberOutput, error) {
			x, err := a.news.Complain(ctx, in.Body.Email)
			if err != nil {
				return nil, err
			}
			return &newsSubscriberOutput{Body: subscriberOut(x)}, nil
		})
}
