package sqldb

import (
	"context"
	"fmt"

	"nscl/internal/registry"
)

// demoSampleIDs is a recursive query of the multiples of $1 up to the
// largest enterprise id: a sample spread over the registry, read by primary
// key (the recursion stops with the outer LIMIT) rather than by a scan of
// every row testing id % step.
const demoSampleIDs = `WITH RECURSIVE k (id) AS (SELECT CAST($1 AS BIGINT) UNION ALL
	SELECT id + $1 FROM k WHERE id + $1 <= (SELECT MAX(id) FROM enterprises)) `

// DemoSample returns up to limit enterprises, every step-th by id (step ≥
// 1), in id order: the demo picks its firms from this sample, which costs
// a few primary-key reads per firm, instead of searching the whole
// registry for each group it needs (at a million rows each such search
// reads tens of thousands of rows).
func (s *RegistryStore) DemoSample(ctx context.Context, limit, step int) ([]*registry.Enterprise, error) {
	rows, err := s.r.QueryContext(ctx, demoSampleIDs+`SELECT `+enterpriseColumns+`
		FROM k JOIN enterprises e ON e.id = k.id ORDER BY k.id LIMIT $2`, max(step, 1), limit)
	if err != nil {
		return nil, translate(err, "demo sample")
	}
	var out []*registry.Enterprise
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan demo sample")
		}
		out = append(out, e)
	}
	return out, closeRows(rows, "demo sample")
}

// FigureLoader writes the figures of a registry bulk load (the demo's four
// million rows) beside the enterprises. On SQLite it writes them into a
// side file next to the database, on a connection of its own, so that
// they go in on another core while the writer inserts the enterprises;
// Finish copies them into enterprise_figures with one INSERT … SELECT,
// which SQLite's transfer optimisation turns into a copy of the records as
// they are, and then checks their foreign key once. On PostgreSQL
// CreateFigures writes through RegistryStore.CreateFigures and Finish does
// nothing.
//
// CreateFigures may run concurrently with the registry's other writes but
// not with itself. Close removes the side file; call it in any case.
type FigureLoader struct {
	main *RegistryStore
	side *DB // nil on PostgreSQL
	path string
}

// sideFigures is the schema name of the side file while it is copied.
const sideFigures = "bulk_figures"

// NewFigureLoader starts a figure loader for a bulk load into an empty
// registry (see BeginBulkLoad).
func (s *RegistryStore) NewFigureLoader(ctx context.Context) (*FigureLoader, error) {
	l := &FigureLoader{main: s}
	if s.db.dialect.name() != "sqlite" {
		return l, nil
	}
	var def string
	if err := s.w.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'enterprise_figures'`).Scan(&def); err != nil {
		return nil, translate(err, "read figures table")
	}
	l.path = s.db.path + "-bulk-figures"
	var err error
	if l.side, err = openSide(s.db, l.path); err != nil {
		return nil, err
	}
	if _, err := l.side.write.ExecContext(ctx, def); err != nil {
		l.Close()
		return nil, fmt.Errorf("sqldb: figure loader: %w", err)
	}
	return l, nil
}

// CreateFigures writes figs as RegistryStore.CreateFigures does.
func (l *FigureLoader) CreateFigures(ctx context.Context, figs map[registry.EnterpriseID][]registry.Figures) error {
	if l.side == nil {
		return l.main.CreateFigures(ctx, figs)
	}
	return l.side.Registry().CreateFigures(ctx, figs)
}

// Finish copies the figures into the database. It fails with Invalid if a
// figure's enterprise does not exist (and then the figures stay out).
func (l *FigureLoader) Finish(ctx context.Context) error {
	if l.side == nil {
		return nil
	}
	return copySide(ctx, l.main.db, l.side, l.path, sideFigures, []string{"enterprise_figures"}, nil)
}

// Close removes the side file.
func (l *FigureLoader) Close() error {
	if l.side == nil {
		return nil
	}
	l.side.write.Close()
	return removeSide(l.path)
}
