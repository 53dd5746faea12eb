package api_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestAPI_ExecutionReportBody: the documented maximum of a progress report
// — five evidence files of 10 MB, base64 in the JSON — fits the
// operation's body limit; a report without evidence is a 422 naming the
// files.
func TestAPI_ExecutionReportBody(t *testing.T) {
	if testing.Short() {
		t.Skip("sends a 68 MiB body")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newActivityEnv(t, db)
		ent := e.mustCreateEnterprise("Công ty Cổ phần Cơ khí Thử", "79")
		owner := e.mustCreateUser(auth.UserInput{Email: "dn@cokhi.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)})
		a := &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2026, Title: "Mô hình 5S",
			EnterpriseID: int64(ent.ID), ProvinceCode: "79", Status: programme.StatusInProgress, StateBudget: 100_000_000,
			Counterpart: 100_000_000, ApprovedBudget: 100_000_000, CreatedBy: owner.ID, ContractNo: "HĐ-1", ContractDate: "2026-06-01",
			KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 60, Target: 75}}}
		if err := db.Programme().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		ms := []programme.Milestone{{ActivityID: a.ID, Seq: 1, Title: "Toàn bộ", DueDate: time.Now().AddDate(0, 1, 0).Format(time.DateOnly),
			StateAmount: 100_000_000, Status: programme.MilestonePlanned}}
		if err := db.Programme().CreateMilestones(ctx, ms); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/activities/%d/milestones/%d/report", a.ID, ms[0].ID)
		p := problem(t, e.do(req{method: "POST", path: path, as: owner.Email, body: `{"version":1,"progress_pct":100,"report":"Xong"}`}), 422)
		if msg := fieldError(t, p, "body.files"); !strings.Contains(msg, "minh chứng") {
			t.Fatalf("no evidence: %q", msg)
		}
		data := make([]byte, programme.MaxEvidenceBytes)
		copy(data, "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
		enc := base64.StdEncoding.EncodeToString(data)
		var b strings.Builder
		b.WriteString(`{"version":1,"progress_pct":100,"report":"Đã hoàn thành, kèm 5 biên bản","files":[`)
		for i := range programme.MaxEvidenceFiles {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"name":"bien-ban-%d.pdf","data":"%s"}`, i+1, enc)
		}
		b.WriteString("]}")
		r := e.do(req{method: "POST", path: path, as: owner.Email, body: b.String()})
		if r.status != 200 {
			t.Fatalf("five files of 10 MB (%d bytes): %d %.300s", b.Len(), r.status, r.body)
		}
		files, err := db.Programme().FindEvidence(ctx, a.ID)
		if err != nil || len(files) != programme.MaxEvidenceFiles {
			t.Fatalf("evidence stored: %d, %v", len(files), err)
		}
	})
}
