package auth

import "nscl/internal/fault"

// Role is the kind of user. The zero Role is the anonymous public visitor.
type Role string

// The roles of the platform.
const (
	RolePublic     Role = ""
	RoleAdmin      Role = "admin"
	RoleMinistry   Role = "ministry"
	RoleProvince   Role = "province"
	RoleEnterprise Role = "enterprise"
	RoleExpert     Role = "expert"
	RoleAssessor   Role = "assessor"
	RoleJudge      Role = "judge"
)

// Roles lists the assignable roles in display order.
var Roles = []Role{RoleAdmin, RoleMinistry, RoleProvince, RoleEnterprise, RoleExpert, RoleAssessor, RoleJudge}

var roleLabels = map[Role]fault.Text{
	RolePublic:     {Vi: "Công chúng", En: "Public"},
	RoleAdmin:      {Vi: "Quản trị hệ thống", En: "Administrator"},
	RoleMinistry:   {Vi: "Cán bộ Bộ Công Thương", En: "Ministry officer"},
	RoleProvince:   {Vi: "Cán bộ Sở Công Thương", En: "Provincial officer"},
	RoleEnterprise: {Vi: "Đại diện doanh nghiệp", En: "Enterprise representative"},
	RoleExpert:     {Vi: "Chuyên gia / tư vấn", En: "Expert / consultant"},
	RoleAssessor:   {Vi: "Đánh giá viên", En: "Assessor"},
	RoleJudge:      {Vi: "Giám khảo", En: "Contest judge"},
}

// Label returns the role's name in Vietnamese and English.
func (r Role) Label() fault.Text { return roleLabels[r] }

// Valid reports whether r is an assignable role.
func (r Role) Valid() bool {
	_, ok := roleLabels[r]
	return ok && r != RolePublic
}

// RequiresTOTP reports whether users of this role must use two-factor sign-in.
func (r Role) RequiresTOTP() bool {
	return r == RoleAdmin || r == RoleMinistry || r == RoleProvince
}

// NeedsProvince reports whether the role is scoped to one province.
func (r Role) NeedsProvince() bool { return r == RoleProvince }

// NeedsEnterprise reports whether the role is scoped to one enterprise.
func (r Role) NeedsEnterprise() bool { return r == RoleEnterprise }
