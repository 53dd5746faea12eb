package programme_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// actSubmitted creates and submits a good proposal of the fixture's owner.
func actSubmitted(t *testing.T, f *actFixture) *programme.Activity {
	t.Helper()
	a, err := f.svc.CreateProposal(f.owner, actGoodProposal(f.call.ID))
	if err != nil {
		t.Fatal(err)
	}
	if a, err = f.svc.SubmitProposal(f.owner, a.ID, a.Version); err != nil || a.Status != programme.StatusSubmitted {
		t.Fatalf("submit: %v", err)
	}
	return a
}

// actReviewed assigns rev1 and has them declare and submit a review: the
// activity is in review with a score, its version the current one.
func actReviewed(t *testing.T, f *actFixture, more ...auth.UserID) *programme.Activity {
	t.Helper()
	a := actSubmitted(t, f)
	if _, err := f.svc.AssignReviewers(f.ministry, a.ID, append([]auth.UserID{f.rev1ID}, more...)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.DeclareConflict(f.rev1, a.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	scores := map[string]int{"relevance": 18, "feasibility": 15, "impact": 25, "replicability": 16, "budget": 8}
	if _, err := f.svc.SubmitReview(f.rev1, a.ID, scores, "Khả thi"); err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Activity(f.ministry, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return v.Activity
}

func actApproval(version int) programme.DecisionInput {
	return programme.DecisionInput{Approve: true, DecisionNo: "125/QĐ-BCT", DecisionDate: "01/04/2026", Signer: "Nguyễn Văn A",
		ApprovedBudget: 280_000_000, Version: version}
}

// TestActivities_ScoreHidden: once reviewer 1 has submitted, the mean score
// (= reviewer 1's total) reaches neither reviewer 2, who has not submitted,
// nor the enterprise before the decision, whether through the list or the
// reply of a write; officers and reviewer 1 see it.
func TestActivities_ScoreHidden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newActFixture(t, db)
		s := f.svc
		a := actReviewed(t, f, f.rev2ID)
		if a.ReviewScore == nil || *a.ReviewScore != 82 {
			t.Fatalf("the officer's score = %v", a.ReviewScore)
		}
		score := func(who context.Context) *float64 {
			t.Helper()
			list, _, err := s.Activities(who, programme.ActivityQuery{})
			if err != nil || len(list) != 1 {
				t.Fatalf("list: %d %v", len(list), err)
			}
			return list[0].ReviewScore
		}
		if got := score(f.rev2); got != nil {
			t.Errorf("reviewer 2, not submitted, reads the score %v in the list", *got)
		}
		if got := score(f.owner); got != nil {
			t.Errorf("the enterprise reads the score %v before the decision", *got)
		}
		if score(f.ministry) == nil || score(f.rev1) == nil {
			t.Errorf("the officer or the reviewer who submitted lost the score")
		}
		w, err := s.WithdrawProposal(f.owner, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w.ReviewScore != nil {
			t.Errorf("the withdrawal's reply carries the score %v", *w.ReviewScore)
		}
		if v, _ := s.Activity(f.rev2, a.ID); v.Score != nil || v.Activity.ReviewScore != nil {
			t.Errorf("reviewer 2's page shows the score")
		}
	})
}

// TestActivities_VersionsTitleDeadline: submit and decide need the version
// read (missing: 422 naming it; stale: 409); a blank title is refused; the
// deadline instant itself still takes a submission, one second after not.
func TestActivities_VersionsTitleDeadline(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newActFixture(t, db)
		s := f.svc
		in := actGoodProposal(f.call.ID)
		in.Title, in.Summary = "   ", " \t "
		_, err := s.CreateProposal(f.owner, in)
		actWantField(t, "a blank title", err, "title", "tên nhiệm vụ")
		actWantField(t, "a blank summary", err, "summary", "tóm tắt")
		in = actGoodProposal(f.call.ID)
		in.Title = "  Mô hình   "
		a, err := s.CreateProposal(f.owner, in)
		if err != nil || a.Title != "Mô hình" {
			t.Fatalf("a title with spaces around: %q %v", a.Title, err)
		}

		_, err = s.SubmitProposal(f.owner, a.ID, 0)
		actWantField(t, "a submission without the version", err, "version", "phiên bản")
		_, err = s.SubmitProposal(f.owner, a.ID, a.Version+1)
		actWantKind(t, "a stale submission", err, fault.Conflict)

		r := actReviewed(t, f)
		_, err = s.Decide(f.ministry, r.ID, actApproval(0))
		actWantField(t, "a decision without the version", err, "version", "phiên bản")
		_, err = s.Decide(f.ministry, r.ID, actApproval(r.Version-1))
		actWantKind(t, "a stale decision", err, fault.Conflict)
		if !strings.Contains(fault.MessageOf(err).Vi, "người khác sửa") {
			t.Errorf("stale message = %q", fault.MessageOf(err).Vi)
		}
		if d, err := s.Decide(f.ministry, r.ID, actApproval(r.Version)); err != nil || d.Status != programme.StatusApproved {
			t.Fatalf("decide: %v", err)
		}

		// The deadline is inclusive: at 10:00:00 UTC exactly the call still
		// takes the submission; one second later it does not.
		b, err := s.CreateProposal(f.owner, actGoodProposal(f.call.ID))
		if err != nil {
			t.Fatal(err)
		}
		late, err := s.CreateProposal(f.owner, actGoodProposal(f.call.ID))
		if err != nil {
			t.Fatal(err)
		}
		*f.clock = f.call.Deadline
		if b, err = s.SubmitProposal(f.owner, b.ID, b.Version); err != nil || b.Status != programme.StatusSubmitted {
			t.Fatalf("a submission at the deadline instant: %v", err)
		}
		*f.clock = f.call.Deadline.Add(time.Second)
		_, err = s.SubmitProposal(f.owner, late.ID, late.Version)
		actWantKind(t, "a submission one second after the deadline", err, fault.Conflict)
	})
}

// actReviewers creates n more active expert accounts.
func actReviewers(t *testing.T, db *sqldb.DB, n int, tag string) []auth.UserID {
	t.Helper()
	now := time.Date(2026, 4, 1, 3, 0, 0, 0, time.UTC)
	var out []auth.UserID
	for i := range n {
		u := &auth.User{Email: fmt.Sprintf("%s%d@example.vn", tag, i), Name: fmt.Sprintf("Chuyên gia %s%d", tag, i), PasswordHash: "x",
			Role: auth.RoleExpert, Lang: "vi", CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		out = append(out, u.ID)
	}
	return out
}

// TestActivities_ConflictFreesPlace: a reviewer who declared a conflict
// does not take one of the 5 places.
func TestActivities_ConflictFreesPlace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newActFixture(t, db)
		s := f.svc
		xs := actReviewers(t, db, 4, "cf")
		a := actSubmitted(t, f)
		if _, err := s.AssignReviewers(f.ministry, a.ID, append([]auth.UserID{f.rev1ID}, xs[:4]...)); err != nil {
			t.Fatal(err)
		}
		six := actReviewers(t, db, 1, "six")
		_, err := s.AssignReviewers(f.ministry, a.ID, six)
		actWantField(t, "a sixth reviewer", err, "reviewers", "tối đa 5")
		if _, err := s.DeclareConflict(f.rev1, a.ID, true, "Từng tư vấn cho doanh nghiệp"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AssignReviewers(f.ministry, a.ID, six); err != nil {
			t.Errorf("a reviewer in place of one with a conflict: %v", err)
		}
	})
}

// TestActivities_Races runs writes that used to check before they wrote,
// two at a time: an assignment racing the approval must never leave a
// pending review on an approved activity, and two assignments at once never
// exceed 5 reviewers. Each pair starts together; several rounds make the
// interleaving that broke it likely.
func TestActivities_Races(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newActFixture(t, db)
		s := f.svc
		const rounds = 8
		xs := actReviewers(t, db, 4, "race")
		pair := func(x, y func() error) (error, error) {
			var wg sync.WaitGroup
			start := make(chan struct{})
			var ex, ey error
			wg.Add(2)
			go func() { defer wg.Done(); <-start; ex = x() }()
			go func() { defer wg.Done(); <-start; ey = y() }()
			close(start)
			wg.Wait()
			return ex, ey
		}
		for i := range rounds {
			a := actReviewed(t, f)
			ed, ea := pair(func() error {
				_, err := s.Decide(f.ministry, a.ID, actApproval(a.Version))
				return err
			}, func() error {
				_, err := s.AssignReviewers(f.ministry, a.ID, []auth.UserID{xs[0]})
				return err
			})
			for _, err := range []error{ed, ea} {
				if err != nil && !fault.Is(err, fault.Conflict) {
					t.Fatalf("round %d: %v", i, err)
				}
			}
			v, err := s.Activity(f.ministry, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			pending := 0
			for _, r := range v.Reviews {
				if r.Status == programme.ReviewAssigned {
					pending++
				}
			}
			if v.Activity.Status == programme.StatusApproved && pending > 0 {
				t.Fatalf("round %d: approved with %d review(s) pending (decide %v, assign %v)", i, pending, ed, ea)
			}

			b := actSubmitted(t, f)
			if _, err := s.AssignReviewers(f.ministry, b.ID, []auth.UserID{f.rev1ID, f.rev2ID, f.relatedID}[:2]); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AssignReviewers(f.ministry, b.ID, actReviewers(t, db, 1, fmt.Sprintf("r%d-", i))); err != nil {
				t.Fatal(err)
			}
			e1, e2 := pair(func() error {
				_, err := s.AssignReviewers(f.ministry, b.ID, xs[:2])
				return err
			}, func() error {
				_, err := s.AssignReviewers(f.ministry, b.ID, xs[2:])
				return err
			})
			if e1 == nil && e2 == nil {
				t.Fatalf("round %d: both assignments of 2 to a proposal with 3 reviewers passed", i)
			}
			if v, err := s.Activity(f.ministry, b.ID); err != nil || len(v.Reviews) > programme.MaxReviewers {
				t.Fatalf("round %d: %d reviewers (%v; %v, %v)", i, len(v.Reviews), err, e1, e2)
			}
		}
	})
}
