package matching

import (
	"context"

	"nscl/internal/auth"
	"nscl/internal/catalog"
)

// Match is one ranked expert: the score in parts and what the page shows.
// Title, province and organisation are blank unless the expert made them
// public (consent to matching is not consent to showing hidden fields).
type Match struct {
	ExpertID         ExpertID                 `json:"expert_id"`
	Name             string                   `json:"name"`
	Title            string                   `json:"title,omitempty"`
	ProvinceCode     string                   `json:"province_code"`
	OrganisationID   OrganisationID           `json:"organisation_id,omitempty"`
	OrganisationName string                   `json:"organisation_name,omitempty"`
	Total            float64                  `json:"total" doc:"Điểm phù hợp trên 100 (fit, out of 100)"`
	Parts            Parts                    `json:"parts"`
	Levels           map[catalog.ToolCode]int `json:"levels" doc:"Trình độ theo công cụ của nhu cầu: 1 thực hành, 2 tư vấn, 3 tư vấn trưởng (level per tool of the need)"`
	Free             int                      `json:"free" doc:"Số chỗ còn trống (free places)"`
	Completed        int                      `json:"completed"`
	RatingCount      int                      `json:"rating_count"`
	RatingAverage    float64                  `json:"rating_average,omitempty"`
	Conflict         bool                     `json:"conflict,omitempty"`
}

// OrgMatch is one ranked organisation: its best member's fit. Only
// members who made the organisation public are counted and named.
type OrgMatch struct {
	OrganisationID OrganisationID `json:"organisation_id"`
	Name           string         `json:"name"`
	Kind           string         `json:"kind"`
	ProvinceCode   string         `json:"province_code"`
	Best           float64        `json:"best" doc:"Điểm của thành viên phù hợp nhất (the best member's fit)"`
	BestExpertID   ExpertID       `json:"best_expert_id"`
	BestExpert     string         `json:"best_expert"`
	Members        int            `json:"members" doc:"Số thành viên được xếp hạng (members ranked)"`
}

// Matches is the ranking of a need.
type Matches struct {
	NeedID        NeedID     `json:"need_id"`
	Experts       []Match    `json:"experts"`
	Organisations []OrgMatch `json:"organisations"`
	Candidates    int        `json:"candidates" doc:"Chuyên gia có ít nhất một công cụ của nhu cầu (experts with a tool of the need)"`
	Conflicted    int        `json:"conflicted" doc:"Bị loại vì xung đột lợi ích (left out for conflict of interest)"`
	Full          int        `json:"full" doc:"Bị loại vì đã kín lịch (left out: no free place)"`
}

// RankNeed ranks experts and organisations for need id: the enterprise
// (ActNeedsPublish) and officers (ActMatchingView, provincial officers in
// their province). Experts and others get NotFound.
func (s *Service) RankNeed(ctx context.Context, id NeedID, limit int) (*Matches, error) {
	n, v, err := s.loadNeed(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !v.owner && !v.officer {
		return nil, errNeedNotFound
	}
	return s.rank(ctx, n, limit)
}

// rank ranks experts for n.
func (s *Service) rank(ctx context.Context, n *Need, limit int) (*Matches, error) {
	if limit <= 0 || limit > 100 {
		limit = RankLimit
	}
	x, err := s.idx.current(ctx, s.store)
	if err != nil {
		return nil, err
	}
	conf, err := s.store.FindConflicts(ctx, n.EnterpriseID)
	if err != nil {
		return nil, err
	}
	q := queryOf(n)
	r := x.rank(q, conf, limit)
	ids := make([]ExpertID, 0, len(r.Experts)+len(r.Organisations))
	var orgIDs []OrganisationID
	for _, e := range r.Experts {
		ids = append(ids, e.ID)
		if e.Organisation != 0 { // only an organisation the expert made public
			orgIDs = append(orgIDs, e.Organisation)
		}
	}
	for _, o := range r.Organisations {
		ids = append(ids, o.BestID)
		orgIDs = append(orgIDs, o.ID)
	}
	cards, err := s.store.ExpertCards(ctx, ids)
	if err != nil {
		return nil, err
	}
	orgs, err := s.store.OrganisationCards(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	out := &Matches{NeedID: n.ID, Candidates: r.Candidates, Conflicted: r.Conflicted, Full: r.Full,
		Experts: []Match{}, Organisations: []OrgMatch{}}
	for _, e := range r.Experts {
		// The card has title, province and organisation blank unless the
		// expert made them public; the index may be a moment older than
		// the card, so the organisation must be public in both.
		c := cards[e.ID]
		org := e.Organisation
		if c.Organisation != org {
			org = 0
		}
		m := Match{ExpertID: e.ID, Name: c.Name, Title: c.Title, ProvinceCode: c.ProvinceCode, OrganisationID: org,
			OrganisationName: orgs[org].Name, Total: e.Total, Parts: e.Parts, Levels: e.Levels, Free: e.Free,
			Completed: c.Completed, RatingCount: c.RatingCount}
		if c.RatingCount > 0 {
			m.RatingAverage = float64(int(float64(c.RatingSum)/float64(c.RatingCount)*10+0.5)) / 10
		}
		out.Experts = append(out.Experts, m)
	}
	for _, o := range r.Organisations {
		// Only members who made the organisation public are counted; the
		// best is named only if the card (read now) still shows it.
		c := orgs[o.ID]
		m := OrgMatch{OrganisationID: o.ID, Name: c.Name, Kind: c.Kind, ProvinceCode: c.ProvinceCode, Best: o.Best, Members: o.Members}
		if b, ok := cards[o.BestID]; ok && b.Organisation == o.ID {
			m.BestExpertID, m.BestExpert = o.BestID, b.Name
		}
		out.Organisations = append(out.Organisations, m)
	}
	return out, nil
}

// canBoard reports whether a may use the needs board.
func canBoard(a *auth.Actor) bool { return auth.Can(a, auth.ActNeedsBoard) }
