package sqldb

import (
	"context"
	"database/sql"
	"time"
)

// The Probe functions exist for the conformance tests, which pin behaviour
// both drivers must share. They touch only the enterprises table.

// ProbePlaceholders runs SELECT $2, $1, $2 with args a, b.
func ProbePlaceholders(ctx context.Context, db *DB, a, b string) (x, y, z string, err error) {
	err = db.read.QueryRowContext(ctx, "SELECT CAST($2 AS TEXT), CAST($1 AS TEXT), CAST($2 AS TEXT)", a, b).Scan(&x, &y, &z)
	return x, y, z, err
}

// ProbeUniqueViolation inserts the same tax code twice.
func ProbeUniqueViolation(ctx context.Context, db *DB) error {
	now := utc(time.Now())
	const q = `INSERT INTO enterprises (tax_code, name, name_folded, province_code, created_at, updated_at) VALUES ($1, $2, $2, $3, $4, $4)`
	if _, err := db.write.ExecContext(ctx, q, "0000000000", "Probe", "01", now); err != nil {
		return translate(err, "probe insert")
	}
	_, err := db.write.ExecContext(ctx, q, "0000000000", "Probe", "01", now)
	return translate(err, "probe insert twice")
}

// ProbeForeignKeyViolation inserts a user pointing at a missing enterprise.
func ProbeForeignKeyViolation(ctx context.Context, db *DB) error {
	now := utc(time.Now())
	_, err := db.write.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, role, enterprise_id, password_changed_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6, $6)`, "probe@example.vn", "Probe", "x", "enterprise", int64(987654321), now)
	return translate(err, "probe fk")
}

// ProbeNoRows reads a missing row.
func ProbeNoRows(ctx context.Context, db *DB) error {
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT id FROM enterprises WHERE id = $1", int64(-1)).Scan(&id)
	return translate(err, "probe no rows")
}

// ProbeTime writes and reads back a time.
func ProbeTime(ctx context.Context, db *DB, t time.Time) (time.Time, error) {
	var id int64
	err := db.write.QueryRowContext(ctx, `INSERT INTO enterprises (tax_code, name, name_folded, province_code, created_at, updated_at)
		VALUES ($1, $2, $2, $3, $4, $4) RETURNING id`, "0000000001", "Probe time", "01", utc(t)).Scan(&id)
	if err != nil {
		return time.Time{}, translate(err, "probe time insert")
	}
	var out sql.NullTime
	if err := db.read.QueryRowContext(ctx, "SELECT created_at FROM enterprises WHERE id = $1", id).Scan(&out); err != nil {
		return time.Time{}, translate(err, "probe time read")
	}
	return out.Time.UTC(), nil
}
