package registry

import (
	"context"
	"fmt"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// ClaimEnterprise asks, for the signed-in enterprise user, to represent the
// enterprise with taxCode. The claim waits for an officer of its province
// (or the ministry, an admin). The enterprise must be in the registry
// (NotFound); a second pending claim of the same user is Conflict.
func (s *Service) ClaimEnterprise(ctx context.Context, taxCode, note string) (*Claim, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActEnterpriseClaim) {
		return nil, forbidden("Chỉ tài khoản đại diện doanh nghiệp mới được nhận doanh nghiệp.", "Only enterprise accounts may claim an enterprise.")
	}
	code, p := ParseTaxCode(taxCode)
	if p != nil {
		return nil, Problems{*p}.Err()
	}
	note = vn.NFC(note)
	if utf8.RuneCountInString(note) > maxNoteLen {
		return nil, problemErr("note", CodeTextTooLong, "Ghi chú quá dài.", "The note is too long.")
	}
	var c *Claim
	err = s.store.Tx(ctx, func(tx Store) error {
		e, err := tx.FindEnterpriseByTaxCode(ctx, code)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return fault.New(fault.NotFound, "Không có doanh nghiệp với mã số thuế này trong hệ thống.", "No enterprise with this tax code is in the registry.")
			}
			return err
		}
		if a.EnterpriseID == int64(e.ID) {
			return fault.New(fault.Conflict, "Bạn đã là đại diện của doanh nghiệp này.", "You already represent this enterprise.")
		}
		pending, _, err := tx.FindClaims(ctx, ClaimFilter{UserID: int64(a.UserID), EnterpriseID: e.ID, Status: ClaimPending, Limit: 1})
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			return problemErr("tax_code", CodeClaimDuplicate, "Bạn đã gửi yêu cầu cho doanh nghiệp này và đang chờ duyệt.",
				"You already asked to represent this enterprise; the request is waiting for approval.")
		}
		now := s.now().UTC()
		c = &Claim{EnterpriseID: e.ID, ProvinceCode: e.ProvinceCode, UserID: a.UserID, UserEmail: a.Email, Note: note,
			Status: ClaimPending, CreatedAt: now}
		if err := tx.CreateClaim(ctx, c); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "enterprise.claim.create", "enterprise_claim", fmt.Sprint(int64(c.ID)), nil, c))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindClaims returns claims: officers see their province's, the ministry and
// admins all, a claimant their own.
func (s *Service) FindClaims(ctx context.Context, f ClaimFilter) ([]*Claim, int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, 0, err
	}
	switch {
	case auth.Allowed(a, auth.ActClaimDecide, everywhere):
	case auth.Can(a, auth.ActClaimDecide):
		f.ProvinceCode = a.ProvinceCode
	case auth.Can(a, auth.ActEnterpriseClaim):
		f.UserID = int64(a.UserID)
	default:
		return nil, 0, forbidden("Bạn không có quyền xem danh sách này.", "You may not see this list.")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	return s.store.FindClaims(ctx, f)
}

// DecideClaim approves or rejects a pending claim (a reason is required to
// reject). Actors who decide no claims are Forbidden; claims outside the
// officer's province are NotFound. On approval the claimant is linked to
// the enterprise through the AccountLinker, after the claim is recorded;
// approving an approved claim again retries the link.
func (s *Service) DecideClaim(ctx context.Context, id ClaimID, approve bool, reason string) (*Claim, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActClaimDecide) {
		return nil, forbidden("Chỉ cán bộ quản lý mới được duyệt yêu cầu nhận doanh nghiệp.", "Only officers may decide claims.")
	}
	reason = vn.NFC(reason)
	if !approve && reason == "" {
		return nil, problemErr("reason", CodeReasonEmpty, "Vui lòng nêu lý do từ chối.", "Please give the reason for rejecting.")
	}
	var c *Claim
	err = s.store.Tx(ctx, func(tx Store) error {
		if c, err = tx.FindClaimByID(ctx, id); err != nil {
			return err
		}
		if !auth.Allowed(a, auth.ActClaimDecide, auth.Scope{ProvinceCode: c.ProvinceCode}) {
			return fault.New(fault.NotFound, "Không tìm thấy yêu cầu.", "Claim not found.")
		}
		if c.Status == ClaimApproved && approve {
			return nil
		}
		if c.Status != ClaimPending {
			return fault.New(fault.Conflict, "Yêu cầu này đã được xử lý.", "This claim has already been decided.")
		}
		before := *c
		now := s.now().UTC()
		c.Status, c.Reason, c.DecidedBy, c.DecidedAt = ClaimRejected, reason, a.UserID, &now
		action := "enterprise.claim.reject"
		if approve {
			c.Status, action = ClaimApproved, "enterprise.claim.approve"
		}
		if err := tx.UpdateClaim(ctx, c); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, action, "enterprise_claim", fmt.Sprint(int64(c.ID)), &before, c))
	})
	if err != nil {
		return nil, err
	}
	if c.Status == ClaimApproved && s.linker != nil {
		if err := s.linker.LinkEnterprise(ctx, c.UserID, int64(c.EnterpriseID)); err != nil {
			return c, fmt.Errorf("registry: link user %d to enterprise %d (claim %d approved; approve again to retry): %w",
				c.UserID, c.EnterpriseID, c.ID, err)
		}
	}
	return c, nil
}
