package quality

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// Provinces finds an enterprise's province (*registry.Service does).
type Provinces interface {
	EnterpriseProvince(ctx context.Context, id int64) (string, error)
}

// Mailer sends one plain-text email (*mail.Service does).
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// Options configure a Service. Store and Provinces are required; without a
// Mailer alerts are not emailed.
type Options struct {
	Store     Store
	Provinces Provinces
	Mailer    Mailer
	Clock     func() time.Time
	Log       *slog.Logger
	BaseURL   string // for links in alert mail, e.g. "https://nscl.moit.gov.vn"
}

// Service is the quality workspace's use cases.
type Service struct {
	store     Store
	provinces Provinces
	mailer    Mailer
	now       func() time.Time
	log       *slog.Logger
	baseURL   string
}

// NewService returns the service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: o.Store, provinces: o.Provinces, mailer: o.Mailer, now: o.Clock, log: o.Log,
		baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

func notFound() error { return fault.New(fault.NotFound, "Không tìm thấy.", "Not found.") }

func readOnly() error {
	return fault.New(fault.Forbidden, "Bạn chỉ được xem, không được thay đổi dữ liệu chất lượng của doanh nghiệp này.",
		"You may read, not change, this enterprise's quality data.")
}

// signedIn returns the actor, or Unauthenticated.
func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	return a, nil
}

// canManage reports whether a runs enterprise ent's workspace.
func canManage(a *auth.Actor, ent int64) bool {
	return ent != 0 && (a.System || auth.Allowed(a, auth.ActQualityManage, auth.Scope{EnterpriseID: ent}))
}

// CanManage reports whether the actor in ctx manages some workspace (an
// enterprise user), for navigation.
func CanManage(ctx context.Context) bool {
	a := auth.ActorFrom(ctx)
	return !a.IsAnonymous() && auth.Can(a, auth.ActQualityManage)
}

// access says whether the actor may read (and write) enterprise ent's
// workspace: NotFound when not readable, write false when read-only.
func (s *Service) access(ctx context.Context, ent int64) (a *auth.Actor, write bool, err error) {
	if a, err = signedIn(ctx); err != nil {
		return nil, false, err
	}
	if canManage(a, ent) {
		return a, true, nil
	}
	if ent == 0 || !auth.Can(a, auth.ActQualityViewShared) {
		return nil, false, notFound()
	}
	st, err := s.store.FindSettings(ctx, ent)
	if err != nil {
		return nil, false, err
	}
	if !st.Shared {
		return nil, false, notFound()
	}
	prov, err := s.provinces.EnterpriseProvince(ctx, ent)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, false, notFound()
		}
		return nil, false, err
	}
	if !auth.Allowed(a, auth.ActQualityViewShared, auth.Scope{ProvinceCode: prov, EnterpriseID: ent}) {
		return nil, false, notFound()
	}
	return a, false, nil
}

// writable is access requiring write.
func (s *Service) writable(ctx context.Context, ent int64) (*auth.Actor, error) {
	a, w, err := s.access(ctx, ent)
	if err != nil {
		return nil, err
	}
	if !w {
		return nil, readOnly()
	}
	return a, nil
}

// ownEnterprise resolves the enterprise a use case is about: the actor's
// own for enterprise users, else ent (0 is NotFound).
func ownEnterprise(a *auth.Actor, ent int64) int64 {
	if ent == 0 && a != nil && a.Role == auth.RoleEnterprise {
		return a.EnterpriseID
	}
	return ent
}

// Workspace is what the workspace page shows of one enterprise.
type Workspace struct {
	EnterpriseID    int64
	Shared          bool
	CanManage       bool
	Processes       []*Process
	Characteristics []*Characteristic
	UnreadAlerts    int
}

// CharacteristicsOf returns the workspace's characteristics of process p.
func (w *Workspace) CharacteristicsOf(p ProcessID) []*Characteristic {
	var out []*Characteristic
	for _, c := range w.Characteristics {
		if c.ProcessID == p {
			out = append(out, c)
		}
	}
	return out
}

// FindWorkspace returns enterprise ent's workspace (0: the actor's own).
// NotFound unless the actor manages it or it is shared with them.
func (s *Service) FindWorkspace(ctx context.Context, ent int64) (*Workspace, error) {
	ent = ownEnterprise(auth.ActorFrom(ctx), ent)
	_, write, err := s.access(ctx, ent)
	if err != nil {
		return nil, err
	}
	w := &Workspace{EnterpriseID: ent, CanManage: write}
	st, err := s.store.FindSettings(ctx, ent)
	if err != nil {
		return nil, err
	}
	w.Shared = st.Shared
	if w.Processes, err = s.store.FindProcesses(ctx, ent); err != nil {
		return nil, err
	}
	if w.Characteristics, err = s.store.FindCharacteristics(ctx, ent, 0); err != nil {
		return nil, err
	}
	if write {
		if _, w.UnreadAlerts, err = s.store.FindAlerts(ctx, AlertFilter{EnterpriseID: ent, Unread: true, Limit: 1}); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// UnreadAlerts returns the number of unread alerts of the actor's
// enterprise (0 for anyone who manages no workspace).
func (s *Service) UnreadAlerts(ctx context.Context) (int, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() || !canManage(a, a.EnterpriseID) {
		return 0, nil
	}
	_, n, err := s.store.FindAlerts(ctx, AlertFilter{EnterpriseID: a.EnterpriseID, Unread: true, Limit: 1})
	return n, err
}

// SetSharing turns sharing with officers on or off for the actor's
// enterprise. Only the enterprise's own users may.
func (s *Service) SetSharing(ctx context.Context, shared bool) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	ent := ownEnterprise(a, 0)
	if !canManage(a, ent) {
		return fault.New(fault.Forbidden, "Chỉ doanh nghiệp mới bật hoặc tắt chia sẻ.", "Only the enterprise turns sharing on or off.")
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		before, err := tx.FindSettings(ctx, ent)
		if err != nil {
			return err
		}
		after := &Settings{EnterpriseID: ent, Shared: shared}
		if err := tx.SaveSettings(ctx, after, now); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "quality.sharing.set", "enterprise", fmt.Sprint(ent), before, after))
	})
}

// CreateProcess stores p for the actor's enterprise (the system names
// p.EnterpriseID), filling its id and times.
func (s *Service) CreateProcess(ctx context.Context, p *Process) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	if a.Role == auth.RoleEnterprise {
		if p.EnterpriseID != 0 && p.EnterpriseID != a.EnterpriseID {
			return notFound()
		}
		p.EnterpriseID = a.EnterpriseID
	}
	if _, err := s.writable(ctx, p.EnterpriseID); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.now().UTC()
	p.Active, p.CreatedAt, p.UpdatedAt = true, now, now
	return s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateProcess(ctx, p); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "quality.process.create", "quality_process", fmt.Sprint(p.ID), nil, p))
	})
}

// FindProcessByID returns a process the actor may read, or NotFound.
func (s *Service) FindProcessByID(ctx context.Context, id ProcessID) (*Process, error) {
	p, err := s.store.FindProcessByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.access(ctx, p.EnterpriseID); err != nil {
		return nil, err
	}
	return p, nil
}

// FindProcesses returns enterprise ent's processes (0: the actor's own).
func (s *Service) FindProcesses(ctx context.Context, ent int64) ([]*Process, error) {
	ent = ownEnterprise(auth.ActorFrom(ctx), ent)
	if _, _, err := s.access(ctx, ent); err != nil {
		return nil, err
	}
	return s.store.FindProcesses(ctx, ent)
}

// CanWrite reports whether the actor may change enterprise ent's data.
func (s *Service) CanWrite(ctx context.Context, ent int64) bool {
	a := auth.ActorFrom(ctx)
	return !a.IsAnonymous() && canManage(a, ent)
}

// CreateCharacteristic stores c under its process (which the actor must
// manage), filling its id, enterprise and times.
func (s *Service) CreateCharacteristic(ctx context.Context, c *Characteristic) error {
	if c.ProcessID == 0 {
		return (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Vui lòng chọn quá trình.", En: "Please choose a process."}}).
			Field("process", "Vui lòng chọn quá trình.", "Please choose a process.")
	}
	p, err := s.FindProcessByID(ctx, c.ProcessID)
	if err != nil {
		return err
	}
	if _, err := s.writable(ctx, p.EnterpriseID); err != nil {
		return err
	}
	if !p.Active {
		return processInactive()
	}
	if err := c.Validate(); err != nil {
		return err
	}
	now := s.now().UTC()
	c.EnterpriseID, c.Active, c.LastSeq, c.LastCpk, c.LastMeasuredAt = p.EnterpriseID, true, 0, nil, nil
	c.CreatedAt, c.UpdatedAt = now, now
	return s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateCharacteristic(ctx, c); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "quality.characteristic.create", "quality_characteristic", fmt.Sprint(c.ID), nil, c))
	})
}

// FindCharacteristicByID returns a characteristic the actor may read, or
// NotFound.
func (s *Service) FindCharacteristicByID(ctx context.Context, id CharacteristicID) (*Characteristic, error) {
	c, err := s.store.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.access(ctx, c.EnterpriseID); err != nil {
		return nil, err
	}
	return c, nil
}

// FindCharacteristics returns the characteristics of enterprise ent (0:
// the actor's own), or of one process when p is not 0.
func (s *Service) FindCharacteristics(ctx context.Context, ent int64, p ProcessID) ([]*Characteristic, error) {
	if p != 0 {
		proc, err := s.FindProcessByID(ctx, p)
		if err != nil {
			return nil, err
		}
		return s.store.FindCharacteristics(ctx, proc.EnterpriseID, p)
	}
	ent = ownEnterprise(auth.ActorFrom(ctx), ent)
	if _, _, err := s.access(ctx, ent); err != nil {
		return nil, err
	}
	return s.store.FindCharacteristics(ctx, ent, 0)
}

// AddAnnotation records an assignable cause at a point of a characteristic
// the actor manages.
func (s *Service) AddAnnotation(ctx context.Context, an *Annotation) error {
	c, err := s.FindCharacteristicByID(ctx, an.CharacteristicID)
	if err != nil {
		return err
	}
	a, err := s.writable(ctx, c.EnterpriseID)
	if err != nil {
		return err
	}
	if err := an.Validate(); err != nil {
		return err
	}
	if an.PointSeq > c.LastSeq {
		return (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Điểm không tồn tại.", En: "No such point."}}).
			Field("point", "Điểm không tồn tại.", "No such point.")
	}
	now := s.now().UTC()
	an.CreatedBy, an.CreatedByName, an.CreatedAt = int64(a.UserID), a.Name, now
	return s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateAnnotation(ctx, an); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "quality.annotation.create", "quality_characteristic", fmt.Sprint(c.ID), nil, an))
	})
}

// FindAlerts returns alerts of the actor's enterprise (or of one
// characteristic it may read), newest first, and the total.
func (s *Service) FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, int, error) {
	if f.CharacteristicID != 0 {
		c, err := s.FindCharacteristicByID(ctx, f.CharacteristicID)
		if err != nil {
			return nil, 0, err
		}
		f.EnterpriseID = c.EnterpriseID
	} else {
		f.EnterpriseID = ownEnterprise(auth.ActorFrom(ctx), f.EnterpriseID)
		if _, _, err := s.access(ctx, f.EnterpriseID); err != nil {
			return nil, 0, err
		}
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return s.store.FindAlerts(ctx, f)
}

// MarkAlertsRead marks the actor's enterprise's alerts read: those in ids,
// or all of them when ids is empty.
func (s *Service) MarkAlertsRead(ctx context.Context, ids []AlertID) (int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return 0, err
	}
	ent := ownEnterprise(a, 0)
	if _, err := s.writable(ctx, ent); err != nil {
		return 0, err
	}
	now := s.now().UTC()
	var n int
	err = s.store.Tx(ctx, func(tx Store) error {
		var err error
		if n, err = tx.MarkAlertsRead(ctx, ent, ids, now); err != nil || n == 0 {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "quality.alerts.read", "enterprise", fmt.Sprint(ent), nil,
			map[string]any{"ids": ids, "marked": n}))
	})
	return n, err
}

// FindAggregate returns the aggregate indicators the actor may see: every
// enterprise for the ministry and administrators, the actor's province for
// a provincial officer. Forbidden for other roles.
func (s *Service) FindAggregate(ctx context.Context) (*Aggregate, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && !auth.Can(a, auth.ActQualityAggregate) {
		return nil, fault.New(fault.Forbidden, "Bạn không có quyền xem số liệu tổng hợp chất lượng.", "You may not see the quality aggregates.")
	}
	prov := ""
	if !a.System && !auth.Allowed(a, auth.ActQualityAggregate, auth.Scope{ProvinceCode: "\x00"}) {
		prov = a.ProvinceCode // reach limited to the own province
	}
	es, err := s.store.Summaries(ctx, prov, s.now().AddDate(0, 0, -30))
	if err != nil {
		return nil, err
	}
	agg := &Aggregate{Enterprises: es}
	byProv := map[string]*ProvinceSummary{}
	for _, e := range es {
		p := byProv[e.ProvinceCode]
		if p == nil {
			p = &ProvinceSummary{ProvinceCode: e.ProvinceCode}
			byProv[e.ProvinceCode] = p
		}
		p.Enterprises++
		p.Processes += e.Processes
		p.Characteristics += e.Characteristics
		p.CpkLow += e.CpkLow
		p.CpkMid += e.CpkMid
		p.CpkHigh += e.CpkHigh
		p.Alerts30 += e.Alerts30
	}
	for _, p := range byProv {
		agg.Provinces = append(agg.Provinces, *p)
	}
	sort.Slice(agg.Provinces, func(i, j int) bool { return agg.Provinces[i].ProvinceCode < agg.Provinces[j].ProvinceCode })
	return agg, nil
}

// CanViewShared reports whether the actor could read shared workspaces in
// province prov (for links on the aggregate page).
func CanViewShared(ctx context.Context, prov string, ent int64) bool {
	a := auth.ActorFrom(ctx)
	return !a.IsAnonymous() && auth.Allowed(a, auth.ActQualityViewShared, auth.Scope{ProvinceCode: prov, EnterpriseID: ent})
}
