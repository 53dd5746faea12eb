package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"nscl/internal/api"
	"nscl/internal/fault"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/web"
)

// queue returns the River queue on the app's database.
func (a *app) queue() *jobs.Queue {
	if a.jobQueue == nil {
		if a.db.IsPostgres() {
			a.jobQueue = jobs.NewPostgresQueue(a.db.PgxPool(), a.db.Schema())
		} else {
			a.jobQueue = jobs.NewSQLiteQueue(a.db.WriteDB())
		}
	}
	return a.jobQueue
}

// migrateJobs applies the job queue's own migrations.
func (a *app) migrateJobs(ctx context.Context) error {
	if err := jobs.Migrate(ctx, a.queue()); err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}

func (a *app) jobsMigrated(ctx context.Context) (bool, error) {
	return jobs.MigrationsCurrent(ctx, a.queue())
}

// buildJobs makes the job service (not started).
func (a *app) buildJobs() error {
	if a.jobs != nil {
		return nil
	}
	svc, err := jobs.NewService(jobs.Options{Store: a.db.Jobs(), Queue: a.queue(), Audit: a.db.Audit(),
		Sessions: a.db.Sessions(), EnterpriseFiles: a.files, Reminders: a.programme, Certificates: a.assessment, Newsletters: a.news, Logger: a.log})
	if err != nil {
		return err
	}
	a.jobs = svc
	return nil
}

func (a *app) startJobs(ctx context.Context) error {
	if err := a.buildJobs(); err != nil {
		return err
	}
	// The runner outlives the start-up context; Stop ends it.
	return a.jobs.Start(context.WithoutCancel(ctx))
}

func (a *app) stopJobs(ctx context.Context) error {
	if a.jobs == nil {
		return nil
	}
	return a.jobs.Stop(ctx)
}

// systemStatus fills the system status page.
func (a *app) systemStatus(ctx context.Context) web.SystemStatus {
	st := web.SystemStatus{DBDriver: a.db.DriverName(), Version: version, Uptime: time.Since(a.started)}
	st.MigrationCurrent, st.MigrationTarget, _ = a.db.MigrationStatus(ctx)
	ok, err := a.jobsMigrated(ctx)
	st.RiverOK = ok && err == nil
	if err != nil {
		st.RiverMessage = err.Error()
	} else if !ok {
		st.RiverMessage = "job queue migrations pending"
	}
	st.Users, _ = a.auth.CountUsers(ctx)
	st.Enterprises, _ = a.db.Registry().CountEnterprises(ctx)
	return st
}

// handler builds the whole HTTP surface: the operations endpoints, then the
// pages and the API behind sessions, authentication and cross-origin
// protection, all inside request logging, security headers and body limits.
func (a *app) handler(cfg Config, log *slog.Logger) (http.Handler, error) {
	if err := a.buildJobs(); err != nil {
		return nil, err
	}
	metrics := httpx.NewMetrics()
	sessions := httpx.NewSessions(a.db.Sessions(), cfg.SecureCookies)
	authn := &httpx.Authenticator{Sessions: sessions, Auth: a.auth}
	webH, err := web.New(web.Deps{Auth: a.auth, Authn: authn, AuditLog: a.auditLog, Mail: a.mail, Registry: a.registry,
		Jobs: a.jobs, Geo: a.geo, Quality: a.quality, Log: log, Status: a.systemStatus,
		Catalog: a.catalog, Directory: a.directory, Diagnosis: a.diagnosis, Matching: a.matching, Programme: a.programme,
		Assessment: a.assessment, Training: a.training, Contest: a.contest, Library: a.library, News: a.news, Portal: a.portal,
		BaseURL: cfg.BaseURL})
	if err != nil {
		return nil, err
	}
	onError := func(w http.ResponseWriter, r *http.Request, err error) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			api.RenderError(w, r, err)
			return
		}
		webH.Error(w, r, err)
	}
	authn.OnError = onError

	mux := &recordingMux{ServeMux: http.NewServeMux()}
	webH.Register(mux)
	// The JSON API is built on its first request (which takes about 25 ms
	// longer): registering its 400 operations with huma (their schemas,
	// their handlers' code paged in) is about 13 MB of resident memory that
	// a server nobody calls the API on does not hold. Its routes live on
	// their own mux under /api/.
	a.apiMux = &recordingMux{ServeMux: http.NewServeMux()}
	a.api = sync.OnceValue(func() *api.API {
		h := api.New(api.Deps{Auth: a.auth, AuditLog: a.auditLog, Jobs: a.jobs, Geo: a.geo, Registry: a.registry, Quality: a.quality, Version: version, Log: log,
			Catalog: a.catalog, Directory: a.directory, Diagnosis: a.diagnosis, Matching: a.matching, Programme: a.programme,
			Assessment: a.assessment, Training: a.training, Contest: a.contest, Library: a.library, News: a.news})
		h.Register(a.apiMux)
		return h
	})
	mux.ServeMux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.api()
		a.apiMux.ServeHTTP(w, r)
	}))
	a.patterns = mux.patterns
	app := sessions.LoadAndSave(authn.Middleware(mux.ServeMux))
	deny := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		onError(w, r, fault.New(fault.Forbidden, "Yêu cầu từ trang web khác bị từ chối.", "Cross-origin request refused."))
	})
	app = httpx.CrossOrigin(deny, app)
	app = counted(&a.requests, app)

	root := http.NewServeMux()
	ops := a.opsHandler(metrics)
	for _, p := range []string{"GET /healthz", "GET /readyz", "GET /metrics"} {
		root.Handle(p, httpx.Routed(p, ops))
		a.patterns = append(a.patterns, p)
	}
	root.Handle("/", app)
	var h http.Handler = httpx.SecurityHeaders(limitBody(cfg.MaxBodyBytes, a.files.MaxBytes(), root))
	if cfg.TrustProxy {
		h = httpx.TrustProxy(h)
	}
	return httpx.Logging(log, metrics.Observe, onError, h), nil
}

// counted counts the requests through next in n.
func counted(n *atomic.Uint64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		next.ServeHTTP(w, r)
	})
}

// uploadPaths take files up to the import limit: their handlers check the
// declared length first and cap the body themselves (http.MaxBytesReader),
// so the smaller global cap must not cut the upload short.
var uploadPaths = map[string]bool{"/enterprises/import": true, "/api/v1/enterprises/import": true}

// limitBody is httpx.LimitBody with the upload paths capped at uploadMax
// (plus room for the form's other fields) instead of n.
func limitBody(n, uploadMax int64, next http.Handler) http.Handler {
	small := httpx.LimitBody(n, next)
	large := httpx.LimitBody(uploadMax+1<<20, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && uploadPaths[r.URL.Path] {
			large.ServeHTTP(w, r)
			return
		}
		small.ServeHTTP(w, r)
	})
}

// recordingMux remembers the patterns registered on it, so that the route
// test can check that every route has an expected status for every role.
type recordingMux struct {
	*http.ServeMux
	patterns []string
}

func (m *recordingMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, httpx.Routed(pattern, h))
}
