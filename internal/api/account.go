package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// userView is a user as the API shows it.
type userView struct {
	ID           int64      `json:"id" example:"42"`
	Email        string     `json:"email" example:"nguyen.van.a@moit.gov.vn"`
	Name         string     `json:"name" example:"Nguyễn Văn A"`
	Role         string     `json:"role" enum:"admin,ministry,province,enterprise,expert,assessor,judge" doc:"Vai trò (role)"`
	RoleLabel    fault.Text `json:"role_label" doc:"Tên vai trò (role name) in Vietnamese and English"`
	ProvinceCode string     `json:"province_code,omitempty" example:"01" doc:"Tỉnh/thành của cán bộ Sở (province of a provincial officer)"`
	EnterpriseID int64      `json:"enterprise_id,omitempty" doc:"Doanh nghiệp của người dùng doanh nghiệp (enterprise of an enterprise user)"`
	Lang         string     `json:"lang" enum:"vi,en" doc:"Ngôn ngữ (language)"`
	Disabled     bool       `json:"disabled" doc:"Tài khoản bị vô hiệu hóa (account disabled)"`
	TOTPEnabled  bool       `json:"totp_enabled" doc:"Đã bật xác thực hai bước (two-factor sign-in on)"`
	LastLoginAt  *time.Time `json:"last_login_at,omitempty" doc:"Lần đăng nhập gần nhất, UTC (last sign-in)"`
	CreatedAt    time.Time  `json:"created_at" doc:"Ngày tạo, UTC (created)"`
	UpdatedAt    time.Time  `json:"updated_at" doc:"Ngày sửa, UTC (updated)"`
}

func viewUser(u *auth.User) userView {
	return userView{ID: int64(u.ID), Email: u.Email, Name: u.Name, Role: string(u.Role), RoleLabel: u.Role.Label(),
		ProvinceCode: u.ProvinceCode, EnterpriseID: u.EnterpriseID, Lang: u.Lang, Disabled: u.Disabled,
		TOTPEnabled: u.TOTPEnabled, LastLoginAt: utcPtr(u.LastLoginAt), CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
}

// meView is the caller's own account and what part of the data it reaches.
type meView struct {
	User     userView  `json:"user"`
	Scope    scopeView `json:"scope" doc:"Phạm vi dữ liệu (what data the account reaches)"`
	ViaToken bool      `json:"via_token" doc:"Yêu cầu này dùng mã truy cập cá nhân (this request used a personal API token)"`
}

type scopeView struct {
	Kind           string     `json:"kind" enum:"all,province,enterprise,own" doc:"all = toàn quốc; province = một tỉnh; enterprise = một doanh nghiệp; own = hồ sơ và việc được giao của mình"`
	Label          fault.Text `json:"label"`
	ProvinceCode   string     `json:"province_code,omitempty"`
	ProvinceName   string     `json:"province_name,omitempty"`
	EnterpriseID   int64      `json:"enterprise_id,omitempty"`
	EnterpriseName string     `json:"enterprise_name,omitempty"`
}

// tokenView is a personal API token (never its secret).
type tokenView struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name" example:"Báo cáo hằng tháng"`
	Prefix     string     `json:"prefix" example:"nscl_Ab12Cd" doc:"Phần đầu của mã, để nhận ra nó (the first characters, to recognise it)"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	Active     bool       `json:"active" doc:"Còn dùng được (not revoked, not expired)"`
}

func viewToken(t *auth.Token, now time.Time) tokenView {
	return tokenView{ID: int64(t.ID), Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt.UTC(),
		LastUsedAt: utcPtr(t.LastUsedAt), ExpiresAt: utcPtr(t.ExpiresAt), RevokedAt: utcPtr(t.RevokedAt), Active: t.IsActive(now)}
}

type tokenList struct {
	Items []tokenView `json:"items"`
}

type tokenCreateBody struct {
	Name      string     `json:"name" example:"Báo cáo hằng tháng" doc:"Tên gợi nhớ, tối đa 100 ký tự (a name, at most 100 characters)"`
	ExpiresAt *time.Time `json:"expires_at,omitempty" example:"2026-12-31T17:00:00Z" doc:"Hết hạn lúc, RFC 3339; bỏ trống = không hết hạn (expiry; omit for none)"`
}

type tokenCreated struct {
	Token  tokenView `json:"token"`
	Secret string    `json:"secret" example:"nscl_…" doc:"Mã bí mật, chỉ hiện một lần: hãy lưu lại ngay (the secret, shown once)"`
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

type meOutput struct{ Body meView }
type tokenListOutput struct{ Body tokenList }
type tokenCreateInput struct {
	Body tokenCreateBody
}
type tokenCreateOutput struct{ Body tokenCreated }
type tokenRevokeInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã số của mã truy cập (token id)"`
}

func (a *API) registerAccount() {
	register(a, huma.Operation{
		OperationID: "get-me", Method: http.MethodGet, Path: Prefix + "/me", Tags: []string{tagAccount},
		Summary:     "Tài khoản của tôi (my account)",
		Description: "Tài khoản của người gọi, tên vai trò và phạm vi dữ liệu. (The caller's account, role name and data scope.)",
	}, a.handleMe)
	register(a, huma.Operation{
		OperationID: "list-tokens", Method: http.MethodGet, Path: Prefix + "/tokens", Tags: []string{tagAccount},
		Summary:     "Mã truy cập của tôi (my API tokens)",
		Description: "Các mã truy cập cá nhân của người gọi, mới nhất trước; không bao giờ kèm mã bí mật. (The caller's personal API tokens, newest first; never the secrets.)",
	}, a.handleTokenList)
	register(a, huma.Operation{
		OperationID: "create-token", Method: http.MethodPost, Path: Prefix + "/tokens", Tags: []string{tagAccount},
		Summary: "Tạo mã truy cập (create an API token)",
		Description: "Tạo một mã truy cập cá nhân, có quyền như chính tài khoản. Mã bí mật chỉ được trả về một lần. " +
			"Không thể tạo mã bằng một mã khác: hãy gọi từ phiên đăng nhập trình duyệt hoặc dùng trang /account. " +
			"(Creates a personal API token acting with the account's permissions; the secret is returned once. " +
			"A token cannot create tokens: call this from a signed-in browser session or use /account.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity},
	}, a.handleTokenCreate)
	register(a, huma.Operation{
		OperationID: "revoke-token", Method: http.MethodDelete, Path: Prefix + "/tokens/{id}", Tags: []string{tagAccount},
		Summary:       "Thu hồi mã truy cập (revoke an API token)",
		Description:   "Thu hồi một mã truy cập của người gọi; mã ngừng hoạt động ngay. (Revokes one of the caller's tokens at once.)",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
	}, a.handleTokenRevoke)
}

func (a *API) handleMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	actor := auth.ActorFrom(ctx)
	var id auth.UserID
	if actor != nil {
		id = actor.UserID
	}
	u, err := a.auth.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	me := meView{User: viewUser(u), ViaToken: actor != nil && actor.ViaToken}
	if me.Scope, err = a.scopeOf(ctx, u); err != nil {
		return nil, err
	}
	return &meOutput{Body: me}, nil
}

// scopeOf describes what part of the data u reaches. The enterprise's name
// is looked up for enterprise users; an enterprise gone missing is shown by
// its id alone.
func (a *API) scopeOf(ctx context.Context, u *auth.User) (scopeView, error) {
	switch {
	case u.Role == auth.RoleAdmin || u.Role == auth.RoleMinistry:
		return scopeView{Kind: "all", Label: fault.Text{Vi: "Toàn quốc", En: "Nationwide"}}, nil
	case u.Role.NeedsProvince():
		s := scopeView{Kind: "province", ProvinceCode: u.ProvinceCode, ProvinceName: u.ProvinceCode}
		if a.geo != nil {
			if p, ok := a.geo.Province(u.ProvinceCode); ok {
				s.ProvinceName = p.Name
			}
		}
		s.Label = fault.Text{Vi: s.ProvinceName, En: s.ProvinceName}
		return s, nil
	case u.Role.NeedsEnterprise():
		s := scopeView{Kind: "enterprise", EnterpriseID: u.EnterpriseID,
			Label: fault.Text{Vi: "Doanh nghiệp của tôi", En: "My enterprise"}}
		if a.registry != nil {
			e, err := a.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(u.EnterpriseID))
			switch {
			case err == nil:
				s.EnterpriseName = e.Name
				s.Label = fault.Text{Vi: e.Name, En: e.Name}
			case !fault.Is(err, fault.NotFound):
				return s, err
			}
		}
		return s, nil
	}
	return scopeView{Kind: "own", Label: fault.Text{Vi: "Hồ sơ và công việc được giao", En: "Own profile and assignments"}}, nil
}

func (a *API) handleTokenList(ctx context.Context, _ *struct{}) (*tokenListOutput, error) {
	ts, err := a.auth.FindTokens(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := &tokenListOutput{Body: tokenList{Items: make([]tokenView, 0, len(ts))}}
	for _, t := range ts {
		out.Body.Items = append(out.Body.Items, viewToken(t, now))
	}
	return out, nil
}

func (a *API) handleTokenCreate(ctx context.Context, in *tokenCreateInput) (*tokenCreateOutput, error) {
	secret, t, err := a.auth.CreateToken(ctx, in.Body.Name, in.Body.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return &tokenCreateOutput{Body: tokenCreated{Token: viewToken(t, time.Now()), Secret: secret}}, nil
}

func (a *API) handleTokenRevoke(ctx context.Context, in *tokenRevokeInput) (*struct{}, error) {
	return nil, a.auth.RevokeToken(ctx, auth.TokenID(in.ID))
}
