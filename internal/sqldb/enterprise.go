package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"nscl/internal/registry"
	"nscl/internal/vn"
)

// RegistryStore keeps the enterprise registry.
type RegistryStore struct {
	conn
}

var _ registry.Store = (*RegistryStore)(nil)

// Registry returns the enterprise registry store.
func (db *DB) Registry() *RegistryStore { return &RegistryStore{db.conn()} }

const enterpriseColumns = `id, tax_code, name, province_code, created_at, updated_at`

func scanEnterprise(s interface{ Scan(...any) error }, extra ...any) (*registry.Enterprise, error) {
	var e registry.Enterprise
	var created, updated sql.NullTime
	dest := append([]any{&e.ID, &e.TaxCode, &e.Name, &e.ProvinceCode, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = timeOf(created), timeOf(updated)
	return &e, nil
}

// FindEnterpriseByID returns the enterprise with id, or NotFound.
func (s *RegistryStore) FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error) {
	e, err := scanEnterprise(s.r.QueryRowContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find enterprise %d", id))
	}
	return e, nil
}

// FindEnterpriseByTaxCode returns the enterprise with taxCode, or NotFound.
func (s *RegistryStore) FindEnterpriseByTaxCode(ctx context.Context, taxCode string) (*registry.Enterprise, error) {
	e, err := scanEnterprise(s.r.QueryRowContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises WHERE tax_code = $1`, taxCode))
	if err != nil {
		return nil, translate(err, "find enterprise by tax code "+taxCode)
	}
	return e, nil
}

// looksLikeTaxCode reports whether q is made of digits (and the dash of a
// branch code such as 0101234567-001) with at least one digit.
func looksLikeTaxCode(q string) bool {
	digit := false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case c == '-':
		default:
			return false
		}
	}
	return digit
}

// FindEnterprises returns the enterprises matching f ordered by name, and
// the total. f.Query must already be folded (vn.Fold): digits match a tax
// code prefix, anything else a substring of the folded name.
func (s *RegistryStore) FindEnterprises(ctx context.Context, f registry.Filter) ([]*registry.Enterprise, int, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	var w where
	switch q := strings.TrimSpace(f.Query); {
	case q == "":
	case looksLikeTaxCode(q):
		w.add(`tax_code LIKE ? ESCAPE '\'`, likePrefix(q))
	default:
		w.add(`name_folded LIKE ? ESCAPE '\'`, likeContains(q))
	}
	if f.ProvinceCode != "" {
		w.add("province_code = ?", f.ProvinceCode)
	}
	n := len(w.args)
	q := `SELECT ` + enterpriseColumns + `, COUNT(*) OVER() FROM enterprises` + w.sql() +
		fmt.Sprintf(` ORDER BY name, id LIMIT $%d OFFSET $%d`, n+1, n+2)
	rows, err := s.r.QueryContext(ctx, q, append(w.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, translate(err, "find enterprises")
	}
	defer rows.Close()
	es := []*registry.Enterprise{}
	total := 0
	for rows.Next() {
		e, err := scanEnterprise(rows, &total)
		if err != nil {
			return nil, 0, translate(err, "scan enterprise")
		}
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find enterprises")
	}
	if len(es) == 0 && f.Offset > 0 {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count enterprises")
		}
	}
	return es, total, nil
}

// CountEnterprises returns the number of enterprises.
func (s *RegistryStore) CountEnterprises(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises`).Scan(&n); err != nil {
		return 0, translate(err, "count enterprises")
	}
	return n, nil
}

// enterpriseBatch is how many rows one INSERT statement carries. Small on
// purpose: modernc.org/sqlite looks up each $N parameter's name in a linear
// list, so binding costs grow with the square of the parameters in a
// statement (500 rows ran at 38,000 rows/s, 50 rows at 95,000), and
// PostgreSQL gains little from larger statements (80,000 vs 92,000 rows/s).
const enterpriseBatch = 50

// enterpriseInsert returns a multi-row INSERT of n enterprises. It returns
// tax_code with each id: RETURNING gives no guaranteed row order (SQLite
// documents it as arbitrary), so ids are matched back by the unique tax code.
func enterpriseInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO enterprises (tax_code, name, name_folded, province_code, created_at, updated_at) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		p := i * 6
		b.WriteString("($")
		b.WriteString(strconv.Itoa(p + 1))
		for j := 2; j <= 6; j++ {
			b.WriteString(",$")
			b.WriteString(strconv.Itoa(p + j))
		}
		b.WriteByte(')')
	}
	b.WriteString(` RETURNING id, tax_code`)
	return b.String()
}

// CreateEnterprises inserts es in one transaction and fills their IDs (and
// zero CreatedAt/UpdatedAt with now). It writes name_folded = vn.Fold(name).
// Rows go in multi-row statements of enterpriseBatch rows, prepared once,
// plus one shorter statement for the tail.
func (s *RegistryStore) CreateEnterprises(ctx context.Context, es []*registry.Enterprise) error {
	if len(es) == 0 {
		return nil
	}
	now := utc(s.db.now())
	for _, e := range es {
		if e.CreatedAt.IsZero() {
			e.CreatedAt = now
		}
		if e.UpdatedAt.IsZero() {
			e.UpdatedAt = e.CreatedAt
		}
		e.CreatedAt, e.UpdatedAt = utc(e.CreatedAt), utc(e.UpdatedAt)
	}
	return s.inTx(ctx, func(c conn) error {
		var full *sql.Stmt
		if len(es) >= enterpriseBatch {
			var err error
			if full, err = c.tx.PrepareContext(ctx, enterpriseInsert(enterpriseBatch)); err != nil {
				return translate(err, "prepare enterprise insert")
			}
			defer full.Close()
		}
		args := make([]any, 0, 6*min(len(es), enterpriseBatch))
		folded := map[string]string{} // names repeat in bulk data; Fold is slow
		fold := func(name string) string {
			f, ok := folded[name]
			if !ok {
				f = vn.Fold(name)
				folded[name] = f
			}
			return f
		}
		for start := 0; start < len(es); start += enterpriseBatch {
			batch := es[start:min(start+enterpriseBatch, len(es))]
			args = args[:0]
			for _, e := range batch {
				args = append(args, e.TaxCode, e.Name, fold(e.Name), e.ProvinceCode, e.CreatedAt, e.UpdatedAt)
			}
			var rows *sql.Rows
			var err error
			if len(batch) == enterpriseBatch {
				rows, err = full.QueryContext(ctx, args...)
			} else {
				rows, err = c.tx.QueryContext(ctx, enterpriseInsert(len(batch)), args...)
			}
			if err != nil {
				return translate(err, fmt.Sprintf("create enterprises %d–%d", start, start+len(batch)-1))
			}
			if err := fillEnterpriseIDs(rows, batch); err != nil {
				return translate(err, fmt.Sprintf("create enterprises %d–%d", start, start+len(batch)-1))
			}
		}
		return nil
	})
}

// fillEnterpriseIDs reads the RETURNING id, tax_code rows of one insert into
// batch. Rows usually come back in VALUES order; when one does not, the
// enterprise is found by its tax code.
func fillEnterpriseIDs(rows *sql.Rows, batch []*registry.Enterprise) error {
	defer rows.Close()
	var byTax map[string]*registry.Enterprise
	i := 0
	for rows.Next() {
		var id int64
		var tax string
		if err := rows.Scan(&id, &tax); err != nil {
			return err
		}
		if i < len(batch) && batch[i].TaxCode == tax {
			batch[i].ID = registry.EnterpriseID(id)
		} else {
			if byTax == nil {
				byTax = make(map[string]*registry.Enterprise, len(batch))
				for _, e := range batch {
					byTax[e.TaxCode] = e
				}
			}
			e, ok := byTax[tax]
			if !ok {
				return fmt.Errorf("insert returned unknown tax code %q", tax)
			}
			e.ID = registry.EnterpriseID(id)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if i != len(batch) {
		return fmt.Errorf("insert returned %d ids for %d rows", i, len(batch))
	}
	return nil
}
