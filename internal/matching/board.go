package matching

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// Board is a page of needs as the actor may see them.
type Board struct {
	Needs  []*Need
	Total  int
	Expert *Expert // the signed-in expert, for the board
	All    bool    // the expert asked for every open need
	// Mode says whose list it is: "board" (an expert), "own" (the
	// enterprise's needs), "scope" (an officer's).
	Mode string
}

// BoardFilter is what the actor asks of the list.
type BoardFilter struct {
	All          bool // experts: every open need, not only those of their tools, sectors and provinces
	ProvinceCode string
	Status       NeedStatus
	Offset       int
	Limit        int
}

// FindNeeds lists needs: experts (ActNeedsBoard) see open needs anonymised,
// by default those sharing a tool with them in a province and industry
// they serve; enterprise users their own needs; officers (ActMatchingView)
// the needs of their scope, with every status.
func (s *Service) FindNeeds(ctx context.Context, f BoardFilter) (*Board, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	nf := NeedFilter{Offset: f.Offset, Limit: f.Limit, Status: f.Status}
	b := &Board{}
	switch {
	case canBoard(a):
		ex, err := s.store.FindExpertByUser(ctx, a.UserID)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return nil, errNoExpert
			}
			return nil, err
		}
		b.Mode, b.Expert, b.All = "board", ex, f.All
		nf.Status, nf.Viewer, nf.ProvinceCode = NeedOpen, ex.ID, f.ProvinceCode
		if !f.All {
			nf.ForExpert = ex.ID
		}
	case a.Role == auth.RoleEnterprise && auth.Can(a, auth.ActNeedsPublish):
		b.Mode = "own"
		nf.EnterpriseID = a.EnterpriseID
	case auth.Can(a, auth.ActMatchingView):
		b.Mode = "scope"
		nf.ProvinceCode = f.ProvinceCode
		if !auth.Allowed(a, auth.ActMatchingView, auth.Scope{ProvinceCode: "*"}) {
			nf.ProvinceCode = a.ProvinceCode
		}
	default:
		return nil, forbidden("Bạn không có quyền xem nhu cầu hỗ trợ.", "You may not see the needs board.")
	}
	ns, total, err := s.store.FindNeeds(ctx, nf)
	if err != nil {
		return nil, err
	}
	if b.Mode == "board" {
		for _, n := range ns {
			anonymise(n)
			n.Interests = 0 // other experts' interest is theirs
		}
	}
	b.Needs, b.Total = ns, total
	return b, nil
}

// ExpressInterest records the signed-in expert's interest in an open need,
// with a message, and tells the enterprise. A second interest in the same
// need is a Conflict.
func (s *Service) ExpressInterest(ctx context.Context, id NeedID, message string) (*Interest, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !canBoard(a) {
		return nil, forbidden("Chỉ chuyên gia được bày tỏ quan tâm.", "Only experts may express interest.")
	}
	msg := strings.TrimSpace(message)
	bad := fault.Fields{}
	switch {
	case msg == "":
		bad.Add("message", "Vui lòng viết vài dòng giới thiệu cho doanh nghiệp.", "Please write a few lines to the enterprise.")
	case utf8.RuneCountInString(msg) > MaxMessage:
		bad.Add("message", fmt.Sprintf("Tối đa %d ký tự.", MaxMessage), fmt.Sprintf("At most %d characters.", MaxMessage))
	}
	var out *Interest
	var n *Need
	err = s.store.Tx(ctx, func(tx Store) error {
		var v viewer
		var err error
		n, v, err = s.loadNeed(ctx, tx, id)
		if err != nil {
			return err
		}
		if v.expert == nil {
			return forbidden("Chỉ chuyên gia được bày tỏ quan tâm.", "Only experts may express interest.")
		}
		if n.Status != NeedOpen {
			return fault.New(fault.Conflict, "Nhu cầu này không còn nhận quan tâm.", "This need no longer takes interest.")
		}
		if v.interest != nil {
			return fault.New(fault.Conflict, "Bạn đã bày tỏ quan tâm đến nhu cầu này.", "You have already expressed interest in this need.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		i := &Interest{NeedID: n.ID, ExpertID: v.expert.ID, Message: msg, Status: InterestPending, CreatedAt: now,
			ExpertName: v.expert.Name, ExpertEmail: v.expert.Email}
		if err := tx.CreateInterest(ctx, i); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Bạn đã bày tỏ quan tâm đến nhu cầu này.", "You have already expressed interest in this need.")
			}
			return err
		}
		out = i
		return s.audit(ctx, tx, now, "need.interest", "need_interest", int64(i.ID), nil, i)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, n.ContactEmail, noticeInterest, n.ID, out.ExpertName)
	return out, nil
}

// AcceptInterest accepts an expert for the enterprise's open need
// (ActNeedsPublish): an engagement is recorded, the expert's active count
// grows, the other interested experts are told the need was filled.
func (s *Service) AcceptInterest(ctx context.Context, id InterestID) (*Engagement, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	var eng *Engagement
	var others []*Interest
	var n *Need
	err := s.store.Tx(ctx, func(tx Store) error {
		i, err := tx.FindInterestByID(ctx, id)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return fault.New(fault.NotFound, "Không tìm thấy lời quan tâm.", "Interest not found.")
			}
			return err
		}
		var v viewer
		n, v, err = s.loadNeed(ctx, tx, i.NeedID)
		if err != nil {
			return err
		}
		if !v.owner {
			if v.officer {
				return forbidden("Chỉ doanh nghiệp được chọn chuyên gia.", "Only the enterprise may accept an expert.")
			}
			return fault.New(fault.NotFound, "Không tìm thấy lời quan tâm.", "Interest not found.")
		}
		if n.Status != NeedOpen || i.Status != InterestPending {
			return fault.New(fault.Conflict, "Nhu cầu này đã có chuyên gia hoặc đã được rút.", "This need already has an expert or was withdrawn.")
		}
		now := s.now().UTC()
		eng = &Engagement{NeedID: n.ID, EnterpriseID: n.EnterpriseID, ExpertID: i.ExpertID, InterestID: i.ID,
			Status: EngagementActive, AcceptedAt: now}
		if err := tx.CreateEngagement(ctx, eng); err != nil {
			return err
		}
		if err := tx.SetInterestStatus(ctx, i.ID, InterestAccepted, now); err != nil {
			return err
		}
		if err := tx.SetNeedStatus(ctx, n.ID, NeedFilled, now); err != nil {
			return err
		}
		all, err := tx.FindInterests(ctx, n.ID)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != i.ID && o.Status == InterestPending {
				if err := tx.SetInterestStatus(ctx, o.ID, InterestFilled, now); err != nil {
					return err
				}
				others = append(others, o)
			}
		}
		if err := tx.AddTrackRecord(ctx, i.ExpertID, TrackDelta{Active: 1}, now); err != nil {
			return err
		}
		eng.ExpertEmail, eng.ExpertName = i.ExpertEmail, i.ExpertName
		return s.audit(ctx, tx, now, "engagement.accept", "engagement", int64(eng.ID), nil, eng)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, eng.ExpertEmail, noticeAccepted, n.ID, "")
	for _, o := range others {
		s.notify(ctx, o.ExpertEmail, noticeFilled, n.ID, "")
	}
	return eng, nil
}

// DeclineInterest declines an expert's pending interest in the
// enterprise's open need (ActNeedsPublish) and tells the expert.
func (s *Service) DeclineInterest(ctx context.Context, id InterestID) (*Interest, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	var out *Interest
	err := s.store.Tx(ctx, func(tx Store) error {
		i, err := tx.FindInterestByID(ctx, id)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return fault.New(fault.NotFound, "Không tìm thấy lời quan tâm.", "Interest not found.")
			}
			return err
		}
		n, v, err := s.loadNeed(ctx, tx, i.NeedID)
		if err != nil {
			return err
		}
		if !v.owner {
			if v.officer {
				return forbidden("Chỉ doanh nghiệp được từ chối chuyên gia.", "Only the enterprise may decline an expert.")
			}
			return fault.New(fault.NotFound, "Không tìm thấy lời quan tâm.", "Interest not found.")
		}
		if n.Status != NeedOpen || i.Status != InterestPending {
			return fault.New(fault.Conflict, "Lời quan tâm này không còn chờ quyết định.", "This interest is no longer pending.")
		}
		now := s.now().UTC()
		before := *i
		if err := tx.SetInterestStatus(ctx, i.ID, InterestDeclined, now); err != nil {
			return err
		}
		i.Status, i.DecidedAt = InterestDeclined, &now
		out = i
		return s.audit(ctx, tx, now, "need.interest_decline", "need_interest", int64(i.ID), &before, i)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, out.ExpertEmail, noticeDeclined, out.NeedID, "")
	return out, nil
}

// WithdrawNeed takes the enterprise's open need off the board; pending
// interests are closed and their experts told.
func (s *Service) WithdrawNeed(ctx context.Context, id NeedID) (*Need, error) {
	var n *Need
	var others []*Interest
	err := s.store.Tx(ctx, func(tx Store) error {
		var v viewer
		var err error
		n, v, err = s.loadNeed(ctx, tx, id)
		if err != nil {
			return err
		}
		if !v.owner {
			if v.officer {
				return forbidden("Chỉ doanh nghiệp được rút nhu cầu.", "Only the enterprise may withdraw its need.")
			}
			return errNeedNotFound
		}
		if n.Status != NeedOpen {
			return fault.New(fault.Conflict, "Chỉ rút được nhu cầu đang mở.", "Only an open need can be withdrawn.")
		}
		now := s.now().UTC()
		before := *n
		if err := tx.SetNeedStatus(ctx, n.ID, NeedWithdrawn, now); err != nil {
			return err
		}
		all, err := tx.FindInterests(ctx, n.ID)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.Status == InterestPending {
				if err := tx.SetInterestStatus(ctx, o.ID, InterestWithdrawn, now); err != nil {
					return err
				}
				others = append(others, o)
			}
		}
		n.Status, n.UpdatedAt = NeedWithdrawn, now
		return s.audit(ctx, tx, now, "need.withdraw", "need", int64(n.ID), &before, n)
	})
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		s.notify(ctx, o.ExpertEmail, noticeWithdrawn, n.ID, "")
	}
	return n, nil
}
