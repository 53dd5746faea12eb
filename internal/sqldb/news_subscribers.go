package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/news"
)

const subscriberColumns = `id, email, name, sectors, province_code, role, status, consent_at, consent_version, consent_ip, salt,
	confirmed_at, left_at, created_at, updated_at, version`

var subscriberWhat = fault.Text{Vi: "Người đăng ký", En: "The subscriber"}

func scanSubscriber(row interface{ Scan(...any) error }) (*news.Subscriber, error) {
	var x news.Subscriber
	var sectors string
	var conf, left sql.NullTime
	if err := row.Scan(&x.ID, &x.Email, &x.Name, &sectors, &x.ProvinceCode, &x.Role, &x.Status, &x.ConsentAt, &x.ConsentVersion,
		&x.ConsentIP, &x.Salt, &conf, &left, &x.CreatedAt, &x.UpdatedAt, &x.Version); err != nil {
		return nil, err
	}
	for _, s := range splitComma(sectors) {
		x.Sectors = append(x.Sectors, catalog.Sector(s))
	}
	x.ConfirmedAt, x.LeftAt = timePtr(conf), timePtr(left)
	x.ConsentAt, x.CreatedAt, x.UpdatedAt = x.ConsentAt.UTC(), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return &x, nil
}

func sectorList(xs []catalog.Sector) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return commaList(s)
}

// CreateSubscriber inserts x; an address in use is a Conflict.
func (s *NewsStore) CreateSubscriber(ctx context.Context, x *news.Subscriber) error {
	x.Version = 1
	err := s.w.QueryRowContext(ctx, `INSERT INTO news_subscribers (email, name, sectors, province_code, role, status, consent_at,
		consent_version, consent_ip, salt, confirmed_at, left_at, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1) RETURNING id`,
		x.Email, x.Name, sectorList(x.Sectors), x.ProvinceCode, string(x.Role), string(x.Status), utc(x.ConsentAt), x.ConsentVersion,
		x.ConsentIP, x.Salt, nullTime(x.ConfirmedAt), nullTime(x.LeftAt), utc(x.CreatedAt)).Scan(&x.ID)
	return translate(err, "create subscriber")
}

// UpdateSubscriber writes x at x.Version and increments it.
func (s *NewsStore) UpdateSubscriber(ctx context.Context, x *news.Subscriber) error {
	res, err := s.w.ExecContext(ctx, `UPDATE news_subscribers SET name = $1, sectors = $2, province_code = $3, role = $4, status = $5,
		consent_at = $6, consent_version = $7, consent_ip = $8, salt = $9, confirmed_at = $10, left_at = $11, updated_at = $12,
		version = version + 1 WHERE id = $13 AND version = $14`,
		x.Name, sectorList(x.Sectors), x.ProvinceCode, string(x.Role), string(x.Status), utc(x.ConsentAt), x.ConsentVersion, x.ConsentIP,
		x.Salt, nullTime(x.ConfirmedAt), nullTime(x.LeftAt), utc(x.UpdatedAt), int64(x.ID), x.Version)
	if err := s.affected(ctx, res, err, "update subscriber", "news_subscribers", int64(x.ID), subscriberWhat); err != nil {
		return err
	}
	x.Version++
	return nil
}

// FindSubscriber reads a subscriber.
func (s *NewsStore) FindSubscriber(ctx context.Context, id news.SubscriberID) (*news.Subscriber, error) {
	x, err := scanSubscriber(s.r.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM news_subscribers WHERE id = $1`, int64(id)))
	return x, translate(err, "find subscriber")
}

// FindSubscriberByEmail reads a subscriber by address (lower case).
func (s *NewsStore) FindSubscriberByEmail(ctx context.Context, email string) (*news.Subscriber, error) {
	x, err := scanSubscriber(s.r.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM news_subscribers WHERE email = $1`, email))
	return x, translate(err, "find subscriber by email")
}

// segmentWhere builds the conditions of a segment on the subscribers
// table aliased p, numbering arguments after args.
func segmentWhere(seg news.Segment, args []any) ([]string, []any) {
	var conds []string
	or := func(vals []string, cond func(n int) string) {
		if len(vals) == 0 {
			return
		}
		var ors []string
		for _, v := range vals {
			args = append(args, v)
			ors = append(ors, cond(len(args)))
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	var sectors, roles []string
	for _, x := range seg.Sectors {
		sectors = append(sectors, "%,"+string(x)+",%")
	}
	for _, r := range seg.Roles {
		roles = append(roles, string(r))
	}
	or(sectors, func(n int) string { return "p.sectors LIKE $" + strconvI(n) })
	or(seg.Provinces, func(n int) string { return "p.province_code = $" + strconvI(n) })
	or(roles, func(n int) string { return "p.role = $" + strconvI(n) })
	return conds, args
}

// FindSubscribers returns a page by id and the total.
func (s *NewsStore) FindSubscribers(ctx context.Context, f news.SubscriberFilter) ([]*news.Subscriber, int, error) {
	conds, args := segmentWhere(f.Segment, nil)
	if f.Status != "" {
		args = append(args, string(f.Status))
		conds = append(conds, "p.status = $"+strconvI(len(args)))
	}
	if f.Email != "" {
		args = append(args, likeContains(f.Email))
		conds = append(conds, "p.email LIKE $"+strconvI(len(args))+" ESCAPE '\\'")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM news_subscribers p`+where, args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count subscribers")
	}
	q := `SELECT ` + newsPrefixed("p.", subscriberColumns) + ` FROM news_subscribers p` + where + ` ORDER BY p.id`
	if f.Limit > 0 {
		q += " LIMIT " + strconvI(f.Limit) + " OFFSET " + strconvI(max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, translate(err, "find subscribers")
	}
	var out []*news.Subscriber
	for rows.Next() {
		x, err := scanSubscriber(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan subscriber")
		}
		out = append(out, x)
	}
	return out, total, closeRows(rows, "find subscribers")
}

// newsPrefixed qualifies each column of a list with p.
func newsPrefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// CountRecipients counts the confirmed subscribers in seg.
func (s *NewsStore) CountRecipients(ctx context.Context, seg news.Segment) (int, error) {
	conds, args := segmentWhere(seg, nil)
	conds = append(conds, "p.status = 'confirmed'")
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM news_subscribers p WHERE `+strings.Join(conds, " AND "), args...).Scan(&n)
	return n, translate(err, "count recipients")
}

// SubscriberCounts counts the subscribers by status.
func (s *NewsStore) SubscriberCounts(ctx context.Context) (map[news.SubStatus]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, COUNT(*) FROM news_subscribers GROUP BY status`)
	if err != nil {
		return nil, translate(err, "count subscribers")
	}
	out := map[news.SubStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, translate(err, "scan subscriber count")
		}
		out[news.SubStatus(st)] = n
	}
	return out, closeRows(rows, "count subscribers")
}
