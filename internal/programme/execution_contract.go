package programme

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// SignContract records the contract of an approved activity and its
// milestones (CheckContract) and starts it: approved → in_progress.
func (s *Service) SignContract(ctx context.Context, id ActivityID, version int, in ContractInput) (*Activity, error) {
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý đợt kêu gọi được ký hợp đồng.", "Only an officer of the call may sign the contract.")
		}
		date, ms, err := CheckContract(in, a.ApprovedBudget, a.DecisionDate, s.now().In(vn.Zone).Format(time.DateOnly))
		if err != nil {
			return err
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		a.ContractNo, a.ContractDate = vn.NFC(in.No), date
		if err := s.execMove(ctx, tx, actor, a, StatusInProgress, PartyOfficer, version, "", now); err != nil {
			return err
		}
		for i := range ms {
			ms[i].ActivityID = a.ID
		}
		if err := tx.CreateMilestones(ctx, ms); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.contract", a.ID, &before, struct {
			*Activity
			Milestones []Milestone `json:"milestones"`
		}{a, ms})
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyProposer(ctx, out, "Hợp đồng đã được ký / The contract is signed",
		"Hợp đồng số "+out.ContractNo+" của nhiệm vụ “"+out.Title+"” đã được ký; nhiệm vụ bắt đầu thực hiện theo các mốc.\n"+
			"Contract no. "+out.ContractNo+" of the activity “"+out.Title+"” is signed; the activity runs by its milestones.")
	return out, nil
}

// EvidenceUpload is a file as received.
type EvidenceUpload struct {
	Name string
	Data []byte
}

// execEvidenceExts are the extensions evidence may have, with the content
// type each must have.
var execEvidenceExts = map[string]string{
	".pdf": TypePDF, ".jpg": TypeJPEG, ".jpeg": TypeJPEG, ".png": TypePNG, ".xlsx": TypeXLSX, ".docx": TypeDOCX,
}

// execSniff returns the content type of an evidence file, or false when it
// is not a PDF, JPG, PNG, XLSX or DOCX: the content decides, as for a
// proposal's attachments (SniffAttachment), and the name's extension must
// agree with it.
func execSniff(u EvidenceUpload) (string, bool) {
	want, ok := execEvidenceExts[strings.ToLower(filepath.Ext(u.Name))]
	if !ok {
		return "", false
	}
	got, ok := SniffAttachment(u.Data)
	return want, ok && got == want
}

// ReportInput is a progress report as typed.
type ReportInput struct {
	Progress int              `json:"progress_pct"`
	Report   string           `json:"report"`
	Files    []EvidenceUpload `json:"-"`
}

// ReportMilestone records the proposer's progress report on a milestone
// not yet reported (or sent back), with its evidence.
func (s *Service) ReportMilestone(ctx context.Context, id ActivityID, mid MilestoneID, version int, in ReportInput) (*Milestone, error) {
	f := fault.Fields{}
	report := vn.NFC(in.Report)
	if in.Progress < 0 || in.Progress > 100 {
		f.Add("progress", "Tiến độ từ 0 đến 100%.", "The progress is 0 to 100%.")
	}
	if report == "" {
		f.Add("report", "Vui lòng nhập nội dung báo cáo.", "Please write the report.")
	} else if utf8.RuneCountInString(report) > MaxReportLen {
		f.Add("report", "Báo cáo tối đa 5000 ký tự.", "The report has at most 5000 characters.")
	}
	if len(in.Files) == 0 {
		// The issue asks for progress reports and evidence: a report
		// without any proof cannot be checked by the officer.
		f.Add("files", "Vui lòng đính kèm ít nhất một tệp minh chứng.", "Please attach at least one evidence file.")
	}
	if len(in.Files) > MaxEvidenceFiles {
		f.Add("files", "Tối đa 5 tệp minh chứng mỗi lần.", "At most 5 evidence files at a time.")
	}
	var files []File
	for _, u := range in.Files {
		name := vn.NFC(filepath.Base(u.Name))
		switch ct, ok := execSniff(u); {
		case len(u.Data) == 0:
			f.Add("files", "Tệp “"+name+"” rỗng.", "The file “"+name+"” is empty.")
		case len(u.Data) > MaxEvidenceBytes:
			f.Add("files", "Tệp “"+name+"” vượt quá 10 MB.", "The file “"+name+"” is over 10 MB.")
		case !ok:
			f.Add("files", "Tệp “"+name+"” không phải PDF, JPG, PNG, XLSX hay DOCX.", "The file “"+name+"” is not a PDF, JPG, PNG, XLSX or DOCX.")
		default:
			files = append(files, File{Name: name, ContentType: ct, Size: int64(len(u.Data)), Data: u.Data})
		}
	}
	var out *Milestone
	var act *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Proposer {
			return execForbidden("Chỉ đơn vị thực hiện được báo cáo tiến độ.", "Only the proposer may report progress.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if a.Status != StatusInProgress {
			return fault.New(fault.Conflict, "Chỉ báo cáo tiến độ khi nhiệm vụ đang thực hiện.", "Progress is reported while the activity is in progress.")
		}
		m, err := execMilestone(ctx, tx, id, mid)
		if err != nil {
			return err
		}
		if m.Status != MilestonePlanned && m.Status != MilestoneRejected {
			return fault.New(fault.Conflict, "Mốc này đã được báo cáo.", "This milestone is already reported.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.TouchActivity(ctx, a.ID, version, now); err != nil {
			return err
		}
		before := *m
		from := m.Status
		m.Status, m.ProgressPct, m.Report, m.ReportedBy, m.ReportedAt = MilestoneReported, in.Progress, report, actor.UserID, &now
		m.DecidedBy, m.DecidedAt = 0, nil
		if err := tx.UpdateMilestone(ctx, m, from); err != nil {
			return err
		}
		for i := range files {
			files[i].ActivityID, files[i].MilestoneID, files[i].UploadedBy, files[i].UploadedAt = a.ID, m.ID, actor.UserID, now
			if err := tx.AddEvidence(ctx, &files[i]); err != nil {
				return err
			}
		}
		out, act = m, a
		return s.execAudit(ctx, tx, now, "activity.milestone.report", a.ID, &before, struct {
			*Milestone
			Files []File `json:"files"`
		}{m, files})
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyCallOwner(ctx, act, "Báo cáo tiến độ mới / New progress report",
		fmt.Sprintf("Nhiệm vụ “%s” đã báo cáo mốc %d (%d%%).\nThe activity “%s” reported milestone %d (%d%%).", act.Title, out.Seq, out.ProgressPct, act.Title, out.Seq, out.ProgressPct))
	return out, nil
}

func execMilestone(ctx context.Context, st Store, id ActivityID, mid MilestoneID) (*Milestone, error) {
	ms, err := st.FindMilestones(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if ms[i].ID == mid {
			return &ms[i], nil
		}
	}
	return nil, fault.New(fault.NotFound, "Không tìm thấy mốc.", "Milestone not found.")
}

// DecideMilestone accepts a reported milestone or sends it back with a
// note (the officer who decides the activity).
func (s *Service) DecideMilestone(ctx context.Context, id ActivityID, mid MilestoneID, version int, accept bool, note string) (*Milestone, error) {
	note = vn.NFC(note)
	var out *Milestone
	var act *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được nghiệm thu mốc.", "Only the activity's officer may decide on a milestone.")
		}
		if !accept && note == "" {
			return fault.Fields{"note": text("Vui lòng ghi lý do trả lại.", "Please give the reason for sending it back.")}.Err()
		}
		if utf8.RuneCountInString(note) > MaxNoteLen {
			return fault.Fields{"note": text("Ghi chú tối đa 2000 ký tự.", "The note has at most 2000 characters.")}.Err()
		}
		m, err := execMilestone(ctx, tx, id, mid)
		if err != nil {
			return err
		}
		if m.Status != MilestoneReported {
			return fault.New(fault.Conflict, "Mốc này chưa được báo cáo hoặc đã được xử lý.", "This milestone is not reported or already decided.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.TouchActivity(ctx, a.ID, version, now); err != nil {
			return err
		}
		before := *m
		m.Status = MilestoneAccepted
		if !accept {
			m.Status = MilestoneRejected
		}
		m.DecidedBy, m.DecidedAt, m.DecisionNote = actor.UserID, &now, note
		if err := tx.UpdateMilestone(ctx, m, MilestoneReported); err != nil {
			return err
		}
		out, act = m, a
		return s.execAudit(ctx, tx, now, "activity.milestone.decide", a.ID, &before, m)
	})
	if err != nil {
		return nil, err
	}
	verdict := "được chấp nhận / was accepted"
	if out.Status == MilestoneRejected {
		verdict = "bị trả lại / was sent back: " + out.DecisionNote
	}
	s.execNotifyProposer(ctx, act, "Kết quả nghiệm thu mốc / Milestone decision",
		fmt.Sprintf("Báo cáo mốc %d của nhiệm vụ “%s” (milestone %d) %s", out.Seq, act.Title, out.Seq, verdict))
	return out, nil
}
