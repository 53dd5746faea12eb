package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/contest"
	"nscl/internal/diagnosis"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/library"
	"nscl/internal/mail"
	"nscl/internal/matching"
	"nscl/internal/news"
	"nscl/internal/portal"
	"nscl/internal/programme"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/training"
	"nscl/internal/vn"
)

//go:embed templates static
var files embed.FS

// SystemStatus is what the system status page shows. cmd fills it.
type SystemStatus struct {
	DBDriver         string        // "sqlite" or "postgres"
	MigrationCurrent int64         // applied schema version
	MigrationTarget  int64         // newest embedded schema version
	RiverOK          bool          // the job queue is migrated and running
	RiverMessage     string        // details when RiverOK is false
	Version          string        // build version
	Uptime           time.Duration // since the process started
	Users            int           // number of accounts
	Enterprises      int           // number of enterprises in the registry
}

// Deps are the services the pages use. Every field is required except
// Status (the system page then shows an empty status) and Log.
type Deps struct {
	Auth     *auth.Service
	Authn    *httpx.Authenticator
	AuditLog *auth.AuditReader
	Mail     *mail.Service
	Registry *registry.Service
	Jobs     *jobs.Service
	Geo      *geo.Table
	Quality  *quality.Service // optional: without it the quality pages are not served
	// The ecosystem (issue 4). Each is optional: without it its pages are
	// not served and its navigation entry is hidden.
	Catalog   *catalog.Service
	Directory *directory.Service
	Diagnosis *diagnosis.Service
	Matching  *matching.Service
	// The programme (issue 5), optional like the ecosystem.
	Programme *programme.Service
	// Assessment and certification, and training (issue 6), optional
	// like the ecosystem.
	Assessment *assessment.Service
	Training   *training.Service
	// Contests and the honour roll, the case library, news and
	// newsletters, the portal (issue 8), optional like the ecosystem.
	Contest *contest.Service
	Library *library.Service
	News    *news.Service
	Portal  *portal.Service
	// BaseURL is the platform's public address, for absolute links in
	// Open Graph tags and feeds ("" uses the request's host).
	BaseURL string
	Log     *slog.Logger
	Status  func(ctx context.Context) SystemStatus
}

// Handler serves the pages. Build it with New.
type Handler struct {
	auth      *auth.Service
	authn     *httpx.Authenticator
	auditLog  *auth.AuditReader
	mail      *mail.Service
	registry  *registry.Service
	jobs      *jobs.Service
	geo       *geo.Table
	quality   *quality.Service
	catalog   *catalog.Service
	directory *directory.Service
	diagnosis *diagnosis.Service
	matching  *matching.Service
	programme *programme.Service
	assess    *assessment.Service
	training  *training.Service
	contest   *contest.Service
	library   *library.Service
	news      *news.Service
	portal    *portal.Service
	baseURL   string
	log       *slog.Logger
	status    func(ctx context.Context) SystemStatus
	// bufs holds page buffers, so that rendering does not grow a new
	// buffer from nothing on every request.
	bufs sync.Pool
	// public caches the bytes of public pages (see renderPublic).
	publicMu sync.RWMutex
	public   map[string][]byte

	tmpl   map[string]func() (*templates, error) // lang → its templates, parsed once
	assets map[string]string                     // "app.css" → "/static/app.css?v=…"
	static fs.FS
}

// langs are the languages of the platform, Vietnamese first.
var langs = []string{"vi", "en"}

// New parses the embedded templates (failing if any is missing or broken)
// and returns the Handler.
func New(d Deps) (*Handler, error) {
	if d.Auth == nil || d.Authn == nil || d.AuditLog == nil || d.Mail == nil || d.Registry == nil || d.Jobs == nil || d.Geo == nil {
		return nil, errors.New("web: New: a required dependency is nil")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Status == nil {
		d.Status = func(context.Context) SystemStatus { return SystemStatus{} }
	}
	h := &Handler{auth: d.Auth, authn: d.Authn, auditLog: d.AuditLog, mail: d.Mail, registry: d.Registry,
		jobs: d.Jobs, geo: d.Geo, quality: d.Quality, log: d.Log, status: d.Status,
		catalog: d.Catalog, directory: d.Directory, diagnosis: d.Diagnosis, matching: d.Matching, programme: d.Programme,
		assess: d.Assessment, training: d.Training,
		contest: d.Contest, library: d.Library, news: d.News, portal: d.Portal, baseURL: strings.TrimSuffix(d.BaseURL, "/"),
		bufs:   sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 16<<10)) }},
		public: map[string][]byte{}}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	return h, nil
}

// loadAssets computes a content hash for every static file, so that asset
// URLs change when the file does and may be cached for a year.
func (h *Handler) loadAssets() error {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		return fmt.Errorf("web: static files: %w", err)
	}
	h.static = sub
	h.assets = map[string]string{}
	return fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return fmt.Errorf("web: read static %s: %w", p, err)
		}
		sum := sha256.Sum256(b)
		h.assets[p] = "/static/" + p + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
}

// parseTemplates parses the layout, the fragments and each page, once per
// language (the t and label functions are bound to the language), and checks
// that every page model has its template and every template its model.
func (h *Handler) parseTemplates() error {
	names, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return fmt.Errorf("web: list templates: %w", err)
	}
	models := pageModels()
	found := map[string]bool{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		found[name] = true
		if _, ok := models[name]; !ok {
			return fmt.Errorf("web: template %s has no page model", name)
		}
	}
	for name := range models {
		if !found[name] {
			return fmt.Errorf("web: page %s has no template", name)
		}
	}
	// The fragments: partials.html, and an area's own partials_<area>.html.
	partials, err := fs.Glob(files, "templates/partials*.html")
	if err != nil {
		return fmt.Errorf("web: list partials: %w", err)
	}
	// Vietnamese, the default, is parsed now (a broken template stops the
	// start); English when first asked for: about 3 MB of parse trees an
	// idle server, or one whose users all read Vietnamese, does not hold.
	// TestTemplates_RenderZeroValue renders every page in both languages.
	h.tmpl = map[string]func() (*templates, error){}
	for _, lang := range langs {
		h.tmpl[lang] = sync.OnceValues(func() (*templates, error) { return h.parseLang(lang, names, partials) })
	}
	_, err = h.tmpl["vi"]()
	return err
}

// templatesIn returns the parsed templates of lang (Vietnamese for any
// other than English).
func (h *Handler) templatesIn(lang string) (*templates, error) {
	return h.tmpl[langOf(lang)]()
}

// templates are one language's parsed templates: one set holding the
// layout, every partial and every page, each parse tree once.
type templates struct {
	set         *template.Template
	top, bottom *template.Template            // the layout around a page's content
	pages       map[string]*template.Template // page name → its "content"
	parts       map[string]*template.Template // "<page>/<name>" → a page's own template
}

// parseLang parses the layout, the fragments and every page for lang into
// one set. A page's own definitions ("content" and any other) are renamed
// "<page>/<name>" so that pages do not collide, and a page is rendered as
// the layout's top, the page's content and the layout's bottom. (Giving
// each page its own clone of the layout and partials instead costs memory
// as pages × partials: html/template copies every parse tree of a set for
// each clone; that was 84 MB of templates for 152 pages, then 23 MB with
// only the partials a page calls, and is a few MB this way.)
func (h *Handler) parseLang(lang string, names, partials []string) (*templates, error) {
	set := template.New("base").Funcs(h.funcs(lang))
	for _, f := range append([]string{"templates/layout.html"}, partials...) {
		if err := h.parseFile(set, lang, f); err != nil {
			return nil, err
		}
	}
	ts := &templates{set: set, top: set.Lookup("layout-top"), bottom: set.Lookup("layout-bottom"),
		pages: map[string]*template.Template{}, parts: map[string]*template.Template{}}
	if ts.top == nil || ts.bottom == nil {
		return nil, errors.New("web: layout.html defines no \"layout-top\" or \"layout-bottom\"")
	}
	for _, n := range names {
		src, err := h.source(lang, n)
		if err != nil {
			return nil, err
		}
		page := strings.TrimSuffix(path.Base(n), ".html")
		src, own := pageLocal(page, src)
		if err := parseSource(set, n, src); err != nil {
			return nil, err
		}
		for _, name := range own {
			ts.parts[name] = set.Lookup(name)
		}
		if ts.pages[page] = ts.parts[page+"/content"]; ts.pages[page] == nil {
			return nil, fmt.Errorf("web: %s defines no \"content\"", n)
		}
	}
	return ts, nil
}

// pageLocal renames the templates a page file defines, and its calls of
// them, to "<page>/<name>"; it returns the new source and the renamed
// names. Calls of shared partials are left as they are.
func pageLocal(page, src string) (string, []string) {
	defined := namesIn(templateDefine, src)
	src = templateRef.ReplaceAllStringFunc(src, func(ref string) string {
		m := templateRef.FindStringSubmatch(ref)
		if !slices.Contains(defined, m[2]) {
			return ref
		}
		return m[1] + page + "/" + m[2] + `"`
	})
	own := make([]string, len(defined))
	for i, name := range defined {
		own[i] = page + "/" + name
	}
	return src, own
}

// part returns a template a page defines, by its renamed name
// ("verify/certificate-verify-form"), in lang.
func (h *Handler) part(lang, name string) (*template.Template, error) {
	ts, err := h.templatesIn(lang)
	if err != nil {
		return nil, fault.Internalf("web: templates: %w", err)
	}
	if t := ts.parts[name]; t != nil {
		return t, nil
	}
	return nil, fault.Internalf("web: no page template %q", name)
}

// constantCall matches {{t "key"}} and {{asset "file"}}: calls whose result
// depends only on the language, which parseFile resolves once.
var constantCall = regexp.MustCompile(`\{\{\s*(t|asset)\s+"([^"{}]+)"\s*\}\}`)

// parseFile adds one template file to t for lang. The constant calls are
// replaced by their HTML-escaped text before parsing, so a page does not pay
// a reflective function call for each fixed label on every request (the
// login page went from 50 µs to a fraction of that).
func (h *Handler) parseFile(t *template.Template, lang, file string) error {
	src, err := h.source(lang, file)
	if err != nil {
		return err
	}
	return parseSource(t, file, src)
}

// source reads a template file for lang, its constant calls resolved.
func (h *Handler) source(lang, file string) (string, error) {
	b, err := fs.ReadFile(files, file)
	if err != nil {
		return "", fmt.Errorf("web: read %s: %w", file, err)
	}
	var firstErr error
	src := constantCall.ReplaceAllStringFunc(string(b), func(call string) string {
		m := constantCall.FindStringSubmatch(call)
		var v string
		if m[1] == "t" {
			v = text(m[2]).In(lang)
		} else if v, err = h.asset(m[2]); err != nil && firstErr == nil {
			firstErr = err
		}
		return html.EscapeString(v)
	})
	if firstErr != nil {
		return "", fmt.Errorf("web: %s: %w", file, firstErr)
	}
	return src, nil
}

// parseSource adds a template file's source to t.
func parseSource(t *template.Template, file, src string) error {
	if _, err := t.New(path.Base(file)).Parse(src); err != nil {
		return fmt.Errorf("web: parse %s: %w", file, err)
	}
	return nil
}

// templateDefine finds the names a template file defines, templateRef
// every name it defines or calls (the part before the name, then the name).
// Template names are constants in Go templates, so both are complete.
var (
	templateDefine = regexp.MustCompile(`\{\{-?\s*(?:define|block)\s+"([^"]+)"`)
	templateRef    = regexp.MustCompile(`(\{\{-?\s*(?:define|template|block)\s+")([^"]+)"`)
)

// namesIn returns the names re finds in src.
func namesIn(re *regexp.Regexp, src string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1])
	}
	return out
}

// funcs returns the template functions for lang.
func (h *Handler) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":        func(key string) string { return text(key).In(lang) },
		"label":    func(t fault.Text) string { return t.In(lang) },
		"date":     func(v any) string { return vn.Date(timeOf(v)) },
		"datetime": func(v any) string { return vn.DateTime(timeOf(v)) },
		"money":    func(v int64) string { return vn.Money(v) },
		"int":      func(v any) string { return vn.Int(int64Of(v)) },
		"asset":    h.asset,
	}
}

// asset returns the versioned URL of a static file, e.g. "app.css".
func (h *Handler) asset(name string) (string, error) {
	if u, ok := h.assets[name]; ok {
		return u, nil
	}
	return "", fmt.Errorf("web: no static file %q", name)
}

func timeOf(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case *time.Time:
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

func int64Of(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	case int32:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}

// Layout is what every page shows around its content. Each page struct
// embeds it; render fills it.
type Layout struct {
	Lang        string      // "vi" or "en"
	Actor       *auth.Actor // nil for an anonymous visitor
	Nav         []NavItem
	Flash       *Flash
	Title       string
	CurrentPath string // the request's path and query, for the language switch
	RequestID   string
	Charts      bool // the page draws ECharts charts: load the library
	// Meta, when set, adds a description, Open Graph tags (for pages
	// shared on social networks), a canonical URL and alternate links
	// (e.g. an Atom feed) to the page's head.
	Meta *PageMeta
}

// PageMeta is what a public page says of itself to search engines and
// social networks. URL and Image are absolute URLs.
type PageMeta struct {
	Description string
	URL         string
	Image       string
	Type        string // Open Graph type: "website" (default) or "article"
	Alternates  []AltLink
}

// AltLink is a <link rel="alternate">, e.g. the news' Atom feed.
type AltLink struct {
	Type, Title, Href string
}

func (l *Layout) layout() *Layout { return l }

// IsEN reports whether the page is in English.
func (l Layout) IsEN() bool { return l.Lang == "en" }

// NavItem is one link of the main navigation.
type NavItem struct {
	Label   string
	Href    string
	Current bool
}

// Flash is a one-time message in the page's language.
type Flash struct {
	Kind string // "success", "error", "info"
	Text string
}

// page is a page struct: anything that embeds Layout.
type page interface{ layout() *Layout }

// lang returns the language of the request: the signed-in user's, else the
// session's, else Vietnamese.
func (h *Handler) lang(r *http.Request) string {
	if a := auth.ActorFrom(r.Context()); !a.IsAnonymous() && (a.Lang == "vi" || a.Lang == "en") {
		return a.Lang
	}
	if l := h.sessionLang(r.Context()); l == "en" || l == "vi" {
		return l
	}
	return "vi"
}

// sessionLang reads the session's language. Error pages may be rendered for
// a request that never reached the session middleware (a panic caught by
// the outer middleware), where scs panics: then there is no session language.
func (h *Handler) sessionLang(ctx context.Context) (lang string) {
	defer func() {
		if recover() != nil {
			lang = ""
		}
	}()
	return h.authn.SessionLang(ctx)
}

// popFlash takes the queued flash message, if any (see sessionLang).
func (h *Handler) popFlash(ctx context.Context) (f *httpx.Flash) {
	defer func() {
		if recover() != nil {
			f = nil
		}
	}()
	return h.authn.PopFlash(ctx)
}

// flash queues a message for the next page, in both languages.
func (h *Handler) flash(ctx context.Context, kind string, t fault.Text) {
	h.authn.AddFlash(ctx, kind, t.Vi, t.En)
}

// fill sets the layout fields from the request.
func (h *Handler) fill(r *http.Request, l *Layout, title fault.Text, withFlash bool) {
	lang := h.lang(r)
	l.Lang = lang
	l.Actor = auth.ActorFrom(r.Context())
	if l.Actor.IsAnonymous() {
		l.Actor = nil
	}
	l.Title = title.In(lang)
	// The language switch comes back here: the page itself for a GET, the
	// page the form was on for a POST (its URL may not answer a GET).
	l.CurrentPath = nextFor(r)
	if !isLocalPath(l.CurrentPath) {
		l.CurrentPath = "/"
	}
	l.RequestID = httpx.RequestID(r.Context())
	l.Nav = h.nav(l.Actor, lang, r.URL.Path)
	if withFlash {
		if f := h.popFlash(r.Context()); f != nil {
			l.Flash = &Flash{Kind: f.Kind, Text: f.Text.In(lang)}
		}
	}
}

// render writes page name with status. The page is rendered into a buffer
// first, so that a template error becomes a clean 500.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, title fault.Text, p page) error {
	h.fill(r, p.layout(), title, true)
	return h.write(w, status, name, p)
}

// renderPublic is render for the pages an anonymous visitor gets the same
// way every time (the sign-in and forgotten-password forms, the landing
// page): for an anonymous GET without a flash message, the bytes are
// rendered once per language and URL and served from memory after that. The
// pages carry no per-visitor secret (cross-site requests are refused by
// origin, not by a token in the form), so sharing them is safe. At most
// publicCacheSize URLs are kept; others are rendered each time.
func (h *Handler) renderPublic(w http.ResponseWriter, r *http.Request, name string, title fault.Text, p page) error {
	h.fill(r, p.layout(), title, true)
	l := p.layout()
	if r.Method != http.MethodGet || l.Actor != nil || l.Flash != nil {
		return h.write(w, http.StatusOK, name, p)
	}
	key := l.Lang + "\x00" + name + "\x00" + r.URL.RequestURI()
	h.publicMu.RLock()
	body, ok := h.public[key]
	h.publicMu.RUnlock()
	if ok {
		writeHTML(w, http.StatusOK, body)
		return nil
	}
	var buf bytes.Buffer
	if err := h.execute(&buf, name, p); err != nil {
		return err
	}
	h.publicMu.Lock()
	if len(h.public) < publicCacheSize {
		h.public[key] = buf.Bytes()
	}
	h.publicMu.Unlock()
	writeHTML(w, http.StatusOK, buf.Bytes())
	return nil
}

// Header values of every page, assigned without Header.Set's allocation.
var (
	htmlType = []string{"text/html; charset=utf-8"}
	noStore  = []string{"no-store"}
)

// publicCacheSize bounds the public page cache, whatever URLs visitors try.
const publicCacheSize = 256

// execute renders page name with p into w.
func (h *Handler) execute(w io.Writer, name string, p page) error {
	if err := h.executeIn(w, p.layout().Lang, name, p); err != nil {
		return fault.Internalf("web: render %s: %w", name, err)
	}
	return nil
}

// executeIn renders page name with p in lang (Vietnamese for any other than
// English) into w: the layout's top, the page's content, the layout's
// bottom.
func (h *Handler) executeIn(w io.Writer, lang, name string, p page) error {
	ts, err := h.templatesIn(lang)
	if err != nil {
		return err
	}
	t, ok := ts.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q in %s", name, lang)
	}
	if err := ts.top.Execute(w, p); err != nil {
		return err
	}
	if err := t.Execute(w, p); err != nil {
		return err
	}
	return ts.bottom.Execute(w, p)
}

func (h *Handler) write(w http.ResponseWriter, status int, name string, p page) error {
	buf := h.bufs.Get().(*bytes.Buffer)
	defer h.bufs.Put(buf)
	buf.Reset()
	if err := h.execute(buf, name, p); err != nil {
		return err
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

// renderFragment writes a fragment (for htmx) defined in partials.html.
func (h *Handler) renderFragment(w http.ResponseWriter, status int, lang, name string, data any) error {
	var buf bytes.Buffer
	ts, err := h.templatesIn(lang)
	if err != nil {
		return fault.Internalf("web: templates: %w", err)
	}
	if err := ts.set.ExecuteTemplate(&buf, name, data); err != nil {
		return fault.Internalf("web: render fragment %s: %w", name, err)
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	hd := w.Header()
	hd["Content-Type"] = htmlType
	hd["Cache-Control"] = noStore
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// renderTo renders page name with p in lang into w, without a request
// (zero-value checks in tests, previews).
func (h *Handler) renderTo(w io.Writer, lang, name string, p page) error {
	p.layout().Lang = lang
	return h.executeIn(w, lang, name, p)
}

// nav returns the main navigation for a: only what the role may do.
func (h *Handler) nav(a *auth.Actor, lang, current string) []NavItem {
	type item struct {
		label fault.Text
		href  string
		ok    bool
	}
	var items []item
	switch {
	case a.IsAnonymous():
		items = []item{{text("nav.home"), "/", true},
			{text("nav.news"), "/news", h.news != nil},
			{text("nav.honours"), "/vinh-danh", h.contest != nil},
			{text("nav.library"), "/cases", h.library != nil},
			{text("nav.contests"), "/contests", h.contest != nil},
			{text("nav.experts"), "/experts", h.directory != nil},
			{text("nav.tools"), "/tools", h.catalog != nil},
			{text("nav.calls"), "/calls", h.programme != nil},
			{text("nav.figures"), "/figures", h.programme != nil},
			{text("nav.certified"), "/certified", h.assess != nil},
			{text("nav.training"), "/training", h.training != nil},
			{text("nav.login"), "/login", true}}
	case a.Role.RequiresTOTP() && !a.TOTPEnabled:
		// Until enrolment is done, enforceTOTP lets them reach nothing else.
		items = []item{{text("nav.totp"), "/account/2fa", true}}
	default:
		items = []item{
			{text("nav.dashboard"), "/", true},
			{text("nav.account"), "/account", auth.Can(a, auth.ActSignedIn)},
			{text("nav.jobs"), "/jobs", auth.Can(a, auth.ActSignedIn)},
			{text("nav.enterprises"), "/enterprises", auth.Can(a, auth.ActEnterpriseView) || auth.Can(a, auth.ActEnterpriseClaim)},
			{text("nav.quality"), "/quality", h.quality != nil && (auth.Can(a, auth.ActQualityManage) || auth.Can(a, auth.ActQualityAggregate))},
			{text("nav.diagnosis"), "/diagnosis", h.diagnosis != nil && (auth.Can(a, auth.ActDiagnosisTake) || auth.Can(a, auth.ActDiagnosisView))},
			{text("nav.needs"), "/needs", h.matching != nil && (auth.Can(a, auth.ActNeedsBoard) || auth.Can(a, auth.ActNeedsPublish) || auth.Can(a, auth.ActMatchingView))},
			{text("nav.programme"), "/programme", h.programme != nil && auth.Can(a, auth.ActProgrammeView)},
			{text("nav.calls"), "/calls", h.programme != nil && !auth.Can(a, auth.ActProgrammeView)},
			{text("nav.activities"), "/activities", h.programme != nil && (auth.Can(a, auth.ActProgrammeView) || auth.Can(a, auth.ActProposalSubmit) || auth.Can(a, auth.ActActivityReview))},
			{text("nav.figures"), "/figures", h.programme != nil && !auth.Can(a, auth.ActProgrammeView)},
			{text("nav.assessments"), "/assessments", h.assess != nil && (auth.Can(a, auth.ActAssessmentView) || auth.Can(a, auth.ActAssessIndependent))},
			{text("nav.certificates"), "/certificates", h.assess != nil && auth.Can(a, auth.ActAssessmentView)},
			{text("nav.certified"), "/certified", h.assess != nil && !auth.Can(a, auth.ActAssessmentView)},
			{text("nav.training"), "/training", h.training != nil},
			{text("nav.contests"), "/contests", h.contest != nil},
			{text("nav.judging"), "/judging", h.contest != nil && auth.Can(a, auth.ActContestJudge)},
			{text("nav.honours"), "/vinh-danh", h.contest != nil},
			{text("nav.library"), "/cases", h.library != nil},
			{text("nav.news"), "/news", h.news != nil},
			{text("nav.experts"), "/experts", h.directory != nil},
			{text("nav.tools"), "/tools", h.catalog != nil},
			{text("nav.users"), "/admin/users", auth.Can(a, auth.ActUsersManage)},
			{text("nav.audit"), "/admin/audit", auth.Can(a, auth.ActAuditRead)},
			{text("nav.settings"), "/admin/settings", auth.Can(a, auth.ActSettingsManage)},
			{text("nav.questionnaire"), "/admin/questionnaire", h.diagnosis != nil && auth.Can(a, auth.ActQuestionnaireManage)},
			{text("nav.privacy"), "/admin/privacy", h.directory != nil && auth.Can(a, auth.ActPrivacyRequests)},
			{text("nav.outbox"), "/admin/outbox", auth.Can(a, auth.ActOutboxRead)},
			{text("nav.system"), "/admin/system", auth.Can(a, auth.ActSystemStatus)},
		}
	}
	var out []NavItem
	found := false
	for _, it := range items {
		if !it.ok {
			continue
		}
		cur := !found && (current == it.href || (it.href != "/" && strings.HasPrefix(current, it.href+"/")))
		// The tabs of an area: standards belong to "tools & standards",
		// organisations to "experts & organisations", engagements to the
		// needs.
		for _, tab := range navTabs[it.href] {
			cur = cur || !found && (current == tab || strings.HasPrefix(current, tab+"/"))
		}
		// A path under two entries (the criteria are a tab of both the
		// assessments and the public register) marks the first only.
		found = found || cur
		out = append(out, NavItem{Label: it.label.In(lang), Href: it.href, Current: cur})
	}
	return out
}

// navTabs are the paths that belong to a navigation entry besides its own.
var navTabs = map[string][]string{
	"/tools":   {"/standards"},
	"/experts": {"/organisations"},
	"/needs":   {"/engagements"},
	// The programme: officers reach calls, plans, targets, the KPI
	// catalogue, the dashboard and the spread from /programme; everyone
	// else has /calls and /figures in the menu.
	"/programme":  {"/calls", "/pilots"},
	"/activities": {"/replications"},
	"/figures":    {"/pilots"},
	// Assessment: the schemes are a tab of the assessments; verification
	// belongs to the register; accreditations and credentials to training.
	"/assessments":  {"/schemes", "/findings"},
	"/certificates": {"/certified", "/verify"},
	"/certified":    {"/verify", "/schemes"},
	"/training":     {"/credentials", "/accreditations", "/practitioners"},
	// Contests: entries are a tab of the contests; the library holds the
	// cases and the guides; newsletters and subscriptions belong to news.
	"/contests": {"/contest-entries"},
	"/cases":    {"/guides"},
	"/news":     {"/newsletters", "/subscribe", "/unsubscribe"},
}

// pageModels lists every page template with a zero value of its model. New
// checks the list against the templates; a test renders each.
func pageModels() map[string]page {
	all := corePages()
	for _, part := range []map[string]page{registryPages(), enterpriseFilePages(),
		catalogPages(), directoryPages(), diagnosisPages(), matchingPages(),
		programmeSetupPages(), activityPages(), executionPages(), resultsPages(), dashboardPages(),
		schemePages(), assessmentPages(), findingPages(), certificatePages(), trainingPages(),
		contestSetupPages(), judgingPages(), honourPages(), portalPages(), libraryPages(), newsPages()} {
		for k, v := range part {
			all[k] = v
		}
	}
	return all
}

// corePages are the pages of the foundation and the quality workspace.
func corePages() map[string]page {
	return map[string]page{
		"home":           &homePage{},
		"login":          &loginPage{},
		"login_2fa":      &login2FAPage{},
		"forgot":         &forgotPage{},
		"forgot_sent":    &forgotSentPage{},
		"reset":          &resetPage{},
		"account":        &accountPage{},
		"account_2fa":    &totpPage{},
		"users":          &usersPage{},
		"user_form":      &userFormPage{},
		"audit":          &auditPage{},
		"outbox":         &outboxPage{},
		"outbox_message": &outboxMessagePage{},
		"system":         &systemPage{},
		"jobs":           &jobsPage{},
		"job":            &jobPage{},
		"error":          &errorPage{},

		"quality_home":         &qualityHomePage{},
		"quality_alerts":       &qualityAlertsPage{},
		"quality_process_form": &qualityProcessFormPage{},
		"quality_process":      &qualityProcessPage{},
		"quality_char_form":    &qualityCharFormPage{},
		"quality_char":         &qualityCharPage{},
		"quality_capability":   &qualityCapabilityPage{},
	}
}

// pageNames returns the page names, sorted.
func pageNames() []string {
	var out []string
	for n := range pageModels() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
