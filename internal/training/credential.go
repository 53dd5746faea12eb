package training

import (
	"context"

	"nscl/internal/fault"
)

// credentialForVerify finds a credential by number for the public page.
func (s *Service) credentialForVerify(ctx context.Context, number string) (*PublicCredential, error) {
	return nil, fault.New(fault.NotFound, "Không tìm thấy chứng chỉ.", "Not found.")
}
