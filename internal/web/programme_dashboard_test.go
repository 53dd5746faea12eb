package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The lone firm's figures, which the public figures must never show.
const (
	loneApproved  = 313_131_313
	lonePaid      = 171_717_171
	rejectedState = 595_959_595
)

// publicFixture writes six supported enterprises in province 79 (enough
// for a public row), five in province 31 (enough, but hidden too so that
// the total less the rows shown does not give away the next one), one firm with a contract in province 01 (its contract
// amount, payment and KPI result would point at it) and one rejected
// proposal in province 48; it returns a dashboard handler on them.
func publicFixture(t *testing.T, db *sqldb.DB) *Handler {
	t.Helper()
	ctx := context.Background()
	provs := []string{"79", "79", "79", "79", "79", "79", "31", "31", "31", "31", "31", "01", "48"}
	es := make([]*registry.Enterprise, len(provs))
	for i := range es {
		es[i] = &registry.Enterprise{TaxCode: fmt.Sprintf("%010d", 4_100_000_000+i), Name: "Công ty Số " + strconv.Itoa(i),
			ProvinceCode: provs[i]}
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f64 := func(v float64) *float64 { return &v }
	var bs []*sqldb.BulkActivity
	for i, e := range es {
		a := &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2025, Title: "Nhiệm vụ " + strconv.Itoa(i),
			EnterpriseID: int64(e.ID), ProvinceCode: e.ProvinceCode, Industry: "textiles", SizeClass: "small",
			Status: programme.StatusInProgress, StateBudget: 1_000_000_000, ApprovedBudget: 1_000_000_000, ContractDate: "2025-03-01"}
		b := &sqldb.BulkActivity{Activity: a}
		b.Milestones = []programme.Milestone{{Seq: 1, Title: "Đợt 1", DueDate: "2025-06-30", StateAmount: 500_000_000,
			Status: programme.MilestoneAccepted}}
		b.Disbursements = []programme.Disbursement{{MilestoneID: 1, Amount: 50_000_000, PaidOn: "2025-07-01"}}
		switch e.ProvinceCode {
		case "01":
			a.Type, a.Industry, a.StateBudget, a.ApprovedBudget = programme.TypeDepthProject, "chemicals", loneApproved, loneApproved
			a.Status = programme.StatusEvaluating
			a.KPIs = []programme.ActivityKPI{{Code: "defect_ppm", Baseline: 1000, Target: 800, Actual: f64(627)}}
			b.Milestones = []programme.Milestone{{Seq: 1, Title: "Đợt 1", DueDate: "2025-06-30", StateAmount: loneApproved,
				Status: programme.MilestoneAccepted}}
			b.Disbursements = []programme.Disbursement{{MilestoneID: 1, Amount: lonePaid, PaidOn: "2025-07-01"}}
		case "48":
			a.Status, a.StateBudget, a.ApprovedBudget, a.ContractDate = programme.StatusRejected, rejectedState, 0, ""
			b.Milestones, b.Disbursements = nil, nil
		}
		bs = append(bs, b)
	}
	if err := db.Programme().CreateActivitiesBulk(ctx, bs); err != nil {
		t.Fatal(err)
	}
	h := &Handler{programme: programme.NewService(programme.Options{Store: db.Programme()}), geo: geo.MustLoad()}
	if err := h.loadAssets(); err != nil {
		t.Fatal(err)
	}
	if err := h.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestPublicFiguresSuppression pins the public figures (service, API
// model, page and every XLSX table) on both databases: a province, a
// breakdown row or a KPI resting on fewer than 5 enterprises shows no
// figures; rejected proposals are not counted; the officers' dashboard
// keeps the full figures.
func TestPublicFiguresSuppression(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := publicFixture(t, db)
		ctx := context.Background()
		pub, err := h.programme.Figures(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(pub)
		for _, v := range []int64{loneApproved, lonePaid, rejectedState} {
			if regexp.MustCompile(`[:\[,]` + strconv.FormatInt(v, 10) + `[,}\]]`).Match(js) {
				t.Errorf("the public figures show %d: %s", v, js)
			}
		}
		prov := map[string]programme.ProvinceRow{}
		for _, p := range pub.Provinces {
			prov[p.Code] = p
		}
		if p := prov["01"]; !p.Hidden || p.Activities != 0 || p.Approved != 0 || p.Disbursed != 0 {
			t.Errorf("province 01 (one firm) = %+v", p)
		}
		if _, ok := prov["48"]; ok {
			t.Errorf("province 48 (a rejected proposal) is shown: %+v", prov["48"])
		}
		if p := prov["79"]; p.Hidden || p.Activities != 6 || p.Enterprises != 6 || p.Approved != 6_000_000_000 {
			t.Errorf("province 79 (six firms) = %+v", p)
		}
		if p := prov["31"]; !p.Hidden || p.Approved != 0 {
			t.Errorf("province 31 (five firms, hidden with 01's) = %+v", p)
		}
		if pub.Totals.Hidden || pub.Totals.Enterprises != 12 {
			t.Errorf("public totals = %+v", pub.Totals)
		}
		for _, b := range append(append(pub.ByType, pub.ByIndustry...), pub.ByStatus...) {
			if (b.Key == "depth_project" || b.Key == "chemicals" || b.Key == "evaluating") && (!b.Hidden || b.Approved != 0) {
				t.Errorf("breakdown %s (one firm) = %+v", b.Key, b)
			}
			if b.Key == "rejected" {
				t.Errorf("a rejected proposal is counted: %+v", b)
			}
		}
		for _, k := range pub.KPIs {
			if !k.Hidden || k.N != 0 || k.Median != 0 {
				t.Errorf("KPI box of one firm = %+v", k)
			}
		}

		// Nor by difference: the total less the rows shown never leaves
		// the lone firm's amount.
		visible := func(approved []int64) int64 {
			var sum int64
			for _, a := range approved {
				sum += a
			}
			return sum
		}
		tables := map[string][]int64{}
		for _, p := range pub.Provinces {
			tables["provinces"] = append(tables["provinces"], p.Approved)
		}
		for name, bs := range map[string][]programme.Breakdown{"type": pub.ByType, "industry": pub.ByIndustry,
			"status": pub.ByStatus, "track": pub.ByTrack, "size": pub.BySize} {
			tables[name] = append(tables[name], 0)
			for _, b := range bs {
				tables[name] = append(tables[name], b.Approved)
			}
		}
		if !pub.Totals.Hidden {
			for name, approved := range tables {
				if pub.Totals.Committed-visible(approved) == loneApproved {
					t.Errorf("%s: the total less the rows shown is the lone firm's %d", name, loneApproved)
				}
			}
		}

		// Every public table as XLSX: nothing of the lone firm.
		for _, key := range dashTableKeys {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/figures/"+key+".xlsx", nil)
			r.SetPathValue("file", key+".xlsx")
			if err := h.handleFiguresTable(w, r); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
			if err != nil {
				t.Fatalf("%s.xlsx: %v", key, err)
			}
			rows, err := x.GetRows(x.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				for _, c := range row {
					for _, v := range []int64{loneApproved, lonePaid, rejectedState} {
						if c == strconv.FormatInt(v, 10) {
							t.Errorf("%s.xlsx shows %d: %q", key, v, row)
						}
					}
				}
			}
			if key == "provinces" && !strings.Contains(fmt.Sprint(rows), "< 5") {
				t.Errorf("provinces.xlsx lacks the < 5 marker: %q", rows)
			}
			x.Close()
		}

		// The page, too.
		w := httptest.NewRecorder()
		if err := h.handleFigures(w, httptest.NewRequest(http.MethodGet, "/figures", nil)); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"313.131.313 ₫", "171.717.171 ₫", "595.959.595 ₫"} {
			if regexp.MustCompile(`[^0-9.]` + regexp.QuoteMeta(s)).MatchString(w.Body.String()) {
				t.Errorf("the public page shows %s", s)
			}
		}

		// The officers keep the full figures.
		d, err := h.programme.Dashboard(auth.WithActor(ctx, &auth.Actor{UserID: 1, Role: auth.RoleMinistry}), programme.FactsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Provinces {
			if p.Code == "01" && (p.Hidden || p.Approved != loneApproved || p.Disbursed != lonePaid) {
				t.Errorf("officers' province 01 = %+v", p)
			}
		}
	})
}

// TestFiguresPageCache pins the cached public page: it does not carry the
// first visitor's URL (the language switch points at the canonical one)
// nor a request id, and a new snapshot renders afresh.
func TestFiguresPageCache(t *testing.T) {
	db := sqldbtest.MustOpenSQLite(t)
	h := publicFixture(t, db)
	get := func(url string) string {
		w := httptest.NewRecorder()
		if err := h.handleFigures(w, httptest.NewRequest(http.MethodGet, url, nil)); err != nil {
			t.Fatal(err)
		}
		return w.Body.String()
	}
	first := get("/figures?year=9999&x=odd-visitor")
	if strings.Contains(first, "odd-visitor") {
		t.Error("the cached page carries the first visitor's URL")
	}
	if second := get("/figures"); second != first {
		t.Error("the same figures rendered twice")
	}
	if !strings.Contains(first, "/figures") {
		t.Error("no canonical path in the page")
	}
	// A write moves the version: the page is rendered again.
	if err := db.Programme().CreateActivitiesBulk(context.Background(), []*sqldb.BulkActivity{{Activity: &programme.Activity{
		Type: programme.TypeContest, Track: programme.TrackCapacity, Year: 2025, Title: "Cuộc thi", ProvinceCode: "01",
		Status: programme.StatusSubmitted, CreatedAt: time.Now()}}}); err != nil {
		t.Fatal(err)
	}
	v1, _ := h.programme.FactsVersion(context.Background())
	if get("/figures") == "" || v1 == 0 {
		t.Error("no page after a write")
	}
}

// TestDashboardProvinceCheck pins the ?province= check: an unknown code is
// refused with a clear message, never a report headed with it.
func TestDashboardProvinceCheck(t *testing.T) {
	db := sqldbtest.MustOpenSQLite(t)
	h := &Handler{programme: programme.NewService(programme.Options{Store: db.Programme()}), geo: geo.MustLoad()}
	ctx := auth.WithActor(context.Background(), &auth.Actor{UserID: 1, Role: auth.RoleMinistry})
	for _, c := range []struct {
		url string
		fn  func(http.ResponseWriter, *http.Request) error
	}{
		{"/programme/report/2025.pdf?province=ZZ", h.handleAnnualReport},
		{"/programme/dashboard?province=ZZ", h.handleDashboard},
		{"/programme/export/activities.xlsx?province=ZZ", h.handleActivitiesExport},
	} {
		r := httptest.NewRequest(http.MethodGet, c.url, nil).WithContext(ctx)
		r.SetPathValue("file", "2025.pdf")
		w := httptest.NewRecorder()
		err := c.fn(w, r)
		if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "ZZ") || w.Body.Len() != 0 {
			t.Errorf("%s: %v, %d bytes written", c.url, err, w.Body.Len())
		}
	}
}
