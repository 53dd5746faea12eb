package sqldb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// TestTrainingStore pins the training tables on both databases: a
// course's curriculum round trip and its version check; a session's days
// and the seat counter that never passes the capacity; an enrolment's
// unique email per session (again after a cancellation) and its results,
// NULL until recorded; a credential's filters by status on a day and by
// the holder's folded name; the number series under concurrent callers.
func TestTrainingStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Training()
		if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)
		es := []*registry.Enterprise{{TaxCode: "0100000001", Name: "Công ty Dệt Nam Định", ProvinceCode: "01", CreatedAt: now, UpdatedAt: now}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}

		c := &training.Course{ToolCode: "tpm", Level: training.LevelExpert, Title: "TPM chuyên sâu", Summary: "Bảo trì năng suất toàn diện",
			Modules: []training.Module{{Title: "OEE", Hours: 6}, {Title: "Bảo trì tự quản", Hours: 10}}, TotalHours: 16,
			Assessment: training.AssessPractical, MinAttendancePct: 90, ValidityMonths: 36, ProvinceCode: "79", CreatedAt: now}
		if err := st.CreateCourse(ctx, c); err != nil || c.ID == 0 || c.Version != 1 {
			t.Fatalf("create course: %+v, %v", c, err)
		}
		got, err := st.FindCourse(ctx, c.ID)
		if err != nil || len(got.Modules) != 2 || got.Modules[1].Hours != 10 || got.ToolName.Vi == "" || got.ProvinceCode != "79" ||
			got.Assessment != training.AssessPractical || got.Level != training.LevelExpert {
			t.Fatalf("find course = %+v, %v", got, err)
		}
		up := *got
		up.Title = "TPM cấp chuyên gia"
		if err := st.UpdateCourse(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update course: %v", err)
		}
		stale := *got
		if err := st.UpdateCourse(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale course update: %v", err)
		}
		if _, err := st.FindCourse(ctx, 999999); !fault.Is(err, fault.NotFound) {
			t.Errorf("missing course: %v", err)
		}
		bad := &training.Course{ToolCode: "khong-co", Level: 1, Title: "x", Modules: []training.Module{}, Assessment: training.AssessExam, CreatedAt: now}
		if err := st.CreateCourse(ctx, bad); !fault.Is(err, fault.Invalid) {
			t.Errorf("a course of an unknown tool: %v", err)
		}

		start, end := time.Date(2026, 5, 11, 0, 0, 0, 0, vn.Zone), time.Date(2026, 5, 13, 0, 0, 0, 0, vn.Zone)
		x := &training.Session{CourseID: c.ID, StartsOn: start, EndsOn: end, Place: "KCN Tân Tạo", ProvinceCode: "79", TrainerName: "KS. Võ Minh",
			Capacity: 2, Status: training.SessionOpen, CreatedAt: now}
		if err := st.CreateSession(ctx, x); err != nil {
			t.Fatal(err)
		}
		gx, err := st.FindSession(ctx, x.ID)
		if err != nil || !gx.StartsOn.Equal(start) || !gx.EndsOn.Equal(end) || gx.CourseTitle != "TPM cấp chuyên gia" || gx.TotalHours != 16 ||
			gx.ToolCode != "tpm" || gx.Status != training.SessionOpen {
			t.Fatalf("find session = %+v, %v", gx, err)
		}
		for i, want := range []bool{true, true, false} {
			if ok, err := st.TakeSeat(ctx, x.ID); err != nil || ok != want {
				t.Fatalf("seat %d: %v, %v", i, ok, err)
			}
		}
		if err := st.FreeSeat(ctx, x.ID); err != nil {
			t.Fatal(err)
		}
		gx, _ = st.FindSession(ctx, x.ID)
		if gx.Enrolled != 1 {
			t.Errorf("enrolled = %d, want 1", gx.Enrolled)
		}
		ux := *gx
		ux.Capacity = 30
		if err := st.UpdateSession(ctx, &ux); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateSession(ctx, gx); !fault.Is(err, fault.Conflict) {
			t.Errorf("stale session update: %v", err)
		}
		list, total, err := st.FindSessions(ctx, training.SessionFilter{Tool: "tpm", Province: "79", EndsFrom: end, Statuses: []training.SessionStatus{training.SessionOpen}})
		if err != nil || total != 1 || len(list) != 1 {
			t.Errorf("sessions = %d/%d, %v", len(list), total, err)
		}
		if list, total, _ := st.FindSessions(ctx, training.SessionFilter{EndsFrom: end.AddDate(0, 0, 1)}); total != 0 || len(list) != 0 {
			t.Errorf("sessions ending later = %d", total)
		}

		e := &training.Enrolment{SessionID: x.ID, FullName: "Đặng Thị Hương", Email: "huong@det.vn", EnterpriseID: es[0].ID, Status: training.EnrolEnrolled, CreatedAt: now}
		if err := st.CreateEnrolment(ctx, e); err != nil {
			t.Fatal(err)
		}
		dup := *e
		if err := st.CreateEnrolment(ctx, &dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate enrolment: %v", err)
		}
		ge, err := st.FindEnrolment(ctx, e.ID)
		if err != nil || ge.AttendedHours != nil || ge.Score != nil || ge.Passed != nil || ge.EnterpriseName != "Công ty Dệt Nam Định" {
			t.Fatalf("find enrolment = %+v, %v", ge, err)
		}
		h, yes := 15, true
		ge.AttendedHours, ge.Passed, ge.ResultNote = &h, &yes, "Đạt"
		if err := st.UpdateEnrolment(ctx, ge); err != nil {
			t.Fatal(err)
		}
		ge2, _ := st.FindEnrolment(ctx, e.ID)
		if ge2.AttendedHours == nil || *ge2.AttendedHours != 15 || ge2.Passed == nil || !*ge2.Passed || ge2.Score != nil || ge2.Version != 2 {
			t.Fatalf("results = %+v", ge2)
		}
		ge2.Status = training.EnrolCancelled
		if err := st.UpdateEnrolment(ctx, ge2); err != nil {
			t.Fatal(err)
		}
		again := &training.Enrolment{SessionID: x.ID, FullName: "Đặng Thị Hương", Email: "huong@det.vn", CreatedAt: now}
		if err := st.CreateEnrolment(ctx, again); err != nil {
			t.Fatalf("enrol again after a cancellation: %v", err)
		}
		if l, _ := st.FindEnrolments(ctx, training.EnrolmentFilter{SessionID: x.ID, Statuses: []training.EnrolmentStatus{training.EnrolEnrolled}}); len(l) != 1 || l[0].ID != again.ID {
			t.Errorf("enrolled = %d", len(l))
		}

		issued := time.Date(2023, 5, 13, 0, 0, 0, 0, vn.Zone)
		exp := issued.AddDate(3, 0, -1)
		cr := &training.Credential{Number: "TH-TPM-2023-000001", Code: "x.y", EnrolmentID: e.ID, SessionID: x.ID, CourseID: c.ID,
			HolderName: "Đặng Thị Hương", EnterpriseID: es[0].ID, EnterpriseName: "Công ty Dệt Nam Định", EnterpriseProvince: "01",
			ProvinceCode: "79", ToolCode: "tpm", ToolName: fault.Text{Vi: "TPM", En: "TPM"}, Level: 3, CourseTitle: "TPM", IssuedOn: issued,
			ExpiresOn: &exp, Issuer: "Sở Công Thương Thành phố Hồ Chí Minh", Status: training.CredValid, CreatedAt: now}
		if err := st.CreateCredential(ctx, cr); err != nil {
			t.Fatal(err)
		}
		again2 := *cr
		again2.EnrolmentID = again.ID
		if err := st.CreateCredential(ctx, &again2); !fault.Is(err, fault.Conflict) {
			t.Errorf("a number twice: %v", err)
		}
		gc, err := st.FindCredentialByNumber(ctx, "TH-TPM-2023-000001")
		if err != nil || !gc.IssuedOn.Equal(issued) || gc.ExpiresOn == nil || !gc.ExpiresOn.Equal(exp) || gc.Level != 3 {
			t.Fatalf("credential = %+v, %v", gc, err)
		}
		count := func(f training.CredentialFilter) int {
			t.Helper()
			_, n, err := st.FindCredentials(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		onValid, onExpired := exp, exp.AddDate(0, 0, 1)
		for _, tc := range []struct {
			name string
			f    training.CredentialFilter
			want int
		}{
			{"valid on its last day", training.CredentialFilter{Status: training.CredValid, On: onValid}, 1},
			{"expired the day after", training.CredentialFilter{Status: training.CredExpired, On: onExpired}, 1},
			{"not valid the day after", training.CredentialFilter{Status: training.CredValid, On: onExpired}, 0},
			{"by the enterprise's province", training.CredentialFilter{Province: "01"}, 1},
			{"by the session's province", training.CredentialFilter{Province: "79"}, 1},
			{"another province", training.CredentialFilter{Province: "48"}, 0},
			{"by folded name", training.CredentialFilter{Query: "dang thi huong"}, 1},
			{"by number", training.CredentialFilter{Query: "th-tpm-2023"}, 1},
			{"a literal %", training.CredentialFilter{Query: "%"}, 0},
		} {
			if got := count(tc.f); got != tc.want {
				t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
			}
		}
		rv := *gc
		at := now
		rv.Status, rv.RevokedAt, rv.RevokedReason = training.CredRevoked, &at, "Sai sót"
		if err := st.UpdateCredential(ctx, &rv); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateCredential(ctx, gc); !fault.Is(err, fault.Conflict) {
			t.Errorf("stale credential update: %v", err)
		}
		if got := count(training.CredentialFilter{Status: training.CredRevoked}); got != 1 {
			t.Errorf("revoked = %d", got)
		}

		// The number series: 20 concurrent callers, 20 distinct numbers.
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[int]bool{}
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := st.NextNumber(ctx, "TH-5S-2026")
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Error(err)
				}
				seen[n] = true
			}()
		}
		wg.Wait()
		for i := 1; i <= 20; i++ {
			if !seen[i] {
				t.Errorf("number %d not given: %v", i, seen)
			}
		}
		if n, _ := st.NextNumber(ctx, "TH-KAIZEN-2026"); n != 1 {
			t.Errorf("a new series starts at %d", n)
		}
	})
}
