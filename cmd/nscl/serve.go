package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"nscl/internal/httpx"
)

// serveOptions are the serve command's own switches.
type serveOptions struct {
	demo bool
	seed uint64
}

func cmdServe(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	addServeFlags(fs, &cfg)
	var so serveOptions
	fs.BoolVar(&so.demo, "demo", false, "fill an empty database with demo data and print the demo sign-ins")
	fs.Uint64Var(&so.seed, "seed", 2026, "seed of the demo data")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	srv, err := startServer(ctx, cfg, log, so, stdout)
	if err != nil {
		return err
	}
	<-ctx.Done()
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	return srv.Close(shutdownCtx)
}

// server is a running platform: the HTTP server, the job runner, the app.
type server struct {
	app       *app
	http      *http.Server
	ln        net.Listener
	done      chan error
	stop      chan struct{} // ends releaseWhenIdle
	closeOnce sync.Once
}

// URL returns the address the server listens on.
func (s *server) URL() string { return "http://" + s.ln.Addr().String() }

// startServer opens the database, runs migrations (app and jobs), fills demo
// data if asked, starts the job runner and starts serving. It prints the URL
// and, in demo mode, the sign-ins.
func startServer(ctx context.Context, cfg Config, log *slog.Logger, so serveOptions, stdout io.Writer) (*server, error) {
	// Listen first: with --addr :0 the port is known only now, and the links
	// in mail (password resets) must carry it.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	if cfg.BaseURL == "" || cfg.BaseURL == "http://"+cfg.Addr {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	a, err := openApp(ctx, cfg, log, true)
	if err != nil {
		ln.Close()
		return nil, err
	}
	fail := func(err error) (*server, error) {
		ln.Close()
		a.Close()
		return nil, err
	}
	handler, err := a.handler(cfg, log)
	if err != nil {
		return fail(err)
	}
	if err := a.startJobs(ctx); err != nil {
		return fail(err)
	}
	s := &server{app: a, ln: ln, done: make(chan error, 1), stop: make(chan struct{}),
		http: &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
			WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}}
	go func() { s.done <- s.http.Serve(ln) }()
	log.Info("serving", "url", s.URL(), "db", a.db.DriverName())

	n, err := a.auth.CountUsers(ctx)
	if err != nil {
		return nil, errors.Join(err, s.Close(context.Background()))
	}
	switch {
	case so.demo && n == 0:
		fmt.Fprintln(stdout, "Đang tạo dữ liệu mẫu / making demo data…")
		sum, err := a.runDemo(ctx, "small", so.seed, nil)
		if err != nil {
			return nil, errors.Join(describe(err), s.Close(context.Background()))
		}
		printLogins(stdout, sum.Logins)
	case so.demo:
		fmt.Fprintln(stdout, "Cơ sở dữ liệu đã có dữ liệu; bỏ qua tạo dữ liệu mẫu. / The database has data; demo data not made again.")
		fmt.Fprintf(stdout, "Tài khoản mẫu (nếu đã tạo trước đó): quantri@nscl.demo … mật khẩu / password %s\n", "Demo@2026nscl")
	case n == 0:
		fmt.Fprintf(stdout, "Chưa có tài khoản nào. Tạo quản trị viên đầu tiên / no accounts yet; create the first admin:\n"+
			"  nscl user add --db %s --role admin --email you@example.gov.vn --name \"Họ và tên\"\n", cfg.DB)
	}
	fmt.Fprintf(stdout, "\nNSCL đang chạy tại / is running at %s  (Ctrl+C để dừng / to stop)\n", s.URL())
	// Start-up (templates, the OpenAPI document, migrations, demo data)
	// leaves garbage the idle process would keep mapped; hand it back,
	// beside the first requests rather than before them (a forced
	// collection and scavenge of a few tens of milliseconds).
	go debug.FreeOSMemory()
	go func() {
		t := time.NewTicker(idlePeriod)
		defer t.Stop()
		releaseWhenIdle(&a.requests, t.C, s.stop, debug.FreeOSMemory)
	}()
	return s, nil
}

// idlePeriod is how long the server must go without a request (probes
// aside) before it hands its free memory back.
const idlePeriod = 10 * time.Second

// releaseWhenIdle hands the memory the Go heap holds but does not use back
// to the system once a busy server goes idle: after a period with requests,
// a whole period without any. Go's own scavenger keeps what a burst of
// requests grew, sized to the heap's next goal, so a server that served a
// burst an hour ago would otherwise still hold it (about 10 MB after a few
// seconds of sign-in pages). It costs one collection per busy-then-idle
// change, a few milliseconds, and nothing while requests keep coming.
// ticks marks the periods.
func releaseWhenIdle(requests *atomic.Uint64, ticks <-chan time.Time, stop <-chan struct{}, release func()) {
	idle := idleWatch{last: requests.Load()}
	for {
		select {
		case <-stop:
			return
		case <-ticks:
		}
		if idle.period(requests.Load()) {
			release()
		}
	}
}

// idleWatch follows the request count from period to period.
type idleWatch struct {
	last uint64
	busy bool
}

// period takes the request count at the end of a period and says whether
// the server just went idle: requests in the period before, none in this.
func (w *idleWatch) period(n uint64) (wentIdle bool) {
	switch {
	case n != w.last:
		w.last, w.busy = n, true
	case w.busy:
		w.busy = false
		return true
	}
	return false
}

// Close stops accepting requests, lets requests in flight finish, stops the
// job runner (jobs still running are cancelled and retried at the next
// start), and closes the database.
func (s *server) Close(ctx context.Context) error {
	s.closeOnce.Do(func() { close(s.stop) })
	errHTTP := s.http.Shutdown(ctx)
	errJobs := s.app.stopJobs(ctx)
	errDB := s.app.Close()
	if err := <-s.done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(err, errHTTP, errJobs, errDB)
	}
	return errors.Join(errHTTP, errJobs, errDB)
}

// readiness reports whether the database answers and every migration
// (the platform's and the job queue's) is applied.
type readiness struct {
	Ready      bool   `json:"ready"`
	DB         string `json:"db"`
	Migrations string `json:"migrations"`
	Jobs       string `json:"jobs"`
}

func (a *app) readiness(ctx context.Context) readiness {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	r := readiness{Ready: true, DB: "ok", Migrations: "ok", Jobs: "ok"}
	if err := a.db.Ping(ctx); err != nil {
		r.Ready, r.DB = false, err.Error()
		return r
	}
	if cur, target, err := a.db.MigrationStatus(ctx); err != nil {
		r.Ready, r.Migrations = false, err.Error()
	} else if cur != target {
		r.Ready, r.Migrations = false, fmt.Sprintf("version %d of %d", cur, target)
	}
	if ok, err := a.jobsMigrated(ctx); err != nil {
		r.Ready, r.Jobs = false, err.Error()
	} else if !ok {
		r.Ready, r.Jobs = false, "job queue migrations pending"
	}
	return r
}

// opsHandler serves /healthz, /readyz and /metrics outside the session
// middleware, so that probes stay cheap.
func (a *app) opsHandler(metrics *httpx.Metrics) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		res := a.readiness(r.Context())
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !res.Ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(res)
	})
	mux.Handle("GET /metrics", metrics.Handler())
	return mux
}
