package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/vn"
)

// AuthStore keeps accounts, recovery codes, password resets and API tokens.
type AuthStore struct {
	conn
}

var _ auth.Store = (*AuthStore)(nil)

// Auth returns the accounts store.
func (db *DB) Auth() *AuthStore { return &AuthStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *AuthStore) Tx(ctx context.Context, fn func(auth.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&AuthStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *AuthStore) AddAudit(ctx context.Context, e audit.Entry) error { return s.addAudit(ctx, e) }

// Users.

const userColumns = `id, email, name, password_hash, role, province_code, enterprise_id, lang, disabled,
	totp_secret, totp_enabled, totp_last_step, failed_logins, locked_until, password_changed_at, last_login_at, created_at, updated_at`

func scanUser(s interface{ Scan(...any) error }, extra ...any) (*auth.User, error) {
	var u auth.User
	var prov, secret sql.NullString
	var ent sql.NullInt64
	var locked, changed, lastLogin, created, updated sql.NullTime
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, &prov, &ent, &u.Lang, &u.Disabled,
		&secret, &u.TOTPEnabled, &u.TOTPLastStep, &u.FailedLogins, &locked, &changed, &lastLogin, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	u.ProvinceCode, u.EnterpriseID, u.TOTPSecret = prov.String, ent.Int64, secret.String
	u.LockedUntil, u.LastLoginAt = timePtr(locked), timePtr(lastLogin)
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = timeOf(changed), timeOf(created), timeOf(updated)
	return &u, nil
}

// timeOf converts a scanned NOT NULL time.
func timeOf(nt sql.NullTime) time.Time {
	if p := timePtr(nt); p != nil {
		return *p
	}
	return time.Time{}
}

const userInsert = `INSERT INTO users (email, name, password_hash, role, province_code, enterprise_id, lang, disabled,
	totp_secret, totp_enabled, failed_logins, locked_until, password_changed_at, last_login_at, created_at, updated_at,
	totp_last_step, search_folded)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
RETURNING id`

// userSearch is what FindUsers' query matches: email and name, folded.
func userSearch(u *auth.User) string { return vn.Fold(u.Email + " " + u.Name) }

// CreateUser inserts u and fills its ID. A duplicate email is Conflict, a
// missing enterprise Invalid.
func (s *AuthStore) CreateUser(ctx context.Context, u *auth.User) error {
	err := s.w.QueryRowContext(ctx, userInsert, u.Email, u.Name, u.PasswordHash, string(u.Role),
		nullString(u.ProvinceCode), nullInt64(u.EnterpriseID), u.Lang, u.Disabled, nullString(u.TOTPSecret),
		u.TOTPEnabled, u.FailedLogins, nullTime(u.LockedUntil), utc(u.PasswordChangedAt), nullTime(u.LastLoginAt),
		utc(u.CreatedAt), utc(u.UpdatedAt), u.TOTPLastStep, userSearch(u)).Scan(&u.ID)
	return translate(err, "create user "+u.Email)
}

// FindUserByID returns the user with id, or NotFound.
func (s *AuthStore) FindUserByID(ctx context.Context, id auth.UserID) (*auth.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find user %d", id))
	}
	return u, nil
}

// FindUserByEmail returns the user with the (normalised) email, or NotFound.
func (s *AuthStore) FindUserByEmail(ctx context.Context, email string) (*auth.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	if err != nil {
		return nil, translate(err, "find user by email")
	}
	return u, nil
}

// FindUsers returns the users matching f ordered by email, and the total.
func (s *AuthStore) FindUsers(ctx context.Context, f auth.UserFilter) ([]*auth.User, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	var w where
	if q := vn.Fold(f.Query); q != "" {
		w.add(`search_folded LIKE ? ESCAPE '\'`, likeContains(q))
	}
	if f.Role != "" {
		w.add("role = ?", string(f.Role))
	}
	if f.ProvinceCode != "" {
		w.add("province_code = ?", f.ProvinceCode)
	}
	if f.Disabled != nil {
		w.add("disabled = ?", *f.Disabled)
	}
	n := len(w.args)
	q := `SELECT ` + userColumns + `, COUNT(*) OVER() FROM users` + w.sql() +
		fmt.Sprintf(` ORDER BY email LIMIT $%d OFFSET $%d`, n+1, n+2)
	rows, err := s.r.QueryContext(ctx, q, append(w.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, translate(err, "find users")
	}
	defer rows.Close()
	users := []*auth.User{}
	total := 0
	for rows.Next() {
		u, err := scanUser(rows, &total)
		if err != nil {
			return nil, 0, translate(err, "scan user")
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find users")
	}
	if len(users) == 0 && f.Offset > 0 {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count users")
		}
	}
	return users, total, nil
}

const userUpdate = `UPDATE users SET email = $2, name = $3, password_hash = $4, role = $5, province_code = $6,
	enterprise_id = $7, lang = $8, disabled = $9, totp_secret = $10, totp_enabled = $11, failed_logins = $12,
	locked_until = $13, password_changed_at = $14, last_login_at = $15, updated_at = $16, totp_last_step = $17,
	search_folded = $18
WHERE id = $1`

// UpdateUser writes every field of u except ID and CreatedAt.
func (s *AuthStore) UpdateUser(ctx context.Context, u *auth.User) error {
	res, err := s.w.ExecContext(ctx, userUpdate, int64(u.ID), u.Email, u.Name, u.PasswordHash, string(u.Role),
		nullString(u.ProvinceCode), nullInt64(u.EnterpriseID), u.Lang, u.Disabled, nullString(u.TOTPSecret),
		u.TOTPEnabled, u.FailedLogins, nullTime(u.LockedUntil), utc(u.PasswordChangedAt), nullTime(u.LastLoginAt),
		utc(u.UpdatedAt), u.TOTPLastStep, userSearch(u))
	op := fmt.Sprintf("update user %d", u.ID)
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// oneRow returns NotFound when an UPDATE or DELETE touched no row.
func oneRow(res sql.Result, op string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n == 0 {
		return translate(sql.ErrNoRows, op)
	}
	return nil
}

// CountUsers returns the number of users.
func (s *AuthStore) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, translate(err, "count users")
	}
	return n, nil
}

// Recovery codes.

// ReplaceRecoveryCodes deletes the user's recovery codes and stores hashes.
func (s *AuthStore) ReplaceRecoveryCodes(ctx context.Context, id auth.UserID, hashes []string) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.w.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, int64(id)); err != nil {
			return translate(err, "delete recovery codes")
		}
		for _, h := range hashes {
			if _, err := c.w.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, int64(id), h); err != nil {
				return translate(err, "store recovery code")
			}
		}
		return nil
	})
}

// UseRecoveryCode marks the user's unused code with hash used at at, and
// reports whether there was one.
func (s *AuthStore) UseRecoveryCode(ctx context.Context, id auth.UserID, hash string, at time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
		utc(at), int64(id), hash)
	if err != nil {
		return false, translate(err, "use recovery code")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, translate(err, "use recovery code")
	}
	return n == 1, nil
}

// CountRecoveryCodes returns how many unused codes the user has.
func (s *AuthStore) CountRecoveryCodes(ctx context.Context, id auth.UserID) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, int64(id)).Scan(&n)
	if err != nil {
		return 0, translate(err, "count recovery codes")
	}
	return n, nil
}

// Password resets.

// CreatePasswordReset stores r.
func (s *AuthStore) CreatePasswordReset(ctx context.Context, r *auth.PasswordReset) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, expires_at, used_at, created_at)
VALUES ($1, $2, $3, $4, $5)`, r.TokenHash, int64(r.UserID), utc(r.ExpiresAt), nullTime(r.UsedAt), utc(r.CreatedAt))
	return translate(err, "create password reset")
}

// FindPasswordReset returns the reset with tokenHash, or NotFound.
func (s *AuthStore) FindPasswordReset(ctx context.Context, tokenHash string) (*auth.PasswordReset, error) {
	var r auth.PasswordReset
	var expires, used, created sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT token_hash, user_id, expires_at, used_at, created_at
FROM password_resets WHERE token_hash = $1`, tokenHash).Scan(&r.TokenHash, &r.UserID, &expires, &used, &created)
	if err != nil {
		return nil, translate(err, "find password reset")
	}
	r.ExpiresAt, r.UsedAt, r.CreatedAt = timeOf(expires), timePtr(used), timeOf(created)
	return &r, nil
}

// MarkPasswordResetUsed marks the reset used; NotFound if it is missing or
// already used.
func (s *AuthStore) MarkPasswordResetUsed(ctx context.Context, tokenHash string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`,
		utc(at), tokenHash)
	if err != nil {
		return translate(err, "mark password reset used")
	}
	return oneRow(res, "mark password reset used")
}

// API tokens.

const tokenColumns = `id, user_id, name, prefix, token_hash, created_at, last_used_at, expires_at, revoked_at`

func scanToken(s interface{ Scan(...any) error }) (*auth.Token, error) {
	var t auth.Token
	var created, lastUsed, expires, revoked sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &created, &lastUsed, &expires, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = timeOf(created), timePtr(lastUsed), timePtr(expires), timePtr(revoked)
	return &t, nil
}

// CreateToken inserts t and fills its ID.
func (s *AuthStore) CreateToken(ctx context.Context, t *auth.Token) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, last_used_at, expires_at, revoked_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, int64(t.UserID), t.Name, t.Prefix, t.Hash, utc(t.CreatedAt),
		nullTime(t.LastUsedAt), nullTime(t.ExpiresAt), nullTime(t.RevokedAt)).Scan(&t.ID)
	return translate(err, "create api token")
}

// FindTokenByHash returns the token with hash, or NotFound.
func (s *AuthStore) FindTokenByHash(ctx context.Context, hash string) (*auth.Token, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, hash))
	if err != nil {
		return nil, translate(err, "find api token")
	}
	return t, nil
}

// FindTokens returns the user's tokens, newest first.
func (s *AuthStore) FindTokens(ctx context.Context, id auth.UserID) ([]*auth.Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, int64(id))
	if err != nil {
		return nil, translate(err, "find api tokens")
	}
	defer rows.Close()
	tokens := []*auth.Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, translate(err, "scan api token")
		}
		tokens = append(tokens, t)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "find api tokens")
	}
	return tokens, nil
}

// RevokeToken revokes the user's token tid; NotFound if the user has no
// such unrevoked token.
func (s *AuthStore) RevokeToken(ctx context.Context, id auth.UserID, tid auth.TokenID, at time.Time) error {
	op := fmt.Sprintf("revoke api token %d", tid)
	res, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`,
		utc(at), int64(tid), int64(id))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// TouchToken records that token tid was used at at.
func (s *AuthStore) TouchToken(ctx context.Context, tid auth.TokenID, at time.Time) error {
	op := fmt.Sprintf("touch api token %d", tid)
	res, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, utc(at), int64(tid))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}
