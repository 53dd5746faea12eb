package web

import (
	"bytes"
	"context"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/httpx"
	"nscl/internal/seal"
	"nscl/internal/vn"
)

// The pages of recognition, certificates (PDF with QR), public verification
// and register, revocation. Authorization is the assessment service's; the
// pages only hide what the actor cannot do.

// registerCertificates registers the pages of this area.
func (h *Handler) registerCertificates(mux Router) {
	h.handle(mux, "GET /certificates", h.handleCertificates)
	h.handle(mux, "GET /certificates.xlsx", h.handleCertificatesXLSX)
	// {id} is the number, or the number and ".pdf" for the PDF.
	h.handle(mux, "GET /certificates/{id}", h.handleCertificateShow)
	h.handle(mux, "GET /certificates/{id}/qr.png", h.handleCertificateQR)
	h.handle(mux, "POST /certificates/{id}/revoke", h.handleCertificateRevoke)
	h.handle(mux, "GET /assessments/{id}/recognition", h.handleRecognitionForm)
	h.handle(mux, "POST /assessments/{id}/recognition", h.handleRecognise)
	h.handle(mux, "POST /assessments/{id}/recognition/decline", h.handleRecognitionDecline)
	// The verification pages anonymous visitors get, kept per handler.
	pages := &certPageCache{}
	h.handle(mux, "GET /verify", func(w http.ResponseWriter, r *http.Request) error { return h.handleVerifyForm(w, r, pages) })
	h.handle(mux, "GET /verify/{code}", func(w http.ResponseWriter, r *http.Request) error { return h.handleVerifyCode(w, r, pages) })
	h.handle(mux, "GET /certified", h.handleCertified)
}

// certificatePages lists this area's page templates with a zero model each.
func certificatePages() map[string]page {
	return map[string]page{
		"certificates":            &certificatesPage{},
		"certificate":             &certificatePage{},
		"certificate_recognition": &recognitionPage{},
		"verify":                  &verifyPage{},
		"verify_shell":            &verifyPage{},
		"certified":               &certifiedPage{},
	}
}

func certificateHref(id assessment.CertificateID) string {
	return "/certificates/" + strconv.FormatInt(int64(id), 10)
}

func recognitionHref(id assessment.AssessmentID) string {
	return "/assessments/" + strconv.FormatInt(int64(id), 10) + "/recognition"
}

// certTab is a tab of the certificates' pages.
type certTab struct {
	Href    string
	Label   string
	Current bool
}

// certTabs are the tabs of the certificates' pages: the list (for those
// who see certificates), the public register and the verification.
func certTabs(r *http.Request, lang, current string) []certTab {
	var tabs []certTab
	if auth.Can(auth.ActorFrom(r.Context()), auth.ActAssessmentView) {
		tabs = append(tabs, certTab{Href: "/certificates", Label: text("cert.tab_list").In(lang)})
	}
	tabs = append(tabs, certTab{Href: "/certified", Label: text("cert.tab_register").In(lang)},
		certTab{Href: "/verify", Label: text("cert.tab_verify").In(lang)})
	for i := range tabs {
		tabs[i].Current = tabs[i].Href == current
	}
	return tabs
}

// certRow is a certificate in a list or on its page.
type certRow struct {
	ID         assessment.CertificateID
	Href       string
	Number     string
	Enterprise string
	TaxCode    string
	Province   string
	Scheme     string
	Level      string
	Score      string
	IssuedOn   time.Time
	ExpiresOn  *time.Time
	Issuer     string
	Status     string
	StatusText string
	Badge      string
	Expiring   bool // valid, expiring within 90 days
	VerifyHref string
}

func certStatusBadge(st assessment.CertificateStatus) string {
	switch st {
	case assessment.CertValid:
		return "badge-ok"
	case assessment.CertRevoked:
		return "badge-danger"
	}
	return "badge-muted"
}

func (h *Handler) certRow(lang string, c *assessment.Certificate, today time.Time) certRow {
	st := c.StatusOn(today)
	row := certRow{ID: c.ID, Href: certificateHref(c.ID), Number: c.Number, Enterprise: c.EnterpriseName, TaxCode: c.TaxCode,
		Province: h.provinceName(c.ProvinceCode), Scheme: c.SchemeName.In(lang), Level: c.LevelName.In(lang),
		Score: vn.Decimal(c.ScorePct, 1) + " %", IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn, Issuer: c.Issuer, Status: string(st),
		StatusText: st.Label().In(lang), Badge: certStatusBadge(st), VerifyHref: "/verify/" + c.Code}
	row.Expiring = st == assessment.CertValid && c.ExpiresOn != nil && !c.ExpiresOn.After(today.AddDate(0, 0, assessment.ExpiryReminders[0]))
	return row
}

// ---- the list ----

// certAwaitingRow is an assessment awaiting recognition.
type certAwaitingRow struct {
	Href       string
	Enterprise string
	Province   string
	Scheme     string
	Level      string
	Score      string
	Assessor   string
	Submitted  *time.Time
}

type certificatesPage struct {
	Layout
	Tabs          []certTab
	Rows          []certRow
	Pager         Pager
	Query         string
	Schemes       []option
	Provinces     []option
	States        []option
	ShowProvince  bool
	Filtered      bool
	XLSX          string
	Awaiting      []certAwaitingRow
	AwaitingTotal int
	CanRecognise  bool
	NoSigner      bool
	IsEnterprise  bool
}

// certificateQuery reads the list's filters.
func certificateQuery(r *http.Request) assessment.CertificateQuery {
	q := r.URL.Query()
	cq := assessment.CertificateQuery{Search: q.Get("q"), SchemeCode: q.Get("scheme"), Province: q.Get("province"),
		State: assessment.CertificateState(q.Get("state")), Page: pageParam(q)}
	if !cq.State.Valid() {
		cq.State = ""
	}
	return cq
}

func (h *Handler) certSchemeOptions(ctx context.Context, lang, selected string) []option {
	schemes, err := h.assess.Schemes(ctx)
	if err != nil {
		return nil
	}
	out := make([]option, 0, len(schemes))
	for _, s := range schemes {
		out = append(out, option{Value: s.Code, Label: s.Name.In(lang), Selected: s.Code == selected})
	}
	return out
}

func (h *Handler) handleCertificates(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	q := certificateQuery(r)
	cs, total, err := h.assess.Certificates(ctx, q)
	if err != nil {
		return err
	}
	today := h.assess.Today()
	p := &certificatesPage{Tabs: certTabs(r, lang, "/certificates"), Query: q.Search, Schemes: h.certSchemeOptions(ctx, lang, q.SchemeCode),
		ShowProvince: a.Role != auth.RoleEnterprise && a.Role != auth.RoleProvince, IsEnterprise: a.Role == auth.RoleEnterprise,
		Filtered: q.Search != "" || q.SchemeCode != "" || q.Province != "" || q.State != "", XLSX: xlsxHref("/certificates.xlsx", r.URL.Query()),
		Pager: newPager(r, max(q.Page, 1), assessment.PageSize, total)}
	if p.ShowProvince {
		p.Provinces = h.provinceOptions(q.Province)
	}
	for _, st := range assessment.CertificateStates {
		p.States = append(p.States, option{Value: string(st), Label: st.Label().In(lang), Selected: st == q.State})
	}
	for _, c := range cs {
		p.Rows = append(p.Rows, h.certRow(lang, c, today))
	}
	if auth.Can(a, auth.ActCertificateManage) {
		p.CanRecognise, p.NoSigner = true, !h.assess.CanSign()
		xs, n, err := h.assess.AwaitingRecognition(ctx, 0, 50)
		if err != nil {
			return err
		}
		p.AwaitingTotal = n
		for _, x := range xs {
			p.Awaiting = append(p.Awaiting, certAwaitingRow{Href: recognitionHref(x.ID), Enterprise: x.EnterpriseName,
				Province: h.provinceName(x.ProvinceCode), Scheme: x.SchemeName.In(lang), Level: x.LevelCode,
				Score: vn.Decimal(x.ScorePct, 1) + " %", Assessor: x.AssessorName, Submitted: x.SubmittedAt})
		}
	}
	return h.render(w, r, http.StatusOK, "certificates", text("cert.list_title"), p)
}

func (h *Handler) handleCertificatesXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	lang := h.lang(r)
	cs, _, err := h.assess.CertificatesAll(r.Context(), certificateQuery(r), xlsxMaxRows+1)
	if err != nil {
		return err
	}
	today := h.assess.Today()
	t := &xlsxTable{Sheet: text("cert.list_title"), File: "giay-chung-nhan", Cols: []xlsxCol{
		{Label: text("cert.number"), Width: 18}, {Label: text("cert.enterprise"), Width: 40}, {Label: text("cert.tax_code"), Width: 14},
		{Label: text("cert.province"), Width: 16}, {Label: text("cert.scheme"), Width: 32}, {Label: text("cert.level"), Width: 24},
		{Label: text("cert.score_pct"), Kind: xDec}, {Label: text("cert.issued_on"), Kind: xDate, Width: 14},
		{Label: text("cert.expires_on"), Kind: xDate, Width: 14}, {Label: text("cert.issuer"), Width: 28},
		{Label: text("cert.status"), Width: 16}, {Label: text("cert.revoked_reason"), Width: 40}}}
	for _, c := range cs {
		var exp any
		if c.ExpiresOn != nil {
			exp = *c.ExpiresOn
		}
		if !t.add(c.Number, c.EnterpriseName, c.TaxCode, h.provinceName(c.ProvinceCode), c.SchemeName.In(lang), c.LevelName.In(lang),
			c.ScorePct, c.IssuedOn, exp, c.Issuer, c.StatusOn(today).Label().In(lang), c.RevokedReason) {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}

// ---- one certificate ----

type certificatePage struct {
	Layout
	Tabs           []certTab
	C              certRow
	SchemeVersion  int
	Signer         string
	SignerTitle    string
	DecisionNo     string
	DecisionDate   *time.Time
	RevokedAt      *time.Time
	RevokedReason  string
	VerifyURL      string
	QR             string
	PDF            string
	AssessmentHref string
	CanRevoke      bool
	Version        int
	Reason         string
	Form           formErrors
}

func (h *Handler) handleCertificateShow(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("id")
	if id, ok := strings.CutSuffix(raw, ".pdf"); ok {
		return h.certificatePDF(w, r, id)
	}
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderCertificate(w, r, http.StatusOK, assessment.CertificateID(id), "", formErrors{})
}

func (h *Handler) renderCertificate(w http.ResponseWriter, r *http.Request, status int, id assessment.CertificateID, reason string, fe formErrors) error {
	ctx := r.Context()
	d, err := h.assess.Certificate(ctx, id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &certificatePage{Tabs: certTabs(r, lang, ""), C: h.certRow(lang, d.Certificate, h.assess.Today()), SchemeVersion: d.VersionNo,
		Signer: d.Signer, SignerTitle: d.SignerTitle, DecisionNo: d.DecisionNo, DecisionDate: d.DecisionDate, RevokedAt: d.RevokedAt,
		RevokedReason: d.RevokedReason, VerifyURL: h.assess.VerifyURL(d.Code), QR: certificateHref(d.ID) + "/qr.png",
		PDF: certificateHref(d.ID) + ".pdf", AssessmentHref: "/assessments/" + strconv.FormatInt(int64(d.AssessmentID), 10),
		CanRevoke: h.assess.MayRevoke(ctx, d.Certificate), Version: d.Version, Reason: reason, Form: fe}
	return h.render(w, r, status, "certificate", fault.Text{Vi: "Giấy chứng nhận " + d.Number, En: "Certificate " + d.Number}, p)
}

func (h *Handler) certificatePDF(w http.ResponseWriter, r *http.Request, raw string) error {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
	}
	if _, err := actor(r); err != nil {
		return err
	}
	b, c, err := h.assess.CertificatePDF(r.Context(), assessment.CertificateID(id))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", attachment("giay-chung-nhan-"+c.Number+".pdf"))
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
	return nil
}

func (h *Handler) handleCertificateQR(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	b, err := h.assess.CertificateQR(r.Context(), assessment.CertificateID(id))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "image/png")
	hd.Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(b)
	return nil
}

func (h *Handler) handleCertificateRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	reason := formValue(r, "reason")
	c, err := h.assess.Revoke(r.Context(), assessment.CertificateID(id), assessment.ReasonInput{Version: version, Reason: reason})
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderCertificate(w, r, formStatus(err), assessment.CertificateID(id), reason, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("cert.flash_revoked"))
	redirect(w, r, certificateHref(c.ID))
	return nil
}

// ---- recognition ----

type recognitionPage struct {
	Layout
	Tabs           []assessmentTab
	AssessmentHref string
	Enterprise     string
	TaxCode        string
	Province       string
	Scheme         string
	SchemeVersion  int
	Level          string
	Score          string
	Assessor       string
	Submitted      *time.Time
	Status         string
	StatusText     string
	Issuer         string
	CanDecide      bool
	NoSigner       bool
	Certificate    *certRow
	Declined       bool
	DeclineReason  string
	Version        int
	In             assessment.RecognitionInput
	Form           formErrors
	Reason         string
	Decline        formErrors
	// The assessor's accreditation on the scheme: its number and
	// validity, or why it does not allow recognising (then only a
	// decline is offered).
	Accreditation        *certAccreditation
	AccreditationProblem string
}

// certAccreditation is an assessor's accreditation as the recognition
// form shows it.
type certAccreditation struct {
	Number     string
	GrantedOn  time.Time
	ExpiresOn  time.Time
	StatusText string
}

func (h *Handler) renderRecognition(w http.ResponseWriter, r *http.Request, status int, id assessment.AssessmentID,
	in *assessment.RecognitionInput, fe formErrors, reason string, de formErrors) error {
	ctx := r.Context()
	rc, err := h.assess.Recognition(ctx, id)
	if err != nil {
		return err
	}
	a := auth.ActorFrom(ctx)
	lang := h.lang(r)
	x := rc.Assessment
	p := &recognitionPage{Tabs: assessmentTabs(x, "/recognition", lang), AssessmentHref: "/assessments/" + strconv.FormatInt(int64(x.ID), 10),
		Enterprise: x.EnterpriseName, TaxCode: x.TaxCode, Province: h.provinceName(x.ProvinceCode), Scheme: x.SchemeName.In(lang),
		SchemeVersion: x.VersionNo, Level: rc.LevelName.In(lang), Score: vn.Decimal(x.ScorePct, 1) + " %", Assessor: x.AssessorName,
		Submitted: x.SubmittedAt, Status: string(x.Status), StatusText: x.Status.Label().In(lang), Issuer: rc.Issuer,
		CanDecide: rc.CanDecide, NoSigner: !h.assess.CanSign(), Version: x.Version, Form: fe, Reason: reason, Decline: de,
		Declined: x.Status == assessment.StatusNotRecognised, DeclineReason: x.RecognitionNote}
	if x.LevelCode == "" {
		p.Level = text("cert.no_level").In(lang)
	}
	if acc := rc.Accreditation; acc != nil {
		p.Accreditation = &certAccreditation{Number: acc.Number, GrantedOn: acc.GrantedOn, ExpiresOn: acc.ExpiresOn, StatusText: acc.Status.Label().In(lang)}
	}
	p.AccreditationProblem = rc.AccreditationProblem.In(lang)
	if rc.Certificate != nil {
		row := h.certRow(lang, rc.Certificate, h.assess.Today())
		p.Certificate = &row
	}
	if in != nil {
		p.In = *in
	} else {
		p.In = assessment.RecognitionInput{DecisionDate: vn.Date(h.assess.Today()), SignerTitle: "KT. BỘ TRƯỞNG – THỨ TRƯỞNG"}
		if a.Role == auth.RoleProvince {
			p.In.SignerTitle = "KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC"
		}
	}
	return h.render(w, r, status, "certificate_recognition", fault.Text{Vi: "Công nhận · " + x.EnterpriseName, En: "Recognition · " + x.EnterpriseName}, p)
}

func (h *Handler) handleRecognitionForm(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderRecognition(w, r, http.StatusOK, assessment.AssessmentID(id), nil, formErrors{}, "", formErrors{})
}

func certRecognitionForm(r *http.Request) assessment.RecognitionInput {
	version, _ := strconv.Atoi(formValue(r, "version"))
	return assessment.RecognitionInput{Version: version, DecisionNo: formValue(r, "decision_no"), DecisionDate: formValue(r, "decision_date"),
		SignerName: formValue(r, "signer_name"), SignerTitle: formValue(r, "signer_title"), Note: formValue(r, "note")}
}

func (h *Handler) handleRecognise(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in := certRecognitionForm(r)
	keep := in
	c, err := h.assess.Recognise(r.Context(), assessment.AssessmentID(id), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderRecognition(w, r, formStatus(err), assessment.AssessmentID(id), &keep, newFormErrors(h.lang(r), err, nil), "", formErrors{})
	}
	h.flash(r.Context(), "success", fmtText(text("cert.flash_issued"), "{number}", c.Number))
	redirect(w, r, certificateHref(c.ID))
	return nil
}

func (h *Handler) handleRecognitionDecline(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	reason := formValue(r, "reason")
	x, err := h.assess.Decline(r.Context(), assessment.AssessmentID(id), assessment.ReasonInput{Version: version, Reason: reason})
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderRecognition(w, r, formStatus(err), assessment.AssessmentID(id), nil, formErrors{}, reason, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("cert.flash_declined"))
	redirect(w, r, recognitionHref(x.ID))
	return nil
}

// ---- public verification ----

// certDocView is a verified document as the page shows it.
type certDocView struct {
	Credential    bool
	Number        string
	Holder        string
	TaxCode       string
	Enterprise    string
	Province      string
	Scheme        string
	Level         string
	Course        string
	Score         string
	IssuedOn      time.Time
	ExpiresOn     *time.Time
	Issuer        string
	Status        string
	StatusText    string
	Badge         string
	RevokedAt     *time.Time
	RevokedReason string
	Link          string // the document's verification page
}

type verifyPage struct {
	Layout
	Tabs     []certTab
	Q        string
	Doc      *certDocView
	NotFound string // the one not-found answer
	TooMany  string
	Register bool // the register's link (for a valid certificate)
}

// certCredentialCheck adapts training's credential look-up for the
// verification (nil without the training service).
func (h *Handler) certCredentialCheck() assessment.CredentialCheck {
	if h.training == nil {
		return nil
	}
	return func(ctx context.Context, number string) (*assessment.PublicDocument, seal.Payload, error) {
		c, err := h.training.CredentialForVerify(ctx, number)
		if err != nil {
			return nil, seal.Payload{}, err
		}
		return &assessment.PublicDocument{Kind: seal.KindCredential, Number: c.Number, Holder: c.HolderName, Enterprise: c.Enterprise,
			Scheme: c.ToolName, SchemeCode: c.ToolCode, Level: c.LevelName, LevelCode: c.Level, Course: c.CourseName, IssuedOn: c.IssuedOn,
			ExpiresOn: c.ExpiresOn, Issuer: c.Issuer, Status: assessment.CertificateStatus(c.Status), RevokedAt: c.RevokedAt,
			RevokedReason: c.RevokedReason, Code: c.Code}, c.Sealed, nil
	}
}

func (h *Handler) certDoc(lang string, d *assessment.PublicDocument) *certDocView {
	v := &certDocView{Credential: d.Kind == seal.KindCredential, Number: d.Number, Holder: d.Holder, TaxCode: d.TaxCode, Enterprise: d.Enterprise,
		Scheme: d.Scheme.In(lang), Level: d.Level.In(lang), Course: d.Course.In(lang), IssuedOn: d.IssuedOn, ExpiresOn: d.ExpiresOn,
		Issuer: d.Issuer, Status: string(d.Status), StatusText: d.Status.Label().In(lang), Badge: certStatusBadge(d.Status),
		RevokedAt: d.RevokedAt, RevokedReason: d.RevokedReason}
	if d.ProvinceCode != "" {
		v.Province = h.provinceName(d.ProvinceCode)
	}
	if d.ScorePct > 0 {
		v.Score = vn.Decimal(d.ScorePct, 1) + " %"
	}
	if d.Code != "" {
		v.Link = "/verify/" + d.Code
	}
	return v
}

// certPageCache holds what the verification pages anonymous visitors get
// are made of: the site's layout around the page, per language (its only
// part that varies is the language switch's return path), and the whole
// pages of genuine documents, keyed by language, URL and what may change
// of the document (its status, revocation date and reason): a page is
// reused only while the service's answer is the same, so a revocation or
// an expiry shows as soon as the service reports it. At most
// certPagesMax pages are kept; when full, an eighth make room.
type certPageCache struct {
	mu     sync.RWMutex
	m      map[string][]byte
	shells map[string]*certShell
	// seen holds the hashes of the keys asked once: a page is kept on
	// its second request only, so that codes checked once (most of them)
	// do not churn the pages of those checked again and again.
	seen map[uint64]struct{}
}

const (
	certPagesMax = 2048
	certSeenMax  = 4 * certPagesMax
)

// certShell is the layout of a verification page for an anonymous
// visitor without a flash message, in one language, cut where the
// language switch's return path and the page's content go; with the
// parts of the content that do not change: its head (the tabs and the
// heading) and the look-up form without a query.
type certShell struct {
	head, mid, tail []byte
	top, form       []byte
}

// The markers the shell is rendered with, then cut at.
const (
	certShellPath    = "/verify/nscl-shell-path"
	certShellContent = "<nscl-verify-content></nscl-verify-content>"
)

func (c *certPageCache) get(k string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.m[k]
	return b, ok
}

// admit reports whether the page of key k is worth keeping: true from its
// second request on (among the last certSeenMax keys asked).
func (c *certPageCache) admit(k string) bool {
	hf := fnv.New64a()
	_, _ = hf.Write([]byte(k))
	sum := hf.Sum64()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.seen[sum]; ok {
		return true
	}
	if c.seen == nil || len(c.seen) >= certSeenMax {
		c.seen = map[uint64]struct{}{}
	}
	c.seen[sum] = struct{}{}
	return false
}

func (c *certPageCache) put(k string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]byte{}
	}
	if len(c.m) >= certPagesMax {
		n := certPagesMax / 8
		for k := range c.m {
			if n == 0 {
				break
			}
			delete(c.m, k)
			n--
		}
	}
	c.m[k] = b
}

// shell returns the layout of lang's verification pages, rendering it the
// first time.
func (c *certPageCache) shell(h *Handler, r *http.Request, lang string) (*certShell, error) {
	c.mu.RLock()
	sh := c.shells[lang]
	c.mu.RUnlock()
	if sh != nil {
		return sh, nil
	}
	p := &verifyPage{}
	h.fill(r, &p.Layout, text("cert.verify_title"), false)
	p.Lang, p.Actor, p.Flash, p.CurrentPath, p.RequestID = lang, nil, nil, certShellPath, ""
	var buf bytes.Buffer
	if err := h.execute(&buf, "verify_shell", p); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	i := bytes.Index(b, []byte(certShellPath))
	j := bytes.Index(b, []byte(certShellContent))
	if i < 0 || j < i || bytes.Count(b, []byte(certShellPath)) != 1 || bytes.Count(b, []byte(certShellContent)) != 1 {
		return nil, fault.Internalf("web: the verification page's layout has no single place for its path and content")
	}
	sh = &certShell{head: b[:i:i], mid: b[i+len(certShellPath) : j : j], tail: b[j+len(certShellContent):]}
	t, ok := h.pages[langOf(lang)]["verify"]
	if !ok {
		return nil, fault.Internalf("web: no page %q", "verify")
	}
	p.Tabs = certTabs(r, lang, "/verify")
	var top, form bytes.Buffer
	if err := t.ExecuteTemplate(&top, "certificate-verify-head", p); err != nil {
		return nil, fault.Internalf("web: render verify: %w", err)
	}
	if err := t.ExecuteTemplate(&form, "certificate-verify-form", p); err != nil {
		return nil, fault.Internalf("web: render verify: %w", err)
	}
	sh.top, sh.form = top.Bytes(), form.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shells == nil {
		c.shells = map[string]*certShell{}
	}
	c.shells[lang] = sh
	return sh, nil
}

// certPlainURI reports whether a request URI is written the same escaped
// in an HTML attribute as not: the shell's return path is spliced in
// as it is.
func certPlainURI(s string) bool {
	if s == "" || len(s) > 2048 || s[0] != '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/%?=", c) >= 0) {
			return false
		}
	}
	return true
}

// certPageKey is the cache key of a document's page for r in lang.
func certPageKey(r *http.Request, lang string, d *assessment.PublicDocument) string {
	var revoked int64
	if d.RevokedAt != nil {
		revoked = d.RevokedAt.UnixMicro()
	}
	return lang + "\x00" + r.URL.RequestURI() + "\x00" + string(d.Status) + "\x00" + strconv.FormatInt(revoked, 10) + "\x00" + d.RevokedReason
}

// renderVerify shows the outcome of a look-up: the document, or the one
// not-found answer (404), or the rate limit's (429). For an anonymous
// visitor without a flash message, the page is its content in the
// language's layout rendered once (certPageCache.shell), and a genuine
// document's whole page comes from pages when it was rendered before with
// the same answer.
func (h *Handler) renderVerify(w http.ResponseWriter, r *http.Request, pages *certPageCache, q string, d *assessment.PublicDocument, err error) error {
	lang := h.lang(r)
	p := &verifyPage{Q: q}
	status := http.StatusOK
	switch {
	case err == nil && d != nil:
		p.Doc = h.certDoc(lang, d)
		p.Register = d.Kind == seal.KindCertificate && d.Status == assessment.CertValid
	case fault.Is(err, fault.NotFound):
		status, p.NotFound = http.StatusNotFound, fault.MessageOf(err).In(lang)
	case fault.Is(err, fault.TooMany):
		status, p.TooMany = http.StatusTooManyRequests, fault.MessageOf(err).In(lang)
		w.Header().Set("Retry-After", "600")
	case err != nil:
		return err
	}
	uri := r.URL.RequestURI()
	if pages == nil || !auth.ActorFrom(r.Context()).IsAnonymous() || !certPlainURI(uri) {
		p.Tabs = certTabs(r, lang, "/verify")
		return h.render(w, r, status, "verify", text("cert.verify_title"), p)
	}
	if f := h.popFlash(r.Context()); f != nil {
		p.Tabs = certTabs(r, lang, "/verify")
		h.fill(r, &p.Layout, text("cert.verify_title"), false)
		p.Flash = &Flash{Kind: f.Kind, Text: f.Text.In(lang)}
		return h.write(w, status, "verify", p)
	}
	key := ""
	if p.Doc != nil {
		key = certPageKey(r, lang, d)
		if b, ok := pages.get(key); ok {
			writeHTML(w, status, b)
			return nil
		}
	}
	sh, err := pages.shell(h, r, lang)
	if err != nil {
		return err
	}
	t, ok := h.pages[langOf(lang)]["verify"]
	if !ok {
		return fault.Internalf("web: no page %q", "verify")
	}
	buf := h.bufs.Get().(*bytes.Buffer)
	defer h.bufs.Put(buf)
	buf.Reset()
	buf.Write(sh.head)
	buf.WriteString(uri)
	buf.Write(sh.mid)
	buf.Write(sh.top)
	if err := t.ExecuteTemplate(buf, "certificate-verify-result", p); err != nil {
		return fault.Internalf("web: render verify: %w", err)
	}
	if p.Q == "" {
		buf.Write(sh.form)
	} else if err := t.ExecuteTemplate(buf, "certificate-verify-form", p); err != nil {
		return fault.Internalf("web: render verify: %w", err)
	}
	buf.Write(sh.tail)
	if key != "" && pages.admit(key) {
		pages.put(key, bytes.Clone(buf.Bytes()))
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

// langOf is the language of a page's templates.
func langOf(lang string) string {
	if lang != "en" {
		return "vi"
	}
	return lang
}

// handleVerifyForm is the verification form; with ?q= it looks up a
// number, or sends a pasted code or link to its verification page.
func (h *Handler) handleVerifyForm(w http.ResponseWriter, r *http.Request, pages *certPageCache) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return h.renderVerify(w, r, nil, "", nil, nil)
	}
	if len(q) > seal.MaxCodeLen+200 {
		q = q[:seal.MaxCodeLen+200]
	}
	if code, ok := assessment.CodeOf(q); ok {
		redirect(w, r, "/verify/"+code)
		return nil
	}
	d, err := h.assess.VerifyNumber(r.Context(), q, httpx.ClientIP(r), h.certCredentialCheck())
	return h.renderVerify(w, r, pages, q, d, err)
}

// handleVerifyCode is the page a certificate's QR code opens.
func (h *Handler) handleVerifyCode(w http.ResponseWriter, r *http.Request, pages *certPageCache) error {
	d, err := h.assess.VerifyCode(r.Context(), r.PathValue("code"), httpx.ClientIP(r), h.certCredentialCheck())
	return h.renderVerify(w, r, pages, "", d, err)
}

// ---- the public register ----

type certifiedPage struct {
	Layout
	Tabs      []certTab
	Rows      []certDocRow
	Pager     Pager
	Query     string
	Schemes   []option
	Provinces []option
	Filtered  bool
}

// certDocRow is a certificate of the register.
type certDocRow struct {
	Number    string
	Holder    string
	TaxCode   string
	Province  string
	Scheme    string
	Level     string
	IssuedOn  time.Time
	ExpiresOn *time.Time
	Issuer    string
	Link      string
}

func (h *Handler) handleCertified(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	v := r.URL.Query()
	q := assessment.RegisterQuery{Search: v.Get("q"), SchemeCode: v.Get("scheme"), Province: v.Get("province"), Page: pageParam(v)}
	if _, ok := h.geo.Province(q.Province); !ok {
		q.Province = ""
	}
	docs, total, err := h.assess.Register(ctx, q)
	if err != nil {
		return err
	}
	p := &certifiedPage{Tabs: certTabs(r, lang, "/certified"), Query: q.Search, Schemes: h.certSchemeOptions(ctx, lang, q.SchemeCode),
		Provinces: h.provinceOptions(q.Province), Filtered: q.Search != "" || q.SchemeCode != "" || q.Province != "",
		Pager: newPager(r, max(q.Page, 1), assessment.PageSize, total)}
	for _, d := range docs {
		p.Rows = append(p.Rows, certDocRow{Number: d.Number, Holder: d.Holder, TaxCode: d.TaxCode, Province: h.provinceName(d.ProvinceCode),
			Scheme: d.Scheme.In(lang), Level: d.Level.In(lang), IssuedOn: d.IssuedOn, ExpiresOn: d.ExpiresOn, Issuer: d.Issuer,
			Link: "/verify/" + url.PathEscape(d.Code)})
	}
	return h.render(w, r, http.StatusOK, "certified", text("cert.register_title"), p)
}
