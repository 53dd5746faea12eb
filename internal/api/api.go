package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

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
	"nscl/internal/matching"
	"nscl/internal/news"
	"nscl/internal/programme"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/training"
)

// Paths of the API outside the operations.
const (
	Prefix      = "/api/v1"           // every operation lives under it
	OpenAPIPath = "/api/openapi.json" // the OpenAPI 3.1 document
	OpenAPIYAML = "/api/openapi.yaml" // the same, as YAML
	DocsPath    = "/api/docs"         // the reference page
)

// defaultMaxBody caps request bodies of operations that take one.
const defaultMaxBody = 1 << 20

// Deps are the services the API calls. Auth, AuditLog and Geo are
// required; without Jobs the job operations answer 503, and without Registry
// GET /api/v1/me leaves out the enterprise's name.
type Deps struct {
	Auth     *auth.Service
	AuditLog *auth.AuditReader
	Jobs     *jobs.Service
	Geo      *geo.Table
	Registry *registry.Service
	Quality  *quality.Service // without it the quality operations are not registered
	// The ecosystem (issue 4): without one, its operations are not registered.
	Catalog   *catalog.Service
	Directory *directory.Service
	Diagnosis *diagnosis.Service
	Matching  *matching.Service
	// The programme (issue 5): without it its operations are not registered.
	Programme *programme.Service
	// Assessment and certification, and training (issue 6): without one,
	// its operations are not registered.
	Assessment *assessment.Service
	Training   *training.Service
	// Contests and honours, the library, news and newsletters (issue 8):
	// without one, its operations are not registered.
	Contest *contest.Service
	Library *library.Service
	News    *news.Service
	Version string // the platform's version, shown in the OpenAPI info
	Log     *slog.Logger
}

// Router is where Register puts the routes; *http.ServeMux satisfies it.
type Router interface {
	Handle(pattern string, h http.Handler)
}

// Route is one registered operation.
type Route struct {
	Method      string // "GET", "POST", …
	Path        string // e.g. "/api/v1/users/{id}"
	OperationID string // e.g. "get-user"
	Summary     string
	Tags        []string
}

// API is the JSON API. It is safe for concurrent use once built.
type API struct {
	auth      *auth.Service
	auditLog  *auth.AuditReader
	jobs      *jobs.Service
	geo       *geo.Table
	registry  *registry.Service
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
	log       *slog.Logger

	huma   huma.API
	routes *routeTable
	// The OpenAPI document (JSON, YAML) and the docs page are rendered on
	// first request and kept (about 5 MB together: an idle server that is
	// never asked for them does not hold them).
	specJSON func() []byte
	specYAML func() []byte
	docsPage func() *docsPage
}

// New builds the API: it registers every operation with huma and renders the
// OpenAPI document and the docs page once. It panics only on a programming
// error (an operation huma rejects, a template that does not parse).
func New(d Deps) *API {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Version == "" {
		d.Version = "dev"
	}
	a := &API{auth: d.Auth, auditLog: d.AuditLog, jobs: d.Jobs, geo: d.Geo, registry: d.Registry, quality: d.Quality, log: d.Log,
		catalog: d.Catalog, directory: d.Directory, diagnosis: d.Diagnosis, matching: d.Matching, programme: d.Programme,
		assess: d.Assessment, training: d.Training, contest: d.Contest, library: d.Library, news: d.News,
		routes: &routeTable{mux: http.NewServeMux()}}

	cfg := huma.DefaultConfig("NSCL API", d.Version)
	// The OpenAPI document and the docs are served by Register (the docs
	// page without the CDN JavaScript huma's would load); no $schema links.
	cfg.OpenAPIPath, cfg.DocsPath, cfg.SchemasPath = "", "", ""
	cfg.CreateHooks = nil
	cfg.Transformers = []huma.Transformer{a.transform}
	cfg.Info.Description = apiDescription
	cfg.Info.Contact = &huma.Contact{Name: "NSCL — Bộ Công Thương (Ministry of Industry and Trade)"}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		schemeBearer: {Type: "http", Scheme: "bearer", BearerFormat: "nscl_…",
			Description: "Mã truy cập cá nhân tạo ở trang /account (personal API token created on /account): `Authorization: Bearer nscl_…`."},
		schemeCookie: {Type: "apiKey", In: "cookie", Name: "nscl_session",
			Description: "Phiên đăng nhập của trình duyệt (the browser's sign-in session)."},
	}
	cfg.Tags = []*huma.Tag{
		{Name: tagAccount, Description: "Tài khoản của người đang gọi và mã truy cập cá nhân (the caller's account and personal API tokens)."},
		{Name: tagUsers, Description: "Quản lý người dùng, dành cho quản trị hệ thống (user management, administrators only)."},
		{Name: tagAudit, Description: "Nhật ký thao tác (the audit log)."},
		{Name: tagJobs, Description: "Công việc nền: tiến độ và kết quả (background jobs: progress and results)."},
		{Name: tagRegistry, Description: "Sổ đăng ký doanh nghiệp: tra cứu, hồ sơ, số liệu năm, điều kiện tham gia, yêu cầu nhận doanh nghiệp, thiết lập chương trình (the enterprise registry)."},
		{Name: tagReference, Description: "Danh mục dùng chung, công khai (public reference data)."},
		{Name: tagQuality, Description: "Giám sát chất lượng của doanh nghiệp: quá trình, đặc tính, phép đo, cảnh báo (an enterprise's quality monitoring: processes, characteristics, measurements, alerts)."},
		{Name: tagCatalog, Description: "Danh mục công cụ cải tiến và tiêu chuẩn TCVN, QCVN (the improvement-tool catalogue and the TCVN and QCVN standards)."},
		{Name: tagDirectory, Description: "Danh bạ chuyên gia và tổ chức, đồng ý xử lý dữ liệu cá nhân (the directory of experts and organisations, personal-data consents)."},
		{Name: tagDiagnosis, Description: "Tự chẩn đoán của doanh nghiệp: bộ câu hỏi, kết quả, lộ trình cải tiến (enterprise self-diagnosis: questionnaire, results, improvement path)."},
		{Name: tagMatching, Description: "Kết nối chuyên gia: xếp hạng phù hợp, bảng nhu cầu, hợp đồng tư vấn (matching: ranking, needs board, engagements)."},
		{Name: tagProgramme, Description: "Chương trình 2021–2030: mục tiêu, kế hoạch năm, đợt kêu gọi, nhiệm vụ từ đề xuất đến nghiệm thu, KPI, nhân rộng, số liệu tổng hợp (the programme: targets, plans, calls, activities from proposal to closure, KPIs, replication, aggregates)."},
		{Name: tagAssessment, Description: "Đánh giá và chứng nhận: bộ tiêu chí, tự đánh giá, đánh giá độc lập, phát hiện và hành động khắc phục, công nhận, giấy chứng nhận và tra cứu (assessment and certification: schemes, self and independent assessments, findings and corrective actions, recognition, certificates and verification)."},
		{Name: tagTraining, Description: "Đào tạo: khóa học, lớp, ghi danh, điểm danh, kiểm tra, chứng chỉ người thực hành; công nhận đánh giá viên (training: courses, sessions, enrolment, attendance, exams, practitioner credentials; assessor accreditation)."},
		{Name: tagContest, Description: "Cuộc thi và vinh danh: thể lệ, hạng mục, tiêu chí chấm, bài dự thi, giám khảo, chấm điểm, đồng thuận, kết quả, báo cáo phản hồi, bảng vinh danh (contests and honours: rules, categories, rubric, entries, judges, scoring, consensus, results, feedback reports, the honour roll)."},
		{Name: tagLibrary, Description: "Thư viện điển hình và hướng dẫn công cụ (the case library and the tool guides)."},
		{Name: tagNews, Description: "Tin tức, bản tin và đăng ký nhận bản tin (news, newsletters and subscriptions)."},
		{Name: tagSPC, Description: "Kiểm soát quá trình bằng thống kê: biểu đồ kiểm soát và năng lực quá trình (statistical process control: control charts and capability)."},
	}
	a.huma = huma.NewAPI(cfg, a.routes)

	a.registerAccount()
	a.registerUsers()
	a.registerAudit()
	a.registerJobs()
	a.registerReference()
	a.registerSPC()
	a.registerRegistry()
	a.registerEnterpriseFiles()
	a.registerQuality()
	if a.catalog != nil {
		a.registerCatalog()
	}
	if a.directory != nil {
		a.registerDirectory()
	}
	if a.diagnosis != nil {
		a.registerDiagnosis()
	}
	if a.matching != nil {
		a.registerMatching()
	}
	if a.programme != nil {
		a.registerProgrammeSetup() // programme_setup.go
		a.registerActivities()     // programme_activity.go
		a.registerExecution()      // programme_execution.go
		a.registerResults()        // programme_results.go
		a.registerDashboard()      // programme_dashboard.go
	}
	if a.assess != nil {
		a.registerSchemes()      // assessment_schemes.go
		a.registerAssessing()    // assessment_audit.go
		a.registerFindings()     // assessment_findings.go (photos and findings)
		a.registerCertificates() // assessment_certificate.go
	}
	if a.training != nil {
		a.registerTraining() // training.go
	}
	if a.contest != nil {
		a.registerContestSetup() // contest_setup.go (contests and entries)
		a.registerJudging()      // contest_judging.go (judging and results)
		a.registerHonours()      // contest_honours.go (the honour roll)
	}
	if a.library != nil {
		a.registerLibrary() // library.go
	}
	if a.news != nil {
		a.registerNews() // news.go
	}

	a.finishOpenAPI()
	// A document that cannot be marshalled is a programming error, which
	// TestOpenAPI_Document catches.
	a.specJSON = sync.OnceValue(func() []byte {
		b, err := json.Marshal(a.huma.OpenAPI())
		if err != nil {
			panic("api: marshal OpenAPI: " + err.Error())
		}
		return b
	})
	a.specYAML = sync.OnceValue(func() []byte {
		b, err := a.huma.OpenAPI().YAML()
		if err != nil {
			panic("api: marshal OpenAPI YAML: " + err.Error())
		}
		return b
	})
	a.docsPage = sync.OnceValue(func() *docsPage { return buildDocs(a.huma.OpenAPI()) })
	return a
}

const apiDescription = "API JSON phiên bản 1 của hệ thống NSCL — Chương trình nâng cao năng suất và chất lượng " +
	"sản phẩm, hàng hóa của doanh nghiệp Việt Nam, Bộ Công Thương. " +
	"(JSON API v1 of NSCL, the productivity and quality programme of the Ministry of Industry and Trade.)\n\n" +
	"Xác thực (authentication): tạo mã truy cập cá nhân ở trang /account và gửi `Authorization: Bearer nscl_…`; " +
	"hoặc dùng cookie phiên `nscl_session` của trình duyệt. " +
	"Lỗi (errors): application/problem+json với `detail` theo ngôn ngữ (`?lang=vi|en`), `message` {vi, en}, " +
	"`errors` [{location, message}] và `request_id`. Thời gian theo RFC 3339, UTC."

// Names of the security schemes and tags.
const (
	schemeBearer = "bearer"
	schemeCookie = "cookie"

	tagAccount   = "Tài khoản (Account)"
	tagUsers     = "Người dùng (Users)"
	tagAudit     = "Nhật ký (Audit)"
	tagJobs      = "Công việc nền (Jobs)"
	tagReference = "Danh mục (Reference)"
)

// signedIn is the security requirement of operations that need an actor.
var signedIn = []map[string][]string{{schemeBearer: {}}, {schemeCookie: {}}}

// public is the security requirement of operations anyone may call.
var public = []map[string][]string{{}}

// register adds one operation. It fills the defaults (a 1 MiB body limit,
// the signed-in security requirement, the usual error statuses) and wraps h
// so that a failed service call reaches the transformer as a failure.
func register[I, O any](a *API, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if op.MaxBodyBytes == 0 {
		op.MaxBodyBytes = defaultMaxBody
	}
	// The body is read whole before huma sees it (bufferBody), within the
	// server's ReadTimeout. huma's own read deadline (5 s by default) would
	// stay on the connection after that, and net/http cancels the request's
	// context when a connection's read deadline passes: a handler still
	// working 5 s after the body arrived (a large upload stored on a busy
	// server) failed with "context canceled". So huma sets none.
	if op.BodyReadTimeout == 0 {
		op.BodyReadTimeout = -1
	}
	if op.Security == nil {
		op.Security = signedIn
		op.Errors = append([]int{http.StatusUnauthorized, http.StatusForbidden}, op.Errors...)
	}
	op.Errors = append(op.Errors, http.StatusInternalServerError)
	id := op.OperationID
	huma.Register(a.huma, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, a.fail(ctx, id, err)
		}
		return out, nil
	})
}

// finishOpenAPI documents every error response as a Problem (huma documents
// its own ErrorModel, which the transformer replaces) and drops the unused
// ErrorModel schemas.
func (a *API) finishOpenAPI() {
	oapi := a.huma.OpenAPI()
	reg := oapi.Components.Schemas
	problem := reg.Schema(reflect.TypeFor[Problem](), true, "Problem")
	for _, item := range oapi.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch} {
			if op == nil {
				continue
			}
			op.Parameters = append(op.Parameters, &huma.Param{Name: "lang", In: "query",
				Description: "Ngôn ngữ của thông báo lỗi; mặc định theo tài khoản, rồi Accept-Language, rồi tiếng Việt (language of error messages; default: the account's, then Accept-Language, then Vietnamese)",
				Schema:      &huma.Schema{Type: huma.TypeString, Enum: []any{"vi", "en"}}})
			for code, resp := range op.Responses {
				if code == "default" || code >= "400" {
					resp.Content = map[string]*huma.MediaType{"application/problem+json": {Schema: problem}}
				}
			}
		}
	}
	delete(reg.Map(), "ErrorModel")
	delete(reg.Map(), "ErrorDetail")
}

// Register puts the operations, the OpenAPI document, the docs page and a
// catch-all for unknown /api/ paths (404 problem) on mux.
func (a *API) Register(mux Router) {
	for _, r := range a.routes.routes {
		mux.Handle(r.pattern, r.handler)
	}
	mux.Handle("GET "+OpenAPIPath, a.specBytes("application/openapi+json", a.specJSON))
	mux.Handle("GET "+OpenAPIYAML, a.specBytes("application/openapi+yaml", a.specYAML))
	mux.Handle("GET "+DocsPath, http.HandlerFunc(a.handleDocs))
	mux.Handle("/api/", http.HandlerFunc(a.handleUnknown))
}

// Routes lists the registered operations, sorted by path then method.
func (a *API) Routes() []Route {
	var out []Route
	for _, r := range a.routes.routes {
		out = append(out, Route{Method: r.op.Method, Path: r.op.Path, OperationID: r.op.OperationID,
			Summary: r.op.Summary, Tags: slices.Clone(r.op.Tags)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// OpenAPI returns the OpenAPI document (read-only).
func (a *API) OpenAPI() *huma.OpenAPI { return a.huma.OpenAPI() }

// ServeHTTP serves the operations alone (without the docs), for tests and
// tools; the server uses Register.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.routes.ServeHTTP(w, r) }

// RenderError writes err as a Problem. It is an httpx.ErrorHandler, for the
// middleware in front of the API (a rejected token, a panic).
func (a *API) RenderError(w http.ResponseWriter, r *http.Request, err error) {
	RenderError(w, r, err)
}

// RenderError writes err as a Problem in the caller's language; it needs no
// built API (the middleware uses it before the API is first built).
func RenderError(w http.ResponseWriter, r *http.Request, err error) {
	lang := pickLang(r.URL.Query().Get("lang"), auth.ActorFrom(r.Context()), r.Header.Get("Accept-Language"))
	writeProblem(w, problemFromError(r.Context(), lang, nil, err))
}

func (a *API) handleUnknown(w http.ResponseWriter, r *http.Request) {
	err := fault.New(fault.NotFound, "Không có thao tác API này: "+r.Method+" "+r.URL.Path+". Xem "+DocsPath+".",
		"No such API operation: "+r.Method+" "+r.URL.Path+". See "+DocsPath+".")
	a.RenderError(w, r, err)
}

func writeProblem(w http.ResponseWriter, p *Problem) {
	b, err := json.Marshal(p)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="NSCL API"`)
	}
	w.WriteHeader(p.Status)
	_, _ = w.Write(b)
}

// specBytes serves a rendering of the OpenAPI document.
func (a *API) specBytes(contentType string, b func() []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(b())
	})
}

// routeTable is the huma adapter: it records each operation's route so that
// Register can put it on any Router, and serves them itself for huma's own
// ServeHTTP (tests, humatest). Contexts are humago's, so humago.Unwrap works.
type routeTable struct {
	mux    *http.ServeMux
	routes []route
}

type route struct {
	pattern string
	handler http.Handler
	op      *huma.Operation
}

func (t *routeTable) Handle(op *huma.Operation, h func(huma.Context)) {
	pattern := strings.ToUpper(op.Method) + " " + op.Path
	hh := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if op.RequestBody != nil && op.MaxBodyBytes > 0 && !bufferBody(w, r, op.MaxBodyBytes) {
			return
		}
		h(humago.NewContext(op, r, w))
	})
	t.routes = append(t.routes, route{pattern: pattern, handler: hh, op: op})
	t.mux.Handle(pattern, hh)
}

// bufferBody reads the request body up to limit into memory, or answers 413
// and returns false. huma reports a read error other than a timeout as a 500,
// so a body cut short by this limit or by an outer http.MaxBytesReader
// (httpx.LimitBody) is caught here first and answered as a problem.
func bufferBody(w http.ResponseWriter, r *http.Request, limit int64) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return true
	}
	var mbe *http.MaxBytesError
	var b []byte
	var err error
	// A body declared over the limit is refused unread.
	declared := r.ContentLength > limit
	if !declared {
		b, err = io.ReadAll(io.LimitReader(r.Body, limit+1))
	}
	_ = r.Body.Close()
	if declared || int64(len(b)) > limit || errors.As(err, &mbe) {
		max := limit
		if mbe != nil {
			max = min(max, mbe.Limit)
		}
		lang := pickLang(r.URL.Query().Get("lang"), auth.ActorFrom(r.Context()), r.Header.Get("Accept-Language"))
		msg := fault.Text{Vi: fmt.Sprintf("Nội dung gửi lên quá lớn (tối đa %d byte).", max),
			En: fmt.Sprintf("The request body is too large (at most %d bytes).", max)}
		writeProblem(w, &Problem{Status: http.StatusRequestEntityTooLarge, Title: http.StatusText(http.StatusRequestEntityTooLarge),
			Code: codeOf(http.StatusRequestEntityTooLarge), Detail: msg.In(lang), Message: msg, RequestID: httpx.RequestID(r.Context())})
		return false
	}
	var rest io.Reader = bytes.NewReader(b)
	if err != nil {
		rest = io.MultiReader(rest, errReader{err}) // huma answers a timeout 408
	}
	r.Body = io.NopCloser(rest)
	return true
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func (t *routeTable) ServeHTTP(w http.ResponseWriter, r *http.Request) { t.mux.ServeHTTP(w, r) }
