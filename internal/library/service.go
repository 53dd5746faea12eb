package library

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/markdown"
)

// Store keeps cases and guides (sqldb/library*.go). Finders return
// fault.NotFound for a missing object; an update whose version is stale is
// fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error

	// FindTools returns the catalogue's visible tools in catalogue order.
	FindTools(ctx context.Context) ([]Tool, error)
	// FindEnterprise returns a registry enterprise's name and province.
	FindEnterprise(ctx context.Context, id int64) (*Enterprise, error)

	// CreateCase inserts c (ID, Version 1, EnterpriseName set); an unknown
	// enterprise is fault.Invalid.
	CreateCase(ctx context.Context, c *Case) error
	// UpdateCase writes c if c.Version is still the stored one
	// (fault.Conflict otherwise); c.Version becomes the new one.
	UpdateCase(ctx context.Context, c *Case) error
	FindCase(ctx context.Context, id CaseID) (*Case, error)
	// FindCases returns the cases matching f, the latest published first,
	// and their total.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, int, error)

	// CreatePhoto inserts a photo with its JPEG and thumbnail.
	CreatePhoto(ctx context.Context, p *CasePhoto, content, thumb []byte) error
	FindPhoto(ctx context.Context, id PhotoID) (*CasePhoto, error)
	// FindPhotos returns a case's photos in upload order.
	FindPhotos(ctx context.Context, id CaseID) ([]*CasePhoto, error)
	// FindPhotoBytes returns a photo's JPEG, or its thumbnail.
	FindPhotoBytes(ctx context.Context, id PhotoID, thumb bool) ([]byte, error)
	DeletePhoto(ctx context.Context, id PhotoID) error

	// CreateGuide inserts g (ID, Version 1).
	CreateGuide(ctx context.Context, g *Guide) error
	// UpdateGuide writes g if g.Version is still the stored one.
	UpdateGuide(ctx context.Context, g *Guide) error
	FindGuide(ctx context.Context, id GuideID) (*Guide, error)
	// FindGuides returns the guides matching f by tool, and their total.
	FindGuides(ctx context.Context, f GuideFilter) ([]*Guide, int, error)

	// CreateFile inserts a guide's template with its data.
	CreateFile(ctx context.Context, f *GuideFile) error
	// FindFiles returns a guide's templates without their data.
	FindFiles(ctx context.Context, id GuideID) ([]*GuideFile, error)
	// FindFile returns a template with its data.
	FindFile(ctx context.Context, id FileID) (*GuideFile, error)
	DeleteFile(ctx context.Context, id FileID) error
}

// Pilot is what the library reads of a programme pilot model: verified
// results only, and the replications the public may know.
type Pilot struct {
	ActivityID     int64
	Title          string
	EnterpriseID   int64
	EnterpriseName string
	ProvinceCode   string
	Tools          []string
	KPIs           []CaseKPI // verified
	Replicators    []CaseReplicator
	Others         int // replications not yet confirmed (not named)
}

// CaseReplicator is an enterprise that applied a pilot model (confirmed).
type CaseReplicator struct {
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code,omitempty"`
	AppliedOn    string `json:"applied_on,omitempty" doc:"yyyy-mm-dd"`
}

// Programme is what the library reads of the programme
// (cmd/nscl/wire_library.go adapts *programme.Service).
type Programme interface {
	// Pilot returns a supported pilot model (fault.NotFound otherwise).
	Pilot(ctx context.Context, activityID int64, lang string) (*Pilot, error)
}

// Options configure a Service. Store is required.
type Options struct {
	Store     Store
	Programme Programme // nil: cases are not linked to pilots
	Geo       *geo.Table
	Clock     func() time.Time
	Log       *slog.Logger
}

// Service is the library's use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store Store
	prog  Programme
	geo   *geo.Table
	now   func() time.Time
	log   *slog.Logger
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Geo == nil {
		o.Geo = geo.MustLoad()
	}
	return &Service{store: o.Store, prog: o.Programme, geo: o.Geo, now: o.Clock, log: o.Log}
}

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}

var errSignIn = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")

func denied() error {
	return fault.New(fault.Forbidden,
		"Thư viện do cán bộ Bộ biên tập; cán bộ tỉnh chỉ biên tập điển hình của doanh nghiệp trong tỉnh và bài hướng dẫn của tỉnh mình.",
		"The library is edited by ministry officers; a provincial officer edits only the cases of enterprises of their province and their province's guides.")
}

// editor returns the signed-in actor when they edit the library at all.
func editor(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActLibraryManage) {
		return nil, denied()
	}
	return a, nil
}

// mayEdit reports whether a edits an object of province prov ("" the
// ministry's): admins and ministry officers any, a provincial officer
// their province's only.
func mayEdit(a *auth.Actor, prov string) bool {
	if !auth.Allowed(a, auth.ActLibraryManage, auth.Scope{ProvinceCode: prov}) {
		return false
	}
	return a.Role != auth.RoleProvince || prov == a.ProvinceCode
}

// draftsOf is the filter of the drafts a sees: "" none, "*" any, else a
// province's.
func draftsOf(a *auth.Actor) string {
	if a.IsAnonymous() || !auth.Can(a, auth.ActLibraryManage) {
		return ""
	}
	if a.Role == auth.RoleProvince {
		return a.ProvinceCode
	}
	return "*"
}

// MayManage reports whether the actor edits the library at all.
func (s *Service) MayManage(ctx context.Context) bool {
	a := auth.ActorFrom(ctx)
	return !a.IsAnonymous() && auth.Can(a, auth.ActLibraryManage)
}

// Tools lists the catalogue's tools.
func (s *Service) Tools(ctx context.Context) ([]Tool, error) { return s.store.FindTools(ctx) }

func (s *Service) knownProvince(code string) bool { _, ok := s.geo.Province(code); return ok }

// CaseSummary is a published case as other areas show it (the portal's
// home page, a newsletter).
type CaseSummary struct {
	ID           int64
	Title        string
	Summary      string // plain text, one or two sentences
	URL          string // the case's page, a path such as "/cases/12"
	Tools        []string
	ProvinceCode string
	Sector       string
	PhotoURL     string // "" when the case has no photo
	PublishedAt  time.Time
}

func summaryOf(c *Case) CaseSummary {
	cs := CaseSummary{ID: int64(c.ID), Title: c.Title, Summary: c.Summary, URL: fmt.Sprintf("/cases/%d", c.ID), Tools: c.Tools,
		ProvinceCode: c.ProvinceCode, Sector: string(c.Industry)}
	if cs.Summary == "" {
		cs.Summary = markdown.Plain(string(c.ProblemMD), 200)
	}
	if c.CoverPhotoID != 0 {
		cs.PhotoURL = fmt.Sprintf("/cases/%d/photos/%d/thumb", c.ID, c.CoverPhotoID)
	}
	if c.PublishedAt != nil {
		cs.PublishedAt = *c.PublishedAt
	}
	return cs
}

// LatestCases returns the n most recently published cases, newest first.
// Anyone may read published cases.
func (s *Service) LatestCases(ctx context.Context, n int) ([]CaseSummary, error) {
	if n <= 0 {
		return nil, nil
	}
	cs, _, err := s.store.FindCases(ctx, CaseFilter{Status: StatusPublished, Limit: min(n, 100)})
	if err != nil {
		return nil, err
	}
	out := make([]CaseSummary, 0, len(cs))
	for _, c := range cs {
		out = append(out, summaryOf(c))
	}
	return out, nil
}

// CaseSummaries returns the published cases with these ids, in the order
// given; unknown or unpublished ids are left out.
func (s *Service) CaseSummaries(ctx context.Context, ids []int64) ([]CaseSummary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > 500 {
		ids = ids[:500]
	}
	cids := make([]CaseID, len(ids))
	for i, id := range ids {
		cids[i] = CaseID(id)
	}
	cs, _, err := s.store.FindCases(ctx, CaseFilter{Status: StatusPublished, IDs: cids})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Case, len(cs))
	for _, c := range cs {
		byID[int64(c.ID)] = c
	}
	out := make([]CaseSummary, 0, len(ids))
	seen := map[int64]bool{}
	for _, id := range ids {
		if c, ok := byID[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, summaryOf(c))
		}
	}
	return out, nil
}
