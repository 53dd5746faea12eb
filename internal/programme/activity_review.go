package programme

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// reviewConflict says why a candidate may not review a ("" when none): the
// proposer's own account, a member of the proposing organisation, or an
// expert who declared a relation with the proposing enterprise.
func reviewConflict(c ReviewerCandidate, a *Activity) fault.Text {
	switch {
	case c.UserID == a.CreatedBy:
		return text("là người lập hồ sơ", "is the proposal's author")
	case a.OrganisationID != 0 && c.OrganisationID == a.OrganisationID:
		return text("thuộc tổ chức đề xuất", "belongs to the proposing organisation")
	case a.EnterpriseID != 0 && slices.Contains(c.Related, a.EnterpriseID):
		return text("đã khai có quan hệ với doanh nghiệp đề xuất", "declared a relation with the proposing enterprise")
	}
	return fault.Text{}
}

// ReviewerCandidates returns the accounts the deciding officer may assign,
// each with the conflict that excludes it, if any.
func (s *Service) ReviewerCandidates(ctx context.Context, id ActivityID) ([]ReviewerCandidate, error) {
	_, a, _, x, err := s.loadActivity(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !x.decider {
		return nil, actForbidden("Chỉ cán bộ quản lý đợt được phân công thẩm định.", "Only the call's officers may assign reviewers.")
	}
	cs, err := s.store.FindReviewerCandidates(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i].Conflict = reviewConflict(cs[i], a).Vi
	}
	return cs, nil
}

// AssignReviewers assigns 1–5 expert or assessor accounts to review a
// submitted proposal (at most 5 in all), refusing any with a conflict of
// interest; the first assignment moves it to review.
func (s *Service) AssignReviewers(ctx context.Context, id ActivityID, users []auth.UserID) (*Activity, error) {
	now := s.now()
	var out *Activity
	var added []auth.UserID
	err := s.store.Tx(ctx, func(tx Store) error {
		actor, a, rs, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.decider {
			return actForbidden("Chỉ cán bộ quản lý đợt được phân công thẩm định.", "Only the call's officers may assign reviewers.")
		}
		if a.Status != StatusSubmitted && a.Status != StatusInReview {
			return fault.New(fault.Conflict, "Chỉ phân công thẩm định hồ sơ đã nộp, chưa quyết định.", "Reviewers are assigned to submitted proposals not yet decided.")
		}
		cs, err := tx.FindReviewerCandidates(ctx)
		if err != nil {
			return err
		}
		byID := map[auth.UserID]ReviewerCandidate{}
		for _, c := range cs {
			byID[c.UserID] = c
		}
		bad := fault.Fields{}
		var ids []auth.UserID
		for _, u := range users {
			if u != 0 && !slices.Contains(ids, u) {
				ids = append(ids, u)
			}
		}
		switch {
		case len(ids) == 0:
			bad.Add("reviewers", "Vui lòng chọn ít nhất một người thẩm định.", "Please choose at least one reviewer.")
		case len(ids)+actActiveReviews(rs) > MaxReviewers:
			bad.Add("reviewers", fmt.Sprintf("Mỗi hồ sơ tối đa %d người thẩm định.", MaxReviewers), fmt.Sprintf("At most %d reviewers per proposal.", MaxReviewers))
		}
		for _, u := range ids {
			c, ok := byID[u]
			if !ok {
				bad.Add("reviewers", "Người thẩm định phải là chuyên gia hoặc chuyên viên đánh giá đang hoạt động.", "A reviewer must be an active expert or assessor account.")
				break
			}
			if slices.ContainsFunc(rs, func(r *Review) bool { return r.ReviewerID == u }) {
				bad.Add("reviewers", c.Name+" đã được phân công.", c.Name+" is already assigned.")
				break
			}
			if why := reviewConflict(c, a); why.Vi != "" {
				bad.Add("reviewers", "Không phân công được "+c.Name+" vì xung đột lợi ích: "+why.Vi+".",
					c.Name+" cannot be assigned because of a conflict of interest: "+why.En+".")
				break
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		for _, u := range ids {
			r := &Review{ActivityID: a.ID, ReviewerID: u, Status: ReviewAssigned, Scores: map[string]int{}, AssignedBy: actor.UserID, AssignedAt: now}
			if err := tx.CreateReview(ctx, r); err != nil {
				return err
			}
			if err := s.actAudit(ctx, tx, now, "activity.review_assign", a.ID, nil, r); err != nil {
				return err
			}
		}
		added = ids
		if a.Status == StatusSubmitted {
			if err := s.actMove(ctx, tx, a, StatusInReview, PartyOfficer, "", now); err != nil {
				return err
			}
		}
		out = actRedact(x, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, u := range added {
		s.actNotify(ctx, u, "Phân công thẩm định: "+out.Title,
			"Bạn được phân công thẩm định hồ sơ “"+out.Title+"”. Trước khi chấm điểm, vui lòng cam kết không có xung đột lợi ích.", out.ID)
	}
	return out, nil
}

// actActiveReviews counts the reviews that take one of the MaxReviewers
// places: a reviewer who declared a conflict never scores, so their place
// goes to someone else.
func actActiveReviews(rs []*Review) int {
	n := 0
	for _, r := range rs {
		if r.Status != ReviewConflict {
			n++
		}
	}
	return n
}

// actNeedVersion refuses a write without the version read: the API's
// callers must send it, so that nothing is decided or submitted on a
// version the caller never saw.
func actNeedVersion(v int) error {
	if v <= 0 {
		return fault.Fields{"version": text("Thiếu phiên bản hồ sơ đã đọc (version). Vui lòng tải lại hồ sơ và gửi kèm phiên bản của nó.",
			"The version read is missing. Please reload the proposal and send its version.")}.Err()
	}
	return nil
}

// actMyReview loads the actor's review of a proposal in review.
func (s *Service) actMyReview(ctx context.Context, tx Store, id ActivityID) (*Activity, *Review, error) {
	_, a, _, x, err := s.loadLocked(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if x.review == nil {
		return nil, nil, errActNotFound
	}
	if a.Status != StatusInReview {
		return nil, nil, fault.New(fault.Conflict, "Hồ sơ không còn trong giai đoạn thẩm định.", "The proposal is no longer in review.")
	}
	if x.review.Status != ReviewAssigned {
		return nil, nil, fault.New(fault.Conflict, "Phiếu thẩm định của bạn đã hoàn tất.", "Your review is already final.")
	}
	return a, x.review, nil
}

// DeclareConflict records the reviewer's declaration: no conflict of
// interest (the rubric opens) or a conflict, with a note (the reviewer may
// not score).
func (s *Service) DeclareConflict(ctx context.Context, id ActivityID, conflict bool, note string) (*Review, error) {
	note = vn.NFC(note)
	now := s.now()
	var out *Review
	err := s.store.Tx(ctx, func(tx Store) error {
		a, r, err := s.actMyReview(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.NoConflictAt != nil {
			return fault.New(fault.Conflict, "Bạn đã cam kết không có xung đột lợi ích.", "You have already declared no conflict of interest.")
		}
		if utf8.RuneCountInString(note) > MaxComment {
			return fault.Fields{"note": text("Tối đa 4.000 ký tự.", "At most 4,000 characters.")}.Err()
		}
		before := *r
		if conflict {
			if note == "" {
				return fault.Fields{"note": text("Vui lòng nêu xung đột lợi ích.", "Please describe the conflict of interest.")}.Err()
			}
			r.Status, r.ConflictNote = ReviewConflict, note
		} else {
			r.NoConflictAt = &now
		}
		if err := tx.UpdateReview(ctx, r, ReviewAssigned); err != nil {
			return err
		}
		out = r
		return s.actAudit(ctx, tx, now, "activity.review_declare", a.ID, &before, r)
	})
	return out, err
}

// SubmitReview records the reviewer's scores (whole points 0..max of each
// criterion of the Rubric) and comment; the review is then final and the
// activity's score the mean of the submitted reviews.
func (s *Service) SubmitReview(ctx context.Context, id ActivityID, scores map[string]int, comment string) (*Review, error) {
	comment = vn.NFC(comment)
	now := s.now()
	var out *Review
	err := s.store.Tx(ctx, func(tx Store) error {
		a, r, err := s.actMyReview(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.NoConflictAt == nil {
			return fault.New(fault.Conflict, "Vui lòng cam kết không có xung đột lợi ích trước khi chấm điểm.",
				"Please declare that you have no conflict of interest before scoring.")
		}
		bad := fault.Fields{}
		total := 0
		clean := map[string]int{}
		for _, c := range Rubric {
			v, ok := scores[c.Code]
			switch {
			case !ok:
				bad.Add("score."+c.Code, c.Name.Vi+": vui lòng cho điểm.", c.Name.En+": please score.")
			case v < 0 || v > c.Max:
				bad.Add("score."+c.Code, fmt.Sprintf("%s: điểm từ 0 đến %d.", c.Name.Vi, c.Max), fmt.Sprintf("%s: from 0 to %d points.", c.Name.En, c.Max))
			default:
				clean[c.Code] = v
				total += v
			}
		}
		if utf8.RuneCountInString(comment) > MaxComment {
			bad.Add("comment", "Tối đa 4.000 ký tự.", "At most 4,000 characters.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		before := *r
		t := float64(total)
		r.Scores, r.Total, r.Comment, r.Status, r.SubmittedAt = clean, &t, comment, ReviewSubmitted, &now
		if err := tx.UpdateReview(ctx, r, ReviewAssigned); err != nil {
			return err
		}
		rs, err := tx.FindReviews(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.SetReviewScore(ctx, a.ID, actMeanScore(rs)); err != nil {
			return err
		}
		out = r
		return s.actAudit(ctx, tx, now, "activity.review_submit", a.ID, &before, r)
	})
	return out, err
}

// actMeanScore is the mean total of the submitted reviews, nil when none.
func actMeanScore(rs []*Review) *float64 {
	var sum float64
	n := 0
	for _, r := range rs {
		if r.Status == ReviewSubmitted && r.Total != nil {
			sum += *r.Total
			n++
		}
	}
	if n == 0 {
		return nil
	}
	m := sum / float64(n)
	return &m
}
