package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/jobs"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// mustCreateJobOwner stores a user to own jobs.
func mustCreateJobOwner(t *testing.T, db *sqldb.DB, email string) auth.UserID {
	t.Helper()
	now := time.Now().UTC()
	u := &auth.User{Email: email, Name: "Chủ công việc", PasswordHash: "x", Role: auth.RoleMinistry, Lang: "vi",
		PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := db.Auth().CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u.ID
}

func TestJobStore_RoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Jobs()
		owner := mustCreateJobOwner(t, db, "owner@moit.gov.vn")
		at := time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)

		j := &jobs.Job{Kind: "audit_export", Title: "Xuất nhật ký kiểm tra ra Excel", OwnerID: owner,
			Status: jobs.StatusQueued, Params: `{"Action":"user."}`, CreatedAt: at, UpdatedAt: at}
		if err := st.CreateJob(ctx, j); err != nil {
			t.Fatalf("CreateJob: %v", err)
		}
		if j.ID == 0 {
			t.Fatal("CreateJob did not fill ID")
		}
		if err := st.SetRiverID(ctx, j.ID, 42); err != nil {
			t.Fatalf("SetRiverID: %v", err)
		}
		if err := st.MarkRunning(ctx, j.ID, at.Add(time.Second)); err != nil {
			t.Fatalf("MarkRunning: %v", err)
		}
		if err := st.UpdateProgress(ctx, j.ID, 30, 120, "Đang ghi", at.Add(2*time.Second)); err != nil {
			t.Fatalf("UpdateProgress: %v", err)
		}
		got, err := st.FindJobByID(ctx, j.ID)
		if err != nil {
			t.Fatalf("FindJobByID: %v", err)
		}
		want := &jobs.Job{ID: j.ID, RiverID: 42, Kind: j.Kind, Title: j.Title, OwnerID: owner, Status: jobs.StatusRunning,
			Done: 30, Total: 120, Message: "Đang ghi", Params: j.Params, CreatedAt: at, UpdatedAt: at.Add(2 * time.Second)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("running job (-want +got):\n%s", diff)
		}
		if got, want := got.Percent(), 25; got != want {
			t.Fatalf("Percent()=%d, want %d", got, want)
		}

		if _, _, _, err := st.FindResult(ctx, j.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("FindResult before finish: err=%v, want NotFound", err)
		}
		if err := st.Requeue(ctx, j.ID, "Đang thử lại / retrying", at.Add(3*time.Second)); err != nil {
			t.Fatalf("Requeue: %v", err)
		}
		if got, _ := st.FindJobByID(ctx, j.ID); got.Status != jobs.StatusQueued || got.Message != "Đang thử lại / retrying" {
			t.Fatalf("after Requeue: status=%q message=%q", got.Status, got.Message)
		}

		data := bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)
		end := at.Add(time.Minute)
		err = st.Finish(ctx, j.ID, jobs.Outcome{Status: jobs.StatusDone, ResultName: "a.xlsx", ResultMime: jobs.MimeXLSX,
			ResultData: data, At: end})
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		got, err = st.FindJobByID(ctx, j.ID)
		if err != nil {
			t.Fatalf("FindJobByID: %v", err)
		}
		if !got.HasResult || got.ResultName != "a.xlsx" || got.ResultMime != jobs.MimeXLSX || got.Status != jobs.StatusDone {
			t.Fatalf("finished job: %+v", got)
		}
		if got.FinishedAt == nil || !got.FinishedAt.Equal(end) || !got.UpdatedAt.Equal(end) {
			t.Fatalf("FinishedAt=%v UpdatedAt=%v, want %v", got.FinishedAt, got.UpdatedAt, end)
		}
		name, mime, gotData, err := st.FindResult(ctx, j.ID)
		if err != nil {
			t.Fatalf("FindResult: %v", err)
		}
		if name != "a.xlsx" || mime != jobs.MimeXLSX || !bytes.Equal(gotData, data) {
			t.Fatalf("FindResult = %q %q %d bytes", name, mime, len(gotData))
		}
	})
}

func TestJobStore_FailedAndSystem(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Jobs()
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		j := &jobs.Job{Kind: "k", Title: "system", Status: jobs.StatusQueued, CreatedAt: at, UpdatedAt: at}
		if err := st.CreateJob(ctx, j); err != nil {
			t.Fatalf("CreateJob: %v", err)
		}
		if err := st.Finish(ctx, j.ID, jobs.Outcome{Status: jobs.StatusFailed, Error: "hỏng", At: at}); err != nil {
			t.Fatalf("Finish: %v", err)
		}
		got, err := st.FindJobByID(ctx, j.ID)
		if err != nil {
			t.Fatalf("FindJobByID: %v", err)
		}
		if got.OwnerID != 0 || got.RiverID != 0 || got.Params != "{}" || got.HasResult || got.Error != "hỏng" ||
			got.Status != jobs.StatusFailed {
			t.Fatalf("system job: %+v", got)
		}
	})
}

func TestJobStore_ErrNotFound(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Jobs()
		if _, err := st.FindJobByID(ctx, 999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("FindJobByID: err=%v, want NotFound", err)
		}
		if err := st.UpdateProgress(ctx, 999, 1, 2, "", time.Now()); !fault.Is(err, fault.NotFound) {
			t.Fatalf("UpdateProgress: err=%v, want NotFound", err)
		}
		if err := st.Finish(ctx, 999, jobs.Outcome{Status: jobs.StatusDone, At: time.Now()}); !fault.Is(err, fault.NotFound) {
			t.Fatalf("Finish: err=%v, want NotFound", err)
		}
		if _, _, _, err := st.FindResult(ctx, 999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("FindResult: err=%v, want NotFound", err)
		}
		j := &jobs.Job{Kind: "k", Title: "t", OwnerID: 12345, Status: jobs.StatusQueued, CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if err := st.CreateJob(ctx, j); !fault.Is(err, fault.Invalid) {
			t.Fatalf("CreateJob with a missing owner: err=%v, want Invalid", err)
		}
	})
}

func TestJobStore_FindJobs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Jobs()
		a := mustCreateJobOwner(t, db, "a@moit.gov.vn")
		b := mustCreateJobOwner(t, db, "b@moit.gov.vn")
		base := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)
		var ids []jobs.JobID
		for i, owner := range []auth.UserID{a, b, a, a} {
			at := base.Add(time.Duration(i) * time.Minute)
			j := &jobs.Job{Kind: "audit_export", Title: "t", OwnerID: owner, Status: jobs.StatusQueued, CreatedAt: at, UpdatedAt: at}
			if err := st.CreateJob(ctx, j); err != nil {
				t.Fatalf("CreateJob: %v", err)
			}
			ids = append(ids, j.ID)
		}
		if err := st.Finish(ctx, ids[2], jobs.Outcome{Status: jobs.StatusDone, ResultName: "r.bin",
			ResultMime: "application/octet-stream", ResultData: []byte("xyz"), At: base.Add(time.Hour)}); err != nil {
			t.Fatalf("Finish: %v", err)
		}

		idsOf := func(list []*jobs.Job) []jobs.JobID {
			out := []jobs.JobID{}
			for _, j := range list {
				out = append(out, j.ID)
			}
			return out
		}
		tests := []struct {
			name  string
			f     jobs.JobFilter
			want  []jobs.JobID
			total int
		}{
			{"All", jobs.JobFilter{}, []jobs.JobID{ids[3], ids[2], ids[1], ids[0]}, 4},
			{"Owner", jobs.JobFilter{OwnerID: a}, []jobs.JobID{ids[3], ids[2], ids[0]}, 3},
			{"Status", jobs.JobFilter{Status: jobs.StatusDone}, []jobs.JobID{ids[2]}, 1},
			{"Kind", jobs.JobFilter{Kind: "other"}, []jobs.JobID{}, 0},
			{"Page", jobs.JobFilter{OwnerID: a, Offset: 1, Limit: 1}, []jobs.JobID{ids[2]}, 3},
			{"PastEnd", jobs.JobFilter{OwnerID: a, Offset: 10}, []jobs.JobID{}, 3},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := st.FindJobs(ctx, tc.f)
				if err != nil {
					t.Fatalf("FindJobs: %v", err)
				}
				if diff := cmp.Diff(tc.want, idsOf(list)); diff != "" {
					t.Fatalf("ids (-want +got):\n%s", diff)
				}
				if total != tc.total {
					t.Fatalf("total=%d, want %d", total, tc.total)
				}
			})
		}
		list, _, err := st.FindJobs(ctx, jobs.JobFilter{Status: jobs.StatusDone})
		if err != nil || len(list) != 1 {
			t.Fatalf("FindJobs done: %v %v", list, err)
		}
		if !list[0].HasResult || list[0].ResultName != "r.bin" {
			t.Fatalf("listed job lost its result flag: %+v", list[0])
		}
	})
}

func TestJobStore_TxAudit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Jobs()
		now := time.Now().UTC()
		var id jobs.JobID
		err := st.Tx(ctx, func(tx jobs.Store) error {
			j := &jobs.Job{Kind: "k", Title: "t", Status: jobs.StatusQueued, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateJob(ctx, j); err != nil {
				return err
			}
			id = j.ID
			return tx.AddAudit(ctx, audit.Entry{At: now, Action: "job.enqueue", ObjectType: "job", ObjectID: "1"})
		})
		if err != nil {
			t.Fatalf("Tx: %v", err)
		}
		if _, err := st.FindJobByID(ctx, id); err != nil {
			t.Fatalf("FindJobByID after commit: %v", err)
		}
		_, total, err := db.Audit().FindEntries(ctx, audit.Filter{Action: "job.enqueue"})
		if err != nil || total != 1 {
			t.Fatalf("audit entries: total=%d err=%v", total, err)
		}

		errBoom := fault.New(fault.Conflict, "x", "x")
		err = st.Tx(ctx, func(tx jobs.Store) error {
			j := &jobs.Job{Kind: "rolled-back", Title: "t", Status: jobs.StatusQueued, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateJob(ctx, j); err != nil {
				return err
			}
			return errBoom
		})
		if err != errBoom {
			t.Fatalf("Tx err=%v, want %v", err, errBoom)
		}
		if _, total, _ := st.FindJobs(ctx, jobs.JobFilter{Kind: "rolled-back"}); total != 0 {
			t.Fatalf("rolled-back job is stored")
		}
	})
}
