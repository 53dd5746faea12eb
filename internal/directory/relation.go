package directory

import (
	"context"
	"slices"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Relations an expert declares with registry enterprises: a conflict of
// interest, so matching never proposes the expert for that enterprise's
// needs. The expert declares and removes them on their own profile;
// directory managers see them on the expert's page, the public never.

// RelationKind is what ties an expert to an enterprise.
type RelationKind string

// The relation kinds.
const (
	RelationEmployee   RelationKind = "employee"   // employee, or former employee in the last 2 years
	RelationOwner      RelationKind = "owner"      // owner or shareholder
	RelationFamily     RelationKind = "family"     // family member of a manager
	RelationConsultant RelationKind = "consultant" // consultant of the enterprise in the last 2 years
	RelationOther      RelationKind = "other"
)

// RelationKinds lists the kinds in form order.
var RelationKinds = []RelationKind{RelationEmployee, RelationOwner, RelationFamily, RelationConsultant, RelationOther}

// Label names the kind.
func (k RelationKind) Label() fault.Text {
	switch k {
	case RelationEmployee:
		return fault.Text{Vi: "Nhân viên hoặc đã là nhân viên trong 2 năm qua", En: "Employee, or employee in the last 2 years"}
	case RelationOwner:
		return fault.Text{Vi: "Chủ sở hữu hoặc cổ đông", En: "Owner or shareholder"}
	case RelationFamily:
		return fault.Text{Vi: "Người thân của người quản lý doanh nghiệp", En: "Family member of a manager"}
	case RelationConsultant:
		return fault.Text{Vi: "Đã tư vấn cho doanh nghiệp trong 2 năm qua", En: "Consultant of the enterprise in the last 2 years"}
	case RelationOther:
		return fault.Text{Vi: "Quan hệ khác", En: "Other relation"}
	}
	return fault.Text{Vi: string(k), En: string(k)}
}

// Relation is one declared relation of an expert with an enterprise.
type Relation struct {
	ExpertID       ExpertID     `json:"expert_id"`
	EnterpriseID   int64        `json:"enterprise_id"`
	TaxCode        string       `json:"tax_code" doc:"Mã số thuế của doanh nghiệp (the enterprise's tax code), read only"`
	EnterpriseName string       `json:"enterprise_name" doc:"Tên doanh nghiệp (read only)"`
	Kind           RelationKind `json:"kind" enum:"employee,owner,family,consultant,other"`
	Note           string       `json:"note,omitempty"`
	DeclaredAt     time.Time    `json:"declared_at"`
}

// RelationInput is a declaration as the expert writes it.
type RelationInput struct {
	TaxCode string
	Kind    RelationKind
	Note    string
}

// MaxRelationNote caps the note of a relation.
const MaxRelationNote = 1000

// The relation problem codes.
const (
	CodeEnterpriseUnknown Code = "ENTERPRISE_UNKNOWN"
	CodeRelationKind      Code = "RELATION_KIND_UNKNOWN"
)

var errNoLookup = fault.New(fault.Unavailable, "Chưa tra cứu được sổ doanh nghiệp.", "The enterprise registry cannot be searched.")

// Relations lists the relations expert id declared: to directory managers
// and to the expert; NotFound to anyone else.
func (s *Service) Relations(ctx context.Context, id ExpertID) ([]Relation, error) {
	if _, err := s.expertOrManager(ctx, id); err != nil {
		return nil, err
	}
	return s.store.FindRelations(ctx, id)
}

// expertOrManager lets directory managers and the expert themself read.
func (s *Service) expertOrManager(ctx context.Context, id ExpertID) (*Expert, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	e, err := s.store.FindExpert(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errExpertNotFound
	}
	if err != nil {
		return nil, err
	}
	if CanManage(ctx) || (e.UserID != 0 && e.UserID == a.UserID) {
		return e, nil
	}
	return nil, errExpertNotFound
}

// MyRelations lists the signed-in expert's relations.
func (s *Service) MyRelations(ctx context.Context) ([]Relation, error) {
	e, err := s.MyProfile(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.FindRelations(ctx, e.ID)
}

// DeclareRelation records a relation of the signed-in expert with the
// registry enterprise of the tax code. An unknown tax code, a kind not in
// the list or a relation already declared with that enterprise is refused.
func (s *Service) DeclareRelation(ctx context.Context, in RelationInput) (*Relation, error) {
	e, err := s.MyProfile(ctx)
	if err != nil {
		return nil, err
	}
	var ps Problems
	r := Relation{ExpertID: e.ID, Kind: RelationKind(strings.TrimSpace(string(in.Kind))), Note: strings.TrimSpace(vn.NFC(in.Note)), DeclaredAt: s.now()}
	code, p := registry.ParseTaxCode(strings.TrimSpace(in.TaxCode))
	switch {
	case strings.TrimSpace(in.TaxCode) == "":
		ps.Add("tax_code", CodeTaxCodeInvalid, "Vui lòng nhập mã số thuế của doanh nghiệp.", "Please enter the enterprise's tax code.")
	case p != nil:
		ps.Add("tax_code", CodeTaxCodeInvalid, p.Message.Vi, p.Message.En)
	default:
		r.TaxCode = code
	}
	if !slices.Contains(RelationKinds, r.Kind) {
		ps.Add("kind", CodeRelationKind, "Vui lòng chọn loại quan hệ trong danh sách.", "Please choose a kind of relation from the list.")
	}
	if len([]rune(r.Note)) > MaxRelationNote {
		ps.Add("note", CodeTooLong, "Ghi chú quá dài (tối đa 1000 ký tự).", "The note is too long (1000 characters at most).")
	}
	if r.TaxCode != "" {
		if s.enterprises == nil {
			return nil, errNoLookup
		}
		id, err := s.enterprises.EnterpriseIDByTaxCode(ctx, r.TaxCode)
		switch {
		case err == nil:
			r.EnterpriseID = id
		case fault.Is(err, fault.NotFound):
			ps.Add("tax_code", CodeEnterpriseUnknown, "Không có doanh nghiệp nào với mã số thuế "+r.TaxCode+" trong cơ sở dữ liệu doanh nghiệp.",
				"No enterprise of the registry has the tax code "+r.TaxCode+".")
		default:
			return nil, err
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		cur, err := tx.FindRelations(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, c := range cur {
			if c.EnterpriseID == r.EnterpriseID {
				vi, en := "Bạn đã khai báo quan hệ với doanh nghiệp này ("+c.EnterpriseName+").", "You already declared a relation with this enterprise ("+c.EnterpriseName+")."
				return &fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: vi, En: en}, Fields: map[string]fault.Text{"tax_code": {Vi: vi, En: en}}}
			}
		}
		if err := tx.AddRelation(ctx, &r); err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.relation_declare", "expert", int64(e.ID), nil, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// RemoveRelation removes the signed-in expert's relation with an
// enterprise; NotFound when they declared none (another expert's relation
// is not theirs to remove).
func (s *Service) RemoveRelation(ctx context.Context, enterpriseID int64) error {
	e, err := s.MyProfile(ctx)
	if err != nil {
		return err
	}
	errNone := fault.New(fault.NotFound, "Không có quan hệ này trong hồ sơ của bạn.", "There is no such relation in your profile.")
	return s.store.Tx(ctx, func(tx Store) error {
		cur, err := tx.FindRelations(ctx, e.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cur, func(r Relation) bool { return r.EnterpriseID == enterpriseID })
		if i < 0 {
			return errNone
		}
		if err := tx.DeleteRelation(ctx, e.ID, enterpriseID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "expert.relation_remove", "expert", int64(e.ID), &cur[i], nil)
	})
}
