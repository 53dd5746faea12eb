package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// TestTrainingStore_SeatsAndCapacity: a seat is taken in an open session
// only; a session's capacity is never written below its enrolments
// (whatever the caller read), with a message that says so; the owner and
// the issuing unit round trip.
func TestTrainingStore_SeatsAndCapacity(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Training()
		if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)
		c := &training.Course{ToolCode: "5s", Level: 1, Title: "5S", Modules: []training.Module{{Title: "5S", Hours: 8}}, TotalHours: 8,
			Assessment: training.AssessPractical, MinAttendancePct: 80, CreatedAt: now}
		if err := st.CreateCourse(ctx, c); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 5, 11, 0, 0, 0, 0, vn.Zone)
		x := &training.Session{CourseID: c.ID, StartsOn: day, EndsOn: day, Place: "Hà Nội", ProvinceCode: "01", OwnerProvince: "01",
			TrainerName: "A", Capacity: 3, Status: training.SessionPlanned, CreatedAt: now}
		if err := st.CreateSession(ctx, x); err != nil {
			t.Fatal(err)
		}
		if got, err := st.FindSession(ctx, x.ID); err != nil || got.OwnerProvince != "01" {
			t.Errorf("owner = %q, %v", got.OwnerProvince, err)
		}
		if ok, err := st.TakeSeat(ctx, x.ID); err != nil || ok {
			t.Errorf("a seat of a planned session: %v, %v", ok, err)
		}
		x.Status = training.SessionOpen
		if err := st.UpdateSession(ctx, x); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if ok, err := st.TakeSeat(ctx, x.ID); err != nil || !ok {
				t.Fatalf("a seat of an open session: %v, %v", ok, err)
			}
		}
		// The caller read 0 enrolments and lowers the capacity to 1.
		low := *x
		low.Capacity = 1
		err := st.UpdateSession(ctx, &low)
		if !fault.Is(err, fault.Invalid) || !strings.Contains(fault.FieldsOf(err)["capacity"].Vi, "2 học viên") {
			t.Errorf("capacity below the enrolments: %v %v", err, fault.FieldsOf(err))
		}
		if got, _ := st.FindSession(ctx, x.ID); got.Capacity != 3 || got.Enrolled != 2 {
			t.Errorf("after the refused update: capacity %d, enrolled %d", got.Capacity, got.Enrolled)
		}
		low.Capacity = 2
		if err := st.UpdateSession(ctx, &low); err != nil {
			t.Errorf("capacity equal to the enrolments: %v", err)
		}
		stale := *x
		stale.Capacity = 10
		if err := st.UpdateSession(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Errorf("stale update: %v", err)
		}
	})
}

// TestTrainingStore_RosterIndex: the roster reads a session's enrolments
// in order: training_enrolments (session_id, id) has its index (0029).
func TestTrainingStore_RosterIndex(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'training_enrolments_session' AND tbl_name = 'training_enrolments'
			AND sql LIKE '%(session_id, id)%'`
		if db.IsPostgres() {
			q = `SELECT COUNT(*) FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace
				JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class t ON t.oid = x.indrelid
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
				JOIN pg_attribute b ON b.attrelid = t.oid AND b.attnum = x.indkey[1]
				WHERE i.relname = 'training_enrolments_session' AND n.nspname = current_schema()
				AND t.relname = 'training_enrolments' AND a.attname = 'session_id' AND b.attname = 'id'`
		}
		var n int
		if err := db.WriteDB().QueryRow(q).Scan(&n); err != nil || n != 1 {
			t.Fatalf("index training_enrolments_session: %d, %v", n, err)
		}
	})
}
