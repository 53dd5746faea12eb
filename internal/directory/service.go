package directory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// ToolLister lists the improvement-tool catalogue (*catalog.Service has it).
type ToolLister interface {
	Tools(ctx context.Context) ([]catalog.Tool, error)
}

// EnterpriseLookup finds the registry enterprise with a tax code (in the
// registry's form), for linking an organisation; NotFound when none.
type EnterpriseLookup interface {
	EnterpriseIDByTaxCode(ctx context.Context, taxCode string) (int64, error)
}

// Service is the directory use cases: it validates, authorizes (the actor
// comes from ctx) and writes each change with its audit entry in one
// transaction.
type Service struct {
	store       Store
	tools       ToolLister
	provinces   ProvinceChecker
	enterprises EnterpriseLookup
	now         func() time.Time

	countsMu sync.Mutex
	counts   map[string]int
	countsAt time.Time
	totals   map[string]int // sizes of broad selections (see ExpertFilter.Broad), cleared with counts
	totalsAt time.Time
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithTools sets the tool catalogue (default: the built-in tools).
func WithTools(t ToolLister) Option { return func(s *Service) { s.tools = t } }

// WithEnterprises sets the registry lookup that links organisations.
func WithEnterprises(e EnterpriseLookup) Option { return func(s *Service) { s.enterprises = e } }

// NewService returns a Service over store; provinces tells the 34 codes.
func NewService(store Store, provinces ProvinceChecker, opts ...Option) *Service {
	s := &Service{store: store, provinces: provinces, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

var (
	errExpertNotFound = fault.New(fault.NotFound, "Không tìm thấy chuyên gia.", "Expert not found.")
	errOrgNotFound    = fault.New(fault.NotFound, "Không tìm thấy tổ chức.", "Organisation not found.")
	errNoProfile      = fault.New(fault.NotFound, "Bạn chưa có hồ sơ chuyên gia.", "You have no expert profile yet.")
	errSignIn         = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	errManage         = fault.New(fault.Forbidden, "Bạn không có quyền quản lý danh bạ.", "You may not manage the directory.")
	errOwnProfile     = fault.New(fault.Forbidden, "Chỉ chuyên gia mới có hồ sơ chuyên gia riêng.", "Only experts keep an expert profile.")
)

func (s *Service) today() string { return s.now().In(vn.Zone).Format("2006-01-02") }

// Today is the current date (yyyy-mm-dd) in Vietnam, for expiry display.
func (s *Service) Today() string { return s.today() }

// CanManage reports whether the actor in ctx manages the directory.
func CanManage(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActDirectoryManage)
}

func manager(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActDirectoryManage) {
		return nil, errManage
	}
	return a, nil
}

func profileOwner(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Allowed(a, auth.ActExpertProfile, auth.Scope{OwnerID: a.UserID}) {
		return nil, errOwnProfile
	}
	return a, nil
}

// Tools returns the catalogue's tools (the built-in codes without a
// catalogue).
func (s *Service) Tools(ctx context.Context) ([]catalog.Tool, error) {
	if s.tools != nil {
		ts, err := s.tools.Tools(ctx)
		if err != nil {
			return nil, err
		}
		if len(ts) > 0 {
			return ts, nil
		}
	}
	out := make([]catalog.Tool, len(catalog.BuiltinTools))
	for i, c := range catalog.BuiltinTools {
		out[i] = catalog.Tool{Code: c, Name: fault.Text{Vi: string(c), En: string(c)}}
	}
	return out, nil
}

func (s *Service) toolCodes(ctx context.Context) ([]catalog.ToolCode, error) {
	ts, err := s.Tools(ctx)
	if err != nil {
		return nil, err
	}
	codes := make([]catalog.ToolCode, len(ts))
	for i, t := range ts {
		codes[i] = t.Code
	}
	return codes, nil
}

// auditView is an expert as the audit log keeps it: the ID number masked.
func auditView(e *Expert) any {
	if e == nil {
		return nil
	}
	v := *e
	if len(v.IDNumber) > 4 {
		v.IDNumber = strings.Repeat("•", len(v.IDNumber)-4) + v.IDNumber[len(v.IDNumber)-4:]
	}
	return &v
}

func (s *Service) audit(ctx context.Context, tx Store, action, objType string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, objType, fmt.Sprint(id), before, after))
}

func (s *Service) invalidateCounts() {
	s.countsMu.Lock()
	s.counts, s.totals = nil, nil
	s.countsMu.Unlock()
}

// broadKey is the cache key of a broad selection.
func broadKey(f ExpertFilter) string { return fmt.Sprintf("%v/%s", f.ListedOnly, f.Kind) }

// cachedTotal returns the cached size of a broad selection (0 when not
// known or older than a minute: other processes write too).
func (s *Service) cachedTotal(f ExpertFilter) int {
	if !f.Broad() {
		return 0
	}
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	if s.totals == nil || s.now().Sub(s.totalsAt) >= time.Minute {
		return 0
	}
	return s.totals[broadKey(f)]
}

func (s *Service) keepTotal(f ExpertFilter, total int) {
	if !f.Broad() {
		return
	}
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	if s.totals == nil || s.now().Sub(s.totalsAt) >= time.Minute {
		s.totals, s.totalsAt = map[string]int{}, s.now()
	}
	s.totals[broadKey(f)] = total
}

// --- Search and read ---

func cleanExpertFilter(f *ExpertFilter) {
	f.Query = vn.Fold(f.Query)
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if f.MinLevel != 0 && f.Tool == "" {
		f.MinLevel = 0
	}
}

// checkExpertFilter refuses filter values outside their lists: a tool of
// the catalogue, a level, a sector, one of the 34 provinces, a kind.
func (s *Service) checkExpertFilter(ctx context.Context, f ExpertFilter) error {
	if f.Tool != "" {
		codes, err := s.toolCodes(ctx)
		if err != nil {
			return err
		}
		if !slices.Contains(codes, f.Tool) {
			return fault.New(fault.Invalid, "Công cụ không có trong danh mục.", "The tool is not in the catalogue.")
		}
	}
	if f.MinLevel != 0 && !slices.Contains(Levels, f.MinLevel) {
		return fault.New(fault.Invalid, "Mức năng lực không hợp lệ.", "The level is not valid.")
	}
	if f.Sector != "" && !SectorValid(f.Sector) {
		return fault.New(fault.Invalid, "Ngành không hợp lệ.", "The sector is not valid.")
	}
	if f.Province != "" && !knownProvince(s.provinces, f.Province) {
		return fault.New(fault.Invalid, "Tỉnh/thành không thuộc 34 đơn vị hành chính cấp tỉnh.", "The province is not one of the 34.")
	}
	if f.Kind != "" && !slices.Contains(Kinds, f.Kind) {
		return fault.New(fault.Invalid, "Loại chuyên gia không hợp lệ.", "The kind of expert is not valid.")
	}
	return nil
}

// SearchExperts returns a page of experts. Anyone may search; the public
// (and everyone but directory managers) sees only listed experts, as their
// public views, and finds by organisation only the experts who made their
// organisation public.
func (s *Service) SearchExperts(ctx context.Context, f ExpertFilter) ([]*Expert, int, error) {
	cleanExpertFilter(&f)
	if err := s.checkExpertFilter(ctx, f); err != nil {
		return nil, 0, err
	}
	manage := CanManage(ctx)
	if !manage {
		f.ListedOnly, f.OrgPublicOnly = true, true
	}
	f.Total = s.cachedTotal(f)
	es, total, err := s.store.SearchExperts(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	s.keepTotal(f, total)
	if !manage {
		for i, e := range es {
			es[i] = e.PublicView()
		}
	}
	return es, total, nil
}

// ListedByProvince counts the listed experts per province served (cached a
// minute; writes clear it).
func (s *Service) ListedByProvince(ctx context.Context) (map[string]int, error) {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	if s.counts != nil && s.now().Sub(s.countsAt) < time.Minute {
		return s.counts, nil
	}
	m, err := s.store.CountListedByProvince(ctx)
	if err != nil {
		return nil, err
	}
	s.counts, s.countsAt = m, s.now()
	return m, nil
}

// Expert returns one expert: the full record to directory managers and to
// the expert themself (full is then true); the public view of a published
// profile to anyone else; NotFound otherwise.
func (s *Service) Expert(ctx context.Context, id ExpertID) (e *Expert, full bool, err error) {
	e, err = s.store.FindExpert(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, false, errExpertNotFound
		}
		return nil, false, err
	}
	a := auth.ActorFrom(ctx)
	if CanManage(ctx) || (!a.IsAnonymous() && e.UserID != 0 && e.UserID == a.UserID) {
		return e, true, nil
	}
	if !e.Published() {
		return nil, false, errExpertNotFound
	}
	return e.PublicView(), false, nil
}

// MyProfile returns the signed-in expert's own profile, NotFound before it
// is created.
func (s *Service) MyProfile(ctx context.Context) (*Expert, error) {
	a, err := profileOwner(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.store.FindExpertByUser(ctx, a.UserID)
	if fault.Is(err, fault.NotFound) {
		return nil, errNoProfile
	}
	return e, err
}

// --- Writes ---

// checkUnique refuses an email or ID number another expert has. Directory
// managers are pointed to that expert; anyone else (an expert saving their
// own profile) gets a plain conflict that names no one.
func checkUnique(ctx context.Context, tx Store, e *Expert) error {
	dup := func(field string, code Code, id ExpertID) error {
		if CanManage(ctx) {
			return duplicate(field, code, id)
		}
		return ownDuplicate(field, code)
	}
	if e.Email != "" {
		id, err := tx.FindExpertIDByEmail(ctx, e.Email)
		if err == nil && id != e.ID {
			return dup("email", CodeDuplicateEmail, id)
		}
		if err != nil && !fault.Is(err, fault.NotFound) {
			return err
		}
	}
	if e.IDNumber != "" {
		id, err := tx.FindExpertIDByIDNumber(ctx, e.IDNumber)
		if err == nil && id != e.ID {
			return dup("id_number", CodeDuplicateIDNumber, id)
		}
		if err != nil && !fault.Is(err, fault.NotFound) {
			return err
		}
	}
	return nil
}

func (s *Service) checkExpert(ctx context.Context, e *Expert) error {
	e.Normalize()
	codes, err := s.toolCodes(ctx)
	if err != nil {
		return err
	}
	if err := e.Validate(codes, s.provinces); err != nil {
		return err
	}
	if e.OrganisationID != 0 {
		if _, err := s.store.FindOrganisation(ctx, e.OrganisationID); err != nil {
			if fault.Is(err, fault.NotFound) {
				var ps Problems
				ps.Add("organisation_id", CodeOrganisationUnknown, "Tổ chức không tồn tại.", "The organisation does not exist.")
				return ps.Err()
			}
			return err
		}
	}
	return nil
}

// CreateExpert adds an expert (directory managers). Consents are not taken
// from the input: only the person gives them.
func (s *Service) CreateExpert(ctx context.Context, in Expert) (*Expert, error) {
	if _, err := manager(ctx); err != nil {
		return nil, err
	}
	e := in
	e.ID, e.Consents, e.Status = 0, nil, StatusActive
	e.ActiveEngagements, e.EngagementsCompleted, e.RatingSum, e.RatingCount = 0, 0, 0, 0
	if e.UserID != 0 {
		return nil, fault.New(fault.Invalid, "Tài khoản được liên kết khi chuyên gia tự tạo hồ sơ.", "The account is linked when the expert creates their own profile.")
	}
	if err := s.checkExpert(ctx, &e); err != nil {
		return nil, err
	}
	now := s.now()
	e.CreatedAt, e.UpdatedAt = now, now
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := checkUnique(ctx, tx, &e); err != nil {
			return err
		}
		if err := tx.CreateExpert(ctx, &e); err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.create", "expert", int64(e.ID), nil, auditView(&e))
	})
	if err != nil {
		return nil, err
	}
	s.invalidateCounts()
	return &e, nil
}

// editable copies what a profile form changes from in onto e. The
// organisation only when manage: an expert may not make themself a member
// of an organisation (nor leave one, which would dodge matching's
// same-organisation exclusion); the directory office sets it.
func editable(e *Expert, in Expert, manage bool) {
	if manage {
		e.OrganisationID = in.OrganisationID
	}
	e.Kind, e.Name, e.Title, e.Email, e.IDNumber = in.Kind, in.Name, in.Title, in.Email, in.IDNumber
	e.Phone, e.ProvinceCode, e.Languages, e.Bio, e.Capacity = in.Phone, in.ProvinceCode, in.Languages, in.Bio, in.Capacity
	e.Tools, e.Sectors, e.Provinces, e.Credentials = in.Tools, in.Sectors, in.Provinces, in.Credentials
}

// UpdateExpert changes an expert's profile: directory managers any, an
// expert their own (but not its organisation, see editable). Consents,
// public fields and the track record are not changed here.
func (s *Service) UpdateExpert(ctx context.Context, id ExpertID, in Expert) (*Expert, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	before, err := s.store.FindExpert(ctx, id)
	if err != nil {
		return nil, err
	}
	own := before.UserID != 0 && before.UserID == a.UserID && auth.Allowed(a, auth.ActExpertProfile, auth.Scope{OwnerID: a.UserID})
	if !own && !CanManage(ctx) {
		return nil, errExpertNotFound
	}
	if before.Status == StatusAnonymised {
		return nil, fault.New(fault.Conflict, "Hồ sơ đã được ẩn danh, không sửa được.", "The profile was anonymised and cannot be edited.")
	}
	e := *before
	editable(&e, in, CanManage(ctx))
	if err := s.checkExpert(ctx, &e); err != nil {
		return nil, err
	}
	e.UpdatedAt = s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := checkUnique(ctx, tx, &e); err != nil {
			return err
		}
		if err := tx.UpdateExpert(ctx, &e); err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.update", "expert", int64(e.ID), auditView(before), auditView(&e))
	})
	if err != nil {
		return nil, err
	}
	s.invalidateCounts()
	return &e, nil
}

// SaveMyProfile creates the signed-in expert's profile the first time
// (linked to their account) or updates it.
func (s *Service) SaveMyProfile(ctx context.Context, in Expert) (*Expert, error) {
	a, err := profileOwner(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := s.store.FindExpertByUser(ctx, a.UserID)
	switch {
	case err == nil:
		return s.UpdateExpert(ctx, cur.ID, in)
	case !fault.Is(err, fault.NotFound):
		return nil, err
	}
	e := Expert{UserID: a.UserID, Status: StatusActive}
	editable(&e, in, CanManage(ctx))
	if e.Email == "" {
		e.Email = a.Email
	}
	if e.Capacity == 0 {
		e.Capacity = 1
	}
	if err := s.checkExpert(ctx, &e); err != nil {
		return nil, err
	}
	now := s.now()
	e.CreatedAt, e.UpdatedAt = now, now
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := checkUnique(ctx, tx, &e); err != nil {
			return err
		}
		if err := tx.CreateExpert(ctx, &e); err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.create", "expert", int64(e.ID), nil, auditView(&e))
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// SetConsents records the signed-in expert's consents (an unchecked purpose
// is not consent) and the fields they make public. Each change is a
// consent event with the form version; unchanged purposes record nothing.
func (s *Service) SetConsents(ctx context.Context, purposes []Purpose, public []PublicField) (*Expert, error) {
	a, err := profileOwner(ctx)
	if err != nil {
		return nil, err
	}
	before, err := s.store.FindExpertByUser(ctx, a.UserID)
	if fault.Is(err, fault.NotFound) {
		return nil, errNoProfile
	}
	if err != nil {
		return nil, err
	}
	for _, p := range purposes {
		if !slices.Contains(Purposes, p) {
			return nil, fault.New(fault.Invalid, "Mục đích không hợp lệ: "+string(p), "Unknown purpose: "+string(p))
		}
	}
	for _, f := range public {
		if !slices.Contains(PublicFields, f) {
			return nil, fault.New(fault.Invalid, "Trường không hợp lệ: "+string(f), "Unknown field: "+string(f))
		}
	}
	e := *before
	e.Consents, e.Public = sortedPurposes(purposes), sortedPublic(public)
	now := s.now()
	e.UpdatedAt = now
	var evs []ConsentEvent
	for _, p := range Purposes {
		was, is := before.Has(p), e.Has(p)
		if was != is {
			evs = append(evs, ConsentEvent{ExpertID: e.ID, Purpose: p, Given: is, FormVersion: ConsentFormVersion, At: now, ActorID: a.UserID})
		}
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.UpdateExpert(ctx, &e); err != nil {
			return err
		}
		if err := tx.AddConsentEvents(ctx, evs); err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.consents", "expert", int64(e.ID),
			map[string]any{"consents": before.Consents, "public_fields": before.Public},
			map[string]any{"consents": e.Consents, "public_fields": e.Public, "form_version": ConsentFormVersion})
	})
	if err != nil {
		return nil, err
	}
	s.invalidateCounts()
	return &e, nil
}

// ConsentHistory returns the consent events of expert id, to the expert
// and directory managers.
func (s *Service) ConsentHistory(ctx context.Context, id ExpertID) ([]ConsentEvent, error) {
	if _, _, err := s.ownOrManaged(ctx, id); err != nil {
		return nil, err
	}
	return s.store.FindConsentEvents(ctx, id)
}

func (s *Service) ownOrManaged(ctx context.Context, id ExpertID) (*auth.Actor, *Expert, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, nil, errSignIn
	}
	e, err := s.store.FindExpert(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if CanManage(ctx) || auth.Can(a, auth.ActPrivacyRequests) || (e.UserID != 0 && e.UserID == a.UserID) {
		return a, e, nil
	}
	return nil, nil, errExpertNotFound
}

// DataExport is everything the directory holds about a person.
type DataExport struct {
	ExportedAt      time.Time         `json:"exported_at"`
	FormVersion     string            `json:"consent_form_version"`
	Profile         *Expert           `json:"profile"`
	ConsentHistory  []ConsentEvent    `json:"consent_history"`
	PrivacyRequests []*PrivacyRequest `json:"privacy_requests"`
}

// ExportMyData returns all the signed-in expert's data (the right of
// access and data provision). Audited.
func (s *Service) ExportMyData(ctx context.Context) (*DataExport, error) {
	e, err := s.MyProfile(ctx)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.FindConsentEvents(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	rs, _, err := s.store.FindPrivacyRequests(ctx, e.ID, 0, 1000)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, s.store, "expert.export", "expert", int64(e.ID), nil, nil); err != nil {
		return nil, err
	}
	if evs == nil {
		evs = []ConsentEvent{}
	}
	if rs == nil {
		rs = []*PrivacyRequest{}
	}
	return &DataExport{ExportedAt: s.now().UTC(), FormVersion: ConsentFormVersion, Profile: e, ConsentHistory: evs, PrivacyRequests: rs}, nil
}

// RequestDeletion records the signed-in expert's request to delete their
// data; an administrator carries it out. A second pending request is
// refused.
func (s *Service) RequestDeletion(ctx context.Context, note string) (*PrivacyRequest, error) {
	e, err := s.MyProfile(ctx)
	if err != nil {
		return nil, err
	}
	a := auth.ActorFrom(ctx)
	rs, _, err := s.store.FindPrivacyRequests(ctx, e.ID, 0, 100)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if r.Status == RequestPending {
			return nil, fault.New(fault.Conflict, "Bạn đã có một yêu cầu xóa dữ liệu đang chờ xử lý.", "You already have a pending deletion request.")
		}
	}
	r := &PrivacyRequest{ExpertID: e.ID, Kind: RequestDeletion, Status: RequestPending, Note: strings.TrimSpace(vn.NFC(note)),
		RequestedAt: s.now(), RequestedBy: a.UserID}
	if len([]rune(r.Note)) > 1000 {
		return nil, fault.New(fault.Invalid, "Ghi chú quá dài (tối đa 1000 ký tự).", "The note is too long (1000 characters at most).")
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreatePrivacyRequest(ctx, r); err != nil {
			return err
		}
		return s.audit(ctx, tx, "privacy.request", "privacy_request", r.ID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	r.ExpertName = e.Name
	return r, nil
}

// MyRequests lists the signed-in expert's privacy requests.
func (s *Service) MyRequests(ctx context.Context) ([]*PrivacyRequest, error) {
	e, err := s.MyProfile(ctx)
	if err != nil {
		return nil, err
	}
	rs, _, err := s.store.FindPrivacyRequests(ctx, e.ID, 0, 100)
	return rs, err
}

// PrivacyRequests lists every request, pending first (administrators).
func (s *Service) PrivacyRequests(ctx context.Context, offset, limit int) ([]*PrivacyRequest, int, error) {
	if err := privacyAdmin(ctx); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	return s.store.FindPrivacyRequests(ctx, 0, max(offset, 0), limit)
}

func privacyAdmin(ctx context.Context) error {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return errSignIn
	}
	if !auth.Can(a, auth.ActPrivacyRequests) {
		return fault.New(fault.Forbidden, "Bạn không có quyền xử lý yêu cầu về dữ liệu cá nhân.", "You may not handle personal-data requests.")
	}
	return nil
}

// Redacted replaces a personal value in the audit log at anonymisation.
const Redacted = "[đã ẩn danh]"

// PersonalAuditFields are the JSON fields of an expert's audit entries that
// hold personal data (see auditView); anonymisation redacts them.
var PersonalAuditFields = []string{"name", "title", "email", "id_number", "phone", "bio", "credentials", "languages", "user_id"}

// AnonymisedName is the name an anonymised expert keeps.
func AnonymisedName(id ExpertID) string { return fmt.Sprintf("Chuyên gia đã ẩn danh #%d", id) }

// CarryOut carries out a pending deletion request: the expert is
// anonymised (name replaced, contact, ID number, bio and credentials wiped,
// consents withdrawn, the account unlinked, status anonymised), keeping the
// statistics (tools, sectors, provinces and the track record).
func (s *Service) CarryOut(ctx context.Context, requestID int64) (*PrivacyRequest, error) {
	if err := privacyAdmin(ctx); err != nil {
		return nil, err
	}
	a := auth.ActorFrom(ctx)
	var out *PrivacyRequest
	err := s.store.Tx(ctx, func(tx Store) error {
		r, err := tx.FindPrivacyRequest(ctx, requestID)
		if err != nil {
			return err
		}
		if r.Status != RequestPending {
			return fault.New(fault.Conflict, "Yêu cầu này đã được xử lý.", "This request was already carried out.")
		}
		before, err := tx.FindExpert(ctx, r.ExpertID)
		if err != nil {
			return err
		}
		now := s.now()
		e := *before
		e.Name, e.Title, e.Email, e.IDNumber, e.Phone, e.Bio = AnonymisedName(e.ID), "", "", "", "", ""
		e.Credentials, e.Public, e.Consents, e.UserID, e.Status, e.UpdatedAt = nil, nil, nil, 0, StatusAnonymised, now
		if err := tx.UpdateExpert(ctx, &e); err != nil {
			return err
		}
		var evs []ConsentEvent
		for _, p := range before.Consents {
			evs = append(evs, ConsentEvent{ExpertID: e.ID, Purpose: p, Given: false, FormVersion: ConsentFormVersion, At: now, ActorID: a.UserID})
		}
		if err := tx.AddConsentEvents(ctx, evs); err != nil {
			return err
		}
		r.Status, r.DoneAt, r.DoneBy, r.Note = RequestDone, &now, a.UserID, ""
		if err := tx.UpdatePrivacyRequest(ctx, r); err != nil {
			return err
		}
		r.ExpertName = e.Name
		out = r
		// The audit keeps that it happened, not the erased data: the
		// personal values of the earlier entries are redacted too.
		if err := s.audit(ctx, tx, "expert.anonymise", "expert", int64(e.ID), map[string]any{"status": before.Status},
			map[string]any{"status": e.Status, "request_id": r.ID}); err != nil {
			return err
		}
		n, err := tx.RedactAudit(ctx, "expert", fmt.Sprint(e.ID), PersonalAuditFields, Redacted)
		if err != nil {
			return err
		}
		m, err := tx.RedactAudit(ctx, "privacy_request", fmt.Sprint(r.ID), []string{"note", "expert_name"}, Redacted)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.audit_redact", "expert", int64(e.ID), nil,
			map[string]any{"entries": n + m, "fields": PersonalAuditFields, "request_id": r.ID})
	})
	if err != nil {
		return nil, err
	}
	s.invalidateCounts()
	return out, nil
}

// --- Organisations ---

func cleanOrgFilter(f *OrgFilter) {
	f.Query = vn.Fold(f.Query)
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
}

// publicMembers makes Members count, for everyone but directory managers,
// only the listed experts who made their organisation public.
func publicMembers(ctx context.Context, os ...*Organisation) {
	if CanManage(ctx) {
		return
	}
	for _, o := range os {
		o.Members = o.PublicMembers
	}
}

// SearchOrganisations returns a page of organisations, to anyone.
func (s *Service) SearchOrganisations(ctx context.Context, f OrgFilter) ([]*Organisation, int, error) {
	cleanOrgFilter(&f)
	os, total, err := s.store.SearchOrganisations(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	publicMembers(ctx, os...)
	return os, total, nil
}

// Organisation returns one organisation, to anyone.
func (s *Service) Organisation(ctx context.Context, id OrganisationID) (*Organisation, error) {
	o, err := s.store.FindOrganisation(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errOrgNotFound
	}
	if err != nil {
		return nil, err
	}
	publicMembers(ctx, o)
	return o, nil
}

// linkEnterprise sets o.EnterpriseID from the tax code.
func (s *Service) linkEnterprise(ctx context.Context, o *Organisation) error {
	o.EnterpriseID = 0
	if o.TaxCode == "" || s.enterprises == nil {
		return nil
	}
	id, err := s.enterprises.EnterpriseIDByTaxCode(ctx, o.TaxCode)
	switch {
	case err == nil:
		o.EnterpriseID = id
	case !fault.Is(err, fault.NotFound):
		return err
	}
	return nil
}

// CheckOrganisation normalises and validates o and links it to the
// registry (imports use it for their preview).
func (s *Service) CheckOrganisation(ctx context.Context, o *Organisation) error {
	o.Normalize()
	if err := o.Validate(s.provinces); err != nil {
		return err
	}
	return s.linkEnterprise(ctx, o)
}

// CreateOrganisation adds an organisation (directory managers).
func (s *Service) CreateOrganisation(ctx context.Context, in Organisation) (*Organisation, error) {
	if _, err := manager(ctx); err != nil {
		return nil, err
	}
	o := in
	o.ID, o.Status, o.Members = 0, "active", 0
	if err := s.CheckOrganisation(ctx, &o); err != nil {
		return nil, err
	}
	now := s.now()
	o.CreatedAt, o.UpdatedAt = now, now
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateOrganisation(ctx, &o); err != nil {
			return err
		}
		return s.audit(ctx, tx, "organisation.create", "organisation", int64(o.ID), nil, &o)
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// UpdateOrganisation changes an organisation (directory managers).
func (s *Service) UpdateOrganisation(ctx context.Context, id OrganisationID, in Organisation) (*Organisation, error) {
	if _, err := manager(ctx); err != nil {
		return nil, err
	}
	before, err := s.Organisation(ctx, id)
	if err != nil {
		return nil, err
	}
	o := in
	o.ID, o.CreatedAt, o.Members = before.ID, before.CreatedAt, before.Members
	if o.Status == "" {
		o.Status = before.Status
	}
	if err := s.CheckOrganisation(ctx, &o); err != nil {
		return nil, err
	}
	o.UpdatedAt = s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.UpdateOrganisation(ctx, &o); err != nil {
			return err
		}
		return s.audit(ctx, tx, "organisation.update", "organisation", int64(o.ID), before, &o)
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// MaxExport caps an export of the expert list.
const MaxExport = 100_000

// ExportExperts calls fn for every expert matching f, in name order, with
// every field (directory managers only: the export is for officers).
func (s *Service) ExportExperts(ctx context.Context, f ExpertFilter, fn func(*Expert) error) error {
	if _, err := manager(ctx); err != nil {
		return err
	}
	f.Query = vn.Fold(f.Query)
	if err := s.checkExpertFilter(ctx, f); err != nil {
		return err
	}
	const page = 500
	for off := 0; off < MaxExport; off += page {
		f.Offset, f.Limit = off, page
		es, total, err := s.store.SearchExperts(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range es {
			if err := fn(e); err != nil {
				return err
			}
		}
		if off+page >= total {
			break
		}
	}
	return s.audit(ctx, s.store, "expert.export_list", "expert", 0, nil, map[string]any{"filter": f})
}
