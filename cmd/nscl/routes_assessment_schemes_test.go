package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
)

// schemeRoutes are the routes of the assessment schemes (the editor, import and export). Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// {scheme} is the improvement-tool scheme, whose draft version 2 the demo
// has open ({scheme_version} is its published version 1). Reading
// published schemes and versions is public; the editor is for admins and
// ministry officers (403 to other signed-in roles, sign-in for the
// public). The walk changes nothing: opening a draft returns the one that
// is open, archiving an unarchived scheme with archived=0 writes nothing,
// every draft edit carries a stale rev and the properties a stale scheme
// version (0 on the pages: back with the message, 303; 99 in the API:
// 409); creations and imports are invalid (422).
var schemeRoutes = map[string]routeCase{
	"GET /schemes":                                     {path: "/schemes", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /schemes/new":                                 {path: "/schemes/new", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /schemes":                                    {path: "/schemes", body: "code=&name_vi=&kind=5s&validity_months=36", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /schemes/import":                              {path: "/schemes/import", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /schemes/import":                             {path: "/schemes/import", body: "replace=1", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /schemes/{id}":                                {path: "/schemes/{scheme}", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /schemes/{id}/versions/{vid}":                 {path: "/schemes/{scheme}/versions/{scheme_version}", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /schemes/{id}/versions/{vid}/export.json":     {path: "/schemes/{scheme}/versions/{scheme_version}/export.json", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /schemes/{id}/versions/{vid}/export.xlsx":     {path: "/schemes/{scheme}/versions/{scheme_version}/export.xlsx", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"POST /schemes/{id}/properties":                    {path: "/schemes/{scheme}/properties", body: "version=0&name_vi=X&kind=tools&validity_months=36", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/archive":                       {path: "/schemes/{scheme}/archive", body: "archived=0", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft":                         {path: "/schemes/{scheme}/draft", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"GET /schemes/{id}/draft":                          {path: "/schemes/{scheme}/draft", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/scale":                   {path: "/schemes/{scheme}/draft/scale", body: "rev=0&scale_min=0&scale_max=4", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/levels":                  {path: "/schemes/{scheme}/draft/levels", body: "rev=0&level_code=dat&level_vi=Đạt&level_min=60", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/sections":                {path: "/schemes/{scheme}/draft/sections", body: "rev=0&key=zz&name_vi=X", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"GET /schemes/{id}/draft/sections/{key}":           {path: "/schemes/{scheme}/draft/sections/lead", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/sections/{key}":          {path: "/schemes/{scheme}/draft/sections/lead", body: "rev=0&key=lead&name_vi=X", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/sections/{key}/move":     {path: "/schemes/{scheme}/draft/sections/lead/move", body: "rev=0&dir=down", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/sections/{key}/remove":   {path: "/schemes/{scheme}/draft/sections/lead/remove", body: "rev=0", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"GET /schemes/{id}/draft/sections/{key}/items/new": {path: "/schemes/{scheme}/draft/sections/lead/items/new", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/sections/{key}/items":    {path: "/schemes/{scheme}/draft/sections/lead/items", body: "rev=0&key=lead.9&text_vi=X", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"GET /schemes/{id}/draft/items/{key}":              {path: "/schemes/{scheme}/draft/items/lead.1", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/items/{key}":             {path: "/schemes/{scheme}/draft/items/lead.1", body: "rev=0&key=lead.1&text_vi=X", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/items/{key}/move":        {path: "/schemes/{scheme}/draft/items/lead.1/move", body: "rev=0&dir=down", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/items/{key}/remove":      {path: "/schemes/{scheme}/draft/items/lead.1/remove", body: "rev=0", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/publish":                 {path: "/schemes/{scheme}/draft/publish", body: "rev=0&note=x", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /schemes/{id}/draft/discard":                 {path: "/schemes/{scheme}/draft/discard", body: "rev=0", want: st{303, 303, 303, 403, 403, 403, 403, 403}},

	"GET /api/v1/schemes":                            {path: "/api/v1/schemes", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/schemes/{id}":                       {path: "/api/v1/schemes/{scheme}", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/schemes/{id}/versions/{vid}":        {path: "/api/v1/schemes/{scheme}/versions/{scheme_version}", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/schemes/{id}/versions/{vid}/export": {path: "/api/v1/schemes/{scheme}/versions/{scheme_version}/export?format=xlsx", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"POST /api/v1/schemes":                           {path: "/api/v1/schemes", body: `{"code":"","name":{"vi":"","en":""},"kind":"5s","validity_months":0}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"POST /api/v1/schemes/{id}/draft":                {path: "/api/v1/schemes/{scheme}/draft", want: st{401, 200, 200, 403, 403, 403, 403, 403}},
	"GET /api/v1/schemes/{id}/draft":                 {path: "/api/v1/schemes/{scheme}/draft", want: st{401, 200, 200, 403, 403, 403, 403, 403}},
	"PUT /api/v1/schemes/{id}/draft":                 {path: "/api/v1/schemes/{scheme}/draft", body: `{"rev":99,"body":{"scale":{"min":0,"max":4},"sections":[],"levels":[]}}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"DELETE /api/v1/schemes/{id}/draft":              {path: "/api/v1/schemes/{scheme}/draft?rev=99", want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"PUT /api/v1/schemes/{id}/properties":            {path: "/api/v1/schemes/{scheme}/properties", body: `{"scheme_version":99,"name":{"vi":"X","en":""},"kind":"tools","validity_months":36}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/schemes/{id}/draft/publish":        {path: "/api/v1/schemes/{scheme}/draft/publish", body: `{"rev":99,"note":"x"}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/schemes/{id}/archive":              {path: "/api/v1/schemes/{scheme}/archive", body: `{"archived":false}`, want: st{401, 200, 200, 403, 403, 403, 403, 403}},
	"POST /api/v1/schemes/import":                    {path: "/api/v1/schemes/import", body: `{"format":"x"}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
}

// schemeFill finds the demo's objects that schemeRoutes name and returns the
// placeholder/value pairs.
func schemeFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	sc, err := srv.app.db.Assessment().FindSchemeByCode(context.Background(), assessment.CodeTools)
	if err != nil || sc.DraftID == 0 || sc.Published == 0 {
		t.Fatalf("the demo's tools scheme has no draft: %+v, %v", sc, err)
	}
	return []string{"{scheme_version}", fmt.Sprint(int64(sc.Published)), "{scheme}", fmt.Sprint(int64(sc.ID))}
}

// TestSchemes_API drives the scheme operations over HTTP as the ministry
// officer: open a draft of 5S, a body with a bad scale refused with the
// field's path (422) and a stale rev refused (409), the whole body saved at
// its rev, publish with a note; the scheme's properties at its version (a
// NUL refused, a stale version 409); export as JSON and import it back under a
// new code (201), and a broken XLSX file refused with the cell and the
// validator's problems listed, nothing saved.
func TestSchemes_API(t *testing.T) {
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
	c := newClient(t)
	for _, l := range sum.Logins {
		if l.Role == auth.RoleMinistry {
			signIn(t, c, srv.URL(), l)
			break
		}
	}
	send := func(method, path, ctype string, body []byte) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL()+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	five, err := srv.app.db.Assessment().FindSchemeByCode(ctx, "5s")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/api/v1/schemes/%d", five.ID)

	code, b := send("POST", base+"/draft", "", nil)
	var d struct {
		Draft struct {
			Version int             `json:"version"`
			Rev     int             `json:"rev"`
			Body    json.RawMessage `json:"body"`
		} `json:"draft"`
	}
	if code != 200 || json.Unmarshal(b, &d) != nil || d.Draft.Version != 2 || d.Draft.Rev != 1 {
		t.Fatalf("open draft: %d %s", code, b)
	}
	var body map[string]any
	if err := json.Unmarshal(d.Draft.Body, &body); err != nil {
		t.Fatal(err)
	}
	body["scale"] = map[string]any{"min": 4, "max": 0}
	put := func(rev int) (int, []byte) {
		raw, _ := json.Marshal(map[string]any{"rev": rev, "body": body})
		return send("PUT", base+"/draft", "application/json", raw)
	}
	if code, b := put(1); code != 422 || !strings.Contains(string(b), "scale.max") {
		t.Fatalf("bad scale: %d %s", code, b)
	}
	body["scale"] = map[string]any{"min": 0, "max": 4, "labels": []any{}}
	if code, b := put(1); code != 200 || !strings.Contains(string(b), `"rev":2`) {
		t.Fatalf("save: %d %s", code, b)
	}
	if code, b := put(1); code != 409 {
		t.Fatalf("stale rev: %d %s", code, b)
	}
	if code, b := send("POST", base+"/draft/publish", "application/json", []byte(`{"rev":2,"note":"Bỏ mô tả các mức của thang điểm"}`)); code != 200 || !strings.Contains(string(b), `"status":"published"`) {
		t.Fatalf("publish: %d %s", code, b)
	}

	// The scheme's own properties, at the scheme_version read: a NUL in the
	// name is refused (422), the change is in force at once, the version
	// read before is stale then (409).
	code, b = send("GET", base, "", nil)
	var show struct {
		SchemeVersion int `json:"scheme_version"`
	}
	if code != 200 || json.Unmarshal(b, &show) != nil || show.SchemeVersion < 1 {
		t.Fatalf("get scheme: %d %s", code, b)
	}
	props := func(ver int, name string) (int, []byte) {
		raw, _ := json.Marshal(map[string]any{"scheme_version": ver, "name": map[string]string{"vi": name, "en": "5S good practice"},
			"kind": "5s", "tools": []string{"5s"}, "validity_months": 36})
		return send("PUT", base+"/properties", "application/json", raw)
	}
	if code, b := props(show.SchemeVersion, "Thực hành tốt 5S\x00"); code != 422 || !strings.Contains(string(b), "name_vi") {
		t.Fatalf("NUL in the name: %d %s", code, b)
	}
	if code, b := props(show.SchemeVersion, "Thực hành tốt 5S (2026)"); code != 200 || !strings.Contains(string(b), fmt.Sprintf(`"scheme_version":%d`, show.SchemeVersion+1)) {
		t.Fatalf("properties: %d %s", code, b)
	}
	if got := mustScheme(t, srv, "5s"); got.Name.Vi != "Thực hành tốt 5S (2026)" {
		t.Fatalf("the properties are not in force: %+v", got.Name)
	}
	if code, b := props(show.SchemeVersion, "Cũ"); code != 409 {
		t.Fatalf("stale properties: %d %s", code, b)
	}

	// Export the new version and import it back under another code.
	code, b = send("GET", fmt.Sprintf("%s/versions/%d/export?format=json", base, mustScheme(t, srv, "5s").Published), "", nil)
	if code != 200 || !strings.Contains(string(b), `"format": "nscl.assessment-scheme"`) {
		t.Fatalf("export: %d %.200s", code, b)
	}
	imported := bytes.Replace(b, []byte(`"code": "5s"`), []byte(`"code": "5s-api"`), 1)
	if code, b := send("POST", "/api/v1/schemes/import", "application/octet-stream", imported); code != 201 || !strings.Contains(string(b), `"created":true`) {
		t.Fatalf("import: %d %s", code, b)
	}
	// A broken XLSX: a weight that is not a number and a level over 100 %.
	f, err := srv.app.assessment.Export(ctx, five.ID, mustScheme(t, srv, "5s").Published)
	if err != nil {
		t.Fatal(err)
	}
	f.Scheme.Code = "5s-api-hong"
	f.Body.Levels[0].MinPct = 120
	var xb bytes.Buffer
	if err := assessment.EncodeXLSX(&xb, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&xb)
	if err != nil {
		t.Fatal(err)
	}
	_ = x.SetCellValue("Tiêu chí", "I2", "nhiều")
	var out bytes.Buffer
	_ = x.Write(&out)
	x.Close()
	code, b = send("POST", "/api/v1/schemes/import", "application/octet-stream", out.Bytes())
	if code != 422 || !strings.Contains(string(b), "Tiêu chí!I2") || !strings.Contains(string(b), "levels[0].min_pct") {
		t.Fatalf("broken import: %d %s", code, b)
	}
	if _, err := srv.app.db.Assessment().FindSchemeByCode(ctx, "5s-api-hong"); err == nil {
		t.Fatal("a broken import saved a scheme")
	}
}

func mustScheme(t *testing.T, srv *server, code string) *assessment.Scheme {
	t.Helper()
	sc, err := srv.app.db.Assessment().FindSchemeByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
