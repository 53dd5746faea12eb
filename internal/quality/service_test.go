package quality_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/spc"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// provinces is the enterprises' provinces (registry's role in the tests).
type provinces map[int64]string

func (p provinces) EnterpriseProvince(_ context.Context, id int64) (string, error) {
	if v, ok := p[id]; ok {
		return v, nil
	}
	return "", fault.New(fault.NotFound, "Không tìm thấy.", "Not found.")
}

// outbox records mail.
type outbox struct {
	mu   sync.Mutex
	sent []string // "to|subject"
}

func (o *outbox) SendMail(_ context.Context, to, subject, _ string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, to+"|"+subject)
	return nil
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

type fixture struct {
	svc                     *quality.Service
	mail                    *outbox
	entA, entB              int64 // A in province 01, B in 79
	userA, userB            context.Context
	ministry, province01    context.Context
	province79, admin, anon context.Context
	expert                  context.Context
}

func mustUser(t testing.TB, db *sqldb.DB, email string, role auth.Role, prov string, ent int64) context.Context {
	t.Helper()
	now := time.Now().UTC()
	u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: ent,
		Lang: "vi", PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := db.Auth().CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return auth.WithActor(context.Background(), u.Actor())
}

func newFixture(t testing.TB, db *sqldb.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	es := []*registry.Enterprise{{TaxCode: "0100109106", Name: "Nhựa Hà Nội", ProvinceCode: "01"},
		{TaxCode: "0300588569", Name: "Nhựa Sài Gòn", ProvinceCode: "79"}}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f := &fixture{mail: &outbox{}, entA: int64(es[0].ID), entB: int64(es[1].ID)}
	f.svc = quality.NewService(quality.Options{Store: db.Quality(), Provinces: provinces{f.entA: "01", f.entB: "79"},
		Mailer: f.mail, BaseURL: "http://nscl.test"})
	f.userA = mustUser(t, db, "a@dn.vn", auth.RoleEnterprise, "", f.entA)
	f.userB = mustUser(t, db, "b@dn.vn", auth.RoleEnterprise, "", f.entB)
	f.ministry = mustUser(t, db, "bo@moit.gov.vn", auth.RoleMinistry, "", 0)
	f.province01 = mustUser(t, db, "so01@moit.gov.vn", auth.RoleProvince, "01", 0)
	f.province79 = mustUser(t, db, "so79@moit.gov.vn", auth.RoleProvince, "79", 0)
	f.admin = mustUser(t, db, "admin@moit.gov.vn", auth.RoleAdmin, "", 0)
	f.expert = mustUser(t, db, "cg@vn.vn", auth.RoleExpert, "", 0)
	f.anon = ctx
	return f
}

func f64(v float64) *float64 { return &v }

// mustCharacteristic creates a process and an I–MR characteristic (or
// tmpl's chart) in the actor's enterprise.
func mustCharacteristic(t testing.TB, ctx context.Context, svc *quality.Service, tmpl quality.Characteristic) *quality.Characteristic {
	t.Helper()
	p := &quality.Process{Name: "Ép phun"}
	if err := svc.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	c := tmpl
	c.ProcessID = p.ID
	if c.Name == "" {
		c.Name = "Khối lượng"
	}
	if c.Chart == "" {
		c.Chart, c.SubgroupSize, c.LSL, c.USL = spc.ChartIMR, 1, f64(9), f64(11)
	}
	if err := svc.CreateCharacteristic(ctx, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// stable returns n in-control values around 10.
func stable(n int, seed uint64) []quality.MeasurementInput {
	rng := rand.New(rand.NewPCG(seed, 7))
	ms := make([]quality.MeasurementInput, n)
	for i := range ms {
		v := 10 + rng.NormFloat64()*0.1
		ms[i] = quality.MeasurementInput{Value: math.Max(9.75, math.Min(10.25, v))} // within ±2.5σ: no we1
	}
	return ms
}

func kindOf(err error) string { return fault.KindOf(err).String() }

func TestService_Authorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		svc := f.svc
		c := mustCharacteristic(t, f.userA, svc, quality.Characteristic{})
		if _, err := svc.AddBatch(f.userA, c.ID, stable(30, 1)); err != nil {
			t.Fatal(err)
		}

		t.Run("OwnEnterprise", func(t *testing.T) {
			if _, err := svc.FindChart(f.userA, c.ID, 0); err != nil {
				t.Fatal(err)
			}
			w, err := svc.FindWorkspace(f.userA, 0)
			if err != nil || len(w.Characteristics) != 1 || !w.CanManage {
				t.Fatalf("workspace %+v, %v", w, err)
			}
		})
		t.Run("ErrOtherEnterpriseNotFound", func(t *testing.T) {
			if _, err := svc.FindChart(f.userB, c.ID, 0); !fault.Is(err, fault.NotFound) {
				t.Fatalf("err = %v, want NotFound", err)
			}
			if _, err := svc.AddBatch(f.userB, c.ID, stable(2, 2)); !fault.Is(err, fault.NotFound) {
				t.Fatalf("err = %v, want NotFound", err)
			}
			if err := svc.CreateProcess(f.userB, &quality.Process{EnterpriseID: f.entA, Name: "x"}); !fault.Is(err, fault.NotFound) {
				t.Fatalf("err = %v, want NotFound", err)
			}
		})
		t.Run("OfficersAggregateOnly", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"ministry": f.ministry, "province01": f.province01, "admin": f.admin} {
				if _, err := svc.FindChart(ctx, c.ID, 0); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s: chart err = %v, want NotFound", name, err)
				}
				agg, err := svc.FindAggregate(ctx)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(agg.Enterprises) != 1 || agg.Enterprises[0].Characteristics != 1 || agg.Enterprises[0].Processes != 1 {
					t.Errorf("%s: aggregate %+v", name, agg.Enterprises)
				}
			}
			agg, err := svc.FindAggregate(f.province79)
			if err != nil || len(agg.Enterprises) != 0 {
				t.Errorf("province 79 sees %+v, %v", agg, err)
			}
			for name, ctx := range map[string]context.Context{"expert": f.expert, "enterprise": f.userA} {
				if _, err := svc.FindAggregate(ctx); !fault.Is(err, fault.Forbidden) {
					t.Errorf("%s: aggregate err = %v, want Forbidden", name, err)
				}
			}
			if _, err := svc.FindAggregate(f.anon); !fault.Is(err, fault.Unauthenticated) {
				t.Errorf("anonymous: err = %v", err)
			}
		})
		t.Run("SharingOpensReadOnly", func(t *testing.T) {
			if err := svc.SetSharing(f.ministry, true); !fault.Is(err, fault.Forbidden) {
				t.Fatalf("ministry sets sharing: %v", err)
			}
			if err := svc.SetSharing(f.userA, true); err != nil {
				t.Fatal(err)
			}
			for name, ctx := range map[string]context.Context{"ministry": f.ministry, "province01": f.province01} {
				if _, err := svc.FindChart(ctx, c.ID, 0); err != nil {
					t.Errorf("%s reads shared chart: %v", name, err)
				}
				w, err := svc.FindWorkspace(ctx, f.entA)
				if err != nil || w.CanManage {
					t.Errorf("%s: workspace %+v, %v", name, w, err)
				}
				if _, err := svc.AddBatch(ctx, c.ID, stable(2, 3)); !fault.Is(err, fault.Forbidden) {
					t.Errorf("%s writes: err = %v, want Forbidden", name, err)
				}
				if err := svc.AddAnnotation(ctx, &quality.Annotation{CharacteristicID: c.ID, PointSeq: 1, Cause: "x"}); !fault.Is(err, fault.Forbidden) {
					t.Errorf("%s annotates: err = %v, want Forbidden", name, err)
				}
				if err := svc.CreateCharacteristic(ctx, &quality.Characteristic{ProcessID: c.ProcessID, Name: "x", Chart: "imr", SubgroupSize: 1}); !fault.Is(err, fault.Forbidden) {
					t.Errorf("%s creates: err = %v, want Forbidden", name, err)
				}
			}
			for name, ctx := range map[string]context.Context{"province79": f.province79, "admin": f.admin, "userB": f.userB} {
				if _, err := svc.FindChart(ctx, c.ID, 0); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s reads shared chart: err = %v, want NotFound", name, err)
				}
			}
			if err := svc.SetSharing(f.userA, false); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.FindChart(f.ministry, c.ID, 0); !fault.Is(err, fault.NotFound) {
				t.Errorf("after unsharing: err = %v", err)
			}
		})
	})
}

func TestService_Validation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p := &quality.Process{Name: "Ép phun"}
		if err := f.svc.CreateProcess(f.userA, p); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.CreateProcess(f.userA, &quality.Process{}); fault.FieldsOf(err)["name"].En == "" {
			t.Errorf("empty process name: %v", err)
		}
		for _, tc := range []struct {
			name  string
			c     quality.Characteristic
			field string
		}{
			{"ErrLSLAboveUSL", quality.Characteristic{Name: "x", Chart: "imr", SubgroupSize: 1, LSL: f64(2), USL: f64(1)}, "usl"},
			{"ErrXbarSubgroup1", quality.Characteristic{Name: "x", Chart: "xbar-r", SubgroupSize: 1}, "subgroup_size"},
			{"ErrSubgroup0", quality.Characteristic{Name: "x", Chart: "p", SubgroupSize: 0}, "subgroup_size"},
			{"ErrChart", quality.Characteristic{Name: "x", Chart: "pie", SubgroupSize: 1}, "chart"},
			{"ErrName", quality.Characteristic{Chart: "imr", SubgroupSize: 1}, "name"},
			{"ErrNaN", quality.Characteristic{Name: "x", Chart: "imr", SubgroupSize: 1, LSL: f64(math.NaN())}, "lsl"},
			{"ErrSpecOnAttribute", quality.Characteristic{Name: "x", Chart: "c", SubgroupSize: 1, USL: f64(3)}, "lsl"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := tc.c
				c.ProcessID = p.ID
				err := f.svc.CreateCharacteristic(f.userA, &c)
				if !fault.Is(err, fault.Invalid) || fault.FieldsOf(err)[tc.field].Vi == "" || fault.FieldsOf(err)[tc.field].En == "" {
					t.Fatalf("err = %v (fields %v), want Invalid on %s", err, fault.FieldsOf(err), tc.field)
				}
			})
		}
		pc := mustCharacteristic(t, f.userA, f.svc, quality.Characteristic{Chart: "p", SubgroupSize: 50})
		_, err := f.svc.AddBatch(f.userA, pc.ID, []quality.MeasurementInput{{Value: 3, Size: 50}, {Value: 60, Size: 50}})
		if !fault.Is(err, fault.Invalid) || !strings.Contains(fault.MessageOf(err).En, "Measurement 2") {
			t.Errorf("count > size: %v", err)
		}
		ic := mustCharacteristic(t, f.userA, f.svc, quality.Characteristic{})
		if _, err := f.svc.AddBatch(f.userA, ic.ID, []quality.MeasurementInput{{Value: math.Inf(1)}}); !fault.Is(err, fault.Invalid) {
			t.Errorf("Inf: %v", err)
		}
		if _, err := f.svc.AddBatch(f.userA, ic.ID, make([]quality.MeasurementInput, quality.MaxBatch+1)); !fault.Is(err, fault.Invalid) {
			t.Errorf("too big a batch: %v", err)
		}
		c2, _ := f.svc.FindCharacteristicByID(f.userA, ic.ID)
		if c2.LastSeq != 0 {
			t.Errorf("rejected batches stored measurements: last seq %d", c2.LastSeq)
		}
	})
}

func TestService_IngestAlerts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		svc := f.svc
		c := mustCharacteristic(t, f.userA, svc, quality.Characteristic{})
		res, err := svc.AddBatch(f.userA, c.ID, stable(40, 4))
		if err != nil {
			t.Fatal(err)
		}
		if res.Count != 40 || res.FirstSeq != 1 || res.LastSeq != 40 {
			t.Fatalf("ingested %+v", res)
		}
		base := len(res.Alerts)
		mailBase := f.mail.count()

		// Form: one far-out value breaks rule 1 once, and mails user A.
		out, err := svc.AddSubgroup(f.userA, c.ID, quality.SubgroupInput{Label: "ca 1", Values: []float64{14}})
		if err != nil {
			t.Fatal(err)
		}
		var we1 int
		for _, a := range out.Alerts {
			if a.Rule == "we1" {
				we1++
				if a.PointSeq != 41 || a.Subgroup != "ca 1" {
					t.Errorf("alert %+v, want point 41 'ca 1'", a)
				}
			}
		}
		if we1 != 1 {
			t.Fatalf("alerts %+v, want one we1", out.Alerts)
		}
		if got := f.mail.count(); got != mailBase+1 {
			t.Errorf("%d mails, want %d", got, mailBase+1)
		}
		// More in-control data: the old violation does not alert again.
		out, err = svc.AddBatch(f.userA, c.ID, stable(5, 5))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range out.Alerts {
			if a.PointSeq == 41 {
				t.Errorf("point 41 alerted again: %+v", a)
			}
		}
		all, total, err := svc.FindAlerts(f.userA, quality.AlertFilter{CharacteristicID: c.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, a := range all {
			k := fmt.Sprint(a.Rule, a.PointSeq)
			if seen[k] {
				t.Errorf("duplicate alert %s", k)
			}
			seen[k] = true
		}
		if total < base+1 {
			t.Errorf("total alerts %d", total)
		}
		if n, err := svc.UnreadAlerts(f.userA); err != nil || n != total {
			t.Errorf("unread %d, %v; want %d", n, err, total)
		}
		if n, err := svc.MarkAlertsRead(f.userA, nil); err != nil || n != total {
			t.Errorf("marked %d, %v", n, err)
		}
		if n, _ := svc.UnreadAlerts(f.userA); n != 0 {
			t.Errorf("unread after marking: %d", n)
		}

		// Upload: CSV with a header and a decimal comma; a bad row stores nothing.
		before, _ := svc.FindCharacteristicByID(f.userA, c.ID)
		_, err = svc.Upload(f.userA, c.ID, "do.csv", strings.NewReader("nhom;gia tri\nA;10,01\nB;abc\nC;9,99\n"))
		if !fault.Is(err, fault.Invalid) || !strings.Contains(fault.FieldsOf(err)["file"].En, "Row 3") ||
			!strings.Contains(fault.FieldsOf(err)["file"].Vi, "Dòng 3") {
			t.Fatalf("bad row: %v (%v)", err, fault.FieldsOf(err))
		}
		after, _ := svc.FindCharacteristicByID(f.userA, c.ID)
		if after.LastSeq != before.LastSeq {
			t.Fatalf("a bad upload stored rows: %d → %d", before.LastSeq, after.LastSeq)
		}
		up, err := svc.Upload(f.userA, c.ID, "do.csv", strings.NewReader("nhom;gia tri\nA;10,01\nB;10,02\nC;9,99\n"))
		if err != nil || up.Count != 3 {
			t.Fatalf("upload: %+v, %v", up, err)
		}
		// XLSX, streaming.
		x := excelize.NewFile()
		for i, v := range []float64{10.0, 10.1, 9.9, 10.05} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			_ = x.SetCellValue("Sheet1", cell, v)
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Fatal(err)
		}
		up, err = svc.Upload(f.userA, c.ID, "do.xlsx", &buf)
		if err != nil || up.Count != 4 {
			t.Fatalf("xlsx upload: %+v, %v", up, err)
		}
	})
}

func TestService_ChartMatchesSPC(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		svc := f.svc
		c := mustCharacteristic(t, f.userA, svc, quality.Characteristic{Chart: "xbar-r", SubgroupSize: 4, LSL: f64(9.4), USL: f64(10.6), Rules: "nelson"})
		rng := rand.New(rand.NewPCG(9, 9))
		var values []float64
		var labels spc.Labels
		var ms []quality.MeasurementInput
		for g := range 30 {
			for range 4 {
				v := 10 + rng.NormFloat64()*0.1
				if g >= 25 {
					v += 0.3
				}
				values = append(values, v)
				labels = append(labels, fmt.Sprint(g+1))
				ms = append(ms, quality.MeasurementInput{Value: v})
			}
		}
		if _, err := svc.AddBatch(f.userA, c.ID, ms); err != nil {
			t.Fatal(err)
		}
		ch, err := svc.FindChart(f.userA, c.ID, 0)
		if err != nil || ch.Result == nil {
			t.Fatalf("chart: %+v %v", ch, err)
		}
		want, err := spc.Analyze(spc.Request{Chart: "xbar-r", Values: values, Subgroups: labels, LSL: c.LSL, USL: c.USL, Rules: "nelson"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Points) != 30 || math.Abs(ch.Result.Center-want.Center) > 1e-12 || math.Abs(ch.Result.UCL[0]-want.UCL[0]) > 1e-12 {
			t.Errorf("chart center %v ucl %v, spc %v %v", ch.Result.Center, ch.Result.UCL[0], want.Center, want.UCL[0])
		}
		if fmt.Sprint(ch.Result.BeyondLimits) != fmt.Sprint(want.BeyondLimits) {
			t.Errorf("beyond %v, want %v", ch.Result.BeyondLimits, want.BeyondLimits)
		}
		rep, err := svc.FindCapability(f.userA, c.ID, 0)
		if err != nil || rep.Capability == nil || rep.Histogram == nil {
			t.Fatalf("capability %+v %v", rep, err)
		}
		if math.Abs(rep.Capability.Cpk.Value-want.Capability.Cpk.Value) > 1e-12 {
			t.Errorf("Cpk %v, want %v", rep.Capability.Cpk.Value, want.Capability.Cpk.Value)
		}
		sum := 0
		for _, n := range rep.Histogram.Counts {
			sum += n
		}
		if sum != 120 {
			t.Errorf("histogram holds %d values, want 120", sum)
		}
		// A window of 10 points is the last 10 subgroups.
		ch10, err := svc.FindChart(f.userA, c.ID, 10)
		if err != nil || len(ch10.Points) != 10 || ch10.Points[0].Seq != 81 {
			t.Fatalf("window 10: %d points from %d, %v", len(ch10.Points), ch10.Points[0].Seq, err)
		}
		// Annotation attached to its point.
		if err := svc.AddAnnotation(f.userA, &quality.Annotation{CharacteristicID: c.ID, PointSeq: 101, Cause: "Mòn khuôn", Action: "Thay lòng khuôn"}); err != nil {
			t.Fatal(err)
		}
		ch, _ = svc.FindChart(f.userA, c.ID, 0)
		if len(ch.Points[25].Annotations) != 1 || ch.Points[25].Annotations[0].Cause != "Mòn khuôn" {
			t.Errorf("annotation not on point 26: %+v", ch.Points[25])
		}
		var xb bytes.Buffer
		if _, err := svc.ExportXLSX(f.userA, c.ID, 0, &xb); err != nil || xb.Len() < 1000 {
			t.Fatalf("export: %d bytes, %v", xb.Len(), err)
		}
		// The demo seeds realistic data with alerts.
		cs, err := quality.SeedDemo(auth.SystemContext(context.Background()), svc, f.entB)
		if err != nil || len(cs) != 3 {
			t.Fatalf("seed: %v", err)
		}
		_, n, err := svc.FindAlerts(f.userB, quality.AlertFilter{})
		if err != nil || n == 0 {
			t.Errorf("demo alerts %d, %v", n, err)
		}
	})
}
