package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Config says which database to open and how.
type Config struct {
	// URL is "sqlite:PATH" or a "postgres://" / "postgresql://" URL.
	URL string
	// Schema, for PostgreSQL only, puts every table in this schema (tests use
	// a fresh schema each). It is created if missing.
	Schema string
	// Migrate runs pending migrations on open.
	Migrate bool
	// MaxConns caps the PostgreSQL pool (default 16).
	MaxConns int32
}

// DB is an open database: the pools and the dialect.
type DB struct {
	dialect dialect
	write   *sql.DB // writes and transactions; one connection on SQLite
	read    *sql.DB // queries; equal to write on PostgreSQL
	pool    *pgxpool.Pool
	schema  string
	path    string // SQLite file
	now     func() time.Time
}

// Open opens the database named by cfg.URL and, if cfg.Migrate is set, runs
// the migrations. The caller must Close it.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(cfg.URL, "sqlite:"):
		db, err = openSQLite(ctx, strings.TrimPrefix(cfg.URL, "sqlite:"))
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		db, err = openPostgres(ctx, cfg)
	default:
		return nil, fmt.Errorf("sqldb: database URL must start with sqlite: or postgres:// (got %q)", redact(cfg.URL))
	}
	if err != nil {
		return nil, err
	}
	if cfg.Migrate {
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqldb: empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqldb: create data folder: %w", err)
		}
	}
	// busy_timeout first so that the other pragmas wait rather than fail.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(memory)&_pragma=cache_size(-32768)&_time_format=sqlite"
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqldb: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqldb: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	// Keep every reader open: a new SQLite connection re-runs its pragmas
	// and starts with an empty page cache (the default keeps 2 idle, so a
	// busy server kept reconnecting: ~13 % of CPU on /verify under load).
	read.SetMaxIdleConns(max(4, runtime.NumCPU()))
	db := &DB{dialect: sqliteDialect{}, write: write, read: read, path: path, now: time.Now}
	if err := write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqldb: open sqlite %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, cfg Config) (*DB, error) {
	pcfg, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("sqldb: parse postgres URL: %w", err)
	}
	pcfg.MaxConns = cfg.MaxConns
	if pcfg.MaxConns == 0 {
		pcfg.MaxConns = 16
	}
	if cfg.Schema != "" {
		pcfg.ConnConfig.RuntimeParams["search_path"] = cfg.Schema
	}
	pcfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("sqldb: open postgres: %w", err)
	}
	if cfg.Schema != "" {
		if _, err := pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(cfg.Schema)); err != nil {
			pool.Close()
			return nil, fmt.Errorf("sqldb: create schema: %w", err)
		}
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("sqldb: reach postgres: %w", err)
	}
	sdb := stdlib.OpenDBFromPool(pool)
	return &DB{dialect: postgresDialect{}, write: sdb, read: sdb, pool: pool, schema: cfg.Schema, now: time.Now}, nil
}

// Close closes the pools.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if db.pool != nil {
		db.pool.Close()
	}
	return errors.Join(errs...)
}

// IsPostgres reports whether the database is PostgreSQL.
func (db *DB) IsPostgres() bool { return db.pool != nil }

// DriverName returns "sqlite" or "postgres", for logs and the status page.
func (db *DB) DriverName() string { return db.dialect.name() }

// SQLitePath returns the SQLite file, or "" on PostgreSQL.
func (db *DB) SQLitePath() string { return db.path }

// Schema returns the PostgreSQL schema the DB was opened in, or "".
func (db *DB) Schema() string { return db.schema }

// PgxPool returns the pgx pool on PostgreSQL (for River), or nil.
func (db *DB) PgxPool() *pgxpool.Pool { return db.pool }

// WriteDB returns the writer pool, for River's SQLite driver only.
func (db *DB) WriteDB() *sql.DB { return db.write }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

func (db *DB) goose() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFS, "migrations/"+db.dialect.name())
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	if db.IsPostgres() {
		d = goose.DialectPostgres
	}
	return goose.NewProvider(d, db.write, sub)
}

// Migrate applies pending migrations.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.goose()
	if err != nil {
		return fmt.Errorf("sqldb: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	return nil
}

// MigrationStatus returns the applied and the newest known migration version.
func (db *DB) MigrationStatus(ctx context.Context) (current, target int64, err error) {
	p, err := db.goose()
	if err != nil {
		return 0, 0, err
	}
	return p.GetVersions(ctx)
}

// Backup writes a consistent copy of the SQLite database to path (VACUUM
// INTO, safe while the server runs). It fails on PostgreSQL, where pg_dump is
// the tool.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.IsPostgres() {
		return errors.New("sqldb: backup of PostgreSQL is done with pg_dump")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqldb: backup target %s exists", path)
	}
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("sqldb: backup: %w", err)
	}
	return nil
}

// DropSchema drops the PostgreSQL schema the DB was opened with (tests).
func (db *DB) DropSchema(ctx context.Context) error {
	if db.pool == nil || db.schema == "" {
		return nil
	}
	_, err := db.pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+quoteIdent(db.schema)+" CASCADE")
	return err
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// redact hides a password in a database URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
