package assessment

import (
	"context"
	"time"
)

// Sheet is an assessment with what it is answered on: its own scheme
// version (whatever is published later), its answers and their score.
type Sheet struct {
	Assessment *Assessment       `json:"assessment"`
	Version    *Version          `json:"scheme_version"`
	Answers    map[string]Answer `json:"answers"`
	Result     Result            `json:"result"`
	Note       string            `json:"request_note,omitempty"`
	Perms      Perms             `json:"perms"`
}

// Sheet returns an assessment the actor may see with its version, answers
// and current result.
func (s *Service) Sheet(ctx context.Context, id AssessmentID) (*Sheet, error) {
	_, x, err := s.auditVisible(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	return s.auditSheet(ctx, x, nil)
}

// auditSheet reads x's version (through cache, when given), answers and
// result.
func (s *Service) auditSheet(ctx context.Context, x *Assessment, cache map[VersionID]*Version) (*Sheet, error) {
	v := cache[x.VersionID]
	if v == nil {
		var err error
		if v, err = s.store.FindVersion(ctx, x.VersionID); err != nil {
			return nil, err
		}
		if cache != nil {
			cache[x.VersionID] = v
		}
	}
	answers, err := s.store.FindAnswers(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	sh := &Sheet{Assessment: x, Version: v, Answers: answers, Result: Score(&v.Body, answers), Perms: s.PermsFor(ctx, x)}
	if x.Mode == ModeIndependent {
		if sh.Note, err = s.store.FindAssessmentNote(ctx, x.ID); err != nil {
			return nil, err
		}
	}
	return sh, nil
}

// Past is an earlier (or the counterpart) submitted assessment with its
// score per section key.
type Past struct {
	Assessment *Assessment        `json:"assessment"`
	Result     Result             `json:"result"`
	BySection  map[string]float64 `json:"by_section"` // section key → percentage (scored sections only)
}

// Report is the results page of an assessment: its sheet, the
// enterprise's earlier submitted assessments on the same scheme code
// (compared by section key across versions), and the other mode's
// assessment to set side by side (self against independent).
type Report struct {
	Sheet
	History     []Past `json:"history"`               // oldest first, without this one
	Counterpart *Past  `json:"counterpart,omitempty"` // self ↔ independent
}

// auditResultStatuses are those of an assessment with a frozen result.
var auditResultStatuses = []Status{StatusSubmitted, StatusRecognised, StatusNotRecognised}

// HasResult reports whether x has a frozen result.
func (x *Assessment) HasResult() bool {
	return x.Status == StatusSubmitted || x.Status == StatusRecognised || x.Status == StatusNotRecognised
}

// Report returns the results of an assessment the actor may see. The
// history is for the enterprise and the officers; the assigned assessor
// sees the self-assessment the request is based on.
func (s *Service) Report(ctx context.Context, id AssessmentID) (*Report, error) {
	_, x, err := s.auditVisible(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	cache := map[VersionID]*Version{}
	sh, err := s.auditSheet(ctx, x, cache)
	if err != nil {
		return nil, err
	}
	rep := &Report{Sheet: *sh, History: []Past{}}
	past := func(y *Assessment) (*Past, error) {
		o, err := s.auditSheet(ctx, y, cache)
		if err != nil {
			return nil, err
		}
		p := &Past{Assessment: y, Result: o.Result, BySection: map[string]float64{}}
		for _, sr := range o.Result.Sections {
			if sr.Scored {
				p.BySection[sr.Key] = sr.Pct
			}
		}
		return p, nil
	}
	if !sh.Perms.History {
		if x.BasedOn != 0 {
			b, err := s.store.FindAssessment(ctx, x.BasedOn)
			if err != nil {
				return nil, err
			}
			if b.EnterpriseID == x.EnterpriseID && b.HasResult() {
				if rep.Counterpart, err = past(b); err != nil {
					return nil, err
				}
			}
		}
		return rep, nil
	}
	all, _, err := s.store.FindAssessments(ctx, AssessmentFilter{EnterpriseID: x.EnterpriseID, SchemeCode: x.SchemeCode,
		Statuses: auditResultStatuses, Exclude: x.ID, Limit: 50})
	if err != nil {
		return nil, err
	}
	// The history: the same mode, submitted before this one (or all, for
	// one still open), oldest first, at most 5.
	at := func(y *Assessment) time.Time {
		if y.SubmittedAt != nil {
			return *y.SubmittedAt
		}
		return y.CreatedAt
	}
	var hist []*Assessment
	for _, y := range all {
		if y.Mode == x.Mode && (!x.HasResult() || at(y).Before(at(x)) || at(y).Equal(at(x)) && y.ID < x.ID) {
			hist = append(hist, y)
		}
	}
	if len(hist) > 5 {
		hist = hist[:5] // newest first from the store
	}
	for i := len(hist) - 1; i >= 0; i-- {
		p, err := past(hist[i])
		if err != nil {
			return nil, err
		}
		rep.History = append(rep.History, *p)
	}
	// The counterpart: for an independent assessment, the self-assessment
	// it is based on, else the latest submitted self-assessment; for a
	// self-assessment, the independent one based on it, else the latest.
	var cp *Assessment
	for _, y := range all {
		if y.Mode == x.Mode {
			continue
		}
		if x.Mode == ModeIndependent && y.ID == x.BasedOn || x.Mode == ModeSelf && y.BasedOn == x.ID {
			cp = y
			break
		}
		if cp == nil {
			cp = y
		}
	}
	if cp != nil {
		if rep.Counterpart, err = past(cp); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// AuditVersion returns a scheme version with its body: the criteria are
// public, whatever the version (an assessment shows its own).
func (s *Service) AuditVersion(ctx context.Context, id VersionID) (*Version, error) {
	return s.store.FindVersion(ctx, id)
}
