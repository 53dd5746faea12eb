package sqldb

import (
	"context"
	"database/sql"
	"time"

	"nscl/internal/auth"
	"nscl/internal/directory"
)

// The relations experts declare with enterprises (conflicts of interest,
// read by matching) and the checked import files waiting for confirmation.

// FindRelations lists the relations an expert declared, with each
// enterprise's tax code and name, in enterprise name order.
func (s *DirectoryStore) FindRelations(ctx context.Context, id directory.ExpertID) ([]directory.Relation, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT r.expert_id, r.enterprise_id, e.tax_code, e.name, r.kind, r.note, r.declared_at
		FROM expert_relations r JOIN enterprises e ON e.id = r.enterprise_id
		WHERE r.expert_id = $1 ORDER BY e.name, r.enterprise_id`, int64(id))
	if err != nil {
		return nil, translate(err, "find relations")
	}
	defer rows.Close()
	out := []directory.Relation{}
	for rows.Next() {
		var r directory.Relation
		var kind string
		var at sql.NullTime
		if err := rows.Scan(&r.ExpertID, &r.EnterpriseID, &r.TaxCode, &r.EnterpriseName, &kind, &r.Note, &at); err != nil {
			return nil, translate(err, "scan relation")
		}
		r.Kind, r.DeclaredAt = directory.RelationKind(kind), timeOf(at)
		out = append(out, r)
	}
	return out, translate(rows.Err(), "find relations")
}

// AddRelation inserts r (Conflict when the expert declared one with that
// enterprise).
func (s *DirectoryStore) AddRelation(ctx context.Context, r *directory.Relation) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO expert_relations (expert_id, enterprise_id, kind, note, declared_at)
		VALUES ($1, $2, $3, $4, $5)`, int64(r.ExpertID), r.EnterpriseID, string(r.Kind), r.Note, utc(r.DeclaredAt))
	return translate(err, "add relation")
}

// DeleteRelation removes one relation (NotFound when none).
func (s *DirectoryStore) DeleteRelation(ctx context.Context, expert directory.ExpertID, enterpriseID int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM expert_relations WHERE expert_id = $1 AND enterprise_id = $2`, int64(expert), enterpriseID)
	return dirDeleted(res, err, "delete relation")
}

// dirDeleted is NotFound when a DELETE removed no row.
func dirDeleted(res sql.Result, err error, op string) error {
	if err != nil {
		return translate(err, op)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n == 0 {
		return translate(sql.ErrNoRows, op)
	}
	return nil
}

// CreateUpload stores a checked import file, first deleting the files
// created before expired, in one transaction.
func (s *DirectoryStore) CreateUpload(ctx context.Context, u *directory.Upload, expired time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.w.ExecContext(ctx, `DELETE FROM directory_uploads WHERE created_at < $1`, utc(expired)); err != nil {
			return translate(err, "delete old uploads")
		}
		_, err := c.w.ExecContext(ctx, `INSERT INTO directory_uploads (id, owner_id, kind, file_name, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, u.ID, int64(u.Owner), string(u.Kind), u.FileName, u.Data, utc(u.CreatedAt))
		return translate(err, "create upload")
	})
}

// FindUpload returns one checked file.
func (s *DirectoryStore) FindUpload(ctx context.Context, id string) (*directory.Upload, error) {
	var u directory.Upload
	var owner int64
	var kind string
	var at sql.NullTime
	err := s.w.QueryRowContext(ctx, `SELECT id, owner_id, kind, file_name, data, created_at FROM directory_uploads WHERE id = $1`, id).
		Scan(&u.ID, &owner, &kind, &u.FileName, &u.Data, &at)
	if err != nil {
		return nil, translate(err, "find upload")
	}
	u.Owner, u.Kind, u.CreatedAt = auth.UserID(owner), directory.ImportKind(kind), timeOf(at)
	return &u, nil
}

// DeleteUpload deletes a checked file (NotFound when it is gone).
func (s *DirectoryStore) DeleteUpload(ctx context.Context, id string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM directory_uploads WHERE id = $1`, id)
	return dirDeleted(res, err, "delete upload")
}
