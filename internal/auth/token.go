package auth

import "time"

// TokenID identifies a personal API token.
type TokenID int64

// Token is a personal API token. The secret is shown once at creation and
// only its hash is kept.
type Token struct {
	ID         TokenID    `json:"id"`
	UserID     UserID     `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"` // first characters, to recognise it
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// IsActive reports whether the token may be used at now.
func (t *Token) IsActive(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}

// TokenPrefix starts every token secret, so that leaked tokens are easy to
// recognise by secret scanners.
const TokenPrefix = "nscl_"

// PasswordReset is a one-time password reset link.
type PasswordReset struct {
	TokenHash string
	UserID    UserID
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}
