package library

import (
	"context"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// CaseQuery is what a visitor filters the library by.
type CaseQuery struct {
	Tool      string
	Industry  string
	VSIC      string // a VSIC code or its first digits
	SizeClass string
	Province  string
	Status    Status // editors only; the public sees published cases
	Query     string
	Page      int
	PerPage   int
}

// Cases lists the cases: published ones for everyone, and the drafts an
// editor may edit.
func (s *Service) Cases(ctx context.Context, q CaseQuery) ([]*Case, int, error) {
	a := auth.ActorFrom(ctx)
	for _, t := range []*string{&q.Tool, &q.Industry, &q.SizeClass, &q.Province, &q.Query} {
		if !vn.IsText(*t) || len(*t) > 200 {
			return nil, 0, nil // nothing matches what no field can hold
		}
	}
	if q.VSIC != "" && !vsicRe.MatchString(q.VSIC) {
		return nil, 0, nil
	}
	f := CaseFilter{Tool: q.Tool, Industry: q.Industry, VSIC: q.VSIC, SizeClass: q.SizeClass, Province: q.Province, Query: vn.Fold(vn.NFC(q.Query))}
	f.Limit, f.Offset = pageOf(q.Page, q.PerPage)
	if d := draftsOf(a); d != "" {
		f.DraftsOf = d
		if q.Status.Valid() {
			f.Status = q.Status
		}
	} else {
		f.Status = StatusPublished
	}
	cs, total, err := s.store.FindCases(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	for _, c := range cs {
		s.hideContact(a, c)
	}
	return cs, total, nil
}

// hideContact blanks the contact for visits unless the enterprise
// consented (its editors see it to maintain it).
func (s *Service) hideContact(a *auth.Actor, c *Case) {
	if !c.Contact.Consent && !mayEdit(a, c.ProvinceCode) {
		c.Contact = CaseContact{}
	}
}

// CaseView is a case as its page shows it.
type CaseView struct {
	Case *Case `json:"case"`
	// KPIs are the before/after results shown: the linked pilot's verified
	// results where it has some, else the editor's (not verified).
	KPIs        []CaseKPI        `json:"kpis_shown"`
	Verified    bool             `json:"verified" doc:"CaseKPI lấy từ kết quả đã xác minh của hoạt động (from the activity's verified results)"`
	PilotTitle  string           `json:"pilot_title,omitempty"`
	Replicators []CaseReplicator `json:"replicators" doc:"Doanh nghiệp đã áp dụng mô hình (confirmed replications)"`
	Others      int              `json:"others" doc:"Số doanh nghiệp khác đang chờ xác nhận (unconfirmed replications)"`
	Photos      []*CasePhoto     `json:"photos"`
	CanEdit     bool             `json:"can_edit"`
}

// Case returns a case: a published one to anyone, a draft to its editors
// only (404 for anyone else).
func (s *Service) Case(ctx context.Context, id CaseID, lang string) (*CaseView, error) {
	a := auth.ActorFrom(ctx)
	c, err := s.store.FindCase(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errCaseNotFound
	}
	if err != nil {
		return nil, err
	}
	edit := !a.IsAnonymous() && mayEdit(a, c.ProvinceCode)
	if c.Status != StatusPublished && !edit {
		return nil, errCaseNotFound
	}
	s.hideContact(a, c)
	v := &CaseView{Case: c, KPIs: withImprovement(c.KPIs), CanEdit: edit, Replicators: []CaseReplicator{}}
	if c.ActivityID != 0 && s.prog != nil {
		p, err := s.prog.Pilot(ctx, c.ActivityID, lang)
		switch {
		case fault.Is(err, fault.NotFound):
			// The activity is no longer a supported pilot model: the
			// editor's figures stand.
		case err != nil:
			return nil, err
		default:
			v.PilotTitle, v.Others = p.Title, p.Others
			v.Replicators = append(v.Replicators, p.Replicators...)
			if len(p.KPIs) > 0 {
				ks := make([]CaseKPI, len(p.KPIs))
				for i, k := range p.KPIs {
					k.Verified = true
					ks[i] = k
				}
				v.KPIs, v.Verified = withImprovement(ks), true
			}
		}
	}
	if v.Photos, err = s.store.FindPhotos(ctx, id); err != nil {
		return nil, err
	}
	if v.Photos == nil {
		v.Photos = []*CasePhoto{}
	}
	return v, nil
}
