package diagnosis_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/diagnosis"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

type fixture struct {
	t                               *testing.T
	db                              *sqldb.DB
	svc                             *diagnosis.Service
	now                             time.Time
	entA, entB                      *registry.Enterprise
	userA, userB                    context.Context
	admin, ministry, prov01, prov79 context.Context
	expert, anon                    context.Context
}

func as(u *auth.User) context.Context {
	a := u.Actor()
	return audit.WithMeta(auth.WithActor(context.Background(), a), audit.Meta{ActorID: int64(a.UserID), ActorEmail: a.Email})
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: db, now: time.Date(2026, 5, 10, 3, 0, 0, 0, time.UTC), anon: context.Background()}
	f.entA = &registry.Enterprise{TaxCode: "0100109106", Name: "Công ty Nhựa An Phát", ProvinceCode: "01", VSIC: "2220", VSICEdition: 2025, SizeClass: registry.SizeSmall}
	f.entB = &registry.Enterprise{TaxCode: "0300588569", Name: "Công ty Dệt Sài Gòn", ProvinceCode: "79", VSIC: "1311", VSICEdition: 2025, SizeClass: registry.SizeMedium}
	es := []*registry.Enterprise{f.entA, f.entB}
	for i := range 7 { // peers of A: plastics, small
		es = append(es, &registry.Enterprise{TaxCode: fmt.Sprintf("01%08d", 1000+i), Name: fmt.Sprintf("Nhựa số %d", i), ProvinceCode: "01",
			VSIC: "2220", VSICEdition: 2025, SizeClass: registry.SizeSmall})
	}
	for _, e := range es {
		e.Derive()
		e.CreatedAt, e.UpdatedAt = f.now, f.now
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	mk := func(email string, role auth.Role, prov string, ent int64) context.Context {
		u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: ent,
			Lang: "vi", PasswordChangedAt: f.now, CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return as(u)
	}
	f.userA = mk("a@x.vn", auth.RoleEnterprise, "", int64(f.entA.ID))
	f.userB = mk("b@x.vn", auth.RoleEnterprise, "", int64(f.entB.ID))
	f.admin = mk("admin@x.vn", auth.RoleAdmin, "", 0)
	f.ministry = mk("bo@x.vn", auth.RoleMinistry, "", 0)
	f.prov01 = mk("so01@x.vn", auth.RoleProvince, "01", 0)
	f.prov79 = mk("so79@x.vn", auth.RoleProvince, "79", 0)
	f.expert = mk("cg@x.vn", auth.RoleExpert, "", 0)
	f.svc = diagnosis.NewService(diagnosis.Options{Store: db.Diagnosis(), Enterprises: registry.NewService(db.Registry()),
		Tools: &catalog.Service{}, Clock: func() time.Time { return f.now }})
	if err := f.svc.EnsureDefault(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// complete answers every question of d with level v.
func (f *fixture) complete(ctx context.Context, d *diagnosis.Diagnosis, v int) {
	f.t.Helper()
	_, q, err := f.svc.Find(ctx, d.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, dim := range q.Dimensions {
		for _, qq := range dim.Questions {
			if _, err := f.svc.Answer(ctx, d.ID, qq.Code, v); err != nil {
				f.t.Fatalf("Answer(%s): %v", qq.Code, err)
			}
		}
	}
}

func wantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Fatalf("%s: err = %v, want %v", what, err, k)
	}
}

func TestService_DiagnosisLifecycle(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		if err := f.svc.EnsureDefault(context.Background()); err != nil { // idempotent
			t.Fatal(err)
		}
		qs, err := f.svc.Questionnaires(f.admin)
		if err != nil || len(qs) != 1 || qs[0].Version != 1 || qs[0].Status != diagnosis.StatusPublished {
			t.Fatalf("versions after two EnsureDefault = %+v, %v", qs, err)
		}

		d, err := f.svc.Start(f.userA)
		if err != nil {
			t.Fatal(err)
		}
		if d.Year != 2026 || d.Version != 1 || d.Status != diagnosis.StatusDraft || d.Sector != "ind:plastics" || d.SizeClass != "small" {
			t.Fatalf("started = %+v", d)
		}
		again, err := f.svc.Start(f.userA)
		if err != nil || again.ID != d.ID {
			t.Fatalf("second Start = %+v, %v; want the same draft %d", again, err, d.ID)
		}

		// Bad answers.
		_, err = f.svc.Answer(f.userA, d.ID, "lead_goals", 6)
		wantKind(t, "answer 6", err, fault.Invalid)
		_, err = f.svc.Answer(f.userA, d.ID, "no_such_question", 3)
		wantKind(t, "unknown question", err, fault.Invalid)

		// Incomplete: refused, naming the missing questions.
		if _, err := f.svc.Answer(f.userA, d.ID, "lead_goals", 2); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Submit(f.userA, d.ID)
		wantKind(t, "incomplete submit", err, fault.Invalid)
		fields := fault.FieldsOf(err)
		def := diagnosis.DefaultContent()
		if _, ok := fields["q.lead_plan"]; !ok || len(fields) != def.QuestionCount()-1 {
			t.Fatalf("missing fields = %d (%v), want %d including q.lead_plan", len(fields), fields, def.QuestionCount()-1)
		}
		if _, ok := fields["q.lead_goals"]; ok {
			t.Fatal("the answered question is reported missing")
		}
		got, _, err := f.svc.Find(f.userA, d.ID)
		if err != nil || got.Status != diagnosis.StatusDraft || got.Answers["lead_goals"] != 2 {
			t.Fatalf("after refused submit = %+v, %v", got, err)
		}

		// Not visible to another enterprise, nor to officers while a draft.
		for name, ctx := range map[string]context.Context{"other enterprise": f.userB, "ministry (draft)": f.ministry, "expert": f.expert} {
			_, _, err := f.svc.Find(ctx, d.ID)
			wantKind(t, name+" Find", err, fault.NotFound)
		}
		_, err = f.svc.Answer(f.userB, d.ID, "lead_plan", 3)
		wantKind(t, "other enterprise Answer", err, fault.NotFound)
		_, _, err = f.svc.Find(f.anon, d.ID)
		wantKind(t, "anonymous", err, fault.Unauthenticated)
		_, err = f.svc.Start(f.ministry)
		wantKind(t, "ministry Start", err, fault.Forbidden)

		f.complete(f.userA, d, 2)
		sub, err := f.svc.Submit(f.userA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Status != diagnosis.StatusSubmitted || sub.Level != 2 || len(sub.Levels) != 9 || len(sub.Path) < 4 {
			t.Fatalf("submitted = %+v", sub)
		}
		_, err = f.svc.Answer(f.userA, d.ID, "lead_plan", 3)
		wantKind(t, "answer after submit", err, fault.Conflict)
		_, err = f.svc.Submit(f.userA, d.ID)
		wantKind(t, "submit twice", err, fault.Conflict)

		// Province scope.
		if _, _, err := f.svc.Find(f.prov01, d.ID); err != nil {
			t.Fatalf("province 01 officer Find: %v", err)
		}
		_, _, err = f.svc.Find(f.prov79, d.ID)
		wantKind(t, "province 79 officer Find", err, fault.NotFound)
		l, err := f.svc.List(f.prov79, diagnosis.Filter{ProvinceCode: "01"})
		if err != nil || l.Total != 0 || l.Province != "79" {
			t.Fatalf("province 79 list asking for 01 = %+v, %v", l, err)
		}
		l, err = f.svc.List(f.prov01, diagnosis.Filter{})
		if err != nil || l.Total != 1 || l.Diagnoses[0].ID != d.ID || l.Distribution[1] != 1 {
			t.Fatalf("province 01 list = %+v, %v", l, err)
		}
		_, err = f.svc.List(f.userA, diagnosis.Filter{})
		wantKind(t, "enterprise List", err, fault.Forbidden)

		// Too few peers: no percentile.
		rep, err := f.svc.Report(f.userA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Peers.Enough || rep.Peers.Count != 0 || rep.Previous != nil {
			t.Fatalf("report with no peers = %+v", rep.Peers)
		}

		// LatestSummary.
		ns, err := f.svc.LatestSummary(context.Background(), int64(f.entA.ID))
		if err != nil || ns.DiagnosisID != d.ID || len(ns.Levels) != 9 || len(ns.Path) == 0 {
			t.Fatalf("LatestSummary = %+v, %v", ns, err)
		}
		_, err = f.svc.LatestSummary(context.Background(), int64(f.entB.ID))
		wantKind(t, "LatestSummary without diagnosis", err, fault.NotFound)

		// A year later: the comparison with the previous year.
		f.now = f.now.AddDate(1, 0, 0)
		d2, err := f.svc.Start(f.userA)
		if err != nil || d2.ID == d.ID || d2.Year != 2027 {
			t.Fatalf("next year's Start = %+v, %v", d2, err)
		}
		f.complete(f.userA, d2, 4)
		if _, err := f.svc.Submit(f.userA, d2.ID); err != nil {
			t.Fatal(err)
		}
		rep, err = f.svc.Report(f.userA, d2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Previous == nil || rep.Previous.ID != d.ID || len(rep.Changes) != 9 || rep.Changes[0].Delta != 2 || rep.Changes[0].Previous != 2 {
			t.Fatalf("comparison = prev %+v changes %+v", rep.Previous, rep.Changes)
		}
	})
}

func TestService_Peers(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		d, err := f.svc.Start(f.userA)
		if err != nil {
			t.Fatal(err)
		}
		f.complete(f.userA, d, 3)
		if _, err := f.svc.Submit(f.userA, d.ID); err != nil {
			t.Fatal(err)
		}
		// Peers: the seven other small plastics firms, added in bulk; one
		// of another year and one draft do not count.
		es, _, err := db.Registry().FindEnterprises(context.Background(), registry.Filter{ProvinceCode: "01", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var peers []*diagnosis.Diagnosis
		scores := []float64{1.5, 2.2, 3, 3.8, 4.4}
		for _, e := range es {
			if e.ID == f.entA.ID || len(peers) >= 7 {
				continue
			}
			p := &diagnosis.Diagnosis{EnterpriseID: int64(e.ID), Year: 2026, Version: 1, Status: diagnosis.StatusSubmitted, ProvinceCode: "01",
				Sector: "ind:plastics", SizeClass: "small", CreatedAt: f.now, UpdatedAt: f.now, SubmittedAt: &f.now}
			switch len(peers) {
			case 5:
				p.Year = 2025
			case 6:
				p.Status, p.SubmittedAt = diagnosis.StatusDraft, nil
			}
			if len(peers) < 5 {
				p.Score, p.Level = scores[len(peers)], diagnosis.LevelOf(scores[len(peers)])
			}
			peers = append(peers, p)
		}
		// First only four counted peers: too few.
		if err := db.Diagnosis().CreateDiagnosesBulk(context.Background(), append(peers[:4:4], peers[5:]...)); err != nil {
			t.Fatal(err)
		}
		rep, err := f.svc.Report(f.userA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Peers.Enough || rep.Peers.Count != 0 {
			t.Fatalf("four peers = %+v, want too few", rep.Peers)
		}
		if err := db.Diagnosis().CreateDiagnosesBulk(context.Background(), peers[4:5]); err != nil {
			t.Fatal(err)
		}
		rep, err = f.svc.Report(f.ministry, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Score 3.00 among 1.5, 2.2, 3.0, 3.8, 4.4: 2 below, 1 equal → (2 + 0.5)/5 = 50.
		if !rep.Peers.Enough || rep.Peers.Count != 5 || rep.Peers.Percentile != 50 || rep.Peers.Sector.En != "Plastics" {
			t.Fatalf("five peers = %+v", rep.Peers)
		}
	})
}

func TestService_QuestionnaireVersions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		// A's answered and submitted against version 1; B's draft too.
		d, err := f.svc.Start(f.userA)
		if err != nil {
			t.Fatal(err)
		}
		f.complete(f.userA, d, 3)
		if _, err := f.svc.Submit(f.userA, d.ID); err != nil {
			t.Fatal(err)
		}
		db2, err := f.svc.Start(f.userB)
		if err != nil {
			t.Fatal(err)
		}

		_, err = f.svc.StartDraft(f.userA)
		wantKind(t, "enterprise StartDraft", err, fault.Forbidden)
		_, err = f.svc.StartDraft(f.prov01)
		wantKind(t, "province StartDraft", err, fault.Forbidden)

		dr, err := f.svc.StartDraft(f.ministry)
		if err != nil || dr.Version != 2 || dr.Status != diagnosis.StatusDraft {
			t.Fatalf("StartDraft = %+v, %v", dr, err)
		}
		if again, err := f.svc.StartDraft(f.admin); err != nil || again.Version != 2 {
			t.Fatalf("second StartDraft = %+v, %v; want the same draft", again, err)
		}
		// Drafts are not shown to enterprises.
		_, err = f.svc.Questionnaire(f.userA, 2)
		wantKind(t, "enterprise reads draft", err, fault.NotFound)

		_, old := dr.Question("lead_goals")
		in := diagnosis.QuestionInput{Text: fault.Text{Vi: "Mục tiêu năng suất đã được lượng hóa chưa?", En: "Are the productivity goals quantified?"},
			Options: old.Options, Weight: 2}
		_, err = f.svc.UpdateDraftQuestion(f.admin, 2, "lead_goals", diagnosis.QuestionInput{Text: fault.Text{Vi: "x"}, Options: old.Options, Weight: 1})
		wantKind(t, "question without English", err, fault.Invalid)
		if _, err := f.svc.UpdateDraftQuestion(f.admin, 2, "lead_goals", in); err != nil {
			t.Fatal(err)
		}
		// Published versions never change.
		_, err = f.svc.UpdateDraftQuestion(f.admin, 1, "lead_goals", in)
		wantKind(t, "edit published version", err, fault.Conflict)
		if _, err := f.svc.PublishDraft(f.admin, 2); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.UpdateDraftQuestion(f.admin, 2, "lead_goals", in)
		wantKind(t, "edit after publishing", err, fault.Conflict)
		cur, err := f.svc.CurrentQuestionnaire(f.userA)
		if err != nil || cur.Version != 2 {
			t.Fatalf("current = %+v, %v", cur, err)
		}

		// The old answers and results keep version 1 and its texts.
		got, q, err := f.svc.Find(f.userA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, gq := q.Question("lead_goals")
		if got.Version != 1 || q.Version != 1 || gq.Text.En == in.Text.En || gq.Weight != 1 {
			t.Fatalf("old diagnosis = v%d with questionnaire v%d %q weight %v", got.Version, q.Version, gq.Text.En, gq.Weight)
		}
		rep, err := f.svc.Report(f.userA, d.ID)
		if err != nil || rep.Questionnaire.Version != 1 || rep.Diagnosis.Level != 3 {
			t.Fatalf("old report = %+v, %v", rep, err)
		}
		// B's draft started on version 1 stays on it; a new year's starts on 2.
		b, _, err := f.svc.Find(f.userB, db2.ID)
		if err != nil || b.Version != 1 {
			t.Fatalf("B's draft = %+v, %v", b, err)
		}
		f.now = f.now.AddDate(1, 0, 0)
		d3, err := f.svc.Start(f.userA)
		if err != nil || d3.Version != 2 {
			t.Fatalf("new diagnosis = %+v, %v; want version 2", d3, err)
		}
		// Questions: added to and removed from a draft; a dimension keeps one.
		dr3, err := f.svc.StartDraft(f.admin)
		if err != nil || dr3.Version != 3 {
			t.Fatalf("third draft = %+v, %v", dr3, err)
		}
		if _, err := f.svc.AddDraftQuestion(f.admin, 3, "quality", "qual_audit", in); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AddDraftQuestion(f.admin, 3, "quality", "qual_audit", in)
		wantKind(t, "repeated question code", err, fault.Invalid)
		_, err = f.svc.AddDraftQuestion(f.admin, 3, "quality", "Qual Audit 2", in)
		wantKind(t, "malformed question code", err, fault.Invalid)
		_, err = f.svc.AddDraftQuestion(f.admin, 3, "nope", "qual_x", in)
		wantKind(t, "unknown dimension", err, fault.NotFound)
		for _, c := range []string{"lead_goals", "lead_plan"} {
			if _, err := f.svc.RemoveDraftQuestion(f.admin, 3, c); err != nil {
				t.Fatal(err)
			}
		}
		_, err = f.svc.RemoveDraftQuestion(f.admin, 3, "lead_review")
		wantKind(t, "remove the last question of a dimension", err, fault.Invalid)
		got3, err := f.svc.Questionnaire(f.admin, 3)
		if err != nil || len(got3.Dimension("leadership").Questions) != 1 || len(got3.Dimension("quality").Questions) != 4 {
			t.Fatalf("draft 3 after edits = %+v, %v", got3, err)
		}
		// Dimensions: renamed and reweighted; a zero weight is refused.
		_, err = f.svc.UpdateDraftDimension(f.admin, 3, "energy", fault.Text{Vi: "Năng lượng", En: "Energy"}, 0)
		wantKind(t, "zero dimension weight", err, fault.Invalid)
		if _, ok := fault.FieldsOf(err)["dimensions.6.weight"]; !ok {
			t.Errorf("zero weight fields = %v", fault.FieldsOf(err))
		}
		if got3, err = f.svc.UpdateDraftDimension(f.admin, 3, "energy", fault.Text{Vi: "Năng lượng", En: "Energy"}, 2); err != nil ||
			got3.Dimension("energy").Weight != 2 || got3.Dimension("energy").Name.En != "Energy" {
			t.Fatalf("dimension update = %+v, %v", got3.Dimension("energy"), err)
		}
		_, err = f.svc.UpdateDraftDimension(f.userA, 3, "energy", fault.Text{Vi: "x", En: "x"}, 1)
		wantKind(t, "enterprise edits a dimension", err, fault.Forbidden)
		// Rules: a rule naming an unknown tool is refused.
		rules := append([]diagnosis.Rule(nil), dr3.Rules...)
		rules[0].Steps = []diagnosis.Step{{Tool: "unknown_tool", Reason: fault.Text{Vi: "x", En: "x"}}}
		_, err = f.svc.UpdateDraftRules(f.admin, 3, rules, dr3.Prerequisites)
		wantKind(t, "unknown tool in rule", err, fault.Invalid)
		if err := f.svc.DiscardDraft(f.admin, 3); err != nil {
			t.Fatal(err)
		}
		err = f.svc.DiscardDraft(f.admin, 2)
		wantKind(t, "discard published", err, fault.Conflict)
	})
}

// hookEnterprises runs during, before returning the enterprise, while the
// caller (Submit) is inside its transaction.
type hookEnterprises struct {
	diagnosis.Enterprises
	during func()
}

func (h hookEnterprises) FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error) {
	if h.during != nil {
		h.during()
	}
	return h.Enterprises.FindEnterpriseByID(ctx, id)
}

// An answer given while the draft is being submitted waits for the
// submission and is then refused: it is never stored beside a result that
// left it out (on PostgreSQL both would otherwise run at once).
func TestService_AnswerDuringSubmit(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		d, err := f.svc.Start(f.userA)
		if err != nil {
			t.Fatal(err)
		}
		f.complete(f.userA, d, 1)
		late := make(chan error, 1)
		hook := hookEnterprises{Enterprises: registry.NewService(db.Registry())}
		hook.during = func() {
			go func() {
				_, err := f.svc.Answer(f.userA, d.ID, "lead_goals", 5)
				late <- err
			}()
			time.Sleep(300 * time.Millisecond) // the answer has every chance to land now
		}
		svc := diagnosis.NewService(diagnosis.Options{Store: db.Diagnosis(), Enterprises: hook,
			Tools: &catalog.Service{}, Clock: func() time.Time { return f.now }})
		done, err := svc.Submit(f.userA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := <-late; !fault.Is(err, fault.Conflict) {
			t.Errorf("the answer given during the submission: err = %v, want conflict (submitted)", err)
		}
		stored, _, err := f.svc.Find(f.userA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range done.Levels {
			if l.Level != 1 {
				t.Errorf("result level of %s = %d, want 1", l.Code, l.Level)
			}
		}
		for q, v := range stored.Answers {
			if v != 1 {
				t.Errorf("stored answer %s = %d after the submission, want 1 (the result's)", q, v)
			}
		}
	})
}

// Starting this year's diagnosis twice at once (a double tap) gives both
// requests the same draft, not a conflict.
func TestService_StartTwiceAtOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		const n = 8
		ids := make(chan int64, n)
		errs := make(chan error, n)
		for range n {
			go func() {
				d, err := f.svc.Start(f.userA)
				if err != nil {
					errs <- err
					return
				}
				ids <- d.ID
			}()
		}
		var first int64
		for range n {
			select {
			case err := <-errs:
				t.Errorf("Start: %v", err)
			case id := <-ids:
				if first == 0 {
					first = id
				} else if id != first {
					t.Errorf("Start gave diagnoses %d and %d", first, id)
				}
			}
		}
	})
}
