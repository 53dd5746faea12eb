package matching

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// loadEngagement reads engagement id for the actor: its enterprise, its
// expert, officers in scope. Others get NotFound. owner reports whether the
// actor is the enterprise.
func (s *Service) loadEngagement(ctx context.Context, st Store, id EngagementID) (*Engagement, bool, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, false, err
	}
	e, err := st.FindEngagementByID(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, false, errEngNotFound
		}
		return nil, false, err
	}
	scope := auth.Scope{ProvinceCode: e.ProvinceCode, EnterpriseID: e.EnterpriseID}
	switch {
	case a.Role == auth.RoleEnterprise && auth.Allowed(a, auth.ActNeedsPublish, scope):
		return e, true, nil
	case a.Role != auth.RoleEnterprise && auth.Allowed(a, auth.ActMatchingView, scope):
		return e, false, nil
	case canBoard(a):
		ex, err := st.FindExpertByUser(ctx, a.UserID)
		if err == nil && ex.ID == e.ExpertID {
			return e, false, nil
		}
		if err != nil && !fault.Is(err, fault.NotFound) {
			return nil, false, err
		}
	}
	return nil, false, errEngNotFound
}

// FindEngagement returns engagement id to its enterprise, its expert and
// officers in scope.
func (s *Service) FindEngagement(ctx context.Context, id EngagementID) (*Engagement, error) {
	e, _, err := s.loadEngagement(ctx, s.store, id)
	return e, err
}

// CompleteEngagement marks the enterprise's active engagement completed
// (ActNeedsPublish): the expert's active count falls, the completed count
// grows.
func (s *Service) CompleteEngagement(ctx context.Context, id EngagementID) (*Engagement, error) {
	var out *Engagement
	err := s.store.Tx(ctx, func(tx Store) error {
		e, owner, err := s.loadEngagement(ctx, tx, id)
		if err != nil {
			return err
		}
		if !owner {
			return forbidden("Chỉ doanh nghiệp được xác nhận hoàn thành.", "Only the enterprise may mark the engagement completed.")
		}
		if e.Status != EngagementActive {
			return fault.New(fault.Conflict, "Hợp đồng đã hoàn thành.", "The engagement is already completed.")
		}
		now := s.now().UTC()
		before := *e
		e.Status, e.CompletedAt = EngagementCompleted, &now
		if err := tx.UpdateEngagement(ctx, &before, e); err != nil {
			return err
		}
		if err := tx.AddTrackRecord(ctx, e.ExpertID, TrackDelta{Active: -1, Completed: 1}, now); err != nil {
			return err
		}
		out = e
		return s.audit(ctx, tx, now, "engagement.complete", "engagement", int64(e.ID), &before, e)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, out.ExpertEmail, noticeCompleted, out.NeedID, "")
	return out, nil
}

// RateEngagement records the enterprise's rating (1–5, comment) of a
// completed engagement, once; the expert's rating counters grow.
func (s *Service) RateEngagement(ctx context.Context, id EngagementID, rating int, comment string) (*Engagement, error) {
	comment = strings.TrimSpace(comment)
	bad := fault.Fields{}
	if rating < 1 || rating > 5 {
		bad.Add("rating", "Vui lòng chọn từ 1 đến 5 sao.", "Please choose 1 to 5 stars.")
	}
	if utf8.RuneCountInString(comment) > MaxComment {
		bad.Add("comment", fmt.Sprintf("Tối đa %d ký tự.", MaxComment), fmt.Sprintf("At most %d characters.", MaxComment))
	}
	var out *Engagement
	err := s.store.Tx(ctx, func(tx Store) error {
		e, owner, err := s.loadEngagement(ctx, tx, id)
		if err != nil {
			return err
		}
		if !owner {
			return forbidden("Chỉ doanh nghiệp được đánh giá chuyên gia.", "Only the enterprise may rate the engagement.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if e.Status != EngagementCompleted {
			return fault.New(fault.Conflict, "Chỉ đánh giá được hợp đồng đã hoàn thành.", "Only a completed engagement can be rated.")
		}
		if e.Rating != 0 {
			return fault.New(fault.Conflict, "Hợp đồng này đã được đánh giá.", "This engagement is already rated.")
		}
		now := s.now().UTC()
		before := *e
		e.Rating, e.RatingComment, e.RatedAt = rating, comment, &now
		if err := tx.UpdateEngagement(ctx, &before, e); err != nil {
			return err
		}
		if err := tx.AddTrackRecord(ctx, e.ExpertID, TrackDelta{RatingSum: rating, RatingCount: 1}, now); err != nil {
			return err
		}
		out = e
		return s.audit(ctx, tx, now, "engagement.rate", "engagement", int64(e.ID), &before, e)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, out.ExpertEmail, noticeRated, out.NeedID, fmt.Sprint(rating))
	return out, nil
}

// FindEngagements lists engagements: an expert their own, an enterprise
// its own, officers those of their scope.
func (s *Service) FindEngagements(ctx context.Context, f EngagementFilter) ([]*Engagement, int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	switch {
	case canBoard(a):
		ex, err := s.store.FindExpertByUser(ctx, a.UserID)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return nil, 0, errNoExpert
			}
			return nil, 0, err
		}
		f.ExpertID, f.EnterpriseID = ex.ID, 0
	case a.Role == auth.RoleEnterprise && auth.Can(a, auth.ActNeedsPublish):
		f.EnterpriseID, f.ExpertID = a.EnterpriseID, 0
	case auth.Can(a, auth.ActMatchingView):
		if !auth.Allowed(a, auth.ActMatchingView, auth.Scope{ProvinceCode: "*"}) {
			f.ProvinceCode = a.ProvinceCode
		}
	default:
		return nil, 0, forbidden("Bạn không có quyền xem hợp đồng tư vấn.", "You may not see engagements.")
	}
	return s.store.FindEngagements(ctx, f)
}

// notice is the kind of an email notice.
type notice int

const (
	noticeInterest notice = iota
	noticeAccepted
	noticeFilled
	noticeDeclined
	noticeWithdrawn
	noticeCompleted
	noticeRated
)

// notify emails one notice; a failure is logged, never returned (the
// write it follows is done). Notices name no enterprise: the accepted
// expert reads the name on the page after signing in.
func (s *Service) notify(ctx context.Context, to string, k notice, need NeedID, arg string) {
	if s.mailer == nil || to == "" {
		return
	}
	link := fmt.Sprintf("%s/needs/%d", s.baseURL, need)
	var subject, body string
	switch k {
	case noticeInterest:
		subject = "[NSCL] Chuyên gia quan tâm đến nhu cầu của doanh nghiệp / An expert is interested in your need"
		body = fmt.Sprintf("Chuyên gia %s đã bày tỏ quan tâm đến nhu cầu hỗ trợ số %d của doanh nghiệp.\nExpert %s expressed interest in your need no. %d.\n\n%s\n", arg, need, arg, need, link)
	case noticeAccepted:
		subject = "[NSCL] Doanh nghiệp đã chọn bạn / The enterprise accepted you"
		body = fmt.Sprintf("Doanh nghiệp đã chấp nhận đề nghị của bạn cho nhu cầu số %d. Đăng nhập để xem thông tin doanh nghiệp.\nThe enterprise accepted your offer for need no. %d. Sign in to see who it is.\n\n%s\n", need, need, link)
	case noticeFilled:
		subject = "[NSCL] Nhu cầu đã có chuyên gia / The need was filled"
		body = fmt.Sprintf("Doanh nghiệp đã chọn một chuyên gia khác cho nhu cầu số %d. Cảm ơn bạn đã quan tâm.\nThe enterprise accepted another expert for need no. %d. Thank you for your interest.\n\n%s\n", need, need, link)
	case noticeDeclined:
		subject = "[NSCL] Doanh nghiệp chưa chọn bạn / The enterprise declined your offer"
		body = fmt.Sprintf("Doanh nghiệp đã từ chối đề nghị của bạn cho nhu cầu số %d. Cảm ơn bạn đã quan tâm.\nThe enterprise declined your offer for need no. %d. Thank you for your interest.\n\n%s\n", need, need, link)
	case noticeWithdrawn:
		subject = "[NSCL] Nhu cầu đã được rút / The need was withdrawn"
		body = fmt.Sprintf("Doanh nghiệp đã rút nhu cầu số %d khỏi bảng nhu cầu.\nThe enterprise withdrew need no. %d from the board.\n\n%s\n", need, need, link)
	case noticeCompleted:
		subject = "[NSCL] Hợp đồng tư vấn đã hoàn thành / Engagement completed"
		body = fmt.Sprintf("Doanh nghiệp đã xác nhận hoàn thành hợp đồng cho nhu cầu số %d.\nThe enterprise marked the engagement for need no. %d completed.\n\n%s\n", need, need, link)
	case noticeRated:
		subject = "[NSCL] Doanh nghiệp đã đánh giá / The enterprise rated your work"
		body = fmt.Sprintf("Doanh nghiệp đã đánh giá %s/5 cho hợp đồng của nhu cầu số %d.\nThe enterprise rated the engagement for need no. %d %s/5.\n\n%s\n", arg, need, need, arg, link)
	}
	if err := s.mailer.SendMail(ctx, to, subject, body); err != nil {
		s.log.Warn("matching: notice not sent", "to", to, "need", need, "err", err)
	}
}
