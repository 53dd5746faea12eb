// Package sqldb is the only package that knows SQL. It opens the embedded
// SQLite file or a PostgreSQL database, runs the embedded goose migrations
// (one folder per dialect, same file names), and implements the Store
// interfaces the domain packages declare, one file per domain.
//
// SQL is written once with $N placeholders, which both drivers bind by
// number (pinned by a conformance test). Where the dialects differ, the
// difference lives in one dialect value with named methods; query code never
// switches on the driver name. Driver errors are translated at the edge:
// unique violation → fault.Conflict, foreign-key violation → fault.Invalid,
// no rows → fault.NotFound.
//
// On SQLite the database has two pools: a single-connection writer (WAL
// allows one writer; BEGIN IMMEDIATE avoids upgrade deadlocks) used for
// every write and by River, and a reader pool for queries. On PostgreSQL
// both are the same pgx pool.
package sqldb
