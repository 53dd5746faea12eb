package programme

import (
	"context"
	"fmt"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// The execution use cases: contract, progress reports with evidence, the
// officer's decision on each, disbursements against accepted milestones,
// the final report, its verification and the closure. Who decides an
// activity is the officer of its call's scope (decides, core.go); the proposer and
// the assigned verifier act on their part; anyone else is told the
// activity does not exist.

var (
	errExecNotFound = fault.New(fault.NotFound, "Không tìm thấy nhiệm vụ.", "Activity not found.")
	errExecStale    = fault.New(fault.Conflict, "Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang để xem thay đổi rồi thực hiện lại.",
		"Someone else has just updated this activity. Please reload the page to see the change, then try again.")
)

func execForbidden(vi, en string) error { return fault.New(fault.Forbidden, vi, en) }

// execRole works out how the actor stands to a; NotFound when not at all,
// or when the activity has not been approved (no execution yet).
func (s *Service) execRole(ctx context.Context, st Store, a *Activity) (*auth.Actor, ExecRole, error) {
	actor := auth.ActorFrom(ctx)
	if actor.IsAnonymous() {
		return nil, ExecRole{}, errSignIn
	}
	var r ExecRole
	r.Officer = decides(actor, a)
	if !r.Officer && a.ProvinceCode != "" && actor.Role != auth.RoleEnterprise {
		r.Viewer = auth.Allowed(actor, auth.ActProgrammeView, auth.Scope{ProvinceCode: a.ProvinceCode})
	}
	switch actor.Role {
	case auth.RoleEnterprise:
		r.Proposer = a.EnterpriseID != 0 && actor.EnterpriseID == a.EnterpriseID
	case auth.RoleExpert:
		if a.OrganisationID != 0 {
			p, err := st.FindPerson(ctx, actor.UserID)
			if err != nil && !fault.Is(err, fault.NotFound) {
				return nil, r, err
			}
			r.Proposer = err == nil && p.OrganisationID == a.OrganisationID
		}
	}
	r.Verifier = a.VerifierID != 0 && actor.UserID == a.VerifierID
	if !r.Officer && !r.Viewer && !r.Proposer && !r.Verifier || !a.Status.Committed() {
		return nil, r, errExecNotFound
	}
	return actor, r, nil
}

// loadExec reads activity id and the actor's role in it.
func (s *Service) loadExec(ctx context.Context, st Store, id ActivityID) (*Activity, *auth.Actor, ExecRole, error) {
	a, err := st.FindActivityByID(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, nil, ExecRole{}, errExecNotFound
		}
		return nil, nil, ExecRole{}, err
	}
	actor, r, err := s.execRole(ctx, st, a)
	if err != nil {
		return nil, nil, r, err
	}
	return a, actor, r, nil
}

// execCheckVersion refuses a write based on a stale read before any work.
func execCheckVersion(a *Activity, version int) error {
	if version != a.Version {
		return errExecStale
	}
	return nil
}

func (s *Service) execAudit(ctx context.Context, tx Store, now time.Time, action string, id ActivityID, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, now, action, "activity", fmt.Sprint(int64(id)), before, after))
}

// execMove makes the transition of a to to by party, with its event, from
// version: the caller has set the other columns on a.
func (s *Service) execMove(ctx context.Context, tx Store, actor *auth.Actor, a *Activity, to Status, by Party, version int, note string, now time.Time) error {
	from := a.Status
	if !CanMove(from, to, by) {
		return fault.New(fault.Conflict, "Không thể chuyển nhiệm vụ từ “"+from.Label().Vi+"” sang “"+to.Label().Vi+"”.",
			"The activity cannot move from “"+from.Label().En+"” to “"+to.Label().En+"”.")
	}
	a.Status = to
	if err := tx.UpdateExecution(ctx, a, version); err != nil {
		return err
	}
	return tx.AddExecutionEvent(ctx, &Event{ActivityID: a.ID, From: from, To: to, ActorID: actor.UserID, ActorEmail: actor.Email, Note: note, At: now})
}

// FindExecution returns the execution of activity id to its deciding
// officers, officers of its province, its proposer and its verifier.
func (s *Service) FindExecution(ctx context.Context, id ActivityID) (*Execution, error) {
	a, _, r, err := s.loadExec(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	x := &Execution{Activity: a, Role: r}
	if x.Milestones, err = s.store.FindMilestones(ctx, id); err != nil {
		return nil, err
	}
	if x.Disbursements, err = s.store.FindDisbursements(ctx, id); err != nil {
		return nil, err
	}
	if x.Evidence, err = s.store.FindEvidence(ctx, id); err != nil {
		return nil, err
	}
	if x.KPIDefs, err = s.store.FindKPIs(ctx); err != nil {
		return nil, err
	}
	if x.KPINotes, err = s.store.FindKPINotes(ctx, id); err != nil {
		return nil, err
	}
	if x.Events, err = s.store.FindActivityEvents(ctx, id); err != nil {
		return nil, err
	}
	for _, e := range x.Events {
		if e.To == StatusEvaluating {
			x.FinalSummary = e.Note
		}
	}
	if a.VerifierID != 0 {
		if x.Verifier, err = s.store.FindPerson(ctx, a.VerifierID); err != nil && !fault.Is(err, fault.NotFound) {
			return nil, err
		}
	}
	return x, nil
}

// EvidenceFile returns an evidence file to whoever sees the execution.
func (s *Service) EvidenceFile(ctx context.Context, id ActivityID, file FileID) (*File, error) {
	if _, _, _, err := s.loadExec(ctx, s.store, id); err != nil {
		return nil, err
	}
	f, err := s.store.FindEvidenceFile(ctx, id, file)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "Không tìm thấy tệp.", "File not found.")
	}
	return f, err
}

// execNotifyProposer emails the activity's creator (the proposer's contact).
func (s *Service) execNotifyProposer(ctx context.Context, a *Activity, subject, body string) {
	if s.mailer == nil || a.CreatedBy == 0 {
		return
	}
	p, err := s.store.FindPerson(ctx, a.CreatedBy)
	if err != nil {
		s.log.Warn("programme: proposer not found for a notice", "activity", a.ID, "err", err)
		return
	}
	s.execSend(ctx, p.Email, subject, body, a.ID)
}

// execNotifyCallOwner emails the officer who created the activity's call: the
// platform keeps no list of the officers who run a call, and the one who
// opened it is the one to tell. Activities without a call get no notice.
func (s *Service) execNotifyCallOwner(ctx context.Context, a *Activity, subject, body string) {
	if s.mailer == nil || a.CallID == 0 {
		return
	}
	c, err := s.store.FindCallByID(ctx, a.CallID)
	if err != nil || c.CreatedBy == 0 {
		return
	}
	p, err := s.store.FindPerson(ctx, c.CreatedBy)
	if err != nil {
		return
	}
	s.execSend(ctx, p.Email, subject, body, a.ID)
}

// execSend emails one notice with the link to the execution page; a failure
// is logged, never returned (the write it follows is done).
func (s *Service) execSend(ctx context.Context, to, subject, body string, id ActivityID) {
	if s.mailer == nil || to == "" {
		return
	}
	link := fmt.Sprintf("%s/activities/%d/execution", s.baseURL, id)
	if err := s.mailer.SendMail(ctx, to, "[NSCL] "+subject, body+"\n\n"+link+"\n"); err != nil {
		s.log.Warn("programme: notice not sent", "to", to, "activity", id, "err", err)
	}
}
