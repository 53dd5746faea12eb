package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// EnterpriseFileStore keeps what enterprise imports and exports need: bulk
// registry writes (through the registry store, so that the search index,
// the facet counts and the history stay as it keeps them), uploaded files,
// import checkpoints and rejected rows.
type EnterpriseFileStore struct {
	conn
}

var _ enterprisefile.Store = (*EnterpriseFileStore)(nil)

// EnterpriseFiles returns the store of enterprise imports and exports.
func (db *DB) EnterpriseFiles() *EnterpriseFileStore { return &EnterpriseFileStore{db.conn()} }

func (s *EnterpriseFileStore) registry() *RegistryStore { return &RegistryStore{s.conn} }

// Tx runs fn with a store bound to one transaction (or the current one).
func (s *EnterpriseFileStore) Tx(ctx context.Context, fn func(enterprisefile.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&EnterpriseFileStore{c}) })
}

// lookupChunk is how many codes one IN list carries.
const lookupChunk = 500

// inList returns "(?,?,…)" of n bulk placeholders starting after offset.
func inList(d dialect, offset, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.bulkParam(offset + i + 1))
	}
	b.WriteByte(')')
	return b.String()
}

// FindExisting returns the enterprises with the given tax codes and their
// figures.
func (s *EnterpriseFileStore) FindExisting(ctx context.Context, taxCodes []string) (map[string]*enterprisefile.Existing, error) {
	out := map[string]*enterprisefile.Existing{}
	byID := map[registry.EnterpriseID]*enterprisefile.Existing{}
	for start := 0; start < len(taxCodes); start += lookupChunk {
		part := taxCodes[start:min(start+lookupChunk, len(taxCodes))]
		args := make([]any, len(part))
		for i, c := range part {
			args[i] = c
		}
		rows, err := s.r.QueryContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE e.tax_code IN `+
			inList(s.db.dialect, 0, len(part)), args...)
		if err != nil {
			return nil, translate(err, "find enterprises by tax codes")
		}
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				rows.Close()
				return nil, translate(err, "scan enterprise")
			}
			x := &enterprisefile.Existing{Enterprise: e, Figures: []registry.Figures{}}
			out[e.TaxCode], byID[e.ID] = x, x
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, translate(err, "find enterprises by tax codes")
		}
	}
	if len(byID) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(byID))
	for id := range byID {
		ids = append(ids, int64(id))
	}
	for start := 0; start < len(ids); start += lookupChunk {
		part := ids[start:min(start+lookupChunk, len(ids))]
		rows, err := s.r.QueryContext(ctx, `SELECT enterprise_id, year, employees, revenue, capital, value_added, energy_kwh, exports
			FROM enterprise_figures WHERE enterprise_id IN `+inList(s.db.dialect, 0, len(part))+` ORDER BY enterprise_id, year`, part...)
		if err != nil {
			return nil, translate(err, "find figures")
		}
		for rows.Next() {
			var id int64
			f, err := scanFigures(rows, &id)
			if err != nil {
				rows.Close()
				return nil, translate(err, "scan figures")
			}
			x := byID[registry.EnterpriseID(id)]
			x.Figures = append(x.Figures, f)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, translate(err, "find figures")
		}
	}
	return out, nil
}

// scanFigures reads (extra…, year, employees, revenue, capital,
// value_added, energy_kwh, exports).
func scanFigures(r interface{ Scan(...any) error }, extra ...any) (registry.Figures, error) {
	var f registry.Figures
	var v [6]sql.NullInt64
	if err := r.Scan(append(extra, &f.Year, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5])...); err != nil {
		return f, err
	}
	ptr := func(n sql.NullInt64) *int64 {
		if !n.Valid {
			return nil
		}
		x := n.Int64
		return &x
	}
	f.Employees, f.Revenue, f.Capital, f.ValueAdded, f.EnergyKWh, f.Exports = ptr(v[0]), ptr(v[1]), ptr(v[2]), ptr(v[3]), ptr(v[4]), ptr(v[5])
	return f, nil
}

// nextCode returns the code just above every code that starts with head:
// head with its last digit raised (carrying). Branch codes head-NNN sort
// between head and it in any collation, whether the dash counts or not.
func nextCode(head string) string {
	b := []byte(head)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return head + "~"
}

// FindOrphanBranchesOf returns the branches without a parent of the given
// head offices.
func (s *EnterpriseFileStore) FindOrphanBranchesOf(ctx context.Context, heads []string) ([]*registry.Enterprise, error) {
	var out []*registry.Enterprise
	// Usually there are none: one look at the partial index
	// enterprises_orphan_branches saves the join.
	var some bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM enterprises WHERE parent_id IS NULL AND length(tax_code) = 14)`).Scan(&some); err != nil {
		return nil, translate(err, "look for orphan branches")
	}
	if !some {
		return out, nil
	}
	for start := 0; start < len(heads); start += lookupChunk {
		part := heads[start:min(start+lookupChunk, len(heads))]
		var b strings.Builder
		args := make([]any, 0, 2*len(part))
		for i, h := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%s,%s)", s.db.dialect.bulkParam(2*i+1), s.db.dialect.bulkParam(2*i+2))
			args = append(args, h, nextCode(h))
		}
		rows, err := s.r.QueryContext(ctx, `SELECT `+enterpriseColumns+` FROM (VALUES `+b.String()+`) h
			JOIN enterprises e ON e.tax_code > h.column1 AND e.tax_code < h.column2
			WHERE e.parent_id IS NULL AND length(e.tax_code) = 14`, args...) // the partial index's condition
		if err != nil {
			return nil, translate(err, "find orphan branches")
		}
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				rows.Close()
				return nil, translate(err, "scan enterprise")
			}
			out = append(out, e)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, translate(err, "find orphan branches")
		}
	}
	return out, nil
}

// CreateEnterprises inserts es as RegistryStore.CreateEnterprises does.
func (s *EnterpriseFileStore) CreateEnterprises(ctx context.Context, es []*registry.Enterprise) error {
	return s.registry().CreateEnterprises(ctx, es)
}

// CreateEnterprisesBulk inserts es as RegistryStore.CreateEnterprisesBulk does.
func (s *EnterpriseFileStore) CreateEnterprisesBulk(ctx context.Context, es []*registry.Enterprise) error {
	return s.registry().CreateEnterprisesBulk(ctx, es)
}

// BeginBulkLoad is RegistryStore.BeginBulkLoad.
func (s *EnterpriseFileStore) BeginBulkLoad(ctx context.Context) error {
	return s.registry().BeginBulkLoad(ctx)
}

// FinishBulkLoad is RegistryStore.FinishBulkLoad.
func (s *EnterpriseFileStore) FinishBulkLoad(ctx context.Context) error {
	return s.registry().FinishBulkLoad(ctx)
}

// BulkLoading is RegistryStore.BulkLoading.
func (s *EnterpriseFileStore) BulkLoading(ctx context.Context) (bool, error) {
	return s.registry().BulkLoading(ctx)
}

// CreateFigures inserts figures as RegistryStore.CreateFigures does.
func (s *EnterpriseFileStore) CreateFigures(ctx context.Context, figs map[registry.EnterpriseID][]registry.Figures) error {
	return s.registry().CreateFigures(ctx, figs)
}

// UpdateEnterprise writes e as RegistryStore.UpdateEnterprise does.
func (s *EnterpriseFileStore) UpdateEnterprise(ctx context.Context, e *registry.Enterprise) error {
	return s.registry().UpdateEnterprise(ctx, e)
}

// PutFigures writes a year's figures as RegistryStore.PutFigures does.
func (s *EnterpriseFileStore) PutFigures(ctx context.Context, id registry.EnterpriseID, f registry.Figures) error {
	return s.registry().PutFigures(ctx, id, f)
}

const historyBatch = 100 // rows per statement, 7 parameters each

// AddHistory writes history entries in multi-row statements.
func (s *EnterpriseFileStore) AddHistory(ctx context.Context, hs []*registry.HistoryEntry) error {
	for start := 0; start < len(hs); start += historyBatch {
		part := hs[start:min(start+historyBatch, len(hs))]
		args := make([]any, 0, 7*len(part))
		for _, h := range part {
			h.At = utc(h.At)
			args = append(args, int64(h.EnterpriseID), h.Action, nullString(h.Before), nullString(h.After),
				nullInt64(int64(h.ActorID)), h.ActorEmail, h.At)
		}
		q := bulkValues(s.db.dialect, `INSERT INTO enterprise_history (enterprise_id, action, before_json, after_json, actor_id, actor_email, at) VALUES `, len(part), 7)
		if _, err := s.w.ExecContext(ctx, q, args...); err != nil {
			return translate(err, "add history")
		}
	}
	return nil
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *EnterpriseFileStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// uploadPart is the size of the parts an upload is stored in.
const uploadPart = 1 << 20

// CreateUpload stores u and the bytes of r in parts, in one transaction.
func (s *EnterpriseFileStore) CreateUpload(ctx context.Context, u *enterprisefile.Upload, r io.Reader) error {
	u.CreatedAt = utc(u.CreatedAt)
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO enterprise_uploads (owner_id, name, size, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			nullInt64(int64(u.OwnerID)), u.Name, u.Size, u.CreatedAt).Scan(&u.ID)
		if err != nil {
			return translate(err, "create upload")
		}
		buf := make([]byte, uploadPart)
		var total int64
		for seq := 0; ; seq++ {
			n, err := io.ReadFull(r, buf)
			if n > 0 {
				total += int64(n)
				if _, err := c.w.ExecContext(ctx, `INSERT INTO enterprise_upload_parts (upload_id, seq, data) VALUES ($1, $2, $3)`,
					int64(u.ID), seq, buf[:n]); err != nil {
					return translate(err, "store upload")
				}
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("sqldb: read upload: %w", err)
			}
		}
		if total != u.Size {
			u.Size = total
			if _, err := c.w.ExecContext(ctx, `UPDATE enterprise_uploads SET size = $1 WHERE id = $2`, total, int64(u.ID)); err != nil {
				return translate(err, "size upload")
			}
		}
		return nil
	})
}

// FindUpload returns an upload's description, or NotFound.
func (s *EnterpriseFileStore) FindUpload(ctx context.Context, id enterprisefile.UploadID) (*enterprisefile.Upload, error) {
	var u enterprisefile.Upload
	var owner sql.NullInt64
	var at sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT id, owner_id, name, size, created_at FROM enterprise_uploads WHERE id = $1`, int64(id)).
		Scan(&u.ID, &owner, &u.Name, &u.Size, &at)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fault.New(fault.NotFound, "Không tìm thấy tệp tải lên.", "Upload not found.")
		}
		return nil, translate(err, fmt.Sprintf("find upload %d", id))
	}
	u.OwnerID, u.CreatedAt = auth.UserID(owner.Int64), timeOf(at)
	return &u, nil
}

// CopyUpload writes the bytes of an upload to w, part by part.
func (s *EnterpriseFileStore) CopyUpload(ctx context.Context, id enterprisefile.UploadID, w io.Writer) error {
	for seq := 0; ; seq++ {
		var data []byte
		err := s.r.QueryRowContext(ctx, `SELECT data FROM enterprise_upload_parts WHERE upload_id = $1 AND seq = $2`, int64(id), seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return translate(err, "read upload")
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("sqldb: copy upload: %w", err)
		}
	}
}

// DeleteUpload removes an upload with its parts, checkpoint and rejections.
func (s *EnterpriseFileStore) DeleteUpload(ctx context.Context, id enterprisefile.UploadID) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM enterprise_uploads WHERE id = $1`, int64(id))
	return translate(err, "delete upload")
}

// DeleteUploadsBefore removes uploads created before t.
func (s *EnterpriseFileStore) DeleteUploadsBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM enterprise_uploads WHERE created_at < $1`, utc(t))
	if err != nil {
		return 0, translate(err, "delete old uploads")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// FindCheckpoint returns the checkpoint of an upload's import, or NotFound.
func (s *EnterpriseFileStore) FindCheckpoint(ctx context.Context, id enterprisefile.UploadID) (*enterprisefile.Checkpoint, error) {
	c := enterprisefile.Checkpoint{UploadID: id}
	var at sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT line, imported, updated, rejected, at FROM enterprise_import_checkpoints WHERE upload_id = $1`,
		int64(id)).Scan(&c.Line, &c.Imported, &c.Updated, &c.Rejected, &at)
	if err != nil {
		return nil, translate(err, "find checkpoint")
	}
	c.At = timeOf(at)
	return &c, nil
}

// SaveCheckpoint inserts or replaces the checkpoint of c.UploadID.
func (s *EnterpriseFileStore) SaveCheckpoint(ctx context.Context, c *enterprisefile.Checkpoint) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO enterprise_import_checkpoints (upload_id, line, imported, updated, rejected, at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (upload_id) DO UPDATE SET line = excluded.line, imported = excluded.imported, updated = excluded.updated,
		rejected = excluded.rejected, at = excluded.at`,
		int64(c.UploadID), c.Line, c.Imported, c.Updated, c.Rejected, utc(c.At))
	return translate(err, "save checkpoint")
}

const rejectionBatch = 100 // rows per statement, 6 parameters each

// AddRejections records rejected rows of an upload's import.
func (s *EnterpriseFileStore) AddRejections(ctx context.Context, id enterprisefile.UploadID, rs []enterprisefile.Rejection) error {
	for start := 0; start < len(rs); start += rejectionBatch {
		part := rs[start:min(start+rejectionBatch, len(rs))]
		args := make([]any, 0, 6*len(part))
		for _, r := range part {
			vals := r.Values
			if vals == nil {
				vals = map[string]string{}
			}
			b, err := json.Marshal(vals)
			if err != nil {
				return fmt.Errorf("sqldb: rejection values: %w", err)
			}
			args = append(args, int64(id), r.Line, string(r.Reason), r.Message.Vi, r.Message.En, string(b))
		}
		q := bulkValues(s.db.dialect, `INSERT INTO enterprise_import_rejections (upload_id, line, reason, message_vi, message_en, values_json) VALUES `, len(part), 6)
		if _, err := s.w.ExecContext(ctx, q, args...); err != nil {
			return translate(err, "add rejections")
		}
	}
	return nil
}

// EachRejection calls fn for the rejected rows of an upload, by line.
func (s *EnterpriseFileStore) EachRejection(ctx context.Context, id enterprisefile.UploadID, fn func(enterprisefile.Rejection) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT line, reason, message_vi, message_en, values_json FROM enterprise_import_rejections
		WHERE upload_id = $1 ORDER BY line`, int64(id))
	if err != nil {
		return translate(err, "find rejections")
	}
	defer rows.Close()
	for rows.Next() {
		var r enterprisefile.Rejection
		var reason, vals string
		if err := rows.Scan(&r.Line, &reason, &r.Message.Vi, &r.Message.En, &vals); err != nil {
			return translate(err, "scan rejection")
		}
		r.Reason = registry.Code(reason)
		if err := json.Unmarshal([]byte(vals), &r.Values); err != nil {
			return fmt.Errorf("sqldb: rejection values of line %d: %w", r.Line, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "find rejections")
}

// EachEnterprise calls fn for every enterprise matching f (Query folded),
// in f.Sort order, with the figures of its latest year.
func (s *EnterpriseFileStore) EachEnterprise(ctx context.Context, f registry.Filter, fn func(*registry.Enterprise, *registry.Figures) error) error {
	w, _ := s.registry().enterpriseWhere(f)
	q := `SELECT ` + enterpriseColumns + `, f.year, f.employees, f.revenue, f.capital, f.value_added, f.energy_kwh, f.exports
		FROM enterprises e LEFT JOIN enterprise_figures f ON f.enterprise_id = e.id AND f.year = e.latest_year` + w.sql() + orderBy(f.Sort)
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return translate(err, "export enterprises")
	}
	defer rows.Close()
	for rows.Next() {
		var year sql.NullInt64
		var v [6]sql.NullInt64
		e, err := scanEnterprise(rows, &year, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5])
		if err != nil {
			return translate(err, "scan enterprise")
		}
		var fig *registry.Figures
		if year.Valid {
			ptr := func(n sql.NullInt64) *int64 {
				if !n.Valid {
					return nil
				}
				x := n.Int64
				return &x
			}
			fig = &registry.Figures{Year: int(year.Int64), Employees: ptr(v[0]), Revenue: ptr(v[1]), Capital: ptr(v[2]),
				ValueAdded: ptr(v[3]), EnergyKWh: ptr(v[4]), Exports: ptr(v[5])}
		}
		if err := fn(e, fig); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "export enterprises")
}
