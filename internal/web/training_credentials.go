package web

import (
	"net/http"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/training"
)

// ---- credentials ----

// credentialRow is a credential in a list.
type credentialRow struct {
	ID         training.CredentialID
	Href       string
	Number     string
	Holder     string
	Enterprise string
	Tool       string
	Level      string
	Course     string
	IssuedOn   time.Time
	ExpiresOn  *time.Time
	Status     string
	StatusText string
	Badge      string
}

func credentialRowOf(lang string, c *training.Credential, today time.Time) credentialRow {
	st := c.StatusOn(today)
	return credentialRow{ID: c.ID, Href: credentialHref(c.ID), Number: c.Number, Holder: c.HolderName, Enterprise: c.EnterpriseName,
		Tool: c.ToolName.In(lang), Level: c.Level.Label().In(lang), Course: c.CourseTitle, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn,
		Status: string(st), StatusText: st.Label().In(lang), Badge: credentialBadge(st)}
}

type trainingCredentialsPage struct {
	Layout
	Tabs        []trainingTab
	Tools       []option
	Levels      []option
	Statuses    []option
	Query       string
	Filtered    bool
	Credentials []credentialRow
	Pager       Pager
	Scope       string // whose credentials these are
}

func (h *Handler) handleCredentials(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	q := training.CredentialQuery{Tool: qs.Get("tool"), Level: levelParam(qs.Get("level")), Status: training.CredentialStatus(qs.Get("status")),
		Query: qs.Get("q"), Page: pageParam(qs), PerPage: 50}
	list, total, err := h.training.Credentials(ctx, q)
	if err != nil {
		return err
	}
	p := &trainingCredentialsPage{Tabs: h.trainingTabs(r, "/credentials"), Levels: levelOptions(lang, q.Level), Query: q.Query,
		Filtered: q.Tool != "" || q.Level != 0 || q.Status != "" || q.Query != "", Pager: newPager(r, q.Page, q.PerPage, total)}
	if p.Tools, err = h.toolOptions(r, q.Tool); err != nil {
		return err
	}
	for _, st := range []training.CredentialStatus{training.CredValid, training.CredExpired, training.CredRevoked} {
		p.Statuses = append(p.Statuses, option{Value: string(st), Label: st.Label().In(lang), Selected: st == q.Status})
	}
	switch {
	case auth.Can(a, auth.ActTrainingManage) && a.Role == auth.RoleProvince:
		p.Scope = fmtText(text("training.cred_scope_province"), "{p}", h.provinceName(a.ProvinceCode)).In(lang)
	case auth.Can(a, auth.ActTrainingManage):
		p.Scope = text("training.cred_scope_all").In(lang)
	case a.Role == auth.RoleEnterprise:
		p.Scope = text("training.cred_scope_enterprise").In(lang)
	default:
		p.Scope = text("training.cred_scope_own").In(lang)
	}
	today := h.training.Today()
	for _, c := range list {
		p.Credentials = append(p.Credentials, credentialRowOf(lang, c, today))
	}
	return h.render(w, r, http.StatusOK, "training_credentials", text("training.credentials_title"), p)
}

type trainingCredentialPage struct {
	Layout
	Tabs          []trainingTab
	Credential    credentialRow
	SessionHref   string
	CourseHref    string
	Issuer        string
	Province      string
	VerifyHref    string
	Validity      string
	RevokedAt     *time.Time
	RevokedReason string
	Version       int
	CanRevoke     bool
	Form          formErrors
	Reason        string
}

func (h *Handler) credentialPage(r *http.Request, id training.CredentialID, reason string, fe formErrors) (*trainingCredentialPage, *training.Credential, error) {
	ctx := r.Context()
	lang := h.lang(r)
	c, err := h.training.Credential(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p := &trainingCredentialPage{Tabs: h.trainingTabs(r, "/credentials"), Credential: credentialRowOf(lang, c, h.training.Today()),
		SessionHref: sessionHref(c.SessionID), CourseHref: courseHref(c.CourseID), Issuer: c.Issuer, Province: h.provinceName(c.ProvinceCode),
		VerifyHref: "/verify/" + c.Code, RevokedAt: c.RevokedAt, RevokedReason: c.RevokedReason, Version: c.Version,
		CanRevoke: h.training.MayRevoke(ctx, c), Form: fe, Reason: reason}
	return p, c, nil
}

func (h *Handler) handleCredentialShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, c, err := h.credentialPage(r, training.CredentialID(id), "", formErrors{})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "training_credential", fault.Text{Vi: "Chứng chỉ " + c.Number, En: "Credential " + c.Number}, p)
}

func (h *Handler) handleCredentialPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	b, name, err := h.training.CredentialPDF(r.Context(), training.CredentialID(id))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", attachment(name))
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	hd.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(b)
	return nil
}

func (h *Handler) handleCredentialRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	reason := formValue(r, "reason")
	_, err = h.training.RevokeCredential(r.Context(), training.CredentialID(id), version, reason)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p, c, perr := h.credentialPage(r, training.CredentialID(id), reason, newFormErrors(h.lang(r), err, nil))
		if perr != nil {
			return perr
		}
		return h.render(w, r, formStatus(err), "training_credential", fault.Text{Vi: "Chứng chỉ " + c.Number, En: "Credential " + c.Number}, p)
	}
	h.flash(r.Context(), "success", text("training.flash_revoked"))
	redirect(w, r, credentialHref(training.CredentialID(id)))
	return nil
}

// ---- an enterprise's certified practitioners ----

type practitionersPage struct {
	Layout
	Tabs          []trainingTab
	Enterprise    string
	EnterpriseURL string
	TaxCode       string
	ID            string
	Rows          []credentialRow
	ByTool        []practitionerCount
	Total         int
	Pager         Pager
	XLSX          string
	Ask           bool // no enterprise chosen: the form asks for one
}

// practitionerCount is how many practitioners an enterprise has of a tool.
type practitionerCount struct {
	Tool  string
	Count int
}

// practitionersOf reads ?enterprise= (an enterprise user's own firm by
// default).
func practitionersOf(r *http.Request) (registry.EnterpriseID, bool) {
	s := r.URL.Query().Get("enterprise")
	if s == "" {
		if a := auth.ActorFrom(r.Context()); a != nil && a.Role == auth.RoleEnterprise && a.EnterpriseID != 0 {
			return registry.EnterpriseID(a.EnterpriseID), true
		}
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, true
	}
	return registry.EnterpriseID(n), true
}

func (h *Handler) handlePractitioners(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	lang := h.lang(r)
	p := &practitionersPage{Tabs: h.trainingTabs(r, "/practitioners")}
	id, ok := practitionersOf(r)
	if !ok {
		p.Ask = true
		return h.render(w, r, http.StatusOK, "practitioners", text("training.practitioners_title"), p)
	}
	q := training.PractitionerQuery{Page: pageParam(r.URL.Query()), PerPage: 50}
	l, err := h.training.Practitioners(r.Context(), id, q)
	if err != nil {
		return err
	}
	e := l.Enterprise
	p.Enterprise, p.EnterpriseURL, p.TaxCode, p.ID = e.Name, entURL(e.ID), e.TaxCode, strconv.FormatInt(int64(e.ID), 10)
	p.XLSX = "/practitioners.xlsx?enterprise=" + p.ID
	p.Total, p.Pager = l.Total, newPager(r, q.Page, q.PerPage, l.Total)
	today := h.training.Today()
	for _, c := range l.Credentials {
		p.Rows = append(p.Rows, credentialRowOf(lang, c, today))
	}
	for _, tc := range l.ByTool {
		p.ByTool = append(p.ByTool, practitionerCount{Tool: tc.Name.In(lang), Count: tc.Count})
	}
	return h.render(w, r, http.StatusOK, "practitioners", fmtText(text("training.practitioners_of"), "{name}", e.Name), p)
}

func (h *Handler) handlePractitionersXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	id, ok := practitionersOf(r)
	if !ok {
		return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
	}
	q := training.PractitionerQuery{Page: 1, PerPage: training.MaxPractitionersPage}
	l, err := h.training.Practitioners(r.Context(), id, q)
	if err != nil {
		return err
	}
	e := l.Enterprise
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("training.practitioners_title"), File: "nguoi-thuc-hanh-" + e.TaxCode, Cols: []xlsxCol{
		{Label: text("training.holder"), Width: 28}, {Label: text("training.tool"), Width: 24}, {Label: text("training.level"), Width: 22},
		{Label: text("training.course"), Width: 40}, {Label: text("training.number"), Width: 24},
		{Label: text("training.issued_on"), Kind: xDate, Width: 13}, {Label: text("training.expires_on"), Kind: xDate, Width: 13}}}
	// Every page, until the sheet is full.
	for seen := 0; ; {
		for _, c := range l.Credentials {
			var exp any
			if c.ExpiresOn != nil {
				exp = *c.ExpiresOn
			}
			if !t.add(c.HolderName, c.ToolName.In(lang), c.Level.Label().In(lang), c.CourseTitle, c.Number, c.IssuedOn, exp) {
				return h.writeXLSX(w, r, t)
			}
		}
		seen += len(l.Credentials)
		if len(l.Credentials) < q.PerPage || seen >= l.Total {
			break
		}
		q.Page++
		if l, err = h.training.Practitioners(r.Context(), id, q); err != nil {
			return err
		}
	}
	return h.writeXLSX(w, r, t)
}
