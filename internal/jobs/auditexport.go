package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/riverqueue/river"
	"github.com/xuri/excelize/v2"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// KindAuditExport is the kind of the audit log export to Excel.
const KindAuditExport = "audit_export"

// MimeXLSX is the MIME type of Excel workbooks.
const MimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

var kindLabels = map[string]fault.Text{
	KindAuditExport:      {Vi: "Xuất nhật ký kiểm tra ra Excel", En: "Export the audit log to Excel"},
	KindEnterpriseImport: {Vi: "Nhập danh sách doanh nghiệp", En: "Import enterprises"},
	KindNewsletterSend:   {Vi: "Gửi bản tin", En: "Newsletter send"},
}

// KindLabel returns what a kind of job does, in Vietnamese and English, or
// the kind itself for an unknown kind.
func KindLabel(kind string) fault.Text {
	if t, ok := kindLabels[kind]; ok {
		return t
	}
	return fault.Text{Vi: kind, En: kind}
}

type auditExportArgs struct{ trackedArgs }

func (auditExportArgs) Kind() string { return KindAuditExport }

func auditExportKind(s *Service) *kindDef {
	return trackedKind(
		func(id JobID) auditExportArgs { return auditExportArgs{trackedArgs{id}} },
		func(a *auth.Actor) bool { return auth.Can(a, auth.ActAuditRead) },
		s.runAuditExport)
}

// EnqueueAuditExport queues an export to Excel of the audit entries matching
// f (ActorID, Action, ObjectType, ObjectID, From, To; Offset and Limit are
// ignored), oldest first. Errors: Unauthenticated; Forbidden for actors not
// allowed auth.ActAuditRead; Invalid when To is not after From.
func (s *Service) EnqueueAuditExport(ctx context.Context, f audit.Filter) (*Job, error) {
	f.Offset, f.Limit = 0, 0
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return nil, fault.New(fault.Invalid, "Khoảng thời gian không hợp lệ.", "The period is not valid.").
			Field("to", "Ngày kết thúc phải sau ngày bắt đầu.", "The end must be after the start.")
	}
	title := KindLabel(KindAuditExport).Vi
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		// To is exclusive: the last day shown is the one before it.
		title += fmt.Sprintf(" (%s – %s)", vn.Date(f.From), vn.Date(f.To.Add(-time.Nanosecond)))
	case !f.From.IsZero():
		title += " (từ " + vn.Date(f.From) + ")"
	case !f.To.IsZero():
		title += " (đến " + vn.Date(f.To.Add(-time.Nanosecond)) + ")"
	}
	return s.Enqueue(ctx, KindAuditExport, title, f)
}

// auditRowsPerProgress is how many rows the export writes between progress
// reports.
const auditRowsPerProgress = 1000

var (
	msgCounting  = fault.Text{Vi: "Đang đếm các dòng nhật ký", En: "counting log entries"}
	msgWriting   = fault.Text{Vi: "Đang ghi các dòng nhật ký", En: "writing log entries"}
	msgExportEnd = fault.Text{Vi: "Đã xuất xong", En: "export finished"}
)

// runAuditExport writes the matching entries to an .xlsx with a streaming
// writer and keeps it as the job's result. It reads only, so a retry simply
// starts again.
func (s *Service) runAuditExport(ctx context.Context, j *Job, p *Progress) error {
	var f audit.Filter
	if err := json.Unmarshal([]byte(j.Params), &f); err != nil {
		return river.JobCancel(fault.Internalf("jobs: audit export %d params: %w", j.ID, err))
	}
	f.Offset, f.Limit = 0, 1
	p.Set(0, 0, both(msgCounting))
	_, total, err := s.audit.FindEntries(ctx, f)
	if err != nil {
		return fmt.Errorf("jobs: count audit entries: %w", err)
	}
	p.Set(0, int64(total), both(msgWriting))
	data, n, err := writeAuditXLSX(ctx, s.audit, f, func(n int64) {
		p.Set(n, max(int64(total), n), both(msgWriting))
	})
	if err != nil {
		return err
	}
	p.Set(n, max(int64(total), n), both(msgExportEnd))
	name := "nhat-ky-kiem-tra-" + s.now().In(vn.Zone).Format("20060102-1504") + ".xlsx"
	p.Result(name, MimeXLSX, data)
	return nil
}

// auditColumns are the export's header and column widths.
var auditColumns = []struct {
	title string
	width float64
}{
	{"Thời điểm (giờ VN, dd/mm/yyyy HH:MM:SS)", 22},
	{"Người thực hiện", 30},
	{"Hành động", 24},
	{"Đối tượng", 16},
	{"Mã đối tượng", 14},
	{"Trước", 50},
	{"Sau", 50},
	{"Địa chỉ IP", 16},
	{"Mã yêu cầu", 24},
}

// AuditSheet is the name of the export's worksheet.
const AuditSheet = "Nhật ký kiểm tra"

// writeAuditXLSX streams the entries matching f into a workbook and returns
// its bytes and the number of rows. progress is called every
// auditRowsPerProgress rows.
func writeAuditXLSX(ctx context.Context, src AuditSource, f audit.Filter, progress func(n int64)) ([]byte, int64, error) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", AuditSheet); err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export sheet: %w", err)
	}
	sw, err := x.NewStreamWriter(AuditSheet)
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export stream: %w", err)
	}
	head, err := x.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	})
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export style: %w", err)
	}
	dateFmt := "dd/mm/yyyy hh:mm:ss"
	when, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export style: %w", err)
	}
	// Panes and widths must come before the first row.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export panes: %w", err)
	}
	header := make([]any, len(auditColumns))
	for i, c := range auditColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, 0, fmt.Errorf("jobs: audit export width: %w", err)
		}
		header[i] = excelize.Cell{StyleID: head, Value: c.title}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export header: %w", err)
	}
	var n int64
	row := make([]any, len(auditColumns))
	err = src.EachEntry(ctx, f, func(e *audit.Entry) error {
		actor := e.ActorEmail
		if actor == "" && e.ActorID == 0 {
			actor = "Hệ thống"
		}
		// Excel shows the wall clock of the time given: Vietnam's.
		row[0] = excelize.Cell{StyleID: when, Value: e.At.In(vn.Zone)}
		row[1], row[2], row[3], row[4] = cellText(actor), cellText(e.Action), cellText(e.ObjectType), cellText(e.ObjectID)
		row[5], row[6], row[7], row[8] = cellText(e.Before), cellText(e.After), cellText(e.IP), cellText(e.RequestID)
		n++
		cell, err := excelize.CoordinatesToCellName(1, int(n)+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("jobs: audit export row %d: %w", n, err)
		}
		if n%auditRowsPerProgress == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			progress(n)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export flush: %w", err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		return nil, 0, fmt.Errorf("jobs: audit export write: %w", err)
	}
	return buf.Bytes(), n, nil
}

// maxCellChars is Excel's limit on the text of one cell.
const maxCellChars = 32767

// cellText cuts s to what one cell holds.
func cellText(s string) string {
	if utf8.RuneCountInString(s) <= maxCellChars {
		return s
	}
	r := []rune(s)
	return string(r[:maxCellChars-1]) + "…"
}
