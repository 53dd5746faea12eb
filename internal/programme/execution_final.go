package programme

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// VerifierCandidates lists the assessor and expert users an officer may
// pick from (the conflicts are checked when one is assigned).
func (s *Service) VerifierCandidates(ctx context.Context, id ActivityID) ([]Person, error) {
	_, _, r, err := s.loadExec(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !r.Officer {
		return nil, nil
	}
	return s.store.FindVerifierCandidates(ctx)
}

// FinalInput is the final report as typed: the actual value of each KPI
// (by code, as typed) and a summary.
type FinalInput struct {
	Actuals map[string]string `json:"actuals" doc:"Giá trị thực tế theo mã KPI (actual value by KPI code), e.g. {\"oee\":\"72,5\"}"`
	Summary string            `json:"summary"`
}

// execActuals checks the typed values of a's KPIs against their units;
// field names kpi.CODE.
func execActuals(a *Activity, defs []KPIDef, typed map[string]string, f fault.Fields) map[string]float64 {
	out := map[string]float64{}
	for _, k := range a.KPIs {
		field := "kpi." + k.Code
		def := KPIDef{Code: k.Code, Name: text(k.Code, k.Code), Unit: UnitCount}
		if i := slices.IndexFunc(defs, func(d KPIDef) bool { return d.Code == k.Code }); i >= 0 {
			def = defs[i]
		}
		raw := strings.TrimSpace(typed[k.Code])
		if raw == "" {
			f.Add(field, def.Name.Vi+": vui lòng nhập giá trị thực tế.", def.Name.En+": please enter the actual value.")
			continue
		}
		v, err := vn.ParseDecimal(raw)
		if errors.Is(err, vn.ErrAmbiguous) {
			f.Add(field, def.Name.Vi+": “"+raw+"” không rõ. Dùng dấu phẩy cho phần thập phân hoặc viết số không có dấu chấm, ví dụ 1500 hoặc 12,5.",
				def.Name.En+": “"+raw+"” is ambiguous. Use a comma for decimals or write the number without dots, e.g. 1500 or 12,5.")
			continue
		}
		if err != nil {
			f.Add(field, def.Name.Vi+": “"+raw+"” không phải là số.", def.Name.En+": “"+raw+"” is not a number.")
			continue
		}
		if def.CheckValue(f, field, v) {
			out[k.Code] = v
		}
	}
	return out
}

// FinalReport records the proposer's final report (the KPIs' actual values
// and a summary) once every milestone is accepted: in_progress →
// evaluating.
func (s *Service) FinalReport(ctx context.Context, id ActivityID, version int, in FinalInput) (*Activity, error) {
	summary := vn.NFC(in.Summary)
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	var out *Activity
	err = s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Proposer {
			return execForbidden("Chỉ đơn vị thực hiện được gửi báo cáo tổng kết.", "Only the proposer may send the final report.")
		}
		f := fault.Fields{}
		if summary == "" {
			f.Add("summary", "Vui lòng nhập tóm tắt kết quả.", "Please write the summary of the results.")
		} else if utf8.RuneCountInString(summary) > MaxReportLen {
			f.Add("summary", "Tóm tắt tối đa 5000 ký tự.", "The summary has at most 5000 characters.")
		}
		vals := execActuals(a, defs, in.Actuals, f)
		if err := f.Err(); err != nil {
			return err
		}
		if a.Status != StatusInProgress {
			return fault.New(fault.Conflict, "Chỉ gửi báo cáo tổng kết khi nhiệm vụ đang thực hiện.", "The final report is sent while the activity is in progress.")
		}
		ms, err := tx.FindMilestones(ctx, id)
		if err != nil {
			return err
		}
		if !(&Execution{Milestones: ms}).AllAccepted() {
			return fault.New(fault.Conflict, "Mọi mốc phải được nghiệm thu trước khi gửi báo cáo tổng kết.", "Every milestone must be accepted before the final report.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		var rs []KPIResult
		for i := range a.KPIs {
			v := vals[a.KPIs[i].Code]
			a.KPIs[i].Actual, a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = &v, 0, nil
			rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: &v})
		}
		if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
			return err
		}
		if err := s.execMove(ctx, tx, actor, a, StatusEvaluating, PartyProposer, version, summary, now); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.final", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyCallOwner(ctx, out, "Báo cáo tổng kết mới / New final report",
		"Nhiệm vụ “"+out.Title+"” đã gửi báo cáo tổng kết.\nThe activity “"+out.Title+"” sent its final report.")
	return out, nil
}

// AssignVerifier makes user the verifier of the final KPIs: an assessor
// or an expert, not of the proposer (its enterprise or organisation) and
// without a declared relation with the enterprise.
func (s *Service) AssignVerifier(ctx context.Context, id ActivityID, version int, user auth.UserID) (*Activity, error) {
	var out *Activity
	var who *Person
	err := s.store.Tx(ctx, func(tx Store) error {
		a, _, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được phân công người xác nhận.", "Only the activity's officer may assign the verifier.")
		}
		bad := func(vi, en string) error { return fault.Fields{"verifier": text(vi, en)}.Err() }
		if user <= 0 {
			return bad("Vui lòng chọn người xác nhận.", "Please choose the verifier.")
		}
		p, err := tx.FindPerson(ctx, user)
		if fault.Is(err, fault.NotFound) {
			return bad("Không tìm thấy người dùng.", "User not found.")
		}
		if err != nil {
			return err
		}
		if p.Role != auth.RoleAssessor && p.Role != auth.RoleExpert {
			return bad("Người xác nhận phải là chuyên gia đánh giá hoặc chuyên gia.", "The verifier must be an assessor or an expert.")
		}
		if user == a.CreatedBy || a.EnterpriseID != 0 && (p.EnterpriseID == a.EnterpriseID || p.OrgEnterpriseID == a.EnterpriseID) ||
			a.OrganisationID != 0 && p.OrganisationID == a.OrganisationID {
			return bad("Người này thuộc đơn vị đề xuất nhiệm vụ, không thể xác nhận kết quả.", "This person belongs to the proposer and cannot verify its results.")
		}
		if a.EnterpriseID != 0 && p.ExpertID != 0 {
			rel, err := tx.ExpertRelated(ctx, p.ExpertID, a.EnterpriseID)
			if err != nil {
				return err
			}
			if rel {
				return bad("Chuyên gia đã khai báo có quan hệ với doanh nghiệp (xung đột lợi ích).", "The expert declared a relation with the enterprise (conflict of interest).")
			}
		}
		if a.Status != StatusInProgress && a.Status != StatusEvaluating {
			return fault.New(fault.Conflict, "Chỉ phân công người xác nhận khi nhiệm vụ đang thực hiện hoặc nghiệm thu.", "A verifier is assigned while the activity runs or is evaluated.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		before.KPIs = slices.Clone(a.KPIs)
		if a.VerifierID != user {
			// The confirmations were the previous verifier's: the new one
			// must verify again before the activity can close.
			var rs []KPIResult
			cleared := false
			for i := range a.KPIs {
				cleared = cleared || a.KPIs[i].VerifiedAt != nil
				a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = 0, nil
				rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: a.KPIs[i].Actual})
			}
			if cleared {
				if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
					return err
				}
			}
		}
		a.VerifierID = user
		if err := tx.UpdateExecution(ctx, a, version); err != nil {
			return err
		}
		out, who = a, p
		return s.execAudit(ctx, tx, now, "activity.verifier", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	s.execSend(ctx, who.Email, "Phân công xác nhận kết quả / You are to verify results",
		"Bạn được phân công xác nhận kết quả KPI của nhiệm vụ “"+out.Title+"”.\nYou are assigned to verify the KPI results of the activity “"+out.Title+"”.", out.ID)
	return out, nil
}

// VerifyInput is the verifier's confirmation: the value of each KPI
// (the reported one, or a correction with a note).
type VerifyInput struct {
	Values map[string]string `json:"values" doc:"Giá trị xác nhận theo mã KPI (confirmed value by KPI code)"`
	Notes  map[string]string `json:"notes" doc:"Ghi chú khi sửa giá trị (a note for each corrected value)"`
}

// VerifyKPIs records the assigned verifier's confirmation of every KPI's
// actual value; a corrected value needs a note.
func (s *Service) VerifyKPIs(ctx context.Context, id ActivityID, version int, in VerifyInput) (*Activity, error) {
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	var out *Activity
	err = s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Verifier {
			return execForbidden("Chỉ người được phân công xác nhận mới xác nhận được kết quả.", "Only the assigned verifier may verify the results.")
		}
		if a.Status != StatusEvaluating {
			return fault.New(fault.Conflict, "Chỉ xác nhận khi nhiệm vụ đang nghiệm thu.", "Results are verified during the final evaluation.")
		}
		f := fault.Fields{}
		vals := execActuals(a, defs, in.Values, f)
		notes := map[string]string{}
		for _, k := range a.KPIs {
			v, ok := vals[k.Code]
			n := vn.NFC(in.Notes[k.Code])
			if utf8.RuneCountInString(n) > MaxNoteLen {
				f.Add("note."+k.Code, "Ghi chú tối đa 2000 ký tự.", "The note has at most 2000 characters.")
			}
			if ok && k.Actual != nil && v != *k.Actual && n == "" {
				f.Add("note."+k.Code, "Giá trị đã sửa cần ghi chú lý do.", "A corrected value needs a note.")
			}
			notes[k.Code] = n
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		v, err := tx.TouchActivity(ctx, a.ID, version, now)
		if err != nil {
			return err
		}
		before := *a
		before.KPIs = slices.Clone(a.KPIs)
		a.Version = v
		var rs []KPIResult
		for i := range a.KPIs {
			v := vals[a.KPIs[i].Code]
			a.KPIs[i].Actual, a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = &v, actor.UserID, &now
			rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: &v, VerifiedBy: actor.UserID, VerifiedAt: &now, Note: notes[a.KPIs[i].Code]})
		}
		if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.verify", a.ID, &before, struct {
			*Activity
			Notes map[string]string `json:"notes"`
		}{a, notes})
	})
	return out, err
}

// execImprovementRecorder records an improvement activity in an enterprise's
// history (*registry.Service does).
type execImprovementRecorder interface {
	AddActivity(ctx context.Context, id registry.EnterpriseID, in registry.Activity) (*registry.Activity, error)
}

// CloseActivity accepts the final evaluation and closes the activity, once every
// KPI is verified: evaluating → closed. An enterprise's activity is
// recorded in the registry's improvement history.
func (s *Service) CloseActivity(ctx context.Context, id ActivityID, version int, note string) (*Activity, error) {
	note = vn.NFC(note)
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được kết thúc nhiệm vụ.", "Only the activity's officer may close it.")
		}
		if utf8.RuneCountInString(note) > MaxNoteLen {
			return fault.Fields{"note": text("Ghi chú tối đa 2000 ký tự.", "The note has at most 2000 characters.")}.Err()
		}
		if a.Status == StatusEvaluating && !(&Execution{Activity: a}).AllVerified() {
			return fault.New(fault.Conflict, "Mọi KPI phải được xác nhận trước khi kết thúc.", "Every KPI must be verified before closing.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		a.ClosedAt = &now
		if err := s.execMove(ctx, tx, actor, a, StatusClosed, PartyOfficer, version, note, now); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.close", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	if rec, ok := s.reg.(execImprovementRecorder); ok && out.EnterpriseID != 0 {
		tool := strings.Join(out.Tools, ", ")
		if utf8.RuneCountInString(tool) > 200 {
			tool = string([]rune(tool)[:200])
		}
		if _, err := rec.AddActivity(ctx, registry.EnterpriseID(out.EnterpriseID), registry.Activity{
			Year: s.now().In(vn.Zone).Year(), Title: out.Title, Tool: tool}); err != nil {
			s.log.Warn("programme: improvement not recorded in the registry", "activity", out.ID, "err", err)
		}
	}
	s.execNotifyProposer(ctx, out, "Nhiệm vụ đã kết thúc / The activity is closed",
		"Nhiệm vụ “"+out.Title+"” đã được nghiệm thu và kết thúc.\nThe activity “"+out.Title+"” was accepted and closed.")
	return out, nil
}

// ReturnFinal sends the final report back (evaluating → in_progress)
// with the officer's note; the verification is cleared.
func (s *Service) ReturnFinal(ctx context.Context, id ActivityID, version int, note string) (*Activity, error) {
	note = vn.NFC(note)
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được trả lại báo cáo.", "Only the activity's officer may return the report.")
		}
		if note == "" || utf8.RuneCountInString(note) > MaxNoteLen {
			return fault.Fields{"note": text("Vui lòng ghi lý do trả lại (tối đa 2000 ký tự).", "Please give the reason (at most 2000 characters).")}.Err()
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		if err := s.execMove(ctx, tx, actor, a, StatusInProgress, PartyOfficer, version, note, now); err != nil {
			return err
		}
		var rs []KPIResult
		for i := range a.KPIs {
			a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = 0, nil
			rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: a.KPIs[i].Actual})
		}
		if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.final.return", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyProposer(ctx, out, "Báo cáo tổng kết bị trả lại / Final report returned",
		"Báo cáo tổng kết của nhiệm vụ “"+out.Title+"” bị trả lại: "+note+"\nThe final report of “"+out.Title+"” was returned: "+note)
	return out, nil
}
