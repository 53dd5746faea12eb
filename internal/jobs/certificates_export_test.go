package jobs

import "context"

// InsertCertificateJob queues the certificates' job as its schedule does
// and reports whether River skipped it as a duplicate.
func InsertCertificateJob(ctx context.Context, s *Service) (skipped bool, err error) {
	res, err := s.client.Insert(ctx, certificatesArgs{}, certificateInsertOpts())
	if err != nil {
		return false, err
	}
	return res.UniqueSkippedAsDuplicate, nil
}
