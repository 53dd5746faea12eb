package auth

import (
	"context"
	"time"

	"nscl/internal/audit"
)

// Store keeps accounts. Methods return fault.NotFound for a missing object
// and fault.Conflict for a duplicate email or token hash.
type Store interface {
	// Tx runs fn with a Store bound to one transaction.
	Tx(ctx context.Context, fn func(Store) error) error

	CreateUser(ctx context.Context, u *User) error // fills ID
	FindUserByID(ctx context.Context, id UserID) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers returns matching users ordered by email, and the total.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// UpdateUser writes every field of u except ID and CreatedAt.
	UpdateUser(ctx context.Context, u *User) error
	// CountUsers returns the number of users (for the first-admin hint).
	CountUsers(ctx context.Context) (int, error)

	// ReplaceRecoveryCodes deletes the user's recovery codes and stores hashes.
	ReplaceRecoveryCodes(ctx context.Context, id UserID, hashes []string) error
	// UseRecoveryCode marks an unused code with this hash used; false if none.
	UseRecoveryCode(ctx context.Context, id UserID, hash string, at time.Time) (bool, error)
	// CountRecoveryCodes returns how many unused codes the user has.
	CountRecoveryCodes(ctx context.Context, id UserID) (int, error)

	CreatePasswordReset(ctx context.Context, r *PasswordReset) error
	FindPasswordReset(ctx context.Context, tokenHash string) (*PasswordReset, error)
	MarkPasswordResetUsed(ctx context.Context, tokenHash string, at time.Time) error

	CreateToken(ctx context.Context, t *Token) error // fills ID
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	// FindTokens returns the user's tokens, newest first.
	FindTokens(ctx context.Context, id UserID) ([]*Token, error)
	// RevokeToken revokes the user's token; NotFound if it is not theirs.
	RevokeToken(ctx context.Context, id UserID, tid TokenID, at time.Time) error
	TouchToken(ctx context.Context, tid TokenID, at time.Time) error

	// AddAudit writes an audit entry (in the current transaction, if any).
	AddAudit(ctx context.Context, e audit.Entry) error
}

// Mailer sends one email. The platform's mailer stores every message in the
// outbox and sends it over SMTP when SMTP is configured.
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// EnterpriseChecker tells whether an enterprise exists and its province.
type EnterpriseChecker interface {
	EnterpriseProvince(ctx context.Context, id int64) (string, error)
}
