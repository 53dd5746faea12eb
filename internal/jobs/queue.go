package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// Queue is River over one database: what Service runs its jobs on and
// Migrate migrates. Make one with NewSQLiteQueue or NewPostgresQueue.
type Queue struct {
	b backend
}

// NewSQLiteQueue returns a Queue over an SQLite database. db must be the
// single-connection writer pool (sqldb's DB.WriteDB): SQLite allows one
// writer, and River writes all the time.
func NewSQLiteQueue(db *sql.DB) *Queue {
	return &Queue{b: driverBackend[*sql.Tx]{driver: riversqlite.New(db)}}
}

// NewPostgresQueue returns a Queue over a PostgreSQL pool. schema is the
// schema River's tables live in ("" = the connection's search_path).
func NewPostgresQueue(pool *pgxpool.Pool, schema string) *Queue {
	return &Queue{b: driverBackend[pgx.Tx]{driver: riverpgxv5.New(pool), schema: schema}}
}

// backend hides River's transaction type parameter: the rest of the package
// deals with riverClient and migrator only.
type backend interface {
	newClient(cfg *river.Config) (riverClient, error)
	migrator(log *slog.Logger) (migrator, error)
}

// riverClient is the part of *river.Client[TTx] the Service uses; its
// methods do not mention TTx.
type riverClient interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// migrator is the part of *rivermigrate.Migrator[TTx] that Migrate and
// MigrationsCurrent use.
type migrator interface {
	Migrate(ctx context.Context, direction rivermigrate.Direction, opts *rivermigrate.MigrateOpts) (*rivermigrate.MigrateResult, error)
	Validate(ctx context.Context, opts *rivermigrate.ValidateOpts) (*rivermigrate.ValidateResult, error)
}

type driverBackend[TTx any] struct {
	driver riverdriver.Driver[TTx]
	schema string
}

func (b driverBackend[TTx]) newClient(cfg *river.Config) (riverClient, error) {
	cfg.Schema = b.schema
	return river.NewClient(b.driver, cfg)
}

func (b driverBackend[TTx]) migrator(log *slog.Logger) (migrator, error) {
	return rivermigrate.New(b.driver, &rivermigrate.Config{Schema: b.schema, Logger: log})
}

// Migrate runs River's own migrations (line "main") up to the newest.
func Migrate(ctx context.Context, q *Queue) error {
	m, err := q.b.migrator(quietLogger(nil))
	if err != nil {
		return fmt.Errorf("jobs: river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: river migrate: %w", err)
	}
	return nil
}

// MigrationsCurrent reports whether River's migrations are all applied (for
// /readyz).
func MigrationsCurrent(ctx context.Context, q *Queue) (bool, error) {
	m, err := q.b.migrator(quietLogger(nil))
	if err != nil {
		return false, fmt.Errorf("jobs: river migrations: %w", err)
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("jobs: check river migrations: %w", err)
	}
	return res.OK, nil
}
