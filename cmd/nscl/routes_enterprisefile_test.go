package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
)

// enterpriseFileRoutes are the routes of enterprise import and export.
// Importing needs auth.ActEnterpriseManage (admins, ministry and provincial
// officers); {eupload} is an upload of the walking admin, which other
// officers do not find. Exports are for everyone who may see the registry
// (scoped to their province or firm). Bodies are invalid, so the walk
// imports nothing.
var enterpriseFileRoutes = map[string]routeCase{
	"GET /enterprises/import":         {path: "/enterprises/import", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /enterprises/import":        {path: "/enterprises/import", body: "file=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /enterprises/import/{id}":    {path: "/enterprises/import/{eupload}", want: st{303, 200, 404, 404, 403, 403, 403, 403}},
	"POST /enterprises/import/{id}":   {path: "/enterprises/import/{eupload}", body: "header_row=0&action=import", want: st{303, 422, 404, 404, 403, 403, 403, 403}},
	"GET /enterprises/export":         {path: "/enterprises/export?format=csv&province=01", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"POST /api/v1/enterprises/import": {path: "/api/v1/enterprises/import?name=x.csv", body: `{"not":"a table"}`, want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"GET /api/v1/enterprises/export":  {path: "/api/v1/enterprises/export?format=json&size=small", want: st{401, 200, 200, 200, 200, 403, 403, 403}},
}

// enterpriseFileFill returns placeholder/value pairs for enterpriseFileRoutes paths.
func enterpriseFileFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	admin, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["admin"].Email)
	if err != nil {
		t.Fatal(err)
	}
	csv := "Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố\n0100233488,Công ty Cổ phần Hòa Phát,Hà Nội\n"
	u, _, err := srv.app.files.Upload(auth.WithActor(ctx, admin.Actor()), "ds.csv", int64(len(csv)), strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	return []string{"{eupload}", fmt.Sprint(int64(u.ID))}
}
