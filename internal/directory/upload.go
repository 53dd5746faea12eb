package directory

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// A checked import file waits in the database for the officer's
// confirmation, so that any server process (and one started after a
// restart) can apply it: application servers keep no state.

// Upload is a checked import file waiting for confirmation.
type Upload struct {
	ID        string // random, 32 hex digits
	Owner     auth.UserID
	Kind      ImportKind
	FileName  string
	Data      []byte
	CreatedAt time.Time
}

// UploadTTL is how long a checked file waits: older ones are deleted when
// a new one is stored, and cannot be confirmed.
const UploadTTL = 24 * time.Hour

var errUploadGone = fault.New(fault.NotFound, "Tệp đã kiểm tra không còn (đã nhập, đã hủy hoặc quá một ngày). Vui lòng tải tệp lên lại.",
	"The checked file is gone (imported, discarded or older than a day). Please upload the file again.")

var errUploadNotYours = fault.New(fault.Forbidden, "Chỉ cán bộ đã tải tệp lên mới được xác nhận hoặc hủy lần nhập này.",
	"Only the officer who uploaded the file may confirm or discard this import.")

func (s *Service) importFile(ctx context.Context, kind ImportKind, name string, data []byte, apply bool) (*ImportReport, error) {
	if kind == ImportOrganisations {
		return s.ImportOrganisationsFile(ctx, bytes.NewReader(data), int64(len(data)), name, apply)
	}
	return s.ImportExpertsFile(ctx, bytes.NewReader(data), int64(len(data)), name, apply)
}

// CheckImport checks a file (directory managers). Without problems the
// file is kept for confirmation and its token returned; with problems
// nothing is kept and the token is empty.
func (s *Service) CheckImport(ctx context.Context, kind ImportKind, name string, data []byte) (*ImportReport, string, error) {
	a, err := manager(ctx)
	if err != nil {
		return nil, "", err
	}
	if kind != ImportOrganisations {
		kind = ImportExperts
	}
	rep, err := s.importFile(ctx, kind, name, data, false)
	if err != nil || len(rep.Problems) > 0 {
		return rep, "", err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	now := s.now()
	u := &Upload{ID: hex.EncodeToString(b), Owner: a.UserID, Kind: kind, FileName: name, Data: data, CreatedAt: now}
	if err := s.store.CreateUpload(ctx, u, now.Add(-UploadTTL)); err != nil {
		return nil, "", err
	}
	return rep, u.ID, nil
}

// pendingUpload returns the actor's checked file of the token.
func (s *Service) pendingUpload(ctx context.Context, token string) (*Upload, error) {
	a, err := manager(ctx)
	if err != nil {
		return nil, err
	}
	if len(token) != 32 {
		return nil, errUploadGone
	}
	u, err := s.store.FindUpload(ctx, token)
	if fault.Is(err, fault.NotFound) {
		return nil, errUploadGone
	}
	if err != nil {
		return nil, err
	}
	if u.Owner != a.UserID {
		return nil, errUploadNotYours
	}
	if s.now().Sub(u.CreatedAt) > UploadTTL {
		return nil, errUploadGone
	}
	return u, nil
}

// PendingImport returns the kind and file name of the actor's checked file.
func (s *Service) PendingImport(ctx context.Context, token string) (ImportKind, string, error) {
	u, err := s.pendingUpload(ctx, token)
	if err != nil {
		return "", "", err
	}
	return u.Kind, u.FileName, nil
}

// ConfirmImport applies the checked file of the token (only the officer
// who uploaded it). The file is taken (deleted) first, so that two
// confirmations cannot both apply it; it is checked again, and when the
// directory changed since and a row now has a problem, nothing is written
// and the report says why (the officer uploads a corrected file).
func (s *Service) ConfirmImport(ctx context.Context, token string) (*ImportReport, error) {
	u, err := s.pendingUpload(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteUpload(ctx, u.ID); err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, errUploadGone
		}
		return nil, err
	}
	rep, err := s.importFile(ctx, u.Kind, u.FileName, u.Data, true)
	if err != nil {
		// Not applied (a failure, not a problem of the file): the file is
		// kept for another try.
		if kerr := s.store.CreateUpload(ctx, u, s.now().Add(-UploadTTL)); kerr != nil {
			return nil, kerr
		}
		return nil, err
	}
	return rep, nil
}

// DiscardImport deletes the checked file of the token (only the officer
// who uploaded it).
func (s *Service) DiscardImport(ctx context.Context, token string) error {
	u, err := s.pendingUpload(ctx, token)
	if err != nil {
		return err
	}
	return s.store.DeleteUpload(ctx, u.ID)
}
