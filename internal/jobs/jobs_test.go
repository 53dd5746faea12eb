package jobs_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/jobs"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// waitFor is how long a test waits for a job to reach a state.
const waitFor = 20 * time.Second

func queueFor(db *sqldb.DB) *jobs.Queue {
	if db.IsPostgres() {
		return jobs.NewPostgresQueue(db.PgxPool(), db.Schema())
	}
	return jobs.NewSQLiteQueue(db.WriteDB())
}

// mustMigrate runs River's migrations on db.
func mustMigrate(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if err := jobs.Migrate(context.Background(), queueFor(db)); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
}

// options returns Service options on db, polling fast.
func options(t *testing.T, db *sqldb.DB) jobs.Options {
	return jobs.Options{
		Store:             db.Jobs(),
		Queue:             queueFor(db),
		Audit:             db.Audit(),
		Logger:            slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		FetchPollInterval: 20 * time.Millisecond,
	}
}

// mustStart creates and starts a Service, stopped at the end of the test.
func mustStart(t *testing.T, o jobs.Options) *jobs.Service {
	t.Helper()
	s, err := jobs.NewService(o)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return s
}

// mustActor stores a user of role r and returns a context acting as them.
func mustActor(t *testing.T, db *sqldb.DB, email string, r auth.Role) context.Context {
	t.Helper()
	now := time.Now().UTC()
	u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: r, Lang: "vi",
		PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := db.Auth().CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return auth.WithActor(context.Background(), u.Actor())
}

// waitJob polls the job until done says so, and returns it.
func waitJob(t *testing.T, s *jobs.Service, ctx context.Context, id jobs.JobID, what string, done func(*jobs.Job) bool) *jobs.Job {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		j, err := s.FindJobByID(ctx, id)
		if err != nil {
			t.Fatalf("FindJobByID: %v", err)
		}
		if done(j) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d not %s after %s: %+v", id, what, waitFor, j)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func isFinished(j *jobs.Job) bool { return j.Status.IsFinished() }

func TestJobMigrate(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		q := queueFor(db)
		if ok, err := jobs.MigrationsCurrent(ctx, q); err != nil || ok {
			t.Fatalf("MigrationsCurrent before Migrate = %v, %v; want false", ok, err)
		}
		for range 2 { // a second run has nothing to do
			if err := jobs.Migrate(ctx, q); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
		}
		if ok, err := jobs.MigrationsCurrent(ctx, q); err != nil || !ok {
			t.Fatalf("MigrationsCurrent after Migrate = %v, %v; want true", ok, err)
		}
	})
}

func TestJobService_AuditExport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		s := mustStart(t, options(t, db))
		admin := mustActor(t, db, "admin@moit.gov.vn", auth.RoleAdmin)
		other := mustActor(t, db, "other@moit.gov.vn", auth.RoleMinistry)
		// Stopped at the policy, so it needs no stored user or enterprise.
		enterprise := auth.WithActor(context.Background(), &auth.Actor{UserID: 9999, Role: auth.RoleEnterprise, EnterpriseID: 1})

		// 2,500 entries to export (progress every 1,000 rows) and some not.
		const n = 2500
		base := time.Date(2026, 5, 1, 1, 2, 3, 0, time.UTC)
		err := db.Jobs().Tx(context.Background(), func(st jobs.Store) error {
			for i := range n + 10 {
				e := audit.Entry{At: base.Add(time.Duration(i) * time.Second), ActorID: 0, ActorEmail: "a@moit.gov.vn",
					Action: "user.update", ObjectType: "user", ObjectID: fmt.Sprint(i), Before: `{"name":"A"}`,
					After: `{"name":"Bảo"}`, IP: "10.0.0.1", RequestID: fmt.Sprintf("r%d", i)}
				if i >= n {
					e.Action = "auth.login"
				}
				if err := st.AddAudit(context.Background(), e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("seed audit log: %v", err)
		}

		t.Run("ErrForbidden", func(t *testing.T) {
			if _, err := s.EnqueueAuditExport(enterprise, audit.Filter{}); !fault.Is(err, fault.Forbidden) {
				t.Fatalf("enterprise EnqueueAuditExport: err=%v, want Forbidden", err)
			}
			if _, err := s.EnqueueAuditExport(other, audit.Filter{}); !fault.Is(err, fault.Forbidden) {
				t.Fatalf("ministry EnqueueAuditExport: err=%v, want Forbidden", err)
			}
			if _, err := s.EnqueueAuditExport(context.Background(), audit.Filter{}); !fault.Is(err, fault.Unauthenticated) {
				t.Fatalf("anonymous EnqueueAuditExport: err=%v, want Unauthenticated", err)
			}
		})
		t.Run("ErrPeriod", func(t *testing.T) {
			_, err := s.EnqueueAuditExport(admin, audit.Filter{From: base, To: base})
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("empty period: err=%v, want Invalid", err)
			}
		})

		j, err := s.EnqueueAuditExport(admin, audit.Filter{Action: "user."})
		if err != nil {
			t.Fatalf("EnqueueAuditExport: %v", err)
		}
		if j.Status != jobs.StatusQueued || j.RiverID == 0 || j.Kind != jobs.KindAuditExport {
			t.Fatalf("queued job: %+v", j)
		}
		j = waitJob(t, s, admin, j.ID, "finished", isFinished)
		if j.Status != jobs.StatusDone {
			t.Fatalf("status=%q error=%q, want done", j.Status, j.Error)
		}
		if j.Done != n || j.Total != n || j.Percent() != 100 || !j.HasResult || j.FinishedAt == nil {
			t.Fatalf("done job: %+v", j)
		}

		name, mime, data, err := s.Result(admin, j.ID)
		if err != nil {
			t.Fatalf("Result: %v", err)
		}
		if !regexp.MustCompile(`^nhat-ky-kiem-tra-\d{8}-\d{4}\.xlsx$`).MatchString(name) || mime != jobs.MimeXLSX {
			t.Fatalf("result %q %q", name, mime)
		}
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("open xlsx: %v", err)
		}
		defer x.Close()
		rows, err := x.GetRows(jobs.AuditSheet)
		if err != nil {
			t.Fatalf("GetRows: %v", err)
		}
		if got, want := len(rows), n+1; got != want {
			t.Fatalf("rows=%d, want %d", got, want)
		}
		wantHeader := []string{"Thời điểm (giờ VN, dd/mm/yyyy HH:MM:SS)", "Người thực hiện", "Hành động", "Đối tượng",
			"Mã đối tượng", "Trước", "Sau", "Địa chỉ IP", "Mã yêu cầu"}
		if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
			t.Fatalf("header (-want +got):\n%s", diff)
		}
		wantFirst := []string{"01/05/2026 08:02:03", "a@moit.gov.vn", "user.update", "user", "0", `{"name":"A"}`,
			`{"name":"Bảo"}`, "10.0.0.1", "r0"}
		if diff := cmp.Diff(wantFirst, rows[1]); diff != "" {
			t.Fatalf("first row, oldest first, in Vietnam's time (-want +got):\n%s", diff)
		}
		if got, want := rows[n][4], fmt.Sprint(n-1); got != want {
			t.Fatalf("last row object id=%q, want %q", got, want)
		}
		panes, err := x.GetPanes(jobs.AuditSheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Fatalf("header not frozen: %+v %v", panes, err)
		}

		entries, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{Action: "job.enqueue"})
		if err != nil || len(entries) != 1 {
			t.Fatalf("job.enqueue entries: %v %v", entries, err)
		}
		if e := entries[0]; e.ActorEmail != "admin@moit.gov.vn" || e.ObjectID != fmt.Sprint(j.ID) {
			t.Fatalf("audit entry: %+v", e)
		}

		t.Run("ErrNotOwner", func(t *testing.T) {
			if _, err := s.FindJobByID(other, j.ID); !fault.Is(err, fault.NotFound) {
				t.Fatalf("FindJobByID by another user: err=%v, want NotFound", err)
			}
			if _, _, _, err := s.Result(other, j.ID); !fault.Is(err, fault.NotFound) {
				t.Fatalf("Result by another user: err=%v, want NotFound", err)
			}
			list, total, err := s.FindJobs(other, jobs.JobFilter{})
			if err != nil || total != 0 || len(list) != 0 {
				t.Fatalf("FindJobs by another user = %d jobs, total %d, %v; want none", len(list), total, err)
			}
			if _, err := s.FindJobByID(context.Background(), j.ID); !fault.Is(err, fault.Unauthenticated) {
				t.Fatalf("anonymous FindJobByID: err=%v, want Unauthenticated", err)
			}
		})
		t.Run("AdminSeesAll", func(t *testing.T) {
			list, total, err := s.FindJobs(admin, jobs.JobFilter{Status: jobs.StatusDone})
			if err != nil || total != 1 || list[0].ID != j.ID {
				t.Fatalf("FindJobs by admin = %v, %d, %v", list, total, err)
			}
		})
	})
}

// blocker is a test job that reports half its work, then waits for release
// or for its context to end.
type blocker struct {
	started chan jobs.JobID
	release chan struct{}
	runs    atomic.Int32
}

func newBlocker() *blocker {
	return &blocker{started: make(chan jobs.JobID, 10), release: make(chan struct{})}
}

func (b *blocker) run(ctx context.Context, j *jobs.Job, p *jobs.Progress) error {
	b.runs.Add(1)
	p.Set(1, 2, "nửa chừng")
	b.started <- j.ID
	select {
	case <-b.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	jobs.ProgressFrom(ctx).Set(2, 2, "xong")
	p.Result("ket-qua.txt", "text/plain; charset=utf-8", []byte("xong"))
	return nil
}

func TestJobService_SurvivesRestart(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		b := newBlocker()
		user := mustActor(t, db, "user@moit.gov.vn", auth.RoleMinistry)

		first, err := jobs.NewService(jobs.WithTestKind(options(t, db), b.run))
		if err != nil {
			t.Fatalf("NewService: %v", err)
		}
		if err := first.Start(context.Background()); err != nil {
			t.Fatalf("Start: %v", err)
		}
		j, err := first.Enqueue(user, jobs.KindTest, "Công việc thử", map[string]int{"n": 2})
		if err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		select {
		case <-b.started:
		case <-time.After(waitFor):
			t.Fatal("job did not start")
		}
		running := waitJob(t, first, user, j.ID, "running with progress", func(j *jobs.Job) bool {
			return j.Status == jobs.StatusRunning && j.Done == 1
		})
		if got, want := running.Percent(), 50; got != want {
			t.Fatalf("Percent()=%d, want %d", got, want)
		}

		// The job is still running when the grace period ends: Stop cancels it.
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err = first.Stop(ctx)
		cancel()
		if err != nil {
			t.Fatalf("Stop: %v", err)
		}
		stopped, err := first.FindJobByID(user, j.ID)
		if err != nil {
			t.Fatalf("FindJobByID: %v", err)
		}
		if stopped.Status != jobs.StatusQueued || stopped.Message == "" {
			t.Fatalf("after Stop: status=%q message=%q, want queued with a message", stopped.Status, stopped.Message)
		}

		// A new process: a new queue and service on the same database.
		second := mustStart(t, jobs.WithTestKind(options(t, db), b.run))
		select {
		case <-b.started:
		case <-time.After(waitFor):
			t.Fatal("job did not start again after the restart")
		}
		close(b.release)
		done := waitJob(t, second, user, j.ID, "finished", isFinished)
		if done.Status != jobs.StatusDone || done.Done != 2 || done.Total != 2 || done.Message != "xong" {
			t.Fatalf("after restart: %+v", done)
		}
		if got, want := b.runs.Load(), int32(2); got != want {
			t.Fatalf("runs=%d, want %d", got, want)
		}
		_, _, data, err := second.Result(user, j.ID)
		if err != nil || string(data) != "xong" {
			t.Fatalf("Result = %q, %v", data, err)
		}
	})
}

func TestJobService_RetryThenFail(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		var runs atomic.Int32
		o := jobs.WithTestKind(options(t, db), func(ctx context.Context, j *jobs.Job, p *jobs.Progress) error {
			runs.Add(1)
			return fault.New(fault.Invalid, "Tệp không đúng mẫu.", "The file does not match the template.")
		})
		s := mustStart(t, jobs.WithMaxAttempts(o, 2))
		user := mustActor(t, db, "user@moit.gov.vn", auth.RoleExpert)
		j, err := s.Enqueue(user, jobs.KindTest, "Nhập dữ liệu", nil)
		if err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		waitJob(t, s, user, j.ID, "waiting for a retry", func(j *jobs.Job) bool {
			return j.Status == jobs.StatusQueued && j.Message == "Đang thử lại / retrying"
		})
		j = waitJob(t, s, user, j.ID, "finished", isFinished)
		if j.Status != jobs.StatusFailed || j.Error != "Tệp không đúng mẫu. / The file does not match the template." {
			t.Fatalf("after the last attempt: status=%q error=%q", j.Status, j.Error)
		}
		if got, want := runs.Load(), int32(2); got != want {
			t.Fatalf("runs=%d, want %d", got, want)
		}
		if _, _, _, err := s.Result(user, j.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("Result of a failed job: err=%v, want NotFound", err)
		}
	})
}

func TestJobService_Enqueue_ErrUnknownKind(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s, err := jobs.NewService(options(t, db))
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	user := mustActor(t, db, "user@moit.gov.vn", auth.RoleExpert)
	if _, err := s.Enqueue(user, "no_such_kind", "x", nil); !fault.Is(err, fault.Invalid) {
		t.Fatalf("Enqueue: err=%v, want Invalid", err)
	}
}

type fakeCleaner struct{ calls atomic.Int32 }

func (c *fakeCleaner) DeleteExpired(context.Context) (int64, error) {
	c.calls.Add(1)
	return 3, nil
}

func TestJobService_SessionCleanup(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		var c fakeCleaner
		o := options(t, db)
		o.Sessions = &c
		mustStart(t, o)
		deadline := time.Now().Add(waitFor)
		for c.calls.Load() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("session cleanup did not run on start")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// countingStore counts progress writes to the real store.
type countingStore struct {
	jobs.Store
	writes atomic.Int32
}

func (c *countingStore) UpdateProgress(ctx context.Context, id jobs.JobID, done, total int64, msg string, at time.Time) error {
	c.writes.Add(1)
	return c.Store.UpdateProgress(ctx, id, done, total, msg, at)
}

func TestJobProgress_Throttled(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		cs := &countingStore{Store: db.Jobs()}
		o := options(t, db)
		o.Store = cs
		// Written by the worker, read after the job is seen done.
		var flushed, elapsed atomic.Int64
		o = jobs.WithTestKind(o, func(ctx context.Context, j *jobs.Job, p *jobs.Progress) error {
			start := time.Now()
			p.Set(1, 1000, "") // written at once
			p.Set(2, 1000, "") // held back, then written by the timer
			time.Sleep(400 * time.Millisecond)
			got, err := db.Jobs().FindJobByID(ctx, j.ID)
			if err != nil {
				return err
			}
			flushed.Store(got.Done)
			for i := int64(3); i <= 1000; i++ {
				p.Set(i, 1000, "")
			}
			elapsed.Store(int64(time.Since(start)))
			return nil
		})
		s := mustStart(t, o)
		user := mustActor(t, db, "user@moit.gov.vn", auth.RoleExpert)
		j, err := s.Enqueue(user, jobs.KindTest, "Tiến độ", nil)
		if err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		j = waitJob(t, s, user, j.ID, "finished", isFinished)
		if j.Status != jobs.StatusDone || j.Done != 1000 {
			t.Fatalf("last progress not written: %+v", j)
		}
		if got := flushed.Load(); got != 2 {
			t.Fatalf("held-back progress not written by the timer: done=%d, want 2", got)
		}
		// One write per 250 ms, plus the first and the last.
		d := time.Duration(elapsed.Load())
		if got, limit := cs.writes.Load(), int32(d/(250*time.Millisecond))+3; got > limit {
			t.Fatalf("progress writes=%d in %s, want at most %d", got, d, limit)
		}
	})
}
