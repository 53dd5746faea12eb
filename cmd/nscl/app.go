package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"nscl/internal/api"
	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/contest"
	"nscl/internal/diagnosis"
	"nscl/internal/directory"
	"nscl/internal/enterprisefile"
	"nscl/internal/geo"
	"nscl/internal/jobs"
	"nscl/internal/library"
	"nscl/internal/mail"
	"nscl/internal/matching"
	"nscl/internal/news"
	"nscl/internal/portal"
	"nscl/internal/programme"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/training"
)

// errUsage means the flag package already printed the problem.
var errUsage = errors.New("usage")

// app is the wired platform: the database and the domain services.
type app struct {
	cfg      Config
	log      *slog.Logger
	db       *sqldb.DB
	geo      *geo.Table
	mail     *mail.Service
	registry *registry.Service
	quality  *quality.Service
	files    *enterprisefile.Service // enterprise import and export
	// The ecosystem (issue 4), built by the wire* functions in
	// wire_<area>.go, in this order.
	catalog   *catalog.Service
	directory *directory.Service
	diagnosis *diagnosis.Service
	matching  *matching.Service
	programme *programme.Service // issue 5, wire_programme.go
	// Assessment and certification, and training (issue 6),
	// wire_assessment.go.
	assessment *assessment.Service
	training   *training.Service
	// Contests and honours, the library, news and the portal (issue 8),
	// wire_contest.go, wire_library.go, wire_news.go, wire_portal.go.
	contest  *contest.Service
	library  *library.Service
	news     *news.Service
	portal   *portal.Service
	auth     *auth.Service
	auditLog *auth.AuditReader
	jobQueue *jobs.Queue
	jobs     *jobs.Service
	started  time.Time
	// requests counts the requests of users and API clients (not the
	// health probes), for releaseWhenIdle.
	requests atomic.Uint64
	patterns []string // every registered route pattern but the API's (see handler)
	// api builds the JSON API on first use, registering its routes on
	// apiMux.
	api    func() *api.API
	apiMux *recordingMux
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openApp opens the database (running the platform's and the job queue's
// migrations when migrate is set) and builds the services.
func openApp(ctx context.Context, cfg Config, log *slog.Logger, migrate bool) (*app, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	db, err := sqldb.Open(ctx, sqldb.Config{URL: cfg.DB, Migrate: migrate})
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, db: db, geo: geo.MustLoad(), started: time.Now()}
	a.mail = mail.NewService(db.Mail(), mail.SMTPConfig(cfg.SMTP), time.Now, log)
	a.registry = registry.NewService(db.Registry())
	a.files = enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: a.geo, Log: log})
	a.auth = auth.NewService(auth.Options{
		Store: db.Auth(), Mailer: a.mail, Enterprises: a.registry,
		ProvinceExists: func(code string) bool { _, ok := a.geo.Province(code); return ok },
		BaseURL:        cfg.BaseURL, Logger: log,
	})
	a.registry.SetAccountLinker(a.auth)
	a.auditLog = auth.NewAuditReader(db.Audit())
	a.quality = quality.NewService(quality.Options{Store: db.Quality(), Provinces: a.registry, Mailer: a.mail,
		Log: log, BaseURL: cfg.BaseURL})
	a.wireCatalog()
	a.wireDirectory()
	a.wireDiagnosis()
	a.wireMatching()
	a.wireProgramme()
	if err := a.wireAssessment(); err != nil {
		db.Close()
		return nil, err
	}
	a.wireContest()
	a.wireLibrary()
	a.wireNews()
	a.wirePortal()
	if migrate {
		if err := a.migrateJobs(ctx); err != nil {
			db.Close()
			return nil, err
		}
		// The shipped assessment schemes are data every install has.
		if err := a.assessment.EnsureShipped(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("shipped assessment schemes: %w", err)
		}
	}
	return a, nil
}

func (a *app) Close() error { return a.db.Close() }

// quietLogger is for one-shot commands: warnings and errors only.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
