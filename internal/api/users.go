package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
)

type userList struct {
	Items  []userView `json:"items"`
	Total  int        `json:"total" doc:"Tổng số kết quả khớp (matching users in all pages)"`
	Offset int        `json:"offset"`
	Limit  int        `json:"limit"`
}

type userListInput struct {
	Q        string `query:"q" doc:"Tìm theo email hoặc họ tên, không phân biệt hoa thường (matches email or name)"`
	Role     string `query:"role" enum:"admin,ministry,province,enterprise,expert,assessor,judge" doc:"Vai trò (role)"`
	Province string `query:"province" example:"01" doc:"Mã tỉnh/thành (province code)"`
	Disabled string `query:"disabled" enum:"true,false" doc:"true = chỉ tài khoản bị vô hiệu hóa, false = chỉ tài khoản đang hoạt động (only disabled / only active)"`
	Offset   int    `query:"offset" minimum:"0" default:"0" doc:"Bỏ qua bao nhiêu kết quả đầu (results to skip)"`
	Limit    int    `query:"limit" minimum:"1" maximum:"500" default:"50" doc:"Số kết quả tối đa, 1–500 (page size)"`
}

// userCreateBody is what an admin sends to create an account.
type userCreateBody struct {
	Email        string `json:"email" example:"nguyen.van.a@moit.gov.vn"`
	Name         string `json:"name" example:"Nguyễn Văn A" doc:"Họ và tên, tối đa 200 ký tự (full name)"`
	Password     string `json:"password" example:"Doi-mat-khau-2026" doc:"Ít nhất 10 ký tự, có chữ cái và chữ số hoặc ký hiệu (at least 10 characters, letters and digits or symbols)"`
	Role         string `json:"role" enum:"admin,ministry,province,enterprise,expert,assessor,judge" doc:"Vai trò (role)"`
	ProvinceCode string `json:"province_code,omitempty" example:"01" doc:"Bắt buộc với cán bộ Sở (required for role province)"`
	EnterpriseID int64  `json:"enterprise_id,omitempty" doc:"Bắt buộc với người dùng doanh nghiệp (required for role enterprise)"`
	Lang         string `json:"lang,omitempty" enum:"vi,en" doc:"Ngôn ngữ, mặc định vi (language)"`
	Disabled     bool   `json:"disabled,omitempty" doc:"Tạo ở trạng thái vô hiệu hóa (create disabled)"`
}

// userUpdateBody replaces every field of an account; an empty password
// keeps the current one.
type userUpdateBody struct {
	Email        string `json:"email" example:"nguyen.van.a@moit.gov.vn"`
	Name         string `json:"name" example:"Nguyễn Văn A"`
	Password     string `json:"password,omitempty" doc:"Bỏ trống để giữ mật khẩu; đổi mật khẩu sẽ kết thúc mọi phiên của người dùng (omit to keep; a new one ends the user's sessions)"`
	Role         string `json:"role" enum:"admin,ministry,province,enterprise,expert,assessor,judge"`
	ProvinceCode string `json:"province_code,omitempty" example:"01"`
	EnterpriseID int64  `json:"enterprise_id,omitempty"`
	Lang         string `json:"lang,omitempty" enum:"vi,en"`
	Disabled     bool   `json:"disabled,omitempty" doc:"Vô hiệu hóa tài khoản (disable the account)"`
}

type userListOutput struct{ Body userList }
type userOutput struct{ Body userView }
type userCreateInput struct{ Body userCreateBody }
type userIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã số người dùng (user id)"`
}
type userUpdateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã số người dùng (user id)"`
	Body userUpdateBody
}

func (a *API) registerUsers() {
	const adminOnly = " Chỉ quản trị hệ thống. (Administrators only.)"
	tags := []string{tagUsers}
	register(a, huma.Operation{
		OperationID: "list-users", Method: http.MethodGet, Path: Prefix + "/users", Tags: tags,
		Summary:     "Danh sách người dùng (list users)",
		Description: "Người dùng theo email, lọc theo từ khóa, vai trò, tỉnh và trạng thái; có phân trang." + adminOnly,
		Errors:      []int{http.StatusUnprocessableEntity},
	}, a.handleUserList)
	register(a, huma.Operation{
		OperationID: "create-user", Method: http.MethodPost, Path: Prefix + "/users", Tags: tags,
		Summary:       "Tạo người dùng (create a user)",
		Description:   "Tạo tài khoản; mọi thay đổi được ghi nhật ký." + adminOnly,
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity},
	}, a.handleUserCreate)
	register(a, huma.Operation{
		OperationID: "get-user", Method: http.MethodGet, Path: Prefix + "/users/{id}", Tags: tags,
		Summary:     "Xem người dùng (get a user)",
		Description: "Một tài khoản; người dùng thường chỉ xem được tài khoản của chính mình. (Admins see any account; others only their own.)",
		Errors:      []int{http.StatusNotFound},
	}, a.handleUserGet)
	register(a, huma.Operation{
		OperationID: "update-user", Method: http.MethodPut, Path: Prefix + "/users/{id}", Tags: tags,
		Summary: "Sửa người dùng (update a user)",
		Description: "Thay toàn bộ thông tin tài khoản; mật khẩu bỏ trống thì giữ nguyên. Không thể tự vô hiệu hóa hay bỏ quyền quản trị của chính mình." +
			adminOnly + " (Replaces the account; an empty password keeps it. Admins cannot disable themselves or drop their own admin role.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, a.handleUserUpdate)
	register(a, huma.Operation{
		OperationID: "reset-user-2fa", Method: http.MethodPost, Path: Prefix + "/users/{id}/reset-2fa", Tags: tags,
		Summary: "Đặt lại xác thực hai bước (reset two-factor sign-in)",
		Description: "Tắt xác thực hai bước của người dùng bị mất điện thoại và mã khôi phục; vai trò bắt buộc sẽ đăng ký lại ở lần đăng nhập sau." +
			adminOnly + " (Turns two-factor sign-in off for a user who lost the phone and the codes.)",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
	}, a.handleUserReset2FA)
}

func (a *API) handleUserList(ctx context.Context, in *userListInput) (*userListOutput, error) {
	f := auth.UserFilter{Query: in.Q, Role: auth.Role(in.Role), ProvinceCode: in.Province, Offset: in.Offset, Limit: in.Limit}
	if in.Disabled != "" {
		d := in.Disabled == "true"
		f.Disabled = &d
	}
	us, total, err := a.auth.FindUsers(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &userListOutput{Body: userList{Items: make([]userView, 0, len(us)), Total: total, Offset: in.Offset, Limit: in.Limit}}
	for _, u := range us {
		out.Body.Items = append(out.Body.Items, viewUser(u))
	}
	return out, nil
}

func (a *API) handleUserCreate(ctx context.Context, in *userCreateInput) (*userOutput, error) {
	b := in.Body
	u, err := a.auth.CreateUser(ctx, auth.UserInput{Email: b.Email, Name: b.Name, Password: b.Password, Role: auth.Role(b.Role),
		ProvinceCode: b.ProvinceCode, EnterpriseID: b.EnterpriseID, Lang: b.Lang, Disabled: b.Disabled})
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: viewUser(u)}, nil
}

func (a *API) handleUserGet(ctx context.Context, in *userIDInput) (*userOutput, error) {
	u, err := a.auth.FindUserByID(ctx, auth.UserID(in.ID))
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: viewUser(u)}, nil
}

func (a *API) handleUserUpdate(ctx context.Context, in *userUpdateInput) (*userOutput, error) {
	b := in.Body
	u, err := a.auth.UpdateUser(ctx, auth.UserID(in.ID), auth.UserInput{Email: b.Email, Name: b.Name, Password: b.Password,
		Role: auth.Role(b.Role), ProvinceCode: b.ProvinceCode, EnterpriseID: b.EnterpriseID, Lang: b.Lang, Disabled: b.Disabled})
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: viewUser(u)}, nil
}

func (a *API) handleUserReset2FA(ctx context.Context, in *userIDInput) (*struct{}, error) {
	return nil, a.auth.ResetTOTP(ctx, auth.UserID(in.ID))
}
