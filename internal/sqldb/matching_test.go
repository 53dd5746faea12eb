package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/matching"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// fakeMail records the notices.
type fakeMail struct {
	mu   sync.Mutex
	sent []string // "to|subject"
}

func (m *fakeMail) SendMail(_ context.Context, to, subject, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to+"|"+subject)
	return nil
}

func (m *fakeMail) to(addr string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, s := range m.sent {
		if strings.HasPrefix(s, addr+"|") {
			n++
		}
	}
	return n
}

// matchingWorld is a small directory and two firms for the matching tests.
type matchingWorld struct {
	db                  *sqldb.DB
	svc                 *matching.Service
	mail                *fakeMail
	firm, other         *registry.Enterprise
	owner, otherOwner   *auth.Actor
	expertA, expertB    *auth.Actor // experts 1 and 2
	stranger            *auth.Actor // expert 3: a conflict (relation with firm)
	province, province2 *auth.Actor
}

func mustUser(t *testing.T, db *sqldb.DB, email string, role auth.Role, ent int64, prov string) *auth.Actor {
	t.Helper()
	now := time.Now().UTC()
	u := &auth.User{Email: email, Name: email, Role: role, EnterpriseID: ent, ProvinceCode: prov, Lang: "vi", PasswordHash: "x",
		PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := db.Auth().CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u.Actor()
}

func newMatchingWorld(t *testing.T, db *sqldb.DB) *matchingWorld {
	t.Helper()
	ctx := context.Background()
	es := makeEnterprises(1_300_000_000, 2, time.Now())
	es[0].Name, es[0].ProvinceCode, es[0].Industry, es[0].SizeClass = "Công ty TNHH Nhựa Bí Mật", "79", registry.IndustryPlastics, registry.SizeSmall
	es[1].Name, es[1].ProvinceCode = "Công ty Thép Khác", "01"
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	w := &matchingWorld{db: db, mail: &fakeMail{}, firm: es[0], other: es[1]}
	w.owner = mustUser(t, db, "chu@nhua.vn", auth.RoleEnterprise, int64(es[0].ID), "")
	w.otherOwner = mustUser(t, db, "chu@thep.vn", auth.RoleEnterprise, int64(es[1].ID), "")
	w.expertA = mustUser(t, db, "a@tuvan.vn", auth.RoleExpert, 0, "")
	w.expertB = mustUser(t, db, "b@tuvan.vn", auth.RoleExpert, 0, "")
	w.stranger = mustUser(t, db, "c@tuvan.vn", auth.RoleExpert, 0, "")
	w.province = mustUser(t, db, "so@hcm.gov.vn", auth.RoleProvince, 0, "79")
	w.province2 = mustUser(t, db, "so@hn.gov.vn", auth.RoleProvince, 0, "01")
	ownOrg := insertOrganisation(t, db, "Phòng Cải tiến của Nhựa Bí Mật", int64(es[0].ID))
	org := insertOrganisation(t, db, "Công ty Tư vấn Năng suất Xanh", 0)
	insertExperts(t, db, []testExpert{
		{ID: 1, UserID: int64(w.expertA.UserID), Org: org, Name: "Nguyễn Văn An", Title: "ThS.", Public: "title,organisation,province", Province: "79", Capacity: 2,
			Tools: map[string]int{"5s": 3, "kaizen": 2}, Sectors: []string{"plastics"}, Provinces: []string{"79"}},
		{ID: 2, UserID: int64(w.expertB.UserID), Name: "Trần Thị Bình", Province: "01", Capacity: 1,
			Tools: map[string]int{"5s": 1}, Sectors: []string{"steel"}, Provinces: []string{"01"}},
		{ID: 3, UserID: int64(w.stranger.UserID), Name: "Lê Văn Cường", Province: "79", Capacity: 3,
			Tools: map[string]int{"5s": 3, "kaizen": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"}, RelatedFirms: []int64{int64(es[0].ID)}},
		{ID: 4, Org: ownOrg, Name: "Phạm Nội Bộ", Province: "79", Capacity: 3, Tools: map[string]int{"5s": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"}},
		{ID: 5, Name: "Võ Kín Lịch", Province: "79", Capacity: 1, Active: 1, Tools: map[string]int{"5s": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"}},
		{ID: 6, Name: "Đỗ Không Đồng Ý", Province: "79", Capacity: 3, Consents: "listing", Tools: map[string]int{"5s": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"}},
	})
	w.svc = matching.NewService(matching.Options{Store: db.Matching(), Enterprises: registry.NewService(db.Registry()),
		Tools: &catalog.Service{}, Mailer: w.mail})
	return w
}

func as(a *auth.Actor) context.Context { return auth.WithActor(context.Background(), a) }

func TestMatchingService_Flow(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		n, err := w.svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s", "kaizen"}, Description: "Sắp xếp lại xưởng ép nhựa"})
		if err != nil {
			t.Fatal(err)
		}
		if n.ProvinceCode != "79" || n.Industry != "plastics" || n.SizeClass != "small" {
			t.Fatalf("need %+v: want the registry's province, industry, size", n)
		}

		// The ranking: conflicts and full experts out, counted; no consent, not a candidate.
		m, err := w.svc.RankNeed(as(w.owner), n.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if m.Conflicted != 2 || m.Full != 1 || len(m.Experts) != 2 || m.Experts[0].Name != "Nguyễn Văn An" || m.Experts[0].OrganisationName == "" {
			t.Fatalf("matches %+v", m)
		}
		if len(m.Organisations) != 1 || m.Organisations[0].Name != "Công ty Tư vấn Năng suất Xanh" {
			t.Fatalf("organisations %+v", m.Organisations)
		}
		if _, err := w.svc.RankNeed(as(w.province), n.ID, 10); err != nil {
			t.Fatalf("provincial officer of the province: %v", err)
		}
		for name, a := range map[string]*auth.Actor{"other province": w.province2, "other firm": w.otherOwner, "expert": w.expertA} {
			if _, err := w.svc.RankNeed(as(a), n.ID, 10); !fault.Is(err, fault.NotFound) {
				t.Fatalf("RankNeed as %s = %v, want NotFound", name, err)
			}
		}

		// The board: anonymised for experts; filtered to their tools,
		// sectors and provinces unless they ask for all.
		b, err := w.svc.FindNeeds(as(w.expertA), matching.BoardFilter{})
		if err != nil || len(b.Needs) != 1 {
			t.Fatalf("board of A: %+v, %v", b, err)
		}
		if got := b.Needs[0]; got.EnterpriseName != "" || got.EnterpriseID != 0 || got.ContactEmail != "" {
			t.Fatalf("board shows the enterprise: %+v", got)
		}
		if b, err := w.svc.FindNeeds(as(w.expertB), matching.BoardFilter{}); err != nil || len(b.Needs) != 0 {
			t.Fatalf("board of B (other province and sector) = %d needs, %v; want 0", len(b.Needs), err)
		}
		if b, err := w.svc.FindNeeds(as(w.expertB), matching.BoardFilter{All: true}); err != nil || len(b.Needs) != 1 {
			t.Fatalf("board of B, all = %v, want 1", err)
		}
		v, err := w.svc.FindNeed(as(w.expertA), n.ID)
		if err != nil || v.Need.EnterpriseName != "" || v.Identified {
			t.Fatalf("need as expert before acceptance: %+v, %v", v, err)
		}

		// Interest: bad input, then A and B.
		if _, err := w.svc.ExpressInterest(as(w.expertA), n.ID, "  "); !fault.Is(err, fault.Invalid) {
			t.Fatalf("empty message = %v, want Invalid", err)
		}
		if _, err := w.svc.ExpressInterest(as(w.owner), n.ID, "x"); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("interest by the enterprise = %v, want Forbidden", err)
		}
		ia, err := w.svc.ExpressInterest(as(w.expertA), n.ID, "Tôi đã làm 5S cho 12 xưởng nhựa.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ExpressInterest(as(w.expertA), n.ID, "lần hai"); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second interest = %v, want Conflict", err)
		}
		ib, err := w.svc.ExpressInterest(as(w.expertB), n.ID, "Tôi cũng quan tâm.")
		if err != nil {
			t.Fatal(err)
		}
		if w.mail.to("chu@nhua.vn") != 2 {
			t.Fatalf("enterprise got %d interest notices, want 2", w.mail.to("chu@nhua.vn"))
		}
		// A consultant never sees another's interest.
		vb, err := w.svc.FindNeed(as(w.expertB), n.ID)
		if err != nil || vb.Interests != nil || vb.Need.MyInterest == nil || vb.Need.MyInterest.ID != ib.ID {
			t.Fatalf("need as B: %+v, %v", vb, err)
		}
		// The enterprise sees both with their fit.
		vo, err := w.svc.FindNeed(as(w.owner), n.ID)
		if err != nil || len(vo.Interests) != 2 || vo.Interests[0].Fit == nil || vo.Interests[0].Fit.Total <= vo.Interests[1].Fit.Total {
			t.Fatalf("need as owner: %+v, %v", vo, err)
		}

		// Accept A: only the enterprise; identity revealed to A only.
		if _, err := w.svc.AcceptInterest(as(w.expertA), ia.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("accept by the expert = %v, want NotFound", err)
		}
		if _, err := w.svc.AcceptInterest(as(w.province), ia.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("accept by an officer = %v, want Forbidden", err)
		}
		g, err := w.svc.AcceptInterest(as(w.owner), ia.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AcceptInterest(as(w.owner), ib.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second accept = %v, want Conflict", err)
		}
		va, err := w.svc.FindNeed(as(w.expertA), n.ID)
		if err != nil || va.Need.EnterpriseName != "Công ty TNHH Nhựa Bí Mật" || va.Engagement == nil {
			t.Fatalf("need as accepted A: %+v, %v", va, err)
		}
		vb, err = w.svc.FindNeed(as(w.expertB), n.ID)
		if err != nil || vb.Need.EnterpriseName != "" || vb.Engagement != nil || vb.Need.MyInterest.Status != matching.InterestFilled {
			t.Fatalf("need as B after A was accepted: %+v, %v", vb, err)
		}
		if _, err := w.svc.FindEngagement(as(w.expertB), g.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("B reads A's engagement: %v, want NotFound", err)
		}
		if gs, _, err := w.svc.FindEngagements(as(w.expertB), matching.EngagementFilter{}); err != nil || len(gs) != 0 {
			t.Fatalf("B's engagements = %d, %v; want 0", len(gs), err)
		}
		if w.mail.to("a@tuvan.vn") != 1 || w.mail.to("b@tuvan.vn") != 1 {
			t.Fatalf("notices: %v", w.mail.sent)
		}
		var active, completed, sum, count int
		if err := db.WriteDB().QueryRow(`SELECT active_engagements, engagements_completed, rating_sum, rating_count FROM experts WHERE id = 1`).Scan(&active, &completed, &sum, &count); err != nil || active != 1 {
			t.Fatalf("counters after accept: active %d, %v", active, err)
		}

		// Complete and rate.
		if _, err := w.svc.RateEngagement(as(w.owner), g.ID, 5, ""); !fault.Is(err, fault.Conflict) {
			t.Fatalf("rate before completion = %v, want Conflict", err)
		}
		if _, err := w.svc.CompleteEngagement(as(w.expertA), g.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("complete by the expert = %v, want Forbidden", err)
		}
		if _, err := w.svc.CompleteEngagement(as(w.owner), g.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RateEngagement(as(w.owner), g.ID, 6, ""); !fault.Is(err, fault.Invalid) {
			t.Fatalf("rating 6 = %v, want Invalid", err)
		}
		if _, err := w.svc.RateEngagement(as(w.owner), g.ID, 4, "Tốt"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RateEngagement(as(w.owner), g.ID, 5, ""); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second rating = %v, want Conflict", err)
		}
		if err := db.WriteDB().QueryRow(`SELECT active_engagements, engagements_completed, rating_sum, rating_count FROM experts WHERE id = 1`).Scan(&active, &completed, &sum, &count); err != nil ||
			active != 0 || completed != 1 || sum != 4 || count != 1 {
			t.Fatalf("counters after rating: %d %d %d %d, %v", active, completed, sum, count, err)
		}
		// The ranking reloads the profiles: A's record shows.
		m, err = w.svc.RankNeed(as(w.owner), n.ID, 10)
		if err != nil || m.Experts[0].Completed != 1 || m.Experts[0].Parts.Experience == 0 {
			t.Fatalf("after completion: %+v, %v", m.Experts, err)
		}
		// Officers: their province's needs and engagements only.
		if b, err := w.svc.FindNeeds(as(w.province2), matching.BoardFilter{}); err != nil || len(b.Needs) != 0 {
			t.Fatalf("Hà Nội officer sees %v, %v", b, err)
		}
		if gs, _, err := w.svc.FindEngagements(as(w.province), matching.EngagementFilter{}); err != nil || len(gs) != 1 || gs[0].EnterpriseName == "" {
			t.Fatalf("HCM officer engagements %v, %v", gs, err)
		}
	})
}

func TestMatchingService_PublishWithdrawBadInput(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		for name, in := range map[string]matching.NeedInput{
			"NoTools":      {Description: "x"},
			"UnknownTool":  {Tools: []catalog.ToolCode{"khong-co"}, Description: "x"},
			"TooManyTools": {Tools: catalog.BuiltinTools[:9], Description: "x"},
			"NoText":       {Tools: []catalog.ToolCode{"5s"}},
			"LongText":     {Tools: []catalog.ToolCode{"5s"}, Description: strings.Repeat("a", matching.MaxDescription+1)},
		} {
			if _, err := w.svc.PublishNeed(as(w.owner), in); !fault.Is(err, fault.Invalid) || len(fault.FieldsOf(err)) == 0 {
				t.Errorf("%s: %v, want Invalid with a field", name, err)
			}
		}
		if _, err := w.svc.PublishNeed(as(w.expertA), matching.NeedInput{Tools: []catalog.ToolCode{"5s"}, Description: "x"}); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("publish by an expert = %v", err)
		}
		if _, err := w.svc.PublishNeed(context.Background(), matching.NeedInput{}); !fault.Is(err, fault.Unauthenticated) {
			t.Fatalf("publish anonymously = %v", err)
		}
		n, err := w.svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s", "5s"}, Description: "x"})
		if err != nil || len(n.Tools) != 1 {
			t.Fatalf("repeated tool: %+v, %v", n, err)
		}
		if _, err := w.svc.ExpressInterest(as(w.expertA), n.ID, "Quan tâm"); err != nil {
			t.Fatal(err)
		}
		// The enterprise declines B; B is told and keeps seeing the need as declined.
		ib, err := w.svc.ExpressInterest(as(w.expertB), n.ID, "Tôi cũng quan tâm")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.DeclineInterest(as(w.expertB), ib.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("decline by the expert = %v, want NotFound", err)
		}
		if _, err := w.svc.DeclineInterest(as(w.province), ib.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("decline by an officer = %v, want Forbidden", err)
		}
		if _, err := w.svc.DeclineInterest(as(w.owner), ib.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.DeclineInterest(as(w.owner), ib.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second decline = %v, want Conflict", err)
		}
		if w.mail.to("b@tuvan.vn") != 1 {
			t.Fatalf("B not told of the decline: %v", w.mail.sent)
		}
		if _, err := w.svc.WithdrawNeed(as(w.otherOwner), n.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("withdraw by another firm = %v", err)
		}
		if _, err := w.svc.WithdrawNeed(as(w.owner), n.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.WithdrawNeed(as(w.owner), n.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second withdraw = %v", err)
		}
		if _, err := w.svc.ExpressInterest(as(w.expertB), n.ID, "Lần nữa"); !fault.Is(err, fault.Conflict) {
			t.Fatalf("interest in a withdrawn need by a declined expert = %v, want Conflict", err)
		}
		if _, err := w.svc.ExpressInterest(as(w.stranger), n.ID, "Muộn"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("interest in a withdrawn need by an expert who had none = %v, want NotFound", err)
		}
		if b, err := w.svc.FindNeeds(as(w.expertA), matching.BoardFilter{All: true}); err != nil || len(b.Needs) != 0 {
			t.Fatalf("withdrawn need on the board: %v", err)
		}
		if w.mail.to("a@tuvan.vn") != 1 {
			t.Fatalf("A not told of the withdrawal: %v", w.mail.sent)
		}
		// A user without an expert profile on the board.
		lone := mustUser(t, db, "d@tuvan.vn", auth.RoleExpert, 0, "")
		if _, err := w.svc.FindNeeds(as(lone), matching.BoardFilter{}); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("board without a profile = %v", err)
		}
	})
}

func TestMatchingStore_ProfilesConflictsDuplicates(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newMatchingWorld(t, db)
		st := db.Matching()
		ps, err := st.LoadProfiles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[matching.ExpertID]*matching.Profile{}
		for _, p := range ps {
			got[p.ID] = p
		}
		if len(got) != 5 || got[6] != nil {
			t.Fatalf("profiles %v: want experts 1–5 (6 has not consented to matching)", got)
		}
		if p := got[1]; p.Tools["5s"] != 3 || p.Tools["kaizen"] != 2 || len(p.Sectors) != 1 || p.Provinces[0] != "79" || p.Capacity != 2 || p.Organisation == 0 {
			t.Fatalf("profile 1 = %+v", p)
		}
		if p := got[5]; p.Active != 1 || p.Capacity != 1 {
			t.Fatalf("profile 5 = %+v", p)
		}
		c, err := st.FindConflicts(ctx, int64(w.firm.ID))
		if err != nil {
			t.Fatal(err)
		}
		if !c.Experts[3] || len(c.Experts) != 1 || len(c.Organisations) != 1 || !c.Has(got[4]) || c.Has(got[1]) {
			t.Fatalf("conflicts %+v", c)
		}
		v1, err := st.ProfilesVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddTrackRecord(ctx, 2, matching.TrackDelta{Active: -5, Completed: 1}, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		v2, err := st.ProfilesVersion(ctx)
		if err != nil || v2.Profiles != v1.Profiles || v2.Counters <= v1.Counters {
			t.Fatalf("version %+v then %+v, %v: want only the counters' version to grow after the counters change", v1, v2, err)
		}
		ps, err = st.LoadProfiles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.ID == 2 && (p.Active != 0 || p.Completed != 1) {
				t.Fatalf("after the delta expert 2 = %+v: active never goes below 0", p)
			}
		}
		if err := st.AddTrackRecord(ctx, 999, matching.TrackDelta{Active: 1}, time.Now()); !fault.Is(err, fault.NotFound) {
			t.Fatalf("counters of a missing expert = %v", err)
		}
		// A need, its tools by rank, one interest per expert, one engagement per need.
		now := time.Now().UTC()
		n := &matching.Need{EnterpriseID: int64(w.firm.ID), Status: matching.NeedOpen, Description: "d", Industry: "", ProvinceCode: "79",
			Levels: []matching.Level{{Code: "quality", Level: 2}}, Tools: []catalog.ToolCode{"kaizen", "5s"}, PublishedAt: now, UpdatedAt: now}
		if err := st.CreateNeed(ctx, n); err != nil {
			t.Fatal(err)
		}
		back, err := st.FindNeedByID(ctx, n.ID)
		if err != nil || back.EnterpriseName != w.firm.Name || len(back.Tools) != 2 || back.Tools[0] != "kaizen" || back.Levels[0].Level != 2 {
			t.Fatalf("need read back %+v, %v", back, err)
		}
		i := &matching.Interest{NeedID: n.ID, ExpertID: 1, Message: "m", Status: matching.InterestPending, CreatedAt: now}
		if err := st.CreateInterest(ctx, i); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateInterest(ctx, &matching.Interest{NeedID: n.ID, ExpertID: 1, Message: "again", Status: matching.InterestPending, CreatedAt: now}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second interest = %v, want Conflict", err)
		}
		g := &matching.Engagement{NeedID: n.ID, EnterpriseID: n.EnterpriseID, ExpertID: 1, InterestID: i.ID, Status: matching.EngagementActive, AcceptedAt: now}
		if err := st.CreateEngagement(ctx, g); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateEngagement(ctx, &matching.Engagement{NeedID: n.ID, EnterpriseID: n.EnterpriseID, ExpertID: 1, InterestID: i.ID,
			Status: matching.EngagementActive, AcceptedAt: now}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second engagement = %v, want Conflict", err)
		}
		// The board of expert 2 (steel, Hà Nội): an "other industry" need in HCMC does not fit.
		ns, total, err := st.FindNeeds(ctx, matching.NeedFilter{Status: matching.NeedOpen, ForExpert: 2, Limit: 10})
		if err != nil || total != 0 || len(ns) != 0 {
			t.Fatalf("board of expert 2 = %d, %v", total, err)
		}
		ns, total, err = st.FindNeeds(ctx, matching.NeedFilter{Status: matching.NeedOpen, ForExpert: 1, Viewer: 1, Limit: 10})
		if err != nil || total != 0 {
			t.Fatalf("board of expert 1 (plastics) for an other-industry need = %d, %v; want 0", total, err)
		}
		ns, total, err = st.FindNeeds(ctx, matching.NeedFilter{Status: matching.NeedOpen, Viewer: 1, Limit: 10})
		if err != nil || total != 1 || ns[0].MyInterest == nil || ns[0].MyInterest.ID != i.ID || ns[0].Interests != 1 {
			t.Fatalf("all open needs for expert 1 = %+v, %d, %v", ns, total, err)
		}
	})
}
