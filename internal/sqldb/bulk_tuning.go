package sqldb

import (
	"context"
	"fmt"
)

// bulkFTSHash is the in-memory size of a full-text index's pending terms
// during a bulk load: the search index of a million enterprises is then
// written as a few segments, instead of flushed every 1 MiB (FTS5's
// default) into hundreds that are merged over and over (about 4 s less at
// national scale; a larger buffer saves little more and costs memory).
const bulkFTSHash = 64 << 20

// ftsDefaultHash is FTS5's default hashsize, put back after the load.
const ftsDefaultHash = 1 << 20

// bulkFTSTables are the full-text tables a bulk load fills.
var bulkFTSTables = []string{"enterprises_fts", "experts_fts"}

// TuneForBulkLoad readies the writer connection for a long bulk load into
// a fresh database (the demo). On SQLite: synchronous OFF (a power cut
// loses the load, which would be started again anyway; WAL keeps the file
// consistent), a helper thread for the sorts that build indexes (about a
// third faster on two cores) and larger full-text index buffers. The
// returned finish puts back the settings of openSQLite and the FTS5
// default. On PostgreSQL both do nothing.
func (db *DB) TuneForBulkLoad(ctx context.Context) (finish func(context.Context) error, err error) {
	if db.dialect.name() != "sqlite" {
		return func(context.Context) error { return nil }, nil
	}
	tune := []string{`PRAGMA synchronous = OFF`, `PRAGMA threads = 2`}
	undo := []string{`PRAGMA synchronous = NORMAL`, `PRAGMA threads = 0`}
	for _, t := range bulkFTSTables {
		tune = append(tune, fmt.Sprintf(`INSERT INTO %s (%[1]s, rank) VALUES ('hashsize', %d)`, t, bulkFTSHash))
		// Back to the default for this connection, then no stored value at
		// all, as in a table that was never tuned.
		undo = append(undo, fmt.Sprintf(`INSERT INTO %s (%[1]s, rank) VALUES ('hashsize', %d)`, t, ftsDefaultHash),
			fmt.Sprintf(`DELETE FROM %s_config WHERE k = 'hashsize'`, t))
	}
	for _, p := range tune {
		if _, err := db.write.ExecContext(ctx, p); err != nil {
			return nil, fmt.Errorf("sqldb: bulk load: %s: %w", p, err)
		}
	}
	return func(ctx context.Context) error {
		for _, p := range undo {
			if _, err := db.write.ExecContext(ctx, p); err != nil {
				return fmt.Errorf("sqldb: bulk load: %s: %w", p, err)
			}
		}
		return nil
	}, nil
}
