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

// The public side of certificates (split from assessment_certificate.go):
// verification by code or number, and the register of valid certificates.

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
	head, err := h.part(lang, "verify/certificate-verify-head")
	if err != nil {
		return nil, err
	}
	formT, err := h.part(lang, "verify/certificate-verify-form")
	if err != nil {
		return nil, err
	}
	p.Tabs = certTabs(r, lang, "/verify")
	var top, form bytes.Buffer
	if err := head.Execute(&top, p); err != nil {
		return nil, fault.Internalf("web: render verify: %w", err)
	}
	if err := formT.Execute(&form, p); err != nil {
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
	result, err := h.part(lang, "verify/certificate-verify-result")
	if err != nil {
		return err
	}
	formT, err := h.part(lang, "verify/certificate-verify-form")
	if err != nil {
		return err
	}
	buf := h.bufs.Get().(*bytes.Buffer)
	defer h.bufs.Put(buf)
	buf.Reset()
	buf.Write(sh.head)
	buf.WriteString(uri)
	buf.Write(sh.mid)
	buf.Write(sh.top)
	if err := result.Execute(buf, p); err != nil {
		return fault.Internalf("web: render verify: %w", err)
	}
	if p.Q == "" {
		buf.Write(sh.form)
	} else if err := formT.Execute(buf, p); err != nil {
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
