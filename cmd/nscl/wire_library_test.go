package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/library"
)

// TestLibraryProgramme runs the demo and reads its cases linked to pilot
// models through the programme adapter: their KPIs are the activities'
// verified results (not the editor's), the confirmed replications are
// named, and an anonymous visitor gets the same; the typed cases say "not
// verified". The contract functions return published cases only.
func TestLibraryProgramme(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	if _, err := srv.app.runDemo(ctx, demo.Small, 1, nil); err != nil {
		t.Fatal(err)
	}
	svc := srv.app.library
	sys := auth.SystemContext(ctx)
	cs, total, err := svc.Cases(sys, library.CaseQuery{PerPage: 100})
	if err != nil || total < 15 {
		t.Fatalf("demo cases: %d, %v", total, err)
	}
	linked, typed, replicated := 0, 0, 0
	for _, c := range cs {
		if c.Status != library.StatusPublished {
			continue
		}
		v, err := svc.Case(ctx, c.ID, "vi") // anonymous
		if err != nil {
			t.Fatalf("case %d: %v", c.ID, err)
		}
		if c.ActivityID == 0 {
			typed++
			if v.Verified || len(v.KPIs) == 0 || v.KPIs[0].Verified {
				t.Errorf("typed case %d: verified %v, KPIs %+v", c.ID, v.Verified, v.KPIs)
			}
			continue
		}
		linked++
		if !v.Verified || len(v.KPIs) == 0 || v.PilotTitle == "" {
			t.Errorf("pilot case %d: verified %v, KPIs %+v", c.ID, v.Verified, v.KPIs)
		}
		for _, k := range v.KPIs {
			if !k.Verified || k.Name == "" {
				t.Errorf("pilot case %d: KPI %+v", c.ID, k)
			}
		}
		if len(v.Replicators) > 0 {
			replicated++
		}
	}
	if linked == 0 || typed == 0 {
		t.Errorf("demo: %d cases linked to pilots, %d typed", linked, typed)
	}
	t.Logf("demo: %d cases linked to pilots (%d with named replications), %d typed", linked, replicated, typed)
	checkDemoCaseSectors(t, cs)
	latest, err := svc.LatestCases(ctx, 5)
	if err != nil || len(latest) != 5 {
		t.Fatalf("latest: %d, %v", len(latest), err)
	}
	ids := []int64{latest[0].ID, 999999}
	for _, c := range cs {
		if c.Status == library.StatusDraft {
			ids = append(ids, int64(c.ID))
		}
	}
	sums, err := svc.CaseSummaries(ctx, ids)
	if err != nil || len(sums) != 1 || sums[0].ID != latest[0].ID || sums[0].URL == "" {
		t.Errorf("summaries of %v: %+v, %v", ids, sums, err)
	}
}

// TestLibraryScriptSanitised: HTML and script in a case's and a guide's
// Markdown reach neither the web page nor the API's HTML fields as markup
// (and the JSON escapes the source's angle brackets).
func TestLibraryScriptSanitised(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	sys := auth.SystemContext(ctx)
	if _, err := srv.app.runDemo(ctx, demo.Small, 1, nil); err != nil {
		t.Fatal(err)
	}
	cs, _, err := srv.app.library.Cases(sys, library.CaseQuery{Province: "01", PerPage: 1})
	if err != nil || len(cs) == 0 {
		t.Fatalf("no case: %v", err)
	}
	const evil = "Trước <script>alert('x')</script> <img src=x onerror=alert(1)> [bấm](javascript:alert(1)) <iframe src=https://evil.example></iframe>"
	c := cs[0]
	in := library.CaseInput{Title: c.Title, EnterpriseID: c.EnterpriseID, ActivityID: c.ActivityID, Industry: string(c.Industry), VSIC: c.VSIC,
		SizeClass: string(c.SizeClass), Tools: c.Tools, Summary: c.Summary, ProblemMD: evil, SolutionMD: evil, LessonsMD: evil, Contact: c.Contact}
	if _, err := srv.app.library.UpdateCase(sys, c.ID, c.Version, in); err != nil {
		t.Fatal(err)
	}
	g, err := srv.app.library.CreateGuide(sys, library.GuideInput{ToolCode: "5s", Title: "Thử", BodyMD: evil})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.app.library.SetGuideStatus(sys, g.ID, g.Version, library.StatusPublished); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fmt.Sprintf("/cases/%d", c.ID), fmt.Sprintf("/api/v1/cases/%d", c.ID), fmt.Sprintf("/guides/%d", g.ID),
		fmt.Sprintf("/api/v1/guides/%d", g.ID), "/api/v1/cases?province=01", "/api/v1/guides?tool=5s"} {
		res, err := http.Get(srv.URL() + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body := strings.ToLower(string(b))
		if res.StatusCode != 200 || !strings.Contains(body, "alert") {
			t.Fatalf("%s: %d, the text is not there", p, res.StatusCode)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "onerror=alert(1)>", "href=\"javascript:", "<iframe"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s holds %q", p, bad)
			}
		}
	}
}
