package web

import (
	"net/http"
	"slices"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/httpx"
	"nscl/internal/news"
)

// Subscriptions: the form, the confirmation (double opt-in) and the
// unsubscription (also RFC 8058 one-click: the POST to the mail's
// List-Unsubscribe URL comes from the mail provider's server, without the
// browser headers the cross-origin check refuses).

type subscribeFormPage struct {
	Layout
	Tabs           []newsTab
	Form           formErrors
	Email, Name    string
	Sectors        []option
	Provinces      []option
	Roles          []option
	Consent        bool
	ConsentVersion string
}

func (h *Handler) subscribeForm(r *http.Request, in news.SubscribeInput, fe formErrors) *subscribeFormPage {
	lang := h.lang(r)
	p := &subscribeFormPage{Tabs: h.newsTabs(r, "/subscribe"), Form: fe, Email: in.Email, Name: in.Name, Consent: in.Consent,
		Provinces: h.provinceOptions(in.ProvinceCode), ConsentVersion: news.ConsentVersion}
	for _, s := range catalog.Sectors[:8] { // the priority industries
		p.Sectors = append(p.Sectors, option{Value: string(s), Label: s.Label().In(lang), Selected: slices.Contains(in.Sectors, s)})
	}
	for _, x := range news.SubRoles {
		p.Roles = append(p.Roles, option{Value: string(x), Label: x.Label().In(lang), Selected: x == in.Role})
	}
	return p
}

func (h *Handler) handleSubscribeForm(w http.ResponseWriter, r *http.Request) error {
	in := news.SubscribeInput{Role: news.RoleEnterprise}
	if a := auth.ActorFrom(r.Context()); !a.IsAnonymous() {
		in.Email, in.Name = a.Email, a.Name
	}
	return h.render(w, r, http.StatusOK, "subscribe_form", text("news.subscribe_title"), h.subscribeForm(r, in, formErrors{}))
}

func (h *Handler) handleSubscribe(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := news.SubscribeInput{Email: formValue(r, "email"), Name: formValue(r, "name"), ProvinceCode: formValue(r, "province"),
		Role: news.SubRole(formValue(r, "role")), Consent: formValue(r, "consent") == "1", IP: httpx.ClientIP(r)}
	if _, ok := h.geo.Province(in.ProvinceCode); !ok {
		in.ProvinceCode = ""
	}
	for _, s := range r.PostForm["sectors"] {
		in.Sectors = append(in.Sectors, catalog.Sector(s))
	}
	err := h.news.Subscribe(r.Context(), in)
	if isFormError(err) {
		return h.render(w, r, http.StatusUnprocessableEntity, "subscribe_form", text("news.subscribe_title"),
			h.subscribeForm(r, in, newFormErrors(h.lang(r), err, nil)))
	}
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "subscribe_done", text("news.subscribe_title"), &subscribeDonePage{Tabs: h.newsTabs(r, "/subscribe"), Email: in.Email})
}

type subscribeDonePage struct {
	Layout
	Tabs  []newsTab
	Email string
}

type subscribeConfirmPage struct {
	Layout
	Tabs   []newsTab
	Action string
	Done   bool
	Email  string
}

func (h *Handler) handleSubscribeConfirmForm(w http.ResponseWriter, r *http.Request) error {
	// The link is checked before the button shows; the GET changes nothing
	// (mail scanners open links).
	x, err := h.news.ConfirmTarget(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := &subscribeConfirmPage{Tabs: h.newsTabs(r, "/subscribe"), Action: r.URL.Path, Email: x.Email, Done: x.Status == news.SubConfirmed}
	return h.render(w, r, http.StatusOK, "subscribe_confirm", text("news.confirm_title"), p)
}

func (h *Handler) handleSubscribeConfirm(w http.ResponseWriter, r *http.Request) error {
	x, err := h.news.Confirm(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := &subscribeConfirmPage{Tabs: h.newsTabs(r, "/subscribe"), Email: x.Email, Done: true}
	return h.render(w, r, http.StatusOK, "subscribe_confirm", text("news.confirm_title"), p)
}

type unsubscribePage struct {
	Layout
	Tabs    []newsTab
	Action  string
	Email   string
	Done    bool
	Already bool
}

func (h *Handler) handleUnsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	x, err := h.news.UnsubscribeTarget(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	left := x.Status != news.SubPending && x.Status != news.SubConfirmed
	p := &unsubscribePage{Tabs: h.newsTabs(r, "/subscribe"), Action: r.URL.Path, Email: x.Email, Done: left, Already: left}
	return h.render(w, r, http.StatusOK, "subscribe_unsubscribe", text("news.unsubscribe_title"), p)
}

func (h *Handler) handleUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	x, already, err := h.news.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := &unsubscribePage{Tabs: h.newsTabs(r, "/subscribe"), Email: x.Email, Done: true, Already: already}
	return h.render(w, r, http.StatusOK, "subscribe_unsubscribe", text("news.unsubscribe_title"), p)
}
