// Package auth holds the platform's accounts, roles and the one permission
// policy that decides every action.
//
// Glossary:
//   - User: an account, identified by email, with exactly one Role.
//   - Role: what kind of person the user is (admin, ministry officer,
//     provincial officer, enterprise representative, expert, assessor, judge).
//   - Scope: what part of the data a role reaches. Provincial officers are
//     scoped to one province (ProvinceCode), enterprise users to one
//     enterprise (EnterpriseID); other roles reach all they are allowed to.
//   - Actor: the user on whose behalf a request runs, put into the context by
//     the HTTP layer (from a session cookie or a personal API token).
//   - Action: a named thing an actor may do; Allowed(actor, action, scope) is
//     the single place where the rules live.
//   - Two-factor (TOTP): required of admins, ministry and provincial officers;
//     they enrol with a QR code and receive one-time recovery codes.
//   - Personal API token: a secret shown once, stored as a SHA-256 hash, that
//     acts with its owner's permissions.
package auth
