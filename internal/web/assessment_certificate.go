package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
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
