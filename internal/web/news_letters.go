package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/news"
)

// Newsletters (ActNewsletterManage): the list, compose, preview, send
// (a tracked job, progress on /jobs/{id}), the subscribers and
// complaints.

func newsletterHref(id news.NewsletterID) string {
	return "/newsletters/" + strconv.FormatInt(int64(id), 10)
}

type newsletterRow struct {
	Subject, Href, Status, Badge, Segment string
	Recipients                            int
	Created                               time.Time
	Finished                              *time.Time
}

func (h *Handler) newsletterRow(lang string, n *news.Newsletter) newsletterRow {
	r := newsletterRow{Subject: n.Subject, Href: newsletterHref(n.ID), Status: n.Status.Label().In(lang), Recipients: n.Recipients,
		Created: n.CreatedAt, Finished: n.FinishedAt, Segment: news.SegmentLabel(n.Segment, h.provinceName).In(lang)}
	switch n.Status {
	case news.NLSent:
		r.Badge = "badge-ok"
	case news.NLSending:
		r.Badge = "badge-warn"
	default:
		r.Badge = "badge-muted"
	}
	return r
}

// ---- /newsletters ----

type newsletterListPage struct {
	Layout
	Tabs        []newsTab
	Newsletters []newsletterRow
	Pager       Pager
	Counts      []statusCount
}

type statusCount struct {
	Label, Href string
	N           int
}

func (h *Handler) handleNewsletters(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	page := pageParam(r.URL.Query())
	list, total, err := h.news.Newsletters(ctx, page, 20)
	if err != nil {
		return err
	}
	counts, err := h.news.SubscriberCounts(ctx)
	if err != nil {
		return err
	}
	p := &newsletterListPage{Tabs: h.newsTabs(r, "/newsletters"), Pager: newPager(r, page, 20, total)}
	for _, n := range list {
		p.Newsletters = append(p.Newsletters, h.newsletterRow(lang, n))
	}
	for _, st := range news.SubStatuses {
		p.Counts = append(p.Counts, statusCount{Label: st.Label().In(lang), Href: "/newsletters/subscribers?status=" + string(st), N: counts[st]})
	}
	return h.render(w, r, http.StatusOK, "newsletter_list", text("news.newsletters_title"), p)
}

// ---- compose ----

type pickRow struct {
	ID      int64
	Label   string
	Note    string
	Checked bool
}

type newsletterFormPage struct {
	Layout
	Tabs      []newsTab
	Form      formErrors
	New       bool
	Action    string
	Cancel    string
	Version   int
	Subject   string
	Intro     string
	Articles  []pickRow
	Cases     []pickRow
	Sectors   []option
	Provinces []option
	Roles     []option
}

func (h *Handler) newsletterForm(r *http.Request, in news.NewsletterInput, fe formErrors) (*newsletterFormPage, error) {
	ctx := r.Context()
	lang := h.lang(r)
	p := &newsletterFormPage{Tabs: h.newsTabs(r, "/newsletters"), Form: fe, Subject: in.Subject, Intro: in.Intro, Version: in.Version}
	arts, _, err := h.news.Articles(ctx, news.ArticleFilter{Limit: 40}, false)
	if err != nil {
		return nil, err
	}
	for _, a := range arts {
		p.Articles = append(p.Articles, pickRow{ID: int64(a.ID), Label: a.Title, Note: a.PublishAt.Format("02/01/2006"), Checked: slices.Contains(in.ArticleIDs, int64(a.ID))})
	}
	if h.library != nil {
		cases, err := h.library.LatestCases(ctx, 30)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			p.Cases = append(p.Cases, pickRow{ID: c.ID, Label: c.Title, Note: h.provinceName(c.ProvinceCode), Checked: slices.Contains(in.CaseIDs, c.ID)})
		}
	}
	for _, s := range catalog.Sectors[:8] {
		p.Sectors = append(p.Sectors, option{Value: string(s), Label: s.Label().In(lang), Selected: slices.Contains(in.Segment.Sectors, s)})
	}
	for _, o := range h.provinceOptions("") {
		o.Selected = slices.Contains(in.Segment.Provinces, o.Value)
		p.Provinces = append(p.Provinces, o)
	}
	for _, x := range news.SubRoles {
		p.Roles = append(p.Roles, option{Value: string(x), Label: x.Label().In(lang), Selected: slices.Contains(in.Segment.Roles, x)})
	}
	return p, nil
}

func ids(vals []string) []int64 {
	var out []int64
	for _, v := range vals {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// newsletterInput reads the compose form.
func newsletterInput(r *http.Request) news.NewsletterInput {
	in := news.NewsletterInput{Subject: formValue(r, "subject"), Intro: r.PostFormValue("intro"), ArticleIDs: ids(r.PostForm["articles"]),
		CaseIDs: ids(r.PostForm["cases"])}
	in.Version, _ = strconv.Atoi(formValue(r, "version"))
	for _, s := range r.PostForm["sectors"] {
		in.Segment.Sectors = append(in.Segment.Sectors, catalog.Sector(s))
	}
	for _, p := range r.PostForm["provinces"] {
		if p != "" {
			in.Segment.Provinces = append(in.Segment.Provinces, p)
		}
	}
	for _, x := range r.PostForm["roles"] {
		in.Segment.Roles = append(in.Segment.Roles, news.SubRole(x))
	}
	return in
}

func (h *Handler) newsletterManager(r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActNewsletterManage) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("news.managers_only")}
	}
	return nil
}

func (h *Handler) handleNewsletterNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.newsletterManager(r); err != nil {
		return err
	}
	p, err := h.newsletterForm(r, news.NewsletterInput{}, formErrors{})
	if err != nil {
		return err
	}
	p.New, p.Action, p.Cancel = true, "/newsletters", "/newsletters"
	return h.render(w, r, http.StatusOK, "newsletter_form", text("news.newsletter_new"), p)
}

func (h *Handler) handleNewsletterCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.newsletterManager(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := newsletterInput(r)
	n, err := h.news.CreateNewsletter(r.Context(), in)
	if isFormError(err) {
		p, perr := h.newsletterForm(r, in, newFormErrors(h.lang(r), err, nil))
		if perr != nil {
			return perr
		}
		p.New, p.Action, p.Cancel = true, "/newsletters", "/newsletters"
		return h.render(w, r, http.StatusUnprocessableEntity, "newsletter_form", text("news.newsletter_new"), p)
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("news.newsletter_saved"))
	redirect(w, r, newsletterHref(n.ID))
	return nil
}

func (h *Handler) handleNewsletterEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	n, err := h.news.Newsletter(r.Context(), news.NewsletterID(id))
	if err != nil {
		return err
	}
	p, err := h.newsletterForm(r, news.NewsletterInput{Subject: n.Subject, Intro: n.Intro, ArticleIDs: n.ArticleIDs, CaseIDs: n.CaseIDs,
		Segment: n.Segment, Version: n.Version}, formErrors{})
	if err != nil {
		return err
	}
	p.Action, p.Cancel = newsletterHref(n.ID), newsletterHref(n.ID)
	return h.render(w, r, http.StatusOK, "newsletter_form", text("news.newsletter_edit"), p)
}

func (h *Handler) handleNewsletterUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in := newsletterInput(r)
	n, err := h.news.UpdateNewsletter(r.Context(), news.NewsletterID(id), in)
	if isFormError(err) {
		p, perr := h.newsletterForm(r, in, newFormErrors(h.lang(r), err, nil))
		if perr != nil {
			return perr
		}
		p.Action, p.Cancel = newsletterHref(news.NewsletterID(id)), newsletterHref(news.NewsletterID(id))
		return h.render(w, r, http.StatusUnprocessableEntity, "newsletter_form", text("news.newsletter_edit"), p)
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("news.newsletter_saved"))
	redirect(w, r, newsletterHref(n.ID))
	return nil
}

// ---- a newsletter: preview, recipients, send ----

type newsletterShowPage struct {
	Layout
	Tabs       []newsTab
	N          newsletterRow
	ID         int64
	Version    int
	Draft      bool
	Resumable  bool // still sending, but its job will never run again
	Intro      template.HTML
	Articles   []news.ArticleSummary
	Cases      []caseItem
	Text       string
	Recipients int
	Deliveries []statusCount
	JobHref    string
	EditHref   string
	SendAction string
}

type caseItem struct{ Title, Href, Summary string }

func (h *Handler) handleNewsletterShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	n, err := h.news.Newsletter(ctx, news.NewsletterID(id))
	if err != nil {
		return err
	}
	c, err := h.news.Preview(ctx, n)
	if err != nil {
		return err
	}
	p := &newsletterShowPage{Tabs: h.newsTabs(r, "/newsletters"), N: h.newsletterRow(lang, n), ID: id, Version: n.Version, Draft: n.Status == news.NLDraft,
		Intro: c.IntroHTML, Articles: c.Articles, Text: c.TextFor("https://…/unsubscribe/…"), EditHref: newsletterHref(n.ID) + "/edit",
		SendAction: newsletterHref(n.ID) + "/send", Resumable: h.news.Resumable(ctx, n)}
	for _, x := range c.Cases {
		p.Cases = append(p.Cases, caseItem{Title: x.Title, Href: x.URL, Summary: x.Summary})
	}
	if n.JobID != 0 {
		p.JobHref = "/jobs/" + strconv.FormatInt(n.JobID, 10)
	}
	if p.Draft {
		if p.Recipients, err = h.news.CountRecipients(ctx, n.Segment); err != nil {
			return err
		}
	} else {
		p.Recipients = n.Recipients
		counts, err := h.news.Deliveries(ctx, n.ID)
		if err != nil {
			return err
		}
		for _, d := range deliveryLabels() {
			if counts[d.status] > 0 {
				p.Deliveries = append(p.Deliveries, statusCount{Label: d.label.In(lang), N: counts[d.status]})
			}
		}
	}
	return h.render(w, r, http.StatusOK, "newsletter_show", fault.Text{Vi: n.Subject, En: n.Subject}, p)
}

// deliveryLabels name the delivery statuses, in display order.
func deliveryLabels() []struct {
	status string
	label  fault.Text
} {
	return []struct {
		status string
		label  fault.Text
	}{{news.DelSent, text("news.del_sent")}, {news.DelPending, text("news.del_pending")}, {news.DelSending, text("news.del_sending")},
		{news.DelSoft, text("news.del_soft")}, {news.DelHard, text("news.del_hard")}, {news.DelFailed, text("news.del_failed")},
		{news.DelUnknown, text("news.del_unknown")}, {news.DelSkipped, text("news.del_skipped")}}
}

func (h *Handler) handleNewsletterSend(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	n, err := h.news.Send(r.Context(), news.NewsletterID(id), version)
	if fault.Is(err, fault.Invalid) || fault.Is(err, fault.Conflict) {
		_, msg := statusOf(err)
		h.flash(r.Context(), "error", msg)
		redirect(w, r, newsletterHref(news.NewsletterID(id)))
		return nil
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("news.sending"))
	if n.JobID != 0 {
		redirect(w, r, "/jobs/"+strconv.FormatInt(n.JobID, 10))
		return nil
	}
	redirect(w, r, newsletterHref(n.ID))
	return nil
}

// ---- subscribers ----

type subscriberRow struct {
	Email, Name, Sectors, Province, Role, Status, Badge string
	Consent                                             time.Time
	ConsentVersion                                      string
}

type subscribersPage struct {
	Layout
	Tabs      []newsTab
	Statuses  []option
	Sectors   []option
	Provinces []option
	Roles     []option
	Email     string
	Rows      []subscriberRow
	Pager     Pager
	XLSXHref  string
}

func subscriberFilter(r *http.Request) news.SubscriberFilter {
	q := r.URL.Query()
	f := news.SubscriberFilter{Status: news.SubStatus(q.Get("status")), Email: q.Get("email")}
	if s := catalog.Sector(q.Get("sector")); s.Valid() {
		f.Segment.Sectors = []catalog.Sector{s}
	}
	if p := q.Get("province"); p != "" {
		f.Segment.Provinces = []string{p}
	}
	if x := news.SubRole(q.Get("role")); x.Valid() {
		f.Segment.Roles = []news.SubRole{x}
	}
	return f
}

func (h *Handler) subscriberRow(lang string, x *news.Subscriber) subscriberRow {
	row := subscriberRow{Email: x.Email, Name: x.Name, Province: h.provinceName(x.ProvinceCode), Role: x.Role.Label().In(lang),
		Status: x.Status.Label().In(lang), Consent: x.ConsentAt, ConsentVersion: x.ConsentVersion, Badge: "badge-muted"}
	if x.Status == news.SubConfirmed {
		row.Badge = "badge-ok"
	} else if x.Status == news.SubBounced || x.Status == news.SubComplained {
		row.Badge = "badge-danger"
	}
	var s []string
	for _, c := range x.Sectors {
		s = append(s, c.Label().In(lang))
	}
	row.Sectors = strings.Join(s, ", ")
	return row
}

func (h *Handler) handleSubscribers(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	f := subscriberFilter(r)
	page := pageParam(r.URL.Query())
	f.Offset, f.Limit = (page-1)*50, 50
	list, total, err := h.news.Subscribers(ctx, f, false)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &subscribersPage{Tabs: h.newsTabs(r, "/newsletters/subscribers"), Email: f.Email, Pager: newPager(r, page, 50, total),
		Provinces: h.provinceOptions(q.Get("province")), XLSXHref: xlsxHref("/newsletters/subscribers.xlsx", q)}
	for _, st := range news.SubStatuses {
		p.Statuses = append(p.Statuses, option{Value: string(st), Label: st.Label().In(lang), Selected: st == f.Status})
	}
	for _, s := range catalog.Sectors[:8] {
		p.Sectors = append(p.Sectors, option{Value: string(s), Label: s.Label().In(lang), Selected: string(s) == q.Get("sector")})
	}
	for _, x := range news.SubRoles {
		p.Roles = append(p.Roles, option{Value: string(x), Label: x.Label().In(lang), Selected: string(x) == q.Get("role")})
	}
	for _, x := range list {
		p.Rows = append(p.Rows, h.subscriberRow(lang, x))
	}
	return h.render(w, r, http.StatusOK, "newsletter_subscribers", text("news.subscribers_title"), p)
}

func (h *Handler) handleSubscribersXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	lang := h.lang(r)
	list, _, err := h.news.Subscribers(r.Context(), subscriberFilter(r), true)
	if err != nil {
		return err
	}
	t := &xlsxTable{Sheet: text("news.subscribers_title"), File: "nguoi-dang-ky-ban-tin", Cols: []xlsxCol{
		{Label: xt("Email", "Email"), Width: 32}, {Label: xt("Họ tên", "Name"), Width: 24}, {Label: xt("Ngành", "Sectors"), Width: 30},
		{Label: xt("Tỉnh, thành phố", "Province"), Width: 20}, {Label: xt("Đối tượng", "Role"), Width: 16},
		{Label: xt("Trạng thái", "Status"), Width: 16}, {Label: xt("Đồng ý lúc", "Consent at"), Kind: xDate, Width: 14},
		{Label: xt("Phiên bản điều khoản", "Consent version"), Width: 14}}}
	for i, x := range list {
		if i >= xlsxMaxRows {
			t.Cut = true
			break
		}
		row := h.subscriberRow(lang, x)
		t.Rows = append(t.Rows, []any{row.Email, row.Name, row.Sectors, row.Province, row.Role, row.Status, x.ConsentAt, row.ConsentVersion})
	}
	return h.writeXLSX(w, r, t)
}

func (h *Handler) handleComplaint(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err := h.news.Complain(r.Context(), formValue(r, "email"))
	if fault.Is(err, fault.NotFound) {
		h.flash(r.Context(), "error", text("news.complaint_unknown"))
		redirect(w, r, "/newsletters/subscribers")
		return nil
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("news.complaint_saved"))
	redirect(w, r, "/newsletters/subscribers?status=complained")
	return nil
}
