package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/programme"
)

// ProgrammeBulkLoad is the demo's bulk load of an empty programme:
// batches of CreateActivities and CreateReplications between
// BeginBulkLoad and Finish. On SQLite it is about twice as fast as the
// same calls of CreateActivitiesBulk and CreateReplicationsBulk:
//
//   - the activities' children (budget lines, KPIs, reviews, milestones,
//     payments, events) are written into a side file next to the
//     database, on a connection of their own, while the activities and
//     their title words go into the database: two cores instead of one.
//     The side file has the children's tables with their indexes, and
//     Finish copies each with one INSERT … SELECT, which SQLite's transfer
//     optimisation turns into a copy of the records and index entries as
//     they are; then it checks their foreign keys once;
//   - the other secondary indexes of the programme's tables are dropped
//     at the start and built again by Finish from their stored
//     definitions, each with one sort, rather than updated row by row.
//
// On PostgreSQL the calls are those of the store and Finish does nothing.
// If the load fails before Finish, the database lacks those indexes: the
// demo is meant for a fresh database, made again after a failure. Close
// removes the side file; call it in any case.
type ProgrammeBulkLoad struct {
	s       *ProgrammeStore
	side    *DB // nil on PostgreSQL
	path    string
	indexes []schemaObject // dropped, for Finish to build again
}

// sideProgramme is the schema name of the side file while it is copied.
const sideProgramme = "bulk_programme"

// programmeBulkIndexTables are the tables whose secondary indexes a bulk
// load drops (the children's stay: their side tables have them too).
var programmeBulkIndexTables = []string{"activities", "activity_words", "replications", "replication_kpis"}

// BeginBulkLoad starts a bulk load into a programme without activities
// (Conflict otherwise).
func (s *ProgrammeStore) BeginBulkLoad(ctx context.Context) (*ProgrammeBulkLoad, error) {
	l := &ProgrammeBulkLoad{s: s}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities`).Scan(&n); err != nil {
		return nil, translate(err, "count activities")
	}
	if n > 0 {
		return nil, fault.New(fault.Conflict, "Chương trình đã có nhiệm vụ; chỉ nạp hàng loạt vào chương trình trống.",
			"The programme already has activities; a bulk load needs an empty programme.")
	}
	if s.db.dialect.name() != "sqlite" {
		return l, nil
	}
	defs, err := s.schemaOf(ctx, `type = 'index' AND sql IS NOT NULL`, programmeBulkIndexTables)
	if err != nil {
		return nil, err
	}
	for _, ix := range defs {
		if _, err := s.w.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
			return nil, translate(err, "drop index "+ix.name)
		}
		l.indexes = append(l.indexes, ix)
	}
	// The side file: the children's tables and their indexes, without
	// their triggers.
	children, err := s.schemaOf(ctx, `type IN ('table', 'index') AND sql IS NOT NULL`, activityChildTables)
	if err != nil {
		return nil, err
	}
	l.path = s.db.path + "-bulk-programme"
	if l.side, err = openSide(s.db, l.path); err != nil {
		return nil, err
	}
	side := l.side.write
	// Tables before indexes.
	slices.SortStableFunc(children, func(a, b schemaObject) int { return -strings.Compare(a.kind, b.kind) })
	for _, x := range children {
		if _, err := side.ExecContext(ctx, x.def); err != nil {
			l.Close()
			return nil, fmt.Errorf("sqldb: programme bulk load: %w", err)
		}
	}
	return l, nil
}

// CreateActivities is ProgrammeStore.CreateActivitiesBulk.
func (l *ProgrammeBulkLoad) CreateActivities(ctx context.Context, bs []*BulkActivity) error {
	return l.s.createActivities(ctx, bs, l.side)
}

// CreateReplications is ProgrammeStore.CreateReplicationsBulk.
func (l *ProgrammeBulkLoad) CreateReplications(ctx context.Context, rs []*programme.Replication) error {
	return l.s.CreateReplicationsBulk(ctx, rs)
}

// Finish copies the children into the database, checks their foreign
// keys (Invalid if a row refers to nothing, and then nothing is copied)
// and builds the dropped indexes again.
func (l *ProgrammeBulkLoad) Finish(ctx context.Context) error {
	if l.side != nil {
		if err := l.copySide(ctx); err != nil {
			return err
		}
	}
	for _, ix := range l.indexes {
		if _, err := l.s.w.ExecContext(ctx, ix.def); err != nil {
			return translate(err, "create index "+ix.name)
		}
	}
	l.indexes = nil
	return nil
}

func (l *ProgrammeBulkLoad) copySide(ctx context.Context) error {
	return copySide(ctx, l.s.db, l.side, l.path, sideProgramme, activityChildTables, func(tx *sql.Tx, copy func() error) error {
		tc := conn{db: l.s.db, r: tx, w: tx, tx: tx}
		return tc.withoutInsertTriggers(ctx, l.s.db.dialect, activityChildTables, copy)
	})
}

// Close removes the side file.
func (l *ProgrammeBulkLoad) Close() error {
	if l.side == nil {
		return nil
	}
	l.side.write.Close()
	return removeSide(l.path)
}

// schemaObject is a table or index of sqlite_master.
type schemaObject struct{ name, kind, def string }

// schemaOf returns the schema objects of tables that match cond, by name.
func (s *ProgrammeStore) schemaOf(ctx context.Context, cond string, tables []string) ([]schemaObject, error) {
	params := make([]string, len(tables))
	args := make([]any, len(tables))
	for i, t := range tables {
		params[i], args[i] = fmt.Sprintf("$%d", i+1), t
	}
	rows, err := s.w.QueryContext(ctx, `SELECT name, type, sql FROM sqlite_master WHERE `+cond+` AND tbl_name IN (`+
		strings.Join(params, ", ")+`) ORDER BY name`, args...)
	if err != nil {
		return nil, translate(err, "read programme schema")
	}
	var out []schemaObject
	for rows.Next() {
		var x schemaObject
		if err := rows.Scan(&x.name, &x.kind, &x.def); err != nil {
			rows.Close()
			return nil, translate(err, "read programme schema")
		}
		out = append(out, x)
	}
	return out, closeRows(rows, "read programme schema")
}

// copySide closes the side file at path, attaches it to the writer as
// schema and copies its tables into the same tables of the database, with
// one INSERT … SELECT each (which SQLite's transfer optimisation turns into
// a copy of the records as they are; it applies only with foreign keys
// off, a pragma that holds outside transactions only), then checks their
// foreign keys once: Invalid if a row refers to nothing, and then nothing
// is copied. around, if set, runs the copy (given as a function) inside
// the transaction, e.g. with triggers off.
func copySide(ctx context.Context, db, side *DB, path, schema string, tables []string, around func(tx *sql.Tx, copy func() error) error) error {
	if err := side.write.Close(); err != nil {
		return fmt.Errorf("sqldb: bulk load: %w", err)
	}
	c, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: bulk load: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `ATTACH DATABASE $1 AS `+schema, path); err != nil {
		return translate(err, "attach "+schema)
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE `+schema)
	if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return translate(err, "copy "+schema)
	}
	err = func() error {
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			return translate(err, "copy "+schema)
		}
		defer tx.Rollback()
		copy := func() error {
			for _, t := range tables {
				if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+t+` SELECT * FROM `+schema+`.`+t); err != nil {
					return translate(err, "copy "+t)
				}
			}
			return nil
		}
		if around != nil {
			err = around(tx, copy)
		} else {
			err = copy()
		}
		if err != nil {
			return err
		}
		for _, t := range tables {
			var orphans int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check($1, 'main')`, t).Scan(&orphans); err != nil {
				return translate(err, "check "+t)
			}
			if orphans > 0 {
				return fault.New(fault.Invalid, fmt.Sprintf("%d dòng của %s tham chiếu dữ liệu không tồn tại.", orphans, t),
					fmt.Sprintf("%d rows of %s refer to missing rows.", orphans, t))
			}
		}
		return translate(tx.Commit(), "copy "+schema)
	}()
	if _, ferr := c.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); err == nil && ferr != nil {
		err = translate(ferr, "copy "+schema)
	}
	return err
}

// openSide opens a fresh side file at path beside db, on one connection of
// its own, without a journal and without syncs: the file is thrown away if
// anything fails.
func openSide(db *DB, path string) (*DB, error) {
	if err := removeSide(path); err != nil {
		return nil, err
	}
	side, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_time_format=sqlite")
	if err != nil {
		return nil, fmt.Errorf("sqldb: bulk load: %w", err)
	}
	side.SetMaxOpenConns(1)
	return &DB{dialect: db.dialect, write: side, read: side, path: path, now: db.now}, nil
}

// removeSide removes a side file and its journal, if any.
func removeSide(path string) error {
	for _, p := range []string{path, path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("sqldb: bulk load: %w", err)
		}
	}
	return nil
}
