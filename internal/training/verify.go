package training

import (
	"context"
	"time"

	"nscl/internal/fault"
	"nscl/internal/seal"
)

// PublicCredential is what the public verification page (/verify/{code},
// package web's certificate area) shows of a practitioner credential.
type PublicCredential struct {
	Number     string     `json:"number"`
	HolderName string     `json:"holder_name"`
	Enterprise string     `json:"enterprise,omitempty"` // the holder's enterprise at issue, if any
	ToolCode   string     `json:"tool"`
	ToolName   fault.Text `json:"tool_name"`
	Level      string     `json:"level"`
	LevelName  fault.Text `json:"level_name"`
	CourseName fault.Text `json:"course"`
	IssuedOn   time.Time  `json:"issued_on"`
	ExpiresOn  *time.Time `json:"expires_on,omitempty"`
	Issuer     string     `json:"issuer"`
	// Status is "valid", "expired" or "revoked" on the day asked.
	Status        string     `json:"status"`
	RevokedAt     *time.Time `json:"revoked_at,omitempty"`
	RevokedReason string     `json:"revoked_reason,omitempty"`
	// Sealed are the credential's facts as they would be sealed today:
	// the verification page compares them with the code's payload.
	Sealed seal.Payload `json:"-"`
	// Code is the credential's stored sealed code: a look-up by number
	// checks that it is genuine and seals these facts.
	Code string `json:"-"`
}

// CredentialForVerify returns the public view of the credential numbered
// number, for the verification page; fault.NotFound when there is none.
// Anyone may call it (the page is public and rate-limited by the caller).
func (s *Service) CredentialForVerify(ctx context.Context, number string) (*PublicCredential, error) {
	return s.credentialForVerify(ctx, number)
}
