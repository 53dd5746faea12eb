package contest

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The honour roll's use cases: the public roll (anyone), and its
// management: the ministry records national honours not from a contest
// here, edits any honour and hides or shows it again; the organiser of a
// provincial contest edits the stories of that contest's honours.

// Limits of an honour's texts.
const (
	MaxHonourTitle   = 300
	MaxHonourAward   = 200
	MaxHonourSummary = 1000
	MaxHonourStory   = 20000
	MaxHonourKPIs    = 20
	MaxHonourReason  = 500
)

// HonourInput is a national honour the ministry records.
type HonourInput struct {
	EnterpriseID registry.EnterpriseID
	Year         int
	Kind         EntryKind
	Title        string
	Award        string
	SummaryMD    string
	StoryMD      string
	KPIs         []EntryKPI
	PublishedOn  time.Time // zero: today
}

// HonourEdit is what an edit of an honour writes. An organiser's edit
// writes the summary and the story only.
type HonourEdit struct {
	Title     string
	Award     string
	SummaryMD string
	StoryMD   string
	KPIs      []EntryKPI
}

var (
	errHonourForbidden = fault.New(fault.Forbidden, "Bạn không có quyền quản lý trang vinh danh này.",
		"You may not manage this honour.")
	errHonourNotFound = fault.New(fault.NotFound, "Không có trang vinh danh này (có thể chưa công bố hoặc đã gỡ).",
		"There is no such honour (it may not be published yet, or was taken down).")
)

// today is now's calendar day in Vietnam.
func (s *Service) today() time.Time { return day(s.now()) }

// PublicHonours returns the public honours of year (0: every year) that
// match q (diacritics-insensitive, by title, enterprise, award, kind,
// contest or province). Anyone may read them.
func (s *Service) PublicHonours(ctx context.Context, year int, q string) ([]*HonourRecord, error) {
	if year < 0 || year > 9999 {
		year = 0
	}
	rs, err := s.store.FindHonourRecords(ctx, HonourFilter{Year: year, PublicOn: s.today()})
	if err != nil {
		return nil, err
	}
	return MatchHonours(rs, q, s.geo.Name), nil
}

// HonourYears returns the years that have public honours, newest first.
func (s *Service) HonourYears(ctx context.Context) ([]int, error) {
	rs, err := s.store.FindHonourRecords(ctx, HonourFilter{PublicOn: s.today()})
	if err != nil {
		return nil, err
	}
	var years []int
	for _, r := range rs {
		if len(years) == 0 || years[len(years)-1] != r.Year {
			years = append(years, r.Year)
		}
	}
	return years, nil
}

// LatestHonours returns the n most recently published public honours.
func (s *Service) LatestHonours(ctx context.Context, n int) ([]*HonourRecord, error) {
	rs, err := s.store.FindHonourRecords(ctx, HonourFilter{PublicOn: s.today()})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(rs, func(a, b *HonourRecord) int { return b.PublishedOn.Compare(a.PublishedOn) })
	if len(rs) > n {
		rs = rs[:n]
	}
	return rs, nil
}

// PublicHonour returns the honour of year at slug: a public one to
// anyone, a hidden or not yet published one to those who may edit it.
func (s *Service) PublicHonour(ctx context.Context, year int, slug string) (*HonourRecord, error) {
	r, err := s.store.FindHonourBySlug(ctx, year, slug)
	if fault.Is(err, fault.NotFound) {
		return nil, errHonourNotFound
	}
	if err != nil {
		return nil, err
	}
	if !r.Public(s.now()) && !s.mayEdit(ctx, r) {
		return nil, errHonourNotFound
	}
	return r, nil
}

// HonourPhoto returns the photo (or thumbnail) of an honour, under the
// rule of PublicHonour.
func (s *Service) HonourPhoto(ctx context.Context, id HonourID, thumb bool) ([]byte, error) {
	r, err := s.store.FindHonourRecord(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errHonourNotFound
	}
	if err != nil {
		return nil, err
	}
	if r.Photo == nil || !r.Public(s.now()) && !s.mayEdit(ctx, r) {
		return nil, errHonourNotFound
	}
	return s.store.HonourPhotoBytes(ctx, id, thumb)
}

// mayEdit reports whether the actor may edit r's story (fully is
// mayManage).
func (s *Service) mayEdit(ctx context.Context, r *HonourRecord) bool {
	a := auth.ActorFrom(ctx)
	if auth.Can(a, auth.ActHonourManage) {
		return true
	}
	return r.Organiser != "" && !a.IsAnonymous() && a.Role == auth.RoleProvince && mayOrganise(a, r.Organiser)
}

// honourManager refuses an actor who may not manage honours (sign in
// first, or forbidden).
func (s *Service) honourManager(ctx context.Context) error {
	switch {
	case auth.ActorFrom(ctx).IsAnonymous():
		return fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	case !s.MayManageHonours(ctx):
		return errHonourForbidden
	}
	return nil
}

// MayManageHonours reports whether the actor records and edits any honour.
func (s *Service) MayManageHonours(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActHonourManage)
}

// MayEditHonour reports whether the actor may edit r: fully (the ministry),
// or its story only (the organiser of its provincial contest).
func (s *Service) MayEditHonour(ctx context.Context, r *HonourRecord) (edit, full bool) {
	return s.mayEdit(ctx, r), s.MayManageHonours(ctx)
}

// ManagedHonours returns the honours of year (0: all) the actor manages:
// every one for the ministry, those of their province's contests for a
// provincial organiser.
func (s *Service) ManagedHonours(ctx context.Context, year int) ([]*HonourRecord, error) {
	a := auth.ActorFrom(ctx)
	f := HonourFilter{Year: year}
	switch {
	case a.IsAnonymous():
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	case auth.Can(a, auth.ActHonourManage):
	case a.Role == auth.RoleProvince && auth.Can(a, auth.ActContestManage):
		f.Organiser = a.ProvinceCode
	default:
		return nil, errHonourForbidden
	}
	return s.store.FindHonourRecords(ctx, f)
}

// HonourForEdit returns an honour for the actor who may edit it.
func (s *Service) HonourForEdit(ctx context.Context, id HonourID) (*HonourRecord, error) {
	if auth.ActorFrom(ctx).IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	r, err := s.store.FindHonourRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.mayEdit(ctx, r) {
		return nil, errHonourForbidden
	}
	return r, nil
}

// RecordHonour records a national honour not from a contest here.
func (s *Service) RecordHonour(ctx context.Context, in HonourInput) (*HonourRecord, error) {
	if err := s.honourManager(ctx); err != nil {
		return nil, err
	}
	bad := fault.Fields{}
	ed := HonourEdit{Title: in.Title, Award: in.Award, SummaryMD: in.SummaryMD, StoryMD: in.StoryMD, KPIs: in.KPIs}
	checkHonourEdit(&ed, true, bad)
	if in.Year < 2000 || in.Year > s.now().In(vn.Zone).Year()+1 {
		bad.Add("year", fmt.Sprintf("Năm vinh danh từ 2000 đến %d.", s.now().In(vn.Zone).Year()+1),
			fmt.Sprintf("The year is from 2000 to %d.", s.now().In(vn.Zone).Year()+1))
	}
	if !in.Kind.Valid() {
		bad.Add("kind", "Chọn doanh nghiệp hoặc giải pháp.", "Choose enterprise or solution.")
	}
	var ent *registry.Enterprise
	if in.EnterpriseID == 0 {
		bad.Add("enterprise", "Chọn doanh nghiệp được vinh danh (tìm theo mã số thuế).", "Choose the honoured enterprise (search by tax code).")
	} else if e, err := s.reg.FindEnterpriseByID(ctx, in.EnterpriseID); err != nil {
		if !fault.Is(err, fault.NotFound) {
			return nil, err
		}
		bad.Add("enterprise", "Không có doanh nghiệp này trong cơ sở dữ liệu.", "There is no such enterprise in the registry.")
	} else {
		ent = e
	}
	if len(bad) > 0 {
		return nil, bad.Err()
	}
	pub := in.PublishedOn
	if pub.IsZero() {
		pub = s.today()
	}
	h := &Honour{Year: in.Year, Kind: in.Kind, EnterpriseID: ent.ID, Title: ed.Title, Award: ed.Award, SummaryMD: ed.SummaryMD,
		StoryMD: ed.StoryMD, KPIs: ed.KPIs, PublishedOn: day(pub), CreatedAt: s.now(), UpdatedAt: s.now()}
	var out *HonourRecord
	err := s.store.Tx(ctx, func(tx Store) error {
		slug, err := freeSlug(ctx, tx, in.Year, Slug(ed.Title))
		if err != nil {
			return err
		}
		h.Slug = slug
		if err := tx.CreateHonour(ctx, h); err != nil {
			return err
		}
		if out, err = tx.FindHonourRecord(ctx, h.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, "honour.record", "honour", int64(h.ID), nil, out)
	})
	if err != nil {
		return nil, err
	}
	s.honoursChanged()
	return out, nil
}

// freeSlug returns base, or base-2, base-3… the first not taken in year.
func freeSlug(ctx context.Context, tx Store, year int, base string) (string, error) {
	slug := base
	for i := 2; i < 1000; i++ {
		_, err := tx.FindHonourBySlug(ctx, year, slug)
		if fault.Is(err, fault.NotFound) {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
		slug = fmt.Sprintf("%s-%d", base, i)
	}
	return "", fault.New(fault.Conflict, "Đã có quá nhiều trang vinh danh cùng tên trong năm.", "Too many honours of that name in the year.")
}

// EditHonour rewrites an honour's texts and KPIs if version is current:
// all of them for the ministry, the summary and story for the organiser
// of its provincial contest.
func (s *Service) EditHonour(ctx context.Context, id HonourID, version int, in HonourEdit) (*HonourRecord, error) {
	return s.changeHonour(ctx, id, version, "honour.edit", func(r *HonourRecord, full bool) error {
		if !full {
			in.Title, in.Award, in.KPIs = r.Title, r.Award, r.KPIs
		}
		bad := fault.Fields{}
		checkHonourEdit(&in, full, bad)
		if len(bad) > 0 {
			return bad.Err()
		}
		r.Title, r.Award, r.SummaryMD, r.StoryMD, r.KPIs = in.Title, in.Award, in.SummaryMD, in.StoryMD, in.KPIs
		return nil
	})
}

// HideHonour takes an honour off the public roll with a reason, or puts
// it back (hidden false). The ministry only.
func (s *Service) HideHonour(ctx context.Context, id HonourID, version int, hidden bool, reason string) (*HonourRecord, error) {
	action := "honour.hide"
	if !hidden {
		action = "honour.show"
	}
	return s.changeHonour(ctx, id, version, action, func(r *HonourRecord, full bool) error {
		if !full {
			return errHonourForbidden
		}
		reason = vn.NFC(reason)
		switch {
		case hidden && reason == "":
			return fault.Fields{"reason": {Vi: "Nêu lý do gỡ khỏi trang vinh danh.", En: "Give the reason for taking it off the roll."}}.Err()
		case utf8.RuneCountInString(reason) > MaxHonourReason || !vn.IsText(reason):
			return fault.Fields{"reason": {Vi: fmt.Sprintf("Lý do tối đa %d ký tự, không có ký tự điều khiển.", MaxHonourReason),
				En: fmt.Sprintf("The reason is at most %d characters, without control characters.", MaxHonourReason)}}.Err()
		}
		if !hidden {
			reason = ""
		}
		r.Hidden, r.HiddenReason = hidden, reason
		return nil
	})
}

// changeHonour runs one edit of an honour: the actor may edit it, the
// version is current, then the write and its audit entry in one
// transaction.
func (s *Service) changeHonour(ctx context.Context, id HonourID, version int, action string, edit func(r *HonourRecord, full bool) error) (*HonourRecord, error) {
	var out *HonourRecord
	err := s.store.Tx(ctx, func(tx Store) error {
		r, err := tx.FindHonourRecord(ctx, id)
		if err != nil {
			return err
		}
		if !s.mayEdit(ctx, r) {
			if auth.ActorFrom(ctx).IsAnonymous() {
				return fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
			}
			return errHonourForbidden
		}
		if r.Version != version {
			return fault.New(fault.Conflict, "Trang vinh danh này vừa được người khác thay đổi; hãy tải lại trang rồi làm lại.",
				"Someone else changed this honour meanwhile; reload the page and try again.")
		}
		before := *r
		h := *r.Honour
		before.Honour = &h
		if err := edit(r, s.MayManageHonours(ctx)); err != nil {
			return err
		}
		if err := tx.UpdateHonourRecord(ctx, r); err != nil {
			return err
		}
		out = r
		return s.record(ctx, tx, action, "honour", int64(id), &before, r)
	})
	if err != nil {
		return nil, err
	}
	s.honoursChanged()
	return out, nil
}

// MaxHonourKPIValue bounds a KPI's before and after (as contest entries'
// KPIs): beyond it the figures and their change no longer print right.
const MaxHonourKPIValue = 1e15

// checkHonourEdit cleans in (NFC) and adds what is wrong to bad; full
// checks the title, award and KPIs too.
func checkHonourEdit(in *HonourEdit, full bool, bad fault.Fields) {
	text := func(field string, v *string, min, max int, vi, en string) {
		*v = vn.NFC(*v)
		n := utf8.RuneCountInString(*v)
		switch {
		case !vn.IsText(*v):
			bad.Add(field, "Có ký tự không hợp lệ (ký tự điều khiển).", "It holds invalid (control) characters.")
		case n < min:
			bad.Add(field, vi+" là bắt buộc.", en+" is required.")
		case n > max:
			bad.Add(field, fmt.Sprintf("%s tối đa %s ký tự.", vi, vn.Int(int64(max))), fmt.Sprintf("%s is at most %d characters.", en, max))
		}
	}
	text("summary", &in.SummaryMD, 0, MaxHonourSummary, "Tóm tắt", "The summary")
	text("story", &in.StoryMD, 0, MaxHonourStory, "Câu chuyện", "The story")
	if !full {
		return
	}
	text("title", &in.Title, 1, MaxHonourTitle, "Tên được vinh danh", "The honoured name")
	text("award", &in.Award, 1, MaxHonourAward, "Danh hiệu, giải thưởng", "The award")
	if len(in.KPIs) > MaxHonourKPIs {
		bad.Add("kpis", fmt.Sprintf("Tối đa %d chỉ số.", MaxHonourKPIs), fmt.Sprintf("At most %d figures.", MaxHonourKPIs))
	}
	for i := range in.KPIs {
		k := &in.KPIs[i]
		k.Name, k.Unit, k.Evidence = vn.NFC(k.Name), vn.NFC(k.Unit), vn.NFC(k.Evidence)
		field := fmt.Sprintf("kpis.%d", i)
		switch {
		case k.Name == "" || utf8.RuneCountInString(k.Name) > 200 || !vn.IsText(k.Name):
			bad.Add(field, "Tên chỉ số là bắt buộc, tối đa 200 ký tự.", "The figure's name is required, at most 200 characters.")
		case utf8.RuneCountInString(k.Unit) > 40 || !vn.IsText(k.Unit) || utf8.RuneCountInString(k.Evidence) > 1000 || !vn.IsText(k.Evidence):
			bad.Add(field, "Đơn vị tối đa 40 ký tự, nguồn minh chứng tối đa 1.000 ký tự.", "The unit is at most 40 characters, the evidence at most 1,000.")
		case math.IsNaN(k.Before) || math.IsInf(k.Before, 0) || math.IsNaN(k.After) || math.IsInf(k.After, 0) ||
			math.Abs(k.Before) > MaxHonourKPIValue || math.Abs(k.After) > MaxHonourKPIValue:
			bad.Add(field, "Giá trị trước và sau là số, tối đa 10¹⁵ (một triệu tỷ) về độ lớn.",
				"The before and after values are numbers of at most 10¹⁵ in magnitude.")
		}
	}
}

// OpenContests returns the announced contests whose entries are open
// today, the soonest to close first. Anyone may read them.
func (s *Service) OpenContests(ctx context.Context) ([]*Contest, error) {
	return s.store.PortalOpenContests(ctx, s.today())
}

// HonourByID returns an honour under the rule of PublicHonour.
func (s *Service) HonourByID(ctx context.Context, id HonourID) (*HonourRecord, error) {
	r, err := s.store.FindHonourRecord(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errHonourNotFound
	}
	if err != nil {
		return nil, err
	}
	if !r.Public(s.now()) && !s.mayEdit(ctx, r) {
		return nil, errHonourNotFound
	}
	return r, nil
}
