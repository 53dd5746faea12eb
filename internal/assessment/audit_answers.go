package assessment

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Answers and submission of an assessment (split from audit_service.go).

// auditCheckAnswer validates one answer against body (the assessment's own
// version), with field names prefixed by prefix.
func auditCheckAnswer(body *Body, in AnswerInput, prefix string, bad fault.Fields) (Answer, bool) {
	key := strings.TrimSpace(in.Item)
	it, sc, ok := body.Item(key)
	if !ok {
		bad.Add(prefix+"item", "Mục \""+key+"\" không có trong phiên bản bộ tiêu chí của cuộc đánh giá.",
			"Item \""+key+"\" is not in the assessment's scheme version.")
		return Answer{}, false
	}
	ans := Answer{ItemKey: key, NA: in.NA, Note: vn.NFC(in.Note)}
	good := auditCheckText(prefix+"note", in.Note, bad)
	switch {
	case in.NA && !it.AllowNA:
		bad.Add(prefix+"na", "Mục "+key+" không được chọn \"Không áp dụng\".", "Item "+key+" may not be marked not applicable.")
		good = false
	case in.NA:
	case in.Value == nil:
		bad.Add(prefix+"value", "Chọn điểm cho mục "+key+".", "Choose a score for item "+key+".")
		good = false
	case *in.Value < sc.Min || *in.Value > sc.Max:
		bad.Add(prefix+"value", fmt.Sprintf("Điểm của mục %s phải từ %d đến %d.", key, sc.Min, sc.Max),
			fmt.Sprintf("The score of item %s must be from %d to %d.", key, sc.Min, sc.Max))
		good = false
	default:
		ans.Value = *in.Value
	}
	if good && utf8.RuneCountInString(ans.Note) > auditMaxNote {
		bad.Add(prefix+"note", fmt.Sprintf("Ghi chú tối đa %d ký tự.", auditMaxNote), fmt.Sprintf("A note has at most %d characters.", auditMaxNote))
		good = false
	}
	return ans, good
}

// SaveAnswer saves one answer; see SaveAnswers.
func (s *Service) SaveAnswer(ctx context.Context, id AssessmentID, in AnswerInput) (*SaveResult, error) {
	return s.auditSave(ctx, id, []AnswerInput{in}, "")
}

// SaveAnswers saves answers given while the assessment is in progress,
// each validated against the assessment's own scheme version: a known
// item, a value on the item's scale, N/A only where the item allows it
// (fault.Invalid, nothing saved, otherwise). Saving is idempotent: each
// item keeps one answer, and an answer given (At) before the stored one is
// ignored, so that answers queued offline never overwrite newer ones. Only
// the party who answers (the enterprise for a self-assessment, the
// assigned assessor for an independent one); after submission
// fault.Conflict.
func (s *Service) SaveAnswers(ctx context.Context, id AssessmentID, in []AnswerInput) (*SaveResult, error) {
	return s.auditSave(ctx, id, in, "answers.")
}

const auditMaxBatch = 500

// auditMaxCandidates bounds the assessors offered for an assignment
// (those in force today first).
const auditMaxCandidates = 200

// auditLatest keeps, of the answers to each item, the latest (the last
// sent of those given at the same moment), in the order of the items'
// first answers, and counts those left out.
func auditLatest(answers []Answer) ([]Answer, int) {
	at := make(map[string]int, len(answers))
	out := answers[:0:0]
	for _, a := range answers {
		i, ok := at[a.ItemKey]
		switch {
		case !ok:
			at[a.ItemKey] = len(out)
			out = append(out, a)
		case !a.AnsweredAt.Before(out[i].AnsweredAt):
			out[i] = a
		}
	}
	return out, len(answers) - len(out)
}

func (s *Service) auditSave(ctx context.Context, id AssessmentID, in []AnswerInput, prefix string) (*SaveResult, error) {
	a, x, err := s.auditVisible(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !mayAuditAnswer(a, x) {
		return nil, fault.New(fault.Forbidden, "Bạn không phải người trả lời cuộc đánh giá này.", "You do not answer this assessment.")
	}
	if x.Status != StatusInProgress {
		return nil, errAuditClosed
	}
	if err := s.auditCheckLapse(ctx, s.store, a, x); err != nil {
		return nil, err
	}
	if len(in) == 0 || len(in) > auditMaxBatch {
		return nil, fault.New(fault.Invalid, fmt.Sprintf("Gửi từ 1 đến %d câu trả lời.", auditMaxBatch), fmt.Sprintf("Send 1 to %d answers.", auditMaxBatch))
	}
	v, err := s.store.FindVersion(ctx, x.VersionID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	bad := fault.Fields{}
	answers := make([]Answer, 0, len(in))
	for i, ai := range in {
		p := prefix
		if prefix != "" {
			p += strconv.Itoa(i) + "."
		}
		ans, ok := auditCheckAnswer(&v.Body, ai, p, bad)
		if !ok {
			continue
		}
		// The client's moment orders the answers of an item; one from
		// the future (a fast clock) counts as now, one from before the
		// assessment started (a slow clock, a forged time) as its start.
		ans.AnsweredAt, ans.AnsweredBy = ai.At, a.UserID
		if ans.AnsweredAt.IsZero() || ans.AnsweredAt.After(now) {
			ans.AnsweredAt = now
		}
		if x.StartedAt != nil && ans.AnsweredAt.Before(*x.StartedAt) {
			ans.AnsweredAt = *x.StartedAt
		}
		answers = append(answers, ans)
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	// Within the batch, one answer per item: the latest, and of answers
	// given at the same moment the one sent last (the store keeps a stored
	// answer against one of the same moment).
	answers, superseded := auditLatest(answers)
	res := &SaveResult{Items: v.Body.ItemCount()}
	err = s.store.Tx(ctx, func(tx Store) error {
		res.Applied, res.Ignored = 0, superseded
		if err := tx.HoldAnswers(ctx, x.ID, now); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errAuditClosed
			}
			return err
		}
		var written []Answer
		for _, ans := range answers {
			ok, err := tx.UpsertAnswer(ctx, x.ID, ans)
			if err != nil {
				return err
			}
			if ok {
				res.Applied++
				written = append(written, ans)
			} else {
				res.Ignored++
			}
		}
		all, err := tx.FindAnswers(ctx, x.ID)
		if err != nil {
			return err
		}
		for k := range all {
			if _, _, ok := v.Body.Item(k); ok {
				res.Answered++
			}
		}
		if len(written) == 0 {
			return nil
		}
		return s.record(ctx, tx, "assessment.answer", "assessment", int64(x.ID), nil, written)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Submit scores the answers of an assessment in progress and freezes the
// result (score, points, level): every item must be answered (N/A where
// allowed). The enterprise's users are told by mail. Only the party who
// answers.
func (s *Service) Submit(ctx context.Context, id AssessmentID, version int) (*Assessment, error) {
	var out *Assessment
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, err := s.auditLoad(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if !mayAuditAnswer(a, x) {
			return fault.New(fault.Forbidden, "Chỉ người trả lời cuộc đánh giá được nộp kết quả.", "Only who answers the assessment submits it.")
		}
		if x.Status != StatusInProgress {
			return errAuditClosed
		}
		if err := s.auditCheckLapse(ctx, tx, a, x); err != nil {
			return err
		}
		before := *x
		now := s.now()
		// The transition first: it holds the row, so that no answer lands
		// between the reading of the answers and the frozen score.
		x.Status, x.SubmittedAt, x.UpdatedAt = StatusSubmitted, &now, now
		if err := tx.UpdateAssessment(ctx, x); err != nil {
			return auditConflict(err)
		}
		v, err := tx.FindVersion(ctx, x.VersionID)
		if err != nil {
			return err
		}
		answers, err := tx.FindAnswers(ctx, x.ID)
		if err != nil {
			return err
		}
		r := Score(&v.Body, answers)
		if !r.Complete {
			var missing []string
			for _, sec := range v.Body.Sections {
				for _, it := range sec.Items {
					if _, ok := answers[it.Key]; !ok {
						missing = append(missing, it.Key)
					}
				}
			}
			n := len(missing)
			if len(missing) > 8 {
				missing = append(missing[:8], "…")
			}
			list := strings.Join(missing, ", ")
			return fault.New(fault.Invalid, fmt.Sprintf("Còn %d mục chưa trả lời: %s.", n, list), fmt.Sprintf("%d items are not answered yet: %s.", n, list)).
				Field("answers", fmt.Sprintf("Còn %d mục chưa trả lời: %s.", n, list), fmt.Sprintf("%d items are not answered yet: %s.", n, list))
		}
		x.ScorePct, x.Points, x.LevelCode = r.Pct, r.Points, ""
		if r.Level != nil {
			x.LevelCode = r.Level.Code
		}
		if err := tx.UpdateAssessment(ctx, x); err != nil {
			return auditConflict(err)
		}
		out = x
		return s.record(ctx, tx, "assessment.submit", "assessment", int64(x.ID), &before, x)
	})
	if err != nil {
		return nil, err
	}
	{
		users, err := s.store.FindAuditEnterpriseUsers(ctx, out.EnterpriseID)
		if err != nil {
			s.log.Warn("assessment: submit notice not sent", "assessment", int64(out.ID), "err", err)
		}
		level := out.LevelCode
		if level == "" {
			level = "—"
		}
		s.auditNotify(ctx, users, out,
			fault.Text{Vi: "Kết quả " + strings.ToLower(out.Mode.Label().Vi), En: out.Mode.Label().En + " result"},
			fault.Text{Vi: fmt.Sprintf("%s theo bộ tiêu chí \"%s\" (khu vực: %s) đã hoàn thành: %s%%, mức %s.", out.Mode.Label().Vi, out.SchemeName.Vi, out.Site, vn.Decimal(out.ScorePct, 1), level),
				En: fmt.Sprintf("The %s on \"%s\" (site: %s) was submitted: %s%%, level %s.", strings.ToLower(out.Mode.Label().En), out.SchemeName.En, out.Site, vn.Decimal(out.ScorePct, 1), level)})
	}
	return out, nil
}
