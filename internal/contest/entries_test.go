package contest_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/registry"
)

// Bad input: an entry after the deadline (or before the entries open) is
// refused with a clear message, whatever the step.
func TestEntry_Deadline(t *testing.T) {
	f := newFixture(t)
	c := f.announced(t, "NSCL-2026")
	f.now = time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC) // 31/03 23:00 in Vietnam: not open yet
	_, err := f.svc.CreateEntry(f.ent1, c.ID, fullEntry(c, "Lean chuyền may"))
	wantKind(t, "before the entries open", err, fault.Invalid)
	if err == nil || !strings.Contains(err.Error(), "01/04/2026") {
		t.Errorf("before opening: %v", err)
	}
	f.now = time.Date(2026, 6, 30, 16, 59, 0, 0, time.UTC) // 30/06 23:59 in Vietnam: the last day
	e, err := f.svc.CreateEntry(f.ent1, c.ID, fullEntry(c, "Lean chuyền may"))
	if err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC) // 01/07 00:00 in Vietnam
	for name, err := range map[string]error{
		"create": func() error {
			_, err := f.svc.CreateEntry(f.ent2, c.ID, fullEntry(c, "5S xưởng nhựa"))
			return err
		}(),
		"update": func() error { _, err := f.svc.UpdateEntry(f.ent1, e.ID, e.Version, fullEntry(c, "Lean 2")); return err }(),
		"submit": func() error { _, err := f.svc.SubmitEntry(f.ent1, e.ID, e.Version); return err }(),
		"attach": func() error {
			_, err := f.svc.AddEntryFile(f.ent1, e.ID, "a.pdf", []byte("%PDF-1.4\n%%EOF"))
			return err
		}(),
	} {
		wantKind(t, "after the deadline: "+name, err, fault.Invalid)
		if err == nil || !strings.Contains(err.Error(), "30/06/2026") {
			t.Errorf("after the deadline, %s: %v", name, err)
		}
	}
}

func TestEntry_EligibilityAndCompleteness(t *testing.T) {
	f := newFixture(t)
	in := input("NSCL-2026")
	in.Eligibility = contest.Eligibility{MinOperatingMonths: 36, SizeClasses: []string{"small", "medium"}, RequireCompletedActivity: true}
	c, err := f.svc.CreateContest(f.ministry, in)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = f.svc.Announce(f.ministry, c.ID, c.Version); err != nil {
		t.Fatal(err)
	}
	// Enterprise B: large, founded 2025, no activity, and an incomplete entry.
	half := contest.EntryInput{CategoryID: c.Categories[0].ID, Title: "5S xưởng nhựa", Form: map[string]string{"1": "Mới"}}
	eb, err := f.svc.CreateEntry(f.ent2, c.ID, half)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(eb.Code, "NSCL-2026-") || eb.Status != contest.EntryDraft {
		t.Fatalf("entry %+v", eb)
	}
	_, err = f.svc.SubmitEntry(f.ent2, eb.ID, eb.Version)
	wantKind(t, "ineligible and incomplete", err, fault.Invalid)
	for _, field := range []string{"summary", "answer.2", "answer.5", "kpis", "eligibility", "activities"} {
		wantField(t, "ineligible and incomplete", err, field)
	}
	for _, want := range []string{"36 months", "size class", "activity"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q: %v", want, err)
		}
	}
	// Another enterprise's activity cannot be linked.
	bad := fullEntry(c, "5S xưởng nhựa")
	bad.ActivityIDs = []int64{41}
	_, err = f.svc.UpdateEntry(f.ent2, eb.ID, eb.Version, bad)
	wantField(t, "someone else's activity", err, "activities")

	// Enterprise A links its completed activity: its verified KPI is copied.
	good := fullEntry(c, "Lean chuyền may")
	good.ActivityIDs = []int64{41}
	ea, err := f.svc.CreateEntry(f.ent1, c.ID, good)
	if err != nil {
		t.Fatal(err)
	}
	if len(ea.KPIs) != 2 || !ea.KPIs[1].Verified || ea.KPIs[1].After != 23 || ea.KPIs[0].Verified {
		t.Fatalf("KPIs %+v", ea.KPIs)
	}
	if _, err := f.svc.SubmitEntry(f.ent2, ea.ID, ea.Version); !fault.Is(err, fault.Forbidden) {
		t.Errorf("another enterprise submitted the entry: %v", err)
	}
	ea, err = f.svc.SubmitEntry(f.ent1, ea.ID, ea.Version)
	if err != nil || ea.Status != contest.EntrySubmitted || ea.SubmittedAt == nil {
		t.Fatalf("submit: %+v, %v", ea, err)
	}
	if _, err := f.svc.UpdateEntry(f.ent1, ea.ID, ea.Version, good); !fault.Is(err, fault.Conflict) {
		t.Errorf("a submitted entry was edited: %v", err)
	}

	// The organiser sends it back, the enterprise resubmits, the organiser accepts.
	_, err = f.svc.CheckEntry(f.ministry, ea.ID, ea.Version, contest.CheckDecision{Status: contest.EntryIncomplete})
	wantField(t, "incomplete without a note", err, "note")
	if _, err := f.svc.CheckEntry(f.prov01, ea.ID, ea.Version, contest.CheckDecision{Status: contest.EntryAccepted}); err == nil {
		t.Error("a provincial officer checked an entry of the ministry's contest")
	}
	ea, err = f.svc.CheckEntry(f.ministry, ea.ID, ea.Version, contest.CheckDecision{Status: contest.EntryIncomplete, Note: "Bổ sung ảnh trước/sau"})
	if err != nil || ea.Status != contest.EntryIncomplete {
		t.Fatalf("send back: %+v, %v", ea, err)
	}
	if ea, err = f.svc.SubmitEntry(f.ent1, ea.ID, ea.Version); err != nil {
		t.Fatal(err)
	}
	if ea, err = f.svc.CheckEntry(f.ministry, ea.ID, ea.Version, contest.CheckDecision{Status: contest.EntryAccepted}); err != nil {
		t.Fatal(err)
	}
	if len(f.mail.sent) != 2 || f.mail.sent[0].to != "lienhe@mayhanoi.vn" || !strings.Contains(f.mail.sent[1].subject, "hợp lệ") {
		t.Errorf("mails %+v", f.mail.sent)
	}
	// Who sees the entry: the entrant and the organiser; a judge and another enterprise are refused.
	if _, err := f.svc.Entry(f.ent1, ea.ID); err != nil {
		t.Error(err)
	}
	if _, err := f.svc.Entry(f.ministry, ea.ID); err != nil {
		t.Error(err)
	}
	for name, ctx := range map[string]context.Context{"judge": f.judge, "other enterprise": f.ent2, "other province": f.prov48} {
		if _, err := f.svc.Entry(ctx, ea.ID); !fault.Is(err, fault.Forbidden) {
			t.Errorf("%s sees the entry: %v", name, err)
		}
	}
	_, rows, err := f.svc.Entries(f.ministry, c.ID, contest.EntryQuery{Status: contest.EntryAccepted})
	if err != nil || len(rows) != 1 {
		t.Fatalf("accepted entries %d, %v", len(rows), err)
	}
	if _, _, err := f.svc.Entries(f.ent1, c.ID, contest.EntryQuery{}); !fault.Is(err, fault.Forbidden) {
		t.Errorf("an enterprise listed the entries: %v", err)
	}
	// Withdraw before judging.
	if ea, err = f.svc.WithdrawEntry(f.ent1, ea.ID, ea.Version); err != nil || ea.Status != contest.EntryWithdrawn {
		t.Fatalf("withdraw: %+v, %v", ea, err)
	}
}

// Bad input: HTML and script in an entry are kept as typed but never
// rendered: the Markdown renderer drops them.
func TestEntry_Sanitised(t *testing.T) {
	f := newFixture(t)
	c := f.announced(t, "NSCL-2026")
	in := fullEntry(c, "Lean <b>chuyền</b> may")
	in.SummaryMD = "Kết quả tốt <script>alert('x')</script> <img src=x onerror=alert(1)> [link](javascript:alert(2))"
	in.Form["1"] = "<iframe src=https://evil.example></iframe>Mới"
	e, err := f.svc.CreateEntry(f.ent1, c.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Entry(f.ministry, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{v.Entry.SummaryMD, v.Entry.Form["1"]} {
		out := string(markdown.Render(src))
		for _, bad := range []string{"<script", "onerror", "javascript:", "<iframe"} {
			if strings.Contains(strings.ToLower(out), bad) {
				t.Errorf("rendered %q holds %q", out, bad)
			}
		}
	}
	// A control character is refused.
	in.Title = "Lean\x07"
	_, err = f.svc.UpdateEntry(f.ent1, e.ID, e.Version, in)
	wantField(t, "control character", err, "title")
}

// Entries are numbered without gaps or collisions under concurrency.
func TestEntry_NumberingConcurrent(t *testing.T) {
	f := newFixture(t)
	c := f.announced(t, "NSCL-2026")
	const n = 10
	ctxs := make([]context.Context, n)
	for i := range n {
		es := []*registry.Enterprise{{TaxCode: "02" + strings.Repeat("0", 7) + string(rune('0'+i)), Name: "Công ty " + string(rune('A'+i)),
			ProvinceCode: "01", CreatedAt: f.now, UpdatedAt: f.now}}
		if err := f.db.Registry().CreateEnterprises(context.Background(), es); err != nil {
			t.Fatal(err)
		}
		f.reg.ents[es[0].ID] = &registry.Enterprise{ID: es[0].ID, ProvinceCode: "01"}
		u := &auth.User{Email: string(rune('a'+i)) + "@dn.vn", Name: "U", PasswordHash: "x", Role: auth.RoleEnterprise,
			EnterpriseID: int64(es[0].ID), Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
		if err := f.db.Auth().CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		ctxs[i] = auth.WithActor(context.Background(), &auth.Actor{UserID: u.ID, Role: auth.RoleEnterprise, EnterpriseID: int64(es[0].ID)})
	}
	var wg sync.WaitGroup
	codes := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := f.svc.CreateEntry(ctxs[i], c.ID, fullEntry(c, "Giải pháp"))
			if err != nil {
				t.Error(err)
				return
			}
			codes <- e.Code
		}()
	}
	wg.Wait()
	close(codes)
	seen := map[string]bool{}
	for code := range codes {
		seen[code] = true
	}
	for i := 1; i <= n; i++ {
		if code := contest.EntryCode("NSCL-2026", i); !seen[code] {
			t.Errorf("missing %s (got %v)", code, seen)
		}
	}
	// A second entry of one enterprise in one category is refused and
	// takes no number.
	if _, err := f.svc.CreateEntry(ctxs[0], c.ID, fullEntry(c, "Lần hai")); !fault.Is(err, fault.Conflict) {
		t.Errorf("second entry: %v", err)
	}
	e, err := f.svc.CreateEntry(f.ent1, c.ID, fullEntry(c, "Lean"))
	if err != nil || e.Code != contest.EntryCode("NSCL-2026", n+1) {
		t.Fatalf("next entry %+v, %v", e, err)
	}
}

func TestEntry_Files(t *testing.T) {
	f := newFixture(t)
	c := f.announced(t, "NSCL-2026")
	e, err := f.svc.CreateEntry(f.ent1, c.ID, fullEntry(c, "Lean"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.AddEntryFile(f.ent1, e.ID, "virus.pdf", []byte("MZ\x90\x00 not a pdf"))
	wantField(t, "an exe named pdf", err, "file")
	_, err = f.svc.AddEntryFile(f.ent1, e.ID, "big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, contest.MaxEntryFileSize)...))
	wantField(t, "too big", err, "file")
	fl, err := f.svc.AddEntryFile(f.ent1, e.ID, `C:\docs\báo cáo.pdf`, []byte("%PDF-1.4\n%%EOF\n"))
	if err != nil || fl.Name != "báo cáo.pdf" || fl.ContentType != contest.TypePDF {
		t.Fatalf("file %+v, %v", fl, err)
	}
	if _, err := f.svc.EntryFile(f.judge, e.ID, fl.ID); !fault.Is(err, fault.Forbidden) {
		t.Errorf("a judge downloaded the file: %v", err)
	}
	if got, err := f.svc.EntryFile(f.ministry, e.ID, fl.ID); err != nil || len(got.Data) == 0 {
		t.Errorf("organiser download: %v", err)
	}
	if err := f.svc.RemoveEntryFile(f.ent2, e.ID, fl.ID); !fault.Is(err, fault.Forbidden) {
		t.Errorf("another enterprise removed the file: %v", err)
	}
	if err := f.svc.RemoveEntryFile(f.ent1, e.ID, fl.ID); err != nil {
		t.Fatal(err)
	}
}
