package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

const tagRegistry = "Doanh nghiệp (Enterprises)"

// enterprisePageSize is the default page size of the enterprise list (as
// the list page's).
const enterprisePageSize = 25

// enterpriseListInput are the list filters, with the query names of the
// list page and its export links.
type enterpriseListInput struct {
	Q         string `query:"q" maxLength:"200" doc:"Từ trong tên (không phân biệt dấu, hoa thường, thứ tự; khớp tiền tố) hoặc mã số thuế (name words, diacritics- and case-insensitive, any order, prefix; or a tax code)"`
	Province  string `query:"province" example:"01" doc:"Mã tỉnh/thành 2025 (province code)"`
	Industry  string `query:"industry" enum:"textiles,leather,plastics,steel,chemicals,mechanical,energy,electronics,none" doc:"Ngành ưu tiên, none = ngành khác (priority industry)"`
	VSIC      string `query:"vsic" maxLength:"5" example:"22" doc:"Tiền tố mã VSIC (VSIC code prefix)"`
	Size      string `query:"size" enum:"micro,small,medium,large,unknown" doc:"Quy mô năm gần nhất (size class of the latest year)"`
	Ownership string `query:"ownership" enum:"state,private,foreign,cooperative" doc:"Loại hình sở hữu (ownership)"`
	Sort      string `query:"sort" enum:"name,founded,-founded,employees,-employees" default:"name" doc:"Sắp xếp (sort order)"`
	Page      int    `query:"page" minimum:"1" maximum:"100000" default:"1" doc:"Trang, từ 1 (page, 1-based)"`
	Limit     int    `query:"limit" minimum:"1" maximum:"100" default:"25" doc:"Số doanh nghiệp mỗi trang (page size)"`
	Facets    bool   `query:"facets" default:"true" doc:"Kèm số đếm theo nhóm (with facet counts)"`
}

type enterpriseListOutput struct {
	Body struct {
		Items  []*registry.Enterprise `json:"items"`
		Total  int                    `json:"total" doc:"Tổng số doanh nghiệp khớp (matching enterprises in all pages)"`
		Page   int                    `json:"page"`
		Limit  int                    `json:"limit"`
		Facets *registry.Facets       `json:"facets,omitempty" doc:"Số đếm theo tỉnh, ngành ưu tiên, quy mô, sở hữu trên toàn bộ kết quả (counts over the whole selection)"`
	}
}

// enterpriseBody is an enterprise as clients send it; contacts are flat.
type enterpriseBody struct {
	TaxCode      string   `json:"tax_code" example:"0314409058" doc:"10 chữ số, hoặc 13 với chi nhánh (10 digits, or 13 for a branch: 0314409058-002)"`
	Name         string   `json:"name" maxLength:"2000" example:"Công ty TNHH Nhựa An Phát"`
	NameEN       string   `json:"name_en,omitempty" maxLength:"2000"`
	ShortName    string   `json:"short_name,omitempty" maxLength:"1000"`
	ProvinceCode string   `json:"province_code" example:"79" doc:"Mã, tên mới hoặc tên cũ (trước 1/7/2025) của tỉnh/thành (code, or new or pre-merger name)"`
	Commune      string   `json:"commune,omitempty"`
	Address      string   `json:"address,omitempty"`
	VSIC         string   `json:"vsic,omitempty" example:"2220" doc:"Ngành kinh doanh chính, 2–5 chữ số (main business line)"`
	VSICEdition  int      `json:"vsic_edition,omitempty" enum:"2018,2025" default:"2025"`
	Ownership    string   `json:"ownership,omitempty" enum:"state,private,foreign,cooperative"`
	FoundedOn    string   `json:"founded_on,omitempty" example:"2006-01-02" doc:"yyyy-mm-dd hoặc dd/mm/yyyy"`
	Email        string   `json:"email,omitempty"`
	Phone        string   `json:"phone,omitempty"`
	Website      string   `json:"website,omitempty"`
	Person       string   `json:"person,omitempty" doc:"Người liên hệ (contact person)"`
	Public       []string `json:"public,omitempty" doc:"Trường công khai: address, contact, website, employees, revenue, founded (fields made public)"`
	Status       string   `json:"status,omitempty" enum:"active,dissolved" default:"active"`
}

// enterprisePatch changes some fields; tax_code, province_code and status
// are officers' only.
type enterprisePatch struct {
	TaxCode      *string   `json:"tax_code,omitempty" doc:"Chỉ cán bộ quản lý (officers only)"`
	Name         *string   `json:"name,omitempty"`
	NameEN       *string   `json:"name_en,omitempty"`
	ShortName    *string   `json:"short_name,omitempty"`
	ProvinceCode *string   `json:"province_code,omitempty" doc:"Chỉ cán bộ quản lý (officers only)"`
	Commune      *string   `json:"commune,omitempty"`
	Address      *string   `json:"address,omitempty"`
	VSIC         *string   `json:"vsic,omitempty"`
	VSICEdition  *int      `json:"vsic_edition,omitempty"`
	Ownership    *string   `json:"ownership,omitempty" enum:"state,private,foreign,cooperative"`
	FoundedOn    *string   `json:"founded_on,omitempty"`
	Email        *string   `json:"email,omitempty"`
	Phone        *string   `json:"phone,omitempty"`
	Website      *string   `json:"website,omitempty"`
	Person       *string   `json:"person,omitempty"`
	Public       *[]string `json:"public,omitempty"`
	Status       *string   `json:"status,omitempty" enum:"active,dissolved" doc:"Chỉ cán bộ quản lý (officers only)"`
}

type enterpriseIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã doanh nghiệp trong hệ thống (enterprise id)"`
}

type enterpriseOutput struct {
	Body *registry.Enterprise
}

type enterpriseCreateInput struct {
	Body enterpriseBody
}

type enterprisePatchInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body enterprisePatch
}

type figuresListOutput struct {
	Body struct {
		Items []registry.YearMetrics `json:"items" doc:"Theo năm, kèm quy mô, năng suất lao động và tăng trưởng (by year, with size class, labour productivity and growth)"`
	}
}

type figuresYearInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Year int   `path:"year" doc:"Năm (calendar year)"`
}

type figuresYearOutput struct {
	Body registry.YearMetrics
}

type figuresBody struct {
	Employees  *int64 `json:"employees,omitempty" doc:"Lao động bình quân có đóng BHXH (average employees with social insurance)"`
	Revenue    *int64 `json:"revenue,omitempty" doc:"Doanh thu, đồng (revenue in đồng)"`
	Capital    *int64 `json:"capital,omitempty" doc:"Tổng nguồn vốn, đồng (total capital in đồng)"`
	ValueAdded *int64 `json:"value_added,omitempty" doc:"Giá trị gia tăng, đồng (value added in đồng)"`
	EnergyKWh  *int64 `json:"energy_kwh,omitempty" doc:"Điện năng tiêu thụ, kWh (energy use)"`
	Exports    *int64 `json:"exports,omitempty" doc:"Kim ngạch xuất khẩu, đồng (exports in đồng)"`
}

type figuresPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Year int   `path:"year"`
	Body figuresBody
}

type eligibilityInput struct {
	ID             int64   `path:"id" minimum:"1"`
	Track          string  `query:"track" enum:"breadth,depth" required:"true" doc:"Hướng hỗ trợ: breadth = chiều rộng, depth = chiều sâu (track)"`
	CounterpartPct float64 `query:"counterpart_pct" required:"true" doc:"Tỷ lệ vốn đối ứng dự kiến, % (planned counterpart share)"`
	Date           string  `query:"date" example:"2026-01-15" doc:"Ngày áp dụng quy định, yyyy-mm-dd; mặc định hôm nay (date of the rules; default today)"`
}

type eligibilityOutput struct {
	Body *registry.Eligibility
}

type claimCreateInput struct {
	Body struct {
		TaxCode string `json:"tax_code" example:"0314409058" doc:"Mã số thuế của doanh nghiệp (the enterprise's tax code)"`
		Note    string `json:"note,omitempty" maxLength:"4000" doc:"Ghi chú cho cán bộ duyệt (note for the officer)"`
	}
}

type claimOutput struct {
	Body *registry.Claim
}

type claimListInput struct {
	Status string `query:"status" enum:"pending,approved,rejected" doc:"Trạng thái (status)"`
	Offset int    `query:"offset" minimum:"0" default:"0"`
	Limit  int    `query:"limit" minimum:"1" maximum:"100" default:"50"`
}

type claimListOutput struct {
	Body struct {
		Items []*registry.Claim `json:"items"`
		Total int               `json:"total"`
	}
}

type claimDecideInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã yêu cầu (claim id)"`
	Body struct {
		Decision string `json:"decision" enum:"approve,reject"`
		Reason   string `json:"reason,omitempty" maxLength:"4000" doc:"Bắt buộc khi từ chối (required to reject)"`
	}
}

type settingsOutput struct {
	Body struct {
		Items []settingView `json:"items"`
	}
}

// settingView is a setting with its history and the value in force today.
type settingView struct {
	Key     registry.SettingKey `json:"key"`
	InForce *registry.Setting   `json:"in_force,omitempty" doc:"Giá trị đang áp dụng hôm nay (the value in force today)"`
	Values  []*registry.Setting `json:"values" doc:"Mọi giá trị, hiệu lực sớm nhất trước (every value, oldest effective first)"`
}

type settingCreateInput struct {
	Body struct {
		Key           string          `json:"key" enum:"track.breadth,track.depth"`
		Value         json.RawMessage `json:"value" doc:"Quy định của hướng (track rules): {require_sme, require_priority_industry, min_counterpart_pct, max_counterpart_pct, min_improvement_years, require_sector_specific, require_replicable}"`
		EffectiveFrom string          `json:"effective_from" example:"2026-01-01" doc:"Ngày hiệu lực, yyyy-mm-dd hoặc dd/mm/yyyy (effective date)"`
		Note          string          `json:"note,omitempty" maxLength:"1000" doc:"Căn cứ (basis, e.g. the decision)"`
	}
}

type settingOutput struct {
	Body *registry.Setting
}

func (a *API) registerRegistry() {
	if a.registry == nil {
		return
	}
	tags := []string{tagRegistry}
	scoped := " Cán bộ Sở chỉ thấy doanh nghiệp của tỉnh mình, người dùng doanh nghiệp chỉ thấy doanh nghiệp của mình. " +
		"(Provincial officers see their province's enterprises, enterprise users their own.)"
	register(a, huma.Operation{OperationID: "list-enterprises", Method: http.MethodGet, Path: Prefix + "/enterprises", Tags: tags,
		Summary:     "Tra cứu doanh nghiệp (search enterprises)",
		Description: "Tìm theo tên hoặc mã số thuế, lọc theo tỉnh, ngành ưu tiên, VSIC, quy mô, sở hữu; sắp xếp, phân trang, số đếm theo nhóm." + scoped,
		Errors:      []int{http.StatusUnprocessableEntity}},
		a.handleEnterpriseList)
	register(a, huma.Operation{OperationID: "create-enterprise", Method: http.MethodPost, Path: Prefix + "/enterprises", Tags: tags,
		Summary:       "Đăng ký doanh nghiệp (register an enterprise)",
		Description:   "Cán bộ Sở (tỉnh mình), cán bộ Bộ, quản trị. Mã số thuế được kiểm tra chữ số kiểm tra và không được trùng. (Officers and admins; the tax code is checked and must be new.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		a.handleEnterpriseCreate)
	register(a, huma.Operation{OperationID: "get-enterprise", Method: http.MethodGet, Path: Prefix + "/enterprises/{id}", Tags: tags,
		Summary: "Hồ sơ doanh nghiệp (an enterprise's record)", Description: "Doanh nghiệp ngoài phạm vi được coi như không tồn tại (404)." + scoped,
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *enterpriseIDInput) (*enterpriseOutput, error) {
			e, err := a.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(in.ID))
			if err != nil {
				return nil, err
			}
			return &enterpriseOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "update-enterprise", Method: http.MethodPatch, Path: Prefix + "/enterprises/{id}", Tags: tags,
		Summary: "Sửa hồ sơ doanh nghiệp (change an enterprise's profile)",
		Description: "Chỉ các trường gửi lên được thay đổi. Người dùng doanh nghiệp sửa hồ sơ của mình; mã số thuế, tỉnh và tình trạng chỉ cán bộ được sửa (403). " +
			"Mọi thay đổi được ghi lịch sử. (Only the fields sent change; tax code, province and status are officers' only; every change is kept in the history.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		a.handleEnterprisePatch)
	register(a, huma.Operation{OperationID: "list-enterprise-figures", Method: http.MethodGet, Path: Prefix + "/enterprises/{id}/figures", Tags: tags,
		Summary: "Số liệu theo năm (yearly figures)",
		Description: "Kèm quy mô theo Nghị định 80/2021, năng suất lao động (giá trị gia tăng/lao động, hoặc doanh thu/lao động khi thiếu giá trị gia tăng: productivity_by_revenue) và tăng trưởng. " +
			"(With the Decree 80/2021 size class, labour productivity and its growth.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *enterpriseIDInput) (*figuresListOutput, error) {
			ms, err := a.registry.FindFigures(ctx, registry.EnterpriseID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &figuresListOutput{}
			out.Body.Items = append([]registry.YearMetrics{}, ms...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-enterprise-figures", Method: http.MethodGet, Path: Prefix + "/enterprises/{id}/figures/{year}", Tags: tags,
		Summary: "Số liệu của một năm (the figures of one year)", Errors: []int{http.StatusNotFound}},
		a.handleFiguresGet)
	register(a, huma.Operation{OperationID: "put-enterprise-figures", Method: http.MethodPut, Path: Prefix + "/enterprises/{id}/figures/{year}", Tags: tags,
		Summary:     "Ghi số liệu của một năm (record or replace the figures of one year)",
		Description: "Thay toàn bộ số liệu của năm; trường bỏ trống là chưa có số liệu. Trả về số liệu mọi năm. (Replaces the year's figures; omitted = not reported. Returns every year.)",
		Errors:      []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *figuresPutInput) (*figuresListOutput, error) {
			b := in.Body
			ms, err := a.registry.PutFigures(ctx, registry.EnterpriseID(in.ID), registry.Figures{Year: in.Year, Employees: b.Employees,
				Revenue: b.Revenue, Capital: b.Capital, ValueAdded: b.ValueAdded, EnergyKWh: b.EnergyKWh, Exports: b.Exports})
			if err != nil {
				return nil, err
			}
			out := &figuresListOutput{}
			out.Body.Items = append([]registry.YearMetrics{}, ms...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "delete-enterprise-figures", Method: http.MethodDelete, Path: Prefix + "/enterprises/{id}/figures/{year}", Tags: tags,
		Summary: "Xóa số liệu của một năm (delete the figures of one year)", Description: "Trả về số liệu các năm còn lại. (Returns the remaining years.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *figuresYearInput) (*figuresListOutput, error) {
			ms, err := a.registry.DeleteFigures(ctx, registry.EnterpriseID(in.ID), in.Year)
			if err != nil {
				return nil, err
			}
			out := &figuresListOutput{}
			out.Body.Items = append([]registry.YearMetrics{}, ms...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-enterprise-eligibility", Method: http.MethodGet, Path: Prefix + "/enterprises/{id}/eligibility", Tags: tags,
		Summary: "Điều kiện tham gia hướng hỗ trợ (eligibility for a track)",
		Description: "Theo quy định có hiệu lực vào ngày hỏi (thiết lập chương trình), kèm lý do đọc được bằng tiếng Việt và tiếng Anh; lý do đầu tiên là tóm tắt. " +
			"(By the rules in force on the date, with readable reasons; the first one sums up.)",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		a.handleEligibility)

	register(a, huma.Operation{OperationID: "create-enterprise-claim", Method: http.MethodPost, Path: Prefix + "/enterprise-claims", Tags: tags,
		Summary:       "Yêu cầu nhận doanh nghiệp (claim an enterprise)",
		Description:   "Người dùng doanh nghiệp xin đại diện doanh nghiệp có mã số thuế này; cán bộ duyệt. (An enterprise user asks to represent the enterprise; an officer decides.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *claimCreateInput) (*claimOutput, error) {
			c, err := a.registry.ClaimEnterprise(ctx, in.Body.TaxCode, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &claimOutput{Body: c}, nil
		})
	register(a, huma.Operation{OperationID: "list-enterprise-claims", Method: http.MethodGet, Path: Prefix + "/enterprise-claims", Tags: tags,
		Summary:     "Yêu cầu nhận doanh nghiệp (claims)",
		Description: "Cán bộ Sở thấy yêu cầu của tỉnh mình, cán bộ Bộ và quản trị thấy tất cả, người yêu cầu thấy yêu cầu của mình. (Officers see their scope's claims, claimants their own.)"},
		func(ctx context.Context, in *claimListInput) (*claimListOutput, error) {
			cs, total, err := a.registry.FindClaims(ctx, registry.ClaimFilter{Status: registry.ClaimStatus(in.Status), Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &claimListOutput{}
			out.Body.Items, out.Body.Total = append([]*registry.Claim{}, cs...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "decide-enterprise-claim", Method: http.MethodPost, Path: Prefix + "/enterprise-claims/{id}/decide", Tags: tags,
		Summary:     "Duyệt hoặc từ chối yêu cầu (approve or reject a claim)",
		Description: "Duyệt thì tài khoản người yêu cầu được gắn với doanh nghiệp; từ chối cần lý do. (Approving links the claimant's account to the enterprise; rejecting needs a reason.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *claimDecideInput) (*claimOutput, error) {
			c, err := a.registry.DecideClaim(ctx, registry.ClaimID(in.ID), in.Body.Decision == "approve", in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return &claimOutput{Body: c}, nil
		})

	register(a, huma.Operation{OperationID: "list-settings", Method: http.MethodGet, Path: Prefix + "/settings", Tags: tags,
		Summary:     "Thiết lập chương trình (programme settings)",
		Description: "Điều kiện của các hướng hỗ trợ, mọi giá trị với ngày hiệu lực. (The tracks' eligibility rules, every value with its effective date.)"},
		a.handleSettingsList)
	register(a, huma.Operation{OperationID: "create-setting", Method: http.MethodPost, Path: Prefix + "/settings", Tags: tags,
		Summary:       "Thêm giá trị thiết lập (add a setting value)",
		Description:   "Giá trị mới áp dụng từ ngày hiệu lực; giá trị cũ được giữ. Cán bộ Bộ và quản trị. (In force from its date; earlier values stay. Ministry officers and admins.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *settingCreateInput) (*settingOutput, error) {
			b := in.Body
			s, err := a.registry.SetSetting(ctx, registry.SettingKey(b.Key), b.Value, b.EffectiveFrom, b.Note)
			if err != nil {
				return nil, err
			}
			return &settingOutput{Body: s}, nil
		})
}

func (a *API) handleEnterpriseList(ctx context.Context, in *enterpriseListInput) (*enterpriseListOutput, error) {
	f := registry.Filter{Query: in.Q, ProvinceCode: in.Province, VSICPrefix: in.VSIC, Sort: registry.Sort(in.Sort),
		Offset: (in.Page - 1) * in.Limit, Limit: in.Limit, Facets: in.Facets}
	if in.Industry != "" {
		ind := registry.Industry(in.Industry)
		if in.Industry == "none" {
			ind = registry.IndustryNone
		}
		f.Industry = &ind
	}
	if in.Size != "" {
		sz := registry.SizeClass(in.Size)
		if in.Size == "unknown" {
			sz = registry.SizeUnknown
		}
		f.SizeClass = &sz
	}
	if in.Ownership != "" {
		o := registry.Ownership(in.Ownership)
		f.Ownership = &o
	}
	if f.Sort == "" {
		f.Sort = registry.SortName
	}
	pg, err := a.registry.SearchEnterprises(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &enterpriseListOutput{}
	out.Body.Items, out.Body.Total, out.Body.Page, out.Body.Limit, out.Body.Facets =
		append([]*registry.Enterprise{}, pg.Enterprises...), pg.Total, in.Page, in.Limit, pg.Facets
	return out, nil
}

func publicFields(ss []string) []registry.PublicField {
	out := make([]registry.PublicField, len(ss))
	for i, s := range ss {
		out[i] = registry.PublicField(s)
	}
	return out
}

func (a *API) handleEnterpriseCreate(ctx context.Context, in *enterpriseCreateInput) (*enterpriseOutput, error) {
	b := in.Body
	e, err := a.registry.CreateEnterprise(ctx, registry.Enterprise{TaxCode: b.TaxCode, Name: b.Name, NameEN: b.NameEN, ShortName: b.ShortName,
		ProvinceCode: b.ProvinceCode, Commune: b.Commune, Address: b.Address, VSIC: b.VSIC, VSICEdition: registry.VSICEdition(b.VSICEdition),
		Ownership: registry.Ownership(b.Ownership), FoundedOn: b.FoundedOn, Public: publicFields(b.Public), Status: registry.Status(b.Status),
		Contact: registry.Contact{Email: b.Email, Phone: b.Phone, Website: b.Website, Person: b.Person}})
	if err != nil {
		return nil, err
	}
	return &enterpriseOutput{Body: e}, nil
}

func (a *API) handleEnterprisePatch(ctx context.Context, in *enterprisePatchInput) (*enterpriseOutput, error) {
	b := in.Body
	u := registry.EnterpriseUpdate{Name: b.Name, NameEN: b.NameEN, ShortName: b.ShortName, Commune: b.Commune, Address: b.Address,
		VSIC: b.VSIC, FoundedOn: b.FoundedOn, TaxCode: b.TaxCode, ProvinceCode: b.ProvinceCode}
	if b.VSICEdition != nil {
		ed := registry.VSICEdition(*b.VSICEdition)
		u.VSICEdition = &ed
	}
	if b.Ownership != nil {
		o := registry.Ownership(*b.Ownership)
		u.Ownership = &o
	}
	if b.Status != nil {
		s := registry.Status(*b.Status)
		u.Status = &s
	}
	if b.Public != nil {
		p := publicFields(*b.Public)
		u.Public = &p
	}
	if b.Email != nil || b.Phone != nil || b.Website != nil || b.Person != nil {
		// A contact is replaced whole: start from the current one.
		cur, err := a.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(in.ID))
		if err != nil {
			return nil, err
		}
		c := cur.Contact
		for _, f := range []struct {
			dst *string
			v   *string
		}{{&c.Email, b.Email}, {&c.Phone, b.Phone}, {&c.Website, b.Website}, {&c.Person, b.Person}} {
			if f.v != nil {
				*f.dst = *f.v
			}
		}
		u.Contact = &c
	}
	e, err := a.registry.UpdateEnterprise(ctx, registry.EnterpriseID(in.ID), u)
	if err != nil {
		return nil, err
	}
	return &enterpriseOutput{Body: e}, nil
}

func (a *API) handleFiguresGet(ctx context.Context, in *figuresYearInput) (*figuresYearOutput, error) {
	ms, err := a.registry.FindFigures(ctx, registry.EnterpriseID(in.ID))
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Year == in.Year {
			return &figuresYearOutput{Body: m}, nil
		}
	}
	return nil, fault.New(fault.NotFound, "Chưa có số liệu của năm này.", "There are no figures for this year.")
}

func (a *API) handleEligibility(ctx context.Context, in *eligibilityInput) (*eligibilityOutput, error) {
	on := time.Now()
	if in.Date != "" {
		d, err := vn.ParseDate(in.Date)
		if err != nil {
			return nil, fault.Fields{"date": {Vi: "Ngày không hợp lệ (yyyy-mm-dd).", En: "The date is not valid (yyyy-mm-dd)."}}.Err()
		}
		on = d.Add(12 * time.Hour)
	}
	el, err := a.registry.Eligibility(ctx, registry.EnterpriseID(in.ID), registry.Track(in.Track), in.CounterpartPct, on)
	if err != nil {
		return nil, err
	}
	return &eligibilityOutput{Body: el}, nil
}

func (a *API) handleSettingsList(ctx context.Context, _ *struct{}) (*settingsOutput, error) {
	out := &settingsOutput{}
	today := time.Now().In(vn.Zone).Format("2006-01-02")
	for _, k := range registry.SettingKeys {
		vals, err := a.registry.FindSettings(ctx, k)
		if err != nil {
			return nil, err
		}
		v := settingView{Key: k, Values: append([]*registry.Setting{}, vals...)}
		if cur, ok := registry.SettingInForce(vals, today); ok {
			v.InForce = cur
		}
		out.Body.Items = append(out.Body.Items, v)
	}
	return out, nil
}
