package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/programme"
)

// activityRoutes are the routes of this programme area. {act_call} is an
// open ministry call for pilot models; {act_sub} a submitted proposal in it
// of a Hà Nội firm (the walking provincial officer's province) that is not
// the walking enterprise user's, with an attachment {act_file}. Bodies are
// invalid or the actor may not act, so the walk changes nothing: the
// ministry and the administrator decide (422 on the invalid bodies), the
// Hà Nội officer sees the proposal but may not decide a ministry call's
// (403), officers may not act for the proposer (403), everyone else does
// not see it (404). Roles: anon, admin, ministry, province, enterprise,
// expert, assessor, judge.
var activityRoutes = map[string]routeCase{
	"GET /activities":                          {path: "/activities", want: st{303, 200, 200, 200, 200, 200, 200, 403}},
	"GET /activities.xlsx":                     {path: "/activities.xlsx?status=submitted", want: st{303, 200, 200, 200, 200, 200, 200, 403}},
	"GET /activities/new":                      {path: "/activities/new?call={act_call}", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /activities":                         {path: "/activities", body: "call={act_call}&type=pilot_model&title=", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"GET /activities/{id}":                     {path: "/activities/{act_sub}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /activities/{id}/edit":                {path: "/activities/{act_sub}/edit", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/edit":               {path: "/activities/{act_sub}/edit", body: "title=", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/submit":             {path: "/activities/{act_sub}/submit", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/revise":             {path: "/activities/{act_sub}/revise", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/withdraw":           {path: "/activities/{act_sub}/withdraw", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/reviewers":          {path: "/activities/{act_sub}/reviewers", body: "reviewer=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"GET /activities/{id}/review":              {path: "/activities/{act_sub}/review", want: st{303, 404, 404, 404, 404, 404, 404, 404}},
	"POST /activities/{id}/review/declare":     {path: "/activities/{act_sub}/review/declare", body: "conflict=no", want: st{303, 404, 404, 404, 404, 404, 404, 404}},
	"POST /activities/{id}/review":             {path: "/activities/{act_sub}/review", body: "score_impact=31", want: st{303, 404, 404, 404, 404, 404, 404, 404}},
	"POST /activities/{id}/decide":             {path: "/activities/{act_sub}/decide", body: "outcome=reject&note=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/files":              {path: "/activities/{act_sub}/files", body: "file=", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"GET /activities/{id}/files/{fid}":         {path: "/activities/{act_sub}/files/{act_file}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /activities/{id}/files/{fid}/delete": {path: "/activities/{act_sub}/files/{act_file}/delete", want: st{303, 403, 403, 403, 404, 404, 404, 404}},

	"GET /api/v1/activities":                      {path: "/api/v1/activities", want: st{401, 200, 200, 200, 200, 200, 200, 403}},
	"POST /api/v1/activities":                     {path: "/api/v1/activities", body: `{"call_id":{act_call},"type":"pilot_model","title":""}`, want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"GET /api/v1/activities/{id}":                 {path: "/api/v1/activities/{act_sub}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PUT /api/v1/activities/{id}":                 {path: "/api/v1/activities/{act_sub}", body: `{"title":""}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/submit":         {path: "/api/v1/activities/{act_sub}/submit", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/revise":         {path: "/api/v1/activities/{act_sub}/revise", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/withdraw":       {path: "/api/v1/activities/{act_sub}/withdraw", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"GET /api/v1/activities/{id}/reviewers":       {path: "/api/v1/activities/{act_sub}/reviewers", want: st{401, 200, 200, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/reviewers":      {path: "/api/v1/activities/{act_sub}/reviewers", body: `{"reviewers":[999999]}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/review/declare": {path: "/api/v1/activities/{act_sub}/review/declare", body: `{"conflict":false}`, want: st{401, 404, 404, 404, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/review":         {path: "/api/v1/activities/{act_sub}/review", body: `{"scores":{}}`, want: st{401, 404, 404, 404, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/decide":         {path: "/api/v1/activities/{act_sub}/decide", body: `{"approve":false}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/files":          {path: "/api/v1/activities/{act_sub}/files?name=x.pdf", body: `{"khong":"phai pdf"}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"GET /api/v1/activities/{id}/files/{fid}":     {path: "/api/v1/activities/{act_sub}/files/{act_file}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
}

// activityFill makes the objects of activityRoutes and returns their ids.
func activityFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	firm := otherFirms(t, srv, own.EnterpriseID, "01", 1)[0]
	st := srv.app.db.Programme()
	now := time.Now().UTC()
	c := &programme.Call{Code: "BCT-2026-97", Title: "Đợt kiểm tra quyền", Track: programme.TrackBreadth,
		Types: []programme.ActivityType{programme.TypePilotModel}, OpensAt: now.AddDate(0, 0, -1), Deadline: now.AddDate(0, 1, 0),
		Status: programme.CallOpen}
	if err := st.CreateCall(ctx, c); err != nil {
		t.Fatal(err)
	}
	a := &programme.Activity{CallID: c.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: now.Year(),
		Title: "Mô hình 5S kiểm tra quyền", Summary: "Kiểm tra", EnterpriseID: int64(firm.ID), ProvinceCode: "01",
		Details: map[string]string{"scope": "Xưởng 1", "replication_plan": "Hội thảo"}, Status: programme.StatusSubmitted,
		StateBudget: 100_000_000, Counterpart: 60_000_000, SubmittedAt: &now,
		Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 100_000_000, Counterpart: 60_000_000}}}
	if err := st.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	f := &programme.File{ActivityID: a.ID, Name: "thuyet-minh.pdf", ContentType: programme.TypePDF, Size: 9, Data: []byte("%PDF-1.4\n"), UploadedAt: now}
	if err := st.CreateActivityFile(ctx, f); err != nil {
		t.Fatal(err)
	}
	return []string{"{act_call}", fmt.Sprint(int64(c.ID)), "{act_sub}", fmt.Sprint(int64(a.ID)), "{act_file}", fmt.Sprint(int64(f.ID))}
}

// TestRoutes_ActivityUpload posts attachments to a draft through the page's
// multipart form: a PDF is attached; a file one byte over 10 MB is refused
// with the size named next to the field (413), read only up to the limit
// (the part is streamed, never spooled whole), and nothing is attached.
func TestRoutes_ActivityUpload(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	sum, err := srv.app.runDemo(ctx, demo.Small, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	var login demo.Login
	for _, l := range sum.Logins {
		if l.Role == auth.RoleEnterprise {
			login = l
			break
		}
	}
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, login.Email)
	if err != nil {
		t.Fatal(err)
	}
	st := srv.app.db.Programme()
	now := time.Now().UTC()
	c := &programme.Call{Code: "BCT-2026-96", Title: "Đợt tải tệp", Track: programme.TrackBreadth,
		Types: []programme.ActivityType{programme.TypePilotModel}, OpensAt: now.AddDate(0, 0, -1), Deadline: now.AddDate(0, 1, 0),
		Status: programme.CallOpen}
	if err := st.CreateCall(ctx, c); err != nil {
		t.Fatal(err)
	}
	a := &programme.Activity{CallID: c.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: now.Year(),
		Title: "Mô hình tải tệp", Summary: "Kiểm tra", EnterpriseID: own.EnterpriseID, Status: programme.StatusDraft,
		StateBudget: 100, Counterpart: 60, Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 100, Counterpart: 60}},
		CreatedBy: own.ID, CreatedAt: now, UpdatedAt: now}
	if err := st.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	base := srv.URL()
	cl := newClient(t)
	signIn(t, cl, base, login)
	post := func(name string, data []byte) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/activities/%d/files", base, a.ID), &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), programme.MaxAttachmentSize-8)...)
	if code, body := post("lon.pdf", big); code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "lớn hơn 10 MB") {
		t.Errorf("a file of 10 MB + 1 byte: %d %q", code, firstLine(body, "10 MB"))
	}
	if code, _ := post("thuyet-minh.pdf", []byte("%PDF-1.4\n")); code != http.StatusSeeOther {
		t.Errorf("a small PDF: %d", code)
	}
	fs, err := st.FindActivityFiles(ctx, a.ID)
	if err != nil || len(fs) != 1 || fs[0].Name != "thuyet-minh.pdf" {
		t.Errorf("attached: %+v %v", fs, err)
	}
}

// firstLine returns the line of s holding sub, for a short failure message.
func firstLine(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// TestRoutes_ActivitiesXLSX downloads /activities.xlsx as the demo's
// provincial officer, enterprise user and ministry officer: each file
// holds exactly the activities the list shows them across all its pages
// (the officer's province's only — by the activity's province or its
// call's —, the enterprise's own proposals only), as
// an XLSX attachment.
func TestRoutes_ActivitiesXLSX(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	sum, err := srv.app.runDemo(ctx, demo.Small, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	logins := map[auth.Role]demo.Login{}
	for _, l := range sum.Logins {
		if _, ok := logins[l.Role]; !ok {
			logins[l.Role] = l
		}
	}
	st := srv.app.db.Programme()
	// download returns the activity ids of the file and the province
	// column's values.
	clients := map[auth.Role]*http.Client{} // one sign-in per role: a TOTP code is accepted once
	download := func(role auth.Role, query string) ([]int64, []string) {
		c := clients[role]
		if c == nil {
			c = newClient(t)
			signIn(t, c, srv.URL(), logins[role])
			clients[role] = c
		}
		res, err := c.Get(srv.URL() + "/activities.xlsx" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="nhiem-vu-`) ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "filename*=UTF-8''nhiem-vu-") {
			t.Fatalf("%s: %d %q %q", role, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: rows %v", role, err)
		}
		var ids []int64
		var provs []string
		for _, r := range rows[1:] {
			id, err := strconv.ParseInt(strings.ReplaceAll(r[0], ",", ""), 10, 64)
			if err != nil {
				t.Fatalf("%s: id %q", role, r[0])
			}
			ids = append(ids, id)
			provs = append(provs, r[6])
		}
		return ids, provs
	}
	// listed is what the list shows the role, every page.
	listed := func(role auth.Role, q programme.ActivityQuery) []int64 {
		u, err := srv.app.db.Auth().FindUserByEmail(ctx, logins[role].Email)
		if err != nil {
			t.Fatal(err)
		}
		actx := auth.WithActor(ctx, u.Actor())
		var out []int64
		for q.Offset, q.Limit = 0, 100; ; q.Offset += 100 {
			list, total, err := srv.app.programme.Activities(actx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range list {
				out = append(out, int64(a.ID))
			}
			if q.Offset+100 >= total {
				return out
			}
		}
	}

	all, _ := download(auth.RoleMinistry, "")
	if want := listed(auth.RoleMinistry, programme.ActivityQuery{}); !slices.Equal(all, want) || len(all) <= 20 {
		t.Fatalf("ministry: %d rows, the list has %d (and the demo should have more than a page)", len(all), len(want))
	}

	prov, provNames := download(auth.RoleProvince, "")
	u, _ := srv.app.db.Auth().FindUserByEmail(ctx, logins[auth.RoleProvince].Email)
	if want := listed(auth.RoleProvince, programme.ActivityQuery{}); !slices.Equal(prov, want) || len(prov) == 0 || len(prov) >= len(all) {
		t.Errorf("province officer: %d rows, the list has %d, the ministry %d", len(prov), len(want), len(all))
	}
	for i, id := range prov {
		a, err := st.FindActivityByID(ctx, programme.ActivityID(id))
		if err != nil {
			t.Fatal(err)
		}
		// The officer's scope: the activity's province or its call's.
		if a.ProvinceCode != u.ProvinceCode && a.CallProvince != u.ProvinceCode {
			t.Errorf("province officer of %s downloaded activity %d of %q, call of %q (%s)", u.ProvinceCode, id, a.ProvinceCode, a.CallProvince, provNames[i])
		}
	}
	// A filter narrows the file as it narrows the page.
	if got, want := func() []int64 { ids, _ := download(auth.RoleProvince, "?status=submitted"); return ids }(),
		listed(auth.RoleProvince, programme.ActivityQuery{Status: programme.StatusSubmitted}); !slices.Equal(got, want) {
		t.Errorf("province officer, submitted: %v, want %v", got, want)
	}

	ent, _ := download(auth.RoleEnterprise, "")
	eu, _ := srv.app.db.Auth().FindUserByEmail(ctx, logins[auth.RoleEnterprise].Email)
	if want := listed(auth.RoleEnterprise, programme.ActivityQuery{}); !slices.Equal(ent, want) {
		t.Errorf("enterprise: %v, the list has %v", ent, want)
	}
	for _, id := range ent {
		a, err := st.FindActivityByID(ctx, programme.ActivityID(id))
		if err != nil {
			t.Fatal(err)
		}
		if a.EnterpriseID != eu.EnterpriseID {
			t.Errorf("enterprise %d downloaded activity %d of enterprise %d", eu.EnterpriseID, id, a.EnterpriseID)
		}
	}
}
