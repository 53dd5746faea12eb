package registry

import (
	"context"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// EnterpriseID identifies an enterprise.
type EnterpriseID int64

// Enterprise is a firm in the registry.
type Enterprise struct {
	ID           EnterpriseID `json:"id"`
	TaxCode      string       `json:"tax_code"`
	Name         string       `json:"name"`
	ProvinceCode string       `json:"province_code"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// Filter selects enterprises. Empty fields do not filter.
type Filter struct {
	Query        string // diacritics-insensitive match on the name, or a tax code prefix
	ProvinceCode string
	Offset       int
	Limit        int
}

// Store keeps enterprises. FindEnterpriseByID returns fault.NotFound.
type Store interface {
	FindEnterpriseByID(ctx context.Context, id EnterpriseID) (*Enterprise, error)
	FindEnterpriseByTaxCode(ctx context.Context, taxCode string) (*Enterprise, error)
	// FindEnterprises returns matching enterprises by name, and the total.
	FindEnterprises(ctx context.Context, f Filter) ([]*Enterprise, int, error)
	// CreateEnterprises inserts many enterprises in one transaction (demo
	// data, imports), filling IDs.
	CreateEnterprises(ctx context.Context, es []*Enterprise) error
	CountEnterprises(ctx context.Context) (int, error)
}

// Service is the registry use cases of this slice.
type Service struct {
	store Store
}

// NewService returns a Service.
func NewService(store Store) *Service { return &Service{store: store} }

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
func (s *Service) FindEnterpriseByID(ctx context.Context, id EnterpriseID) (*Enterprise, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	e, err := s.store.FindEnterpriseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case a.Role == auth.RoleAdmin, a.Role == auth.RoleMinistry:
	case a.Role == auth.RoleProvince && a.ProvinceCode == e.ProvinceCode:
	case a.Role == auth.RoleEnterprise && a.EnterpriseID == int64(e.ID):
	default:
		return nil, fault.New(fault.NotFound, "Không tìm thấy doanh nghiệp.", "Enterprise not found.")
	}
	return e, nil
}

// FindEnterprises searches enterprises for admins picking an enterprise for
// a user account.
func (s *Service) FindEnterprises(ctx context.Context, f Filter) ([]*Enterprise, int, error) {
	if !auth.Can(auth.ActorFrom(ctx), auth.ActUsersManage) {
		return nil, 0, fault.New(fault.Forbidden, "Bạn không có quyền tra cứu danh sách này.", "You may not search this list.")
	}
	f.Query = vn.Fold(f.Query)
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	return s.store.FindEnterprises(ctx, f)
}
