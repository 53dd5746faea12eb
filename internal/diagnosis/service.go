package diagnosis

import (
	"context"

	"nscl/internal/fault"
)

// Service is the diagnosis use cases. (Scaffolding: the owner of this
// package replaces this file, keeping LatestSummary: matching reads it.)
type Service struct{}

// LatestSummary returns the enterprise's latest submitted diagnosis, or
// fault.NotFound.
func (s *Service) LatestSummary(ctx context.Context, enterpriseID int64) (*NeedSummary, error) {
	return nil, fault.New(fault.NotFound, "Doanh nghiệp chưa gửi bản tự chẩn đoán nào.", "The enterprise has submitted no self-diagnosis.")
}
