package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/vn"
)

// AccountLinker sets the enterprise a user represents once a claim is
// approved. auth.Service is meant to implement it; cmd wires it.
type AccountLinker interface {
	LinkEnterprise(ctx context.Context, user auth.UserID, enterprise int64) error
}

// Service is the registry use cases. It validates, authorizes (the actor
// comes from ctx, the policy is auth's table) and runs each write in one
// transaction with its history and audit entries.
type Service struct {
	store  Store
	geo    ProvinceResolver
	now    func() time.Time
	linker AccountLinker
	sizes  SizeRules
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithProvinces sets the province lookup (default: geo.MustLoad()).
func WithProvinces(p ProvinceResolver) Option { return func(s *Service) { s.geo = p } }

// WithAccountLinker sets what links an approved claimant to the enterprise.
func WithAccountLinker(l AccountLinker) Option { return func(s *Service) { s.linker = l } }

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, sizes: Decree80}
	for _, o := range opts {
		o(s)
	}
	if s.geo == nil {
		s.geo = geo.MustLoad()
	}
	return s
}

// SetAccountLinker sets the linker after construction (cmd wires auth and
// registry, which need each other).
func (s *Service) SetAccountLinker(l AccountLinker) { s.linker = l }

var (
	errNotFound = fault.New(fault.NotFound, "Không tìm thấy doanh nghiệp.", "Enterprise not found.")
	errSignIn   = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
)

func forbidden(vi, en string) error { return fault.New(fault.Forbidden, vi, en) }

func scopeOf(e *Enterprise) auth.Scope {
	return auth.Scope{ProvinceCode: e.ProvinceCode, EnterpriseID: int64(e.ID)}
}

func (s *Service) today() string { return s.now().In(vn.Zone).Format("2006-01-02") }

// signedIn returns the actor or Unauthenticated.
func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

// visible loads enterprise id if the actor may see its full record; others
// get NotFound, so that the registry does not confirm what they may not see.
func (s *Service) visible(ctx context.Context, st Store, id EnterpriseID) (*auth.Actor, *Enterprise, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, nil, err
	}
	e, err := st.FindEnterpriseByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !auth.Allowed(a, auth.ActEnterpriseView, scopeOf(e)) {
		return nil, nil, errNotFound
	}
	return a, e, nil
}

// EnterpriseProvince returns the province of enterprise id (for scoping). It
// satisfies auth.EnterpriseChecker.
func (s *Service) EnterpriseProvince(ctx context.Context, id int64) (string, error) {
	e, err := s.store.FindEnterpriseByID(ctx, EnterpriseID(id))
	if err != nil {
		return "", err
	}
	return e.ProvinceCode, nil
}

// FindEnterpriseByID returns one enterprise to a signed-in user who may see
// it: officers of its province or the ministry, its own users, admins.
// Others get NotFound; the public uses PublicEnterprise.
func (s *Service) FindEnterpriseByID(ctx context.Context, id EnterpriseID) (*Enterprise, error) {
	_, e, err := s.visible(ctx, s.store, id)
	return e, err
}

// FindEnterpriseByTaxCode is FindEnterpriseByID by tax code (any spelling).
func (s *Service) FindEnterpriseByTaxCode(ctx context.Context, taxCode string) (*Enterprise, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	code, p := ParseTaxCode(taxCode)
	if p != nil {
		return nil, Problems{*p}.Err()
	}
	e, err := s.store.FindEnterpriseByTaxCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if !auth.Allowed(a, auth.ActEnterpriseView, scopeOf(e)) {
		return nil, errNotFound
	}
	return e, nil
}

// scopeFilter narrows f to what the actor may see, or fails.
func scopeFilter(a *auth.Actor, f *Filter) error {
	if !auth.Can(a, auth.ActEnterpriseView) {
		return forbidden("Bạn không có quyền tra cứu danh sách này.", "You may not search this list.")
	}
	if auth.Allowed(a, auth.ActEnterpriseView, everywhere) {
		return nil // reaches every province
	}
	switch a.Role {
	case auth.RoleProvince:
		f.ProvinceCode = a.ProvinceCode
	case auth.RoleEnterprise:
		f.EnterpriseID = EnterpriseID(a.EnterpriseID)
	default:
		return forbidden("Bạn không có quyền tra cứu danh sách này.", "You may not search this list.")
	}
	return nil
}

func cleanFilter(f *Filter) {
	f.Query = vn.Fold(f.Query)
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if f.TaxCode != "" {
		if code, p := ParseTaxCode(f.TaxCode); p == nil {
			f.TaxCode = code
		}
	}
}

// FindEnterprises returns the enterprises matching f that the actor may see
// (provincial officers: their province; enterprise users: their own), and
// the total.
func (s *Service) FindEnterprises(ctx context.Context, f Filter) ([]*Enterprise, int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := scopeFilter(a, &f); err != nil {
		return nil, 0, err
	}
	cleanFilter(&f)
	f.Facets = false
	return s.store.FindEnterprises(ctx, f)
}

// SearchEnterprises is FindEnterprises with facet counts when f.Facets.
func (s *Service) SearchEnterprises(ctx context.Context, f Filter) (*Page, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := scopeFilter(a, &f); err != nil {
		return nil, err
	}
	cleanFilter(&f)
	return s.store.SearchEnterprises(ctx, f)
}

// PublicEnterprise returns the public view of an enterprise, to anyone.
func (s *Service) PublicEnterprise(ctx context.Context, id EnterpriseID) (*PublicView, error) {
	e, err := s.store.FindEnterpriseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v := e.PublicView(s.latestFigures(ctx, s.store, e))
	return &v, nil
}

// PublicSearch searches the registry for the public: name, tax code,
// province, priority industry and VSIC filters only (size class and
// ownership derive from non-public figures), public views only.
func (s *Service) PublicSearch(ctx context.Context, f Filter) ([]PublicView, int, error) {
	pub := Filter{Query: f.Query, TaxCode: f.TaxCode, ProvinceCode: f.ProvinceCode, Industry: f.Industry,
		VSICPrefix: f.VSICPrefix, Sort: SortName, Offset: f.Offset, Limit: f.Limit}
	cleanFilter(&pub)
	es, total, err := s.store.FindEnterprises(ctx, pub)
	if err != nil {
		return nil, 0, err
	}
	vs := make([]PublicView, len(es))
	for i, e := range es {
		vs[i] = e.PublicView(nil)
	}
	return vs, total, nil
}

func (s *Service) latestFigures(ctx context.Context, st Store, e *Enterprise) *Figures {
	if e.LatestYear == 0 {
		return nil
	}
	figs, err := st.FindFigures(ctx, e.ID)
	if err != nil {
		return nil
	}
	for i := range figs {
		if figs[i].Year == e.LatestYear {
			return &figs[i]
		}
	}
	return nil
}

// record writes the history and audit entries of a change to enterprise id.
func (s *Service) record(ctx context.Context, tx Store, now time.Time, action string, id EnterpriseID, before, after any) error {
	entry := audit.New(ctx, now, action, "enterprise", fmt.Sprint(int64(id)), before, after)
	h := &HistoryEntry{EnterpriseID: id, Action: action, Before: entry.Before, After: entry.After,
		ActorID: auth.UserID(entry.ActorID), ActorEmail: entry.ActorEmail, At: now}
	if err := tx.AddHistory(ctx, h); err != nil {
		return err
	}
	return tx.AddAudit(ctx, entry)
}

// duplicate turns a store Conflict on the tax code into DUPLICATE_TAX_CODE.
func duplicate(err error) error {
	if fault.Is(err, fault.Conflict) {
		return problemErr("tax_code", CodeDuplicateTaxCode, "Mã số thuế này đã có trong hệ thống.", "This tax code is already in the registry.")
	}
	return err
}

// CreateEnterprise registers an enterprise (officers of its province, the
// ministry, admins). A branch (13-digit code) is linked to its head office
// when that is in the registry; a head office adopts its registered
// branches. The tax code must be new (DUPLICATE_TAX_CODE).
func (s *Service) CreateEnterprise(ctx context.Context, in Enterprise) (*Enterprise, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	e := in
	e.ID, e.ParentID, e.Judgement, e.LatestYear, e.SizeClass, e.Employees = 0, 0, OfficerJudgement{}, 0, SizeUnknown, 0
	if ps := e.normalize(s.geo, s.today()); len(ps) > 0 {
		return nil, ps.Err()
	}
	if !auth.Allowed(a, auth.ActEnterpriseManage, scopeOf(&e)) {
		return nil, forbidden("Bạn không có quyền đăng ký doanh nghiệp ở tỉnh/thành phố này.", "You may not register enterprises in this province.")
	}
	now := s.now().UTC()
	e.CreatedAt, e.UpdatedAt = now, now
	err = s.store.Tx(ctx, func(tx Store) error {
		if _, err := tx.FindEnterpriseByTaxCode(ctx, e.TaxCode); err == nil {
			return duplicate(fault.New(fault.Conflict, "", ""))
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
		if parent := ParentTaxCode(e.TaxCode); parent != "" {
			p, err := tx.FindEnterpriseByTaxCode(ctx, parent)
			switch {
			case err == nil:
				e.ParentID = p.ID
			case !fault.Is(err, fault.NotFound):
				return err
			}
		}
		if err := tx.CreateEnterprises(ctx, []*Enterprise{&e}); err != nil {
			return duplicate(err)
		}
		if !IsBranchCode(e.TaxCode) {
			if err := s.adoptBranches(ctx, tx, &e, now); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, now, "enterprise.create", e.ID, nil, &e)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// adoptBranches links the registered branches of head office e to it.
func (s *Service) adoptBranches(ctx context.Context, tx Store, e *Enterprise, now time.Time) error {
	es, _, err := tx.FindEnterprises(ctx, Filter{Query: e.TaxCode + "-", Limit: 1000})
	if err != nil {
		return err
	}
	for _, b := range es {
		if b.ParentID != 0 || ParentTaxCode(b.TaxCode) != e.TaxCode {
			continue
		}
		before := *b
		b.ParentID, b.UpdatedAt = e.ID, now
		if err := tx.UpdateEnterprise(ctx, b); err != nil {
			return err
		}
		if err := s.record(ctx, tx, now, "enterprise.link_parent", b.ID, &before, b); err != nil {
			return err
		}
	}
	return nil
}

// UpdateEnterprise changes an enterprise's profile. Its own users and the
// officers who reach it may change the profile; tax code, province and
// status are officers' only (Forbidden for enterprise users, naming the
// fields).
func (s *Service) UpdateEnterprise(ctx context.Context, id EnterpriseID, u EnterpriseUpdate) (*Enterprise, error) {
	var out *Enterprise
	err := s.store.Tx(ctx, func(tx Store) error {
		a, e, err := s.visible(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.Allowed(a, auth.ActEnterpriseEdit, scopeOf(e)) {
			return forbidden("Bạn không có quyền sửa hồ sơ doanh nghiệp này.", "You may not edit this enterprise.")
		}
		if fs := u.officerOnly(); len(fs) > 0 && !auth.Allowed(a, auth.ActEnterpriseManage, scopeOf(e)) {
			list := strings.Join(fs, ", ")
			return forbidden("Chỉ cán bộ quản lý mới được sửa các trường: "+list+".", "Only officers may change: "+list+".")
		}
		before := *e
		n := *e
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&n.Name, u.Name)
		set(&n.NameEN, u.NameEN)
		set(&n.ShortName, u.ShortName)
		set(&n.Commune, u.Commune)
		set(&n.Address, u.Address)
		set(&n.VSIC, u.VSIC)
		set(&n.FoundedOn, u.FoundedOn)
		set(&n.TaxCode, u.TaxCode)
		set(&n.ProvinceCode, u.ProvinceCode)
		if u.VSICEdition != nil {
			n.VSICEdition = *u.VSICEdition
		}
		if u.Ownership != nil {
			n.Ownership = *u.Ownership
		}
		if u.Contact != nil {
			n.Contact = *u.Contact
		}
		if u.Public != nil {
			n.Public = *u.Public
		}
		if u.Status != nil {
			n.Status = *u.Status
		}
		if ps := n.normalize(s.geo, s.today()); len(ps) > 0 {
			return ps.Err()
		}
		if n.ProvinceCode != e.ProvinceCode && !auth.Allowed(a, auth.ActEnterpriseManage, scopeOf(&n)) {
			return forbidden("Bạn không có quyền chuyển doanh nghiệp sang tỉnh/thành phố khác.", "You may not move the enterprise to that province.")
		}
		if n.TaxCode != e.TaxCode {
			if ParentTaxCode(n.TaxCode) != ParentTaxCode(e.TaxCode) {
				return problemErr("tax_code", CodeTaxCodeParent, "Không thể đổi giữa mã trụ sở chính và mã đơn vị phụ thuộc khác.",
					"A tax code cannot change to another head office's or between head office and branch.")
			}
			if _, err := tx.FindEnterpriseByTaxCode(ctx, n.TaxCode); err == nil {
				return duplicate(fault.New(fault.Conflict, "", ""))
			}
		}
		now := s.now().UTC()
		n.UpdatedAt = now
		if err := tx.UpdateEnterprise(ctx, &n); err != nil {
			return duplicate(err)
		}
		out = &n
		return s.record(ctx, tx, now, "enterprise.update", id, &before, &n)
	})
	return out, err
}

// JudgementInput sets the officer-only judgements; nil leaves one as is.
type JudgementInput struct {
	SectorSpecific *bool
	Replicable     *bool
	Note           *string
	// Clear unsets both judgements (back to "not judged").
	Clear bool
}

// SetJudgement records an officer's judgement of an enterprise (sector-
// specific, replicable) with who and when. Officers of its province, the
// ministry and admins only.
func (s *Service) SetJudgement(ctx context.Context, id EnterpriseID, in JudgementInput) (*Enterprise, error) {
	var out *Enterprise
	err := s.store.Tx(ctx, func(tx Store) error {
		a, e, err := s.visible(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.Allowed(a, auth.ActEnterpriseManage, scopeOf(e)) {
			return forbidden("Chỉ cán bộ quản lý mới được đánh giá tính đặc thù ngành và khả năng nhân rộng.",
				"Only officers may judge whether an enterprise is sector-specific and replicable.")
		}
		before := *e
		now := s.now().UTC()
		j := e.Judgement
		if in.Clear {
			j.SectorSpecific, j.Replicable = nil, nil
		}
		if in.SectorSpecific != nil {
			v := *in.SectorSpecific
			j.SectorSpecific = &v
		}
		if in.Replicable != nil {
			v := *in.Replicable
			j.Replicable = &v
		}
		if in.Note != nil {
			j.Note = vn.NFC(*in.Note)
			if utf8.RuneCountInString(j.Note) > maxNoteLen {
				return problemErr("note", CodeTextTooLong, "Ghi chú quá dài.", "The note is too long.")
			}
		}
		j.By, j.At = a.UserID, &now
		e.Judgement, e.UpdatedAt = j, now
		if err := tx.UpdateEnterprise(ctx, e); err != nil {
			return err
		}
		out = e
		return s.record(ctx, tx, now, "enterprise.judge", id, &before, e)
	})
	return out, err
}

// FindFigures returns an enterprise's yearly figures with size class and
// productivity, by year.
func (s *Service) FindFigures(ctx context.Context, id EnterpriseID) ([]YearMetrics, error) {
	_, e, err := s.visible(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	figs, err := s.store.FindFigures(ctx, id)
	if err != nil {
		return nil, err
	}
	return Metrics(s.sizes, e.SectorGroup(), figs), nil
}

// PutFigures records (or replaces) the figures of one year and returns all
// years' metrics. Its own users and the officers who reach it may.
func (s *Service) PutFigures(ctx context.Context, id EnterpriseID, f Figures) ([]YearMetrics, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	if ps := f.Validate(s.now().In(vn.Zone).Year()); len(ps) > 0 {
		return nil, ps.Err()
	}
	return s.changeFigures(ctx, id, "enterprise.figures.put", f.Year, func(tx Store) error { return tx.PutFigures(ctx, id, f) })
}

// DeleteFigures removes the figures of one year (NotFound when the year
// has none).
func (s *Service) DeleteFigures(ctx context.Context, id EnterpriseID, year int) ([]YearMetrics, error) {
	return s.changeFigures(ctx, id, "enterprise.figures.delete", year, func(tx Store) error {
		figs, err := tx.FindFigures(ctx, id)
		if err != nil {
			return err
		}
		if yearOf(figs, year) == nil {
			return fault.New(fault.NotFound, "Chưa có số liệu của năm này.", "There are no figures for this year.")
		}
		return tx.DeleteFigures(ctx, id, year)
	})
}

func (s *Service) changeFigures(ctx context.Context, id EnterpriseID, action string, year int, change func(Store) error) ([]YearMetrics, error) {
	var out []YearMetrics
	err := s.store.Tx(ctx, func(tx Store) error {
		a, e, err := s.visible(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.Allowed(a, auth.ActEnterpriseEdit, scopeOf(e)) {
			return forbidden("Bạn không có quyền sửa số liệu của doanh nghiệp này.", "You may not edit this enterprise's figures.")
		}
		old, err := tx.FindFigures(ctx, id)
		if err != nil {
			return err
		}
		if err := change(tx); err != nil {
			return err
		}
		figs, err := tx.FindFigures(ctx, id)
		if err != nil {
			return err
		}
		out = Metrics(s.sizes, e.SectorGroup(), figs)
		now := s.now().UTC()
		e.LatestYear, e.SizeClass, e.Employees = latestOf(out)
		e.UpdatedAt = now
		if err := tx.UpdateEnterprise(ctx, e); err != nil {
			return err
		}
		return s.record(ctx, tx, now, action, id, yearOf(old, year), yearOf(figs, year))
	})
	return out, err
}

func yearOf(figs []Figures, year int) any {
	for _, f := range figs {
		if f.Year == year {
			return f
		}
	}
	return nil
}

// latestOf returns the denormalised latest-year fields of metrics sorted by year.
func latestOf(ms []YearMetrics) (int, SizeClass, int64) {
	if len(ms) == 0 {
		return 0, SizeUnknown, 0
	}
	m := ms[len(ms)-1]
	var emp int64
	if m.Employees != nil {
		emp = *m.Employees
	}
	return m.Year, m.SizeClass, emp
}

// LatestOf is latestOf for bulk writers (demo data, imports): the latest
// year, its size class and employees, for a firm of sector group g.
func LatestOf(g SectorGroup, figs []Figures) (int, SizeClass, int64) {
	return latestOf(Metrics(Decree80, g, figs))
}

// FindActivities returns an enterprise's improvement activities by year.
func (s *Service) FindActivities(ctx context.Context, id EnterpriseID) ([]*Activity, error) {
	if _, _, err := s.visible(ctx, s.store, id); err != nil {
		return nil, err
	}
	return s.store.FindActivities(ctx, id)
}

// AddActivity records an improvement activity of an enterprise.
func (s *Service) AddActivity(ctx context.Context, id EnterpriseID, in Activity) (*Activity, error) {
	act := Activity{EnterpriseID: id, Year: in.Year, Title: vn.NFC(in.Title), Tool: vn.NFC(in.Tool)}
	var ps Problems
	if act.Year < MinYear || act.Year > s.now().In(vn.Zone).Year() {
		ps.Add("year", CodeYearInvalid, "Năm phải từ 1990 đến năm hiện tại.", "The year must be between 1990 and this year.")
	}
	if act.Title == "" {
		ps.Add("title", CodeActivityTitleEmpty, "Vui lòng nhập tên hoạt động.", "Please enter the activity's title.")
	} else if utf8.RuneCountInString(act.Title) > MaxNameLen || utf8.RuneCountInString(act.Tool) > maxShortLen {
		ps.Add("title", CodeTextTooLong, "Tên hoạt động hoặc công cụ quá dài.", "The title or tool is too long.")
	}
	if len(ps) > 0 {
		return nil, ps.Err()
	}
	err := s.store.Tx(ctx, func(tx Store) error {
		a, e, err := s.visible(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.Allowed(a, auth.ActEnterpriseEdit, scopeOf(e)) {
			return forbidden("Bạn không có quyền sửa hồ sơ doanh nghiệp này.", "You may not edit this enterprise.")
		}
		now := s.now().UTC()
		act.CreatedBy, act.CreatedAt = a.UserID, now
		if err := tx.CreateActivity(ctx, &act); err != nil {
			return err
		}
		return s.record(ctx, tx, now, "enterprise.activity.create", id, nil, &act)
	})
	if err != nil {
		return nil, err
	}
	return &act, nil
}

// FindHistory returns the changes of an enterprise, newest first, and the total.
func (s *Service) FindHistory(ctx context.Context, id EnterpriseID, offset, limit int) ([]*HistoryEntry, int, error) {
	if _, _, err := s.visible(ctx, s.store, id); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	return s.store.FindHistory(ctx, id, max(offset, 0), limit)
}

// Eligibility says whether an enterprise is eligible for a track on a date
// with a counterpart share (vốn đối ứng, percent of the cost), and why, by
// the track's rules in force on that date (programme settings).
func (s *Service) Eligibility(ctx context.Context, id EnterpriseID, track Track, counterpartPct float64, on time.Time) (*Eligibility, error) {
	key, ok := track.SettingKey()
	if !ok {
		return nil, problemErr("track", CodeTrackUnknown, "Không có hướng hỗ trợ này.", "There is no such track.")
	}
	if counterpartPct < 0 || counterpartPct > 100 {
		return nil, problemErr("counterpart_pct", CodeShareInvalid, "Tỷ lệ vốn đối ứng phải từ 0 đến 100%.", "The counterpart share must be 0–100%.")
	}
	_, e, err := s.visible(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	date := on.In(vn.Zone).Format("2006-01-02")
	set, err := s.settingOn(ctx, key, date)
	if err != nil {
		return nil, err
	}
	rules, err := ParseTrackRules(set.Value)
	if err != nil {
		return nil, fault.Internalf("registry: setting %s (id %d) does not parse: %v", key, set.ID, err)
	}
	figs, err := s.store.FindFigures(ctx, id)
	if err != nil {
		return nil, err
	}
	in := EligibilityInput{Track: track, CounterpartPct: counterpartPct, Industry: e.Industry,
		Judgement: e.Judgement, Active: e.Status == StatusActive}
	ms := Metrics(s.sizes, e.SectorGroup(), figs)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].Year <= on.In(vn.Zone).Year() {
			in.SizeClass, in.SizeYear = ms[i].SizeClass, ms[i].Year
			break
		}
	}
	acts, err := s.store.FindActivities(ctx, id)
	if err != nil {
		return nil, err
	}
	years := map[int]bool{}
	for _, a := range acts {
		if a.Year <= on.In(vn.Zone).Year() {
			years[a.Year] = true
		}
	}
	in.ImprovementYears = len(years)
	out := Evaluate(rules, in)
	out.Date = date
	return &out, nil
}

func (s *Service) settingOn(ctx context.Context, key SettingKey, date string) (*Setting, error) {
	vals, err := s.store.FindSettings(ctx, key)
	if err != nil {
		return nil, err
	}
	set, ok := SettingInForce(vals, date)
	if !ok {
		return nil, fault.New(fault.NotFound, "Chưa có quy định cho ngày "+date+".", "No rules are in force on "+date+".")
	}
	return set, nil
}

// SettingOn returns the value of key in force on a date, to signed-in users.
func (s *Service) SettingOn(ctx context.Context, key SettingKey, on time.Time) (*Setting, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	return s.settingOn(ctx, key, on.In(vn.Zone).Format("2006-01-02"))
}

// FindSettings returns every value of key (its history), oldest effective first.
func (s *Service) FindSettings(ctx context.Context, key SettingKey) ([]*Setting, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	return s.store.FindSettings(ctx, key)
}

// SetSetting records a new value of a setting, in force from effectiveFrom
// (dd/mm/yyyy or yyyy-mm-dd). Earlier values stay, for the dates they
// governed. Ministry officers and admins only.
func (s *Service) SetSetting(ctx context.Context, key SettingKey, value json.RawMessage, effectiveFrom, note string) (*Setting, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActSettingsManage) {
		return nil, forbidden("Chỉ cán bộ Bộ và quản trị viên được thay đổi thiết lập chương trình.", "Only ministry officers and admins may change programme settings.")
	}
	if err := ValidateSettingValue(key, value); err != nil {
		return nil, err
	}
	d, err := vn.ParseDate(effectiveFrom)
	if err != nil {
		return nil, problemErr("effective_from", CodeDateInvalid, "Ngày hiệu lực không hợp lệ.", "The effective date is not valid.")
	}
	now := s.now().UTC()
	set := &Setting{Key: key, Value: value, EffectiveFrom: d.Format("2006-01-02"), Note: vn.NFC(note), SetBy: a.UserID, SetAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateSetting(ctx, set); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "setting.create", "setting", string(key), nil, set))
	})
	if err != nil {
		return nil, err
	}
	return set, nil
}

// everywhere is a scope no province or enterprise matches: an actor allowed
// an action there reaches all data.
var everywhere = auth.Scope{ProvinceCode: "\x00", EnterpriseID: -1}
