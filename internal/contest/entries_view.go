package contest

import (
	"context"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// EntryQuery filters a contest's entries for its organiser.
type EntryQuery struct {
	CategoryID CategoryID
	Status     EntryStatus
}

// EntryRow is an entry in the organiser's list, with its completeness.
type EntryRow struct {
	Entry    *Entry
	Problems []Problem // completeness failures (eligibility is checked at submission)
}

// Entries lists a contest's entries for its organisers, with what each
// lacks. Others are refused.
func (s *Service) Entries(ctx context.Context, id ContestID, q EntryQuery) (*Contest, []EntryRow, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.managed(ctx, s.store, a, id, 0)
	if err != nil {
		return nil, nil, err
	}
	f := EntryFilter{ContestID: id, CategoryID: q.CategoryID}
	if q.Status.Valid() {
		f.Statuses = []EntryStatus{q.Status}
	}
	es, err := s.store.FindEntries(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]EntryRow, 0, len(es))
	for _, e := range es {
		rows = append(rows, EntryRow{Entry: e, Problems: Complete(c, e)})
	}
	return c, rows, nil
}

// MyEntries lists the actor's enterprise's entries in every contest.
func (s *Service) MyEntries(ctx context.Context) ([]*Entry, error) {
	a, err := entrant(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.FindEntries(ctx, EntryFilter{EnterpriseID: registry.EnterpriseID(a.EnterpriseID)})
}

// EntryView is an entry with its contest and what the actor may do.
type EntryView struct {
	Entry       *Entry
	Contest     *Contest
	Category    *Category
	Files       []*EntryFile
	Activities  []ActivityRef // the entrant's completed activities (entrant only)
	Problems    []Problem     // what the entry still lacks
	Entrant     bool
	Organiser   bool
	Open        bool // the entry period is on
	CanEdit     bool
	CanSubmit   bool
	CanWithdraw bool
	CanCheck    bool
	Published   bool // the contest's results are public: the feedback report is there
}

// Entry returns an entry to its enterprise's users and the organisers in
// scope; everyone else (judges too: they score on their own page) is
// refused.
func (s *Service) Entry(ctx context.Context, id EntryID) (*EntryView, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.store.FindEntry(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errEntryNotFound
	}
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindContest(ctx, e.ContestID)
	if err != nil {
		return nil, err
	}
	v := &EntryView{Entry: e, Contest: c, Entrant: a.Role == auth.RoleEnterprise && a.EnterpriseID == int64(e.EnterpriseID),
		Organiser: mayOrganise(a, c.ProvinceCode), Published: c.Published(s.now())}
	if !v.Entrant && !v.Organiser {
		return nil, entryDenied()
	}
	v.Category, _ = categoryOf(c, e.CategoryID)
	if v.Files, err = s.store.FindEntryFiles(ctx, id); err != nil {
		return nil, err
	}
	v.Open = periodError(c, s.now()) == nil
	editable := e.Status == EntryDraft || e.Status == EntryIncomplete
	v.CanEdit = v.Entrant && editable && v.Open
	v.CanSubmit = v.CanEdit
	v.CanWithdraw = v.Entrant && c.Status == StatusAnnounced && e.Status != EntryWithdrawn && e.Status != EntryRejected
	v.CanCheck = v.Organiser && e.Status == EntrySubmitted
	if editable || v.CanCheck {
		if v.Problems, err = s.problems(ctx, c, e); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// EntryForm returns what the entry form needs: the contest and, for the
// entrant, their completed activities. ent is 0 for a new entry.
func (s *Service) EntryForm(ctx context.Context, id ContestID) (*Contest, []ActivityRef, error) {
	if _, err := entrant(ctx); err != nil {
		return nil, nil, err
	}
	c, err := s.store.FindContest(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && c.Status == StatusDraft {
		return nil, nil, errContestNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	acts, err := s.CompletedActivities(ctx)
	return c, acts, err
}
