package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/catalog"
	"nscl/internal/directory"
)

const tagDirectory = "Danh bạ (Directory)"

type expertListInput struct {
	Q        string `query:"q" maxLength:"200" doc:"Từ trong tên chuyên gia hoặc tổ chức (không phân biệt dấu, khớp tiền tố) (name words of the expert or organisation, diacritics-insensitive, prefix)"`
	Tool     string `query:"tool" maxLength:"40" example:"5s" doc:"Mã công cụ (tool code)"`
	Level    int    `query:"level" minimum:"0" maximum:"3" doc:"Mức tối thiểu với công cụ: 1 thực hành, 2 tư vấn, 3 tư vấn trưởng (minimum level in the tool)"`
	Sector   string `query:"sector" enum:"textiles,leather,plastics,steel,chemicals,mechanical,energy,electronics,other" doc:"Ngành phục vụ (sector served)"`
	Province string `query:"province" example:"01" doc:"Tỉnh/thành phục vụ (province served)"`
	Kind     string `query:"kind" enum:"expert,practitioner" doc:"Chuyên gia tư vấn hoặc cán bộ thực hành (kind)"`
	Org      int64  `query:"organisation_id" minimum:"0" doc:"Thành viên của tổ chức; công khai: chỉ chuyên gia công khai tổ chức (members of an organisation; public: only experts who made it public)"`
	Page     int    `query:"page" minimum:"1" maximum:"100000" default:"1"`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type expertListOutput struct {
	Body struct {
		Items []*directory.Expert `json:"items" doc:"Người xem công khai chỉ thấy chuyên gia đồng ý hiển thị và các trường họ chọn công khai (the public sees only listed experts and their public fields)"`
		Total int                 `json:"total"`
		Page  int                 `json:"page"`
		Limit int                 `json:"limit"`
	}
}

type expertIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type expertOutput struct {
	Body *directory.Expert
}

// expertBody is a profile as clients send it; consents and public fields
// are set by the person (PUT /experts/me/consents), the track record by
// matching.
type expertBody struct {
	Kind           string                 `json:"kind,omitempty" enum:"expert,practitioner" default:"expert"`
	Name           string                 `json:"name" maxLength:"200" example:"Nguyễn Văn An"`
	Title          string                 `json:"title,omitempty" maxLength:"300" example:"ThS."`
	Email          string                 `json:"email,omitempty" maxLength:"254"`
	IDNumber       string                 `json:"id_number,omitempty" maxLength:"20" doc:"Số CCCD, 12 chữ số; không bao giờ công khai (citizen ID, 12 digits; never public)"`
	Phone          string                 `json:"phone,omitempty" maxLength:"40"`
	ProvinceCode   string                 `json:"province_code,omitempty" example:"01"`
	OrganisationID int64                  `json:"organisation_id,omitempty"`
	Languages      []string               `json:"languages,omitempty" example:"[\"vi\",\"en\"]"`
	Bio            string                 `json:"bio,omitempty" maxLength:"4000"`
	Capacity       *int                   `json:"capacity,omitempty" doc:"Số việc nhận cùng lúc, 0–50 (concurrent engagements)"`
	Tools          []directory.Expertise  `json:"tools,omitempty"`
	Sectors        []string               `json:"sectors,omitempty" doc:"Ngành ưu tiên hoặc other (priority industries or other)"`
	Provinces      []string               `json:"provinces,omitempty" doc:"Tỉnh/thành phục vụ (provinces served)"`
	Credentials    []directory.Credential `json:"credentials,omitempty" doc:"Ngày hết hạn phải sau ngày cấp (the expiry must be after the issue date)"`
}

func (b expertBody) expert() directory.Expert {
	e := directory.Expert{Kind: directory.Kind(b.Kind), Name: b.Name, Title: b.Title, Email: b.Email, IDNumber: b.IDNumber, Phone: b.Phone,
		ProvinceCode: b.ProvinceCode, OrganisationID: directory.OrganisationID(b.OrganisationID), Languages: b.Languages, Bio: b.Bio,
		Capacity: 1, Tools: b.Tools, Sectors: b.Sectors, Provinces: b.Provinces, Credentials: b.Credentials}
	if b.Capacity != nil {
		e.Capacity = *b.Capacity
	}
	return e
}

type expertCreateInput struct {
	Body expertBody
}

type expertPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body expertBody
}

type consentsInput struct {
	Body struct {
		Consents     []string `json:"consents" doc:"Mục đích đồng ý: listing, matching, publication, contact; mục không có là không đồng ý (purposes consented to; absent = not consented)"`
		PublicFields []string `json:"public_fields" doc:"title, organisation, province, languages, bio, credentials, email, phone"`
	}
}

type dataExportOutput struct {
	Body *directory.DataExport
}

type deletionInput struct {
	Body struct {
		Note string `json:"note,omitempty" doc:"Tối đa 1000 ký tự (1000 characters at most)"`
	}
}

type privacyRequestOutput struct {
	Body *directory.PrivacyRequest
}

type privacyListInput struct {
	Page  int `query:"page" minimum:"1" maximum:"100000" default:"1"`
	Limit int `query:"limit" minimum:"1" maximum:"100" default:"50"`
}

type privacyListOutput struct {
	Body struct {
		Items []*directory.PrivacyRequest `json:"items"`
		Total int                         `json:"total"`
	}
}

type privacyIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type orgListInput struct {
	Q        string `query:"q" maxLength:"200" doc:"Từ trong tên hoặc tên viết tắt (name words, diacritics-insensitive, prefix)"`
	Kind     string `query:"kind" enum:"consulting,research,certification,testing_lab,training,university"`
	Province string `query:"province" example:"01"`
	Page     int    `query:"page" minimum:"1" maximum:"100000" default:"1"`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type orgListOutput struct {
	Body struct {
		Items []*directory.Organisation `json:"items"`
		Total int                       `json:"total"`
		Page  int                       `json:"page"`
		Limit int                       `json:"limit"`
	}
}

type orgIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type orgOutput struct {
	Body *directory.Organisation
}

type orgBody struct {
	Kind         string `json:"kind" enum:"consulting,research,certification,testing_lab,training,university"`
	Name         string `json:"name" maxLength:"500"`
	ShortName    string `json:"short_name,omitempty" maxLength:"200"`
	TaxCode      string `json:"tax_code,omitempty" doc:"Không bắt buộc; trùng doanh nghiệp trong sổ thì được liên kết (optional; linked to the registry enterprise with it)"`
	ProvinceCode string `json:"province_code,omitempty"`
	Address      string `json:"address,omitempty" maxLength:"4000"`
	Website      string `json:"website,omitempty" maxLength:"300"`
	Email        string `json:"email,omitempty" maxLength:"254"`
	Phone        string `json:"phone,omitempty" maxLength:"40"`
	Description  string `json:"description,omitempty" maxLength:"4000"`
	VILAS        string `json:"vilas_number,omitempty" maxLength:"30" example:"VILAS 357" doc:"Bắt buộc với phòng thử nghiệm: ^VILAS( Med)? \\d{1,4}$ (required for testing labs)"`
	ValidFrom    string `json:"vilas_valid_from,omitempty" doc:"yyyy-mm-dd hoặc dd/mm/yyyy"`
	ValidTo      string `json:"vilas_valid_to,omitempty" doc:"Sau ngày bắt đầu (after the start)"`
	TestScope    string `json:"test_scope,omitempty" maxLength:"4000"`
	Equipment    string `json:"equipment,omitempty" maxLength:"4000"`
	Status       string `json:"status,omitempty" enum:"active,inactive"`
}

func (b orgBody) org() directory.Organisation {
	return directory.Organisation{Kind: directory.OrgKind(b.Kind), Name: b.Name, ShortName: b.ShortName, TaxCode: b.TaxCode,
		ProvinceCode: b.ProvinceCode, Address: b.Address, Website: b.Website, Email: b.Email, Phone: b.Phone,
		Description: b.Description, VILAS: b.VILAS, ValidFrom: b.ValidFrom, ValidTo: b.ValidTo, TestScope: b.TestScope,
		Equipment: b.Equipment, Status: b.Status}
}

type orgCreateInput struct {
	Body orgBody
}

type orgPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body orgBody
}

// registerDirectory registers the directory operations.
func (a *API) registerDirectory() {
	tags := []string{tagDirectory}
	d := a.directory
	a.registerDirectoryRelations()
	register(a, huma.Operation{OperationID: "list-experts", Method: http.MethodGet, Path: Prefix + "/experts", Tags: tags, Security: public,
		Summary: "Tra cứu chuyên gia (search experts)",
		Description: "Công khai: chỉ chuyên gia đồng ý hiển thị, chỉ các trường công khai. Cán bộ quản lý danh bạ thấy tất cả. " +
			"(Public: listed experts and their public fields only; directory managers see everyone.)",
		Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *expertListInput) (*expertListOutput, error) {
			f := directory.ExpertFilter{Query: in.Q, Tool: catalog.ToolCode(in.Tool), MinLevel: directory.Level(in.Level), Sector: in.Sector,
				Province: in.Province, Kind: directory.Kind(in.Kind), OrganisationID: directory.OrganisationID(in.Org),
				Offset: (in.Page - 1) * in.Limit, Limit: in.Limit}
			es, total, err := d.SearchExperts(ctx, f)
			if err != nil {
				return nil, err
			}
			out := &expertListOutput{}
			out.Body.Items, out.Body.Total, out.Body.Page, out.Body.Limit = es, total, in.Page, in.Limit
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-expert", Method: http.MethodGet, Path: Prefix + "/experts/{id}", Tags: tags, Security: public,
		Summary:     "Hồ sơ chuyên gia (an expert's profile)",
		Description: "Công khai nếu chuyên gia đồng ý; hồ sơ đầy đủ cho cán bộ quản lý và chính chuyên gia. (Public when consented; in full to managers and the expert.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *expertIDInput) (*expertOutput, error) {
			e, _, err := d.Expert(ctx, directory.ExpertID(in.ID))
			if err != nil {
				return nil, err
			}
			return &expertOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "create-expert", Method: http.MethodPost, Path: Prefix + "/experts", Tags: tags,
		Summary:       "Thêm chuyên gia (add an expert)",
		Description:   "Cán bộ quản lý danh bạ. Trùng email hoặc số CCCD bị từ chối (409) kèm đường dẫn tới hồ sơ đã có. (Directory managers; a duplicate email or ID number is a 409 pointing to the existing profile.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *expertCreateInput) (*expertOutput, error) {
			e, err := d.CreateExpert(ctx, in.Body.expert())
			if err != nil {
				return nil, err
			}
			return &expertOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "update-expert", Method: http.MethodPut, Path: Prefix + "/experts/{id}", Tags: tags,
		Summary:     "Sửa hồ sơ chuyên gia (replace an expert's profile)",
		Description: "Cán bộ quản lý, hoặc chính chuyên gia. Đồng ý và trường công khai không đổi ở đây. (Managers or the expert; consents and public fields are not changed here.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *expertPutInput) (*expertOutput, error) {
			e, err := d.UpdateExpert(ctx, directory.ExpertID(in.ID), in.Body.expert())
			if err != nil {
				return nil, err
			}
			return &expertOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "get-my-expert-profile", Method: http.MethodGet, Path: Prefix + "/experts/me", Tags: tags,
		Summary: "Hồ sơ chuyên gia của tôi (my expert profile)", Description: "404 khi chưa tạo. (404 before it is created.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, _ *struct{}) (*expertOutput, error) {
			e, err := d.MyProfile(ctx)
			if err != nil {
				return nil, err
			}
			return &expertOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "save-my-expert-profile", Method: http.MethodPut, Path: Prefix + "/experts/me", Tags: tags,
		Summary:     "Lưu hồ sơ chuyên gia của tôi (save my expert profile)",
		Description: "Tạo lần đầu (liên kết với tài khoản), sau đó cập nhật. (Creates it the first time, linked to the account; updates it after.)",
		Errors:      []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *expertCreateInput) (*expertOutput, error) {
			e, err := d.SaveMyProfile(ctx, in.Body.expert())
			if err != nil {
				return nil, err
			}
			return &expertOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "set-my-consents", Method: http.MethodPut, Path: Prefix + "/experts/me/consents", Tags: tags,
		Summary: "Đồng ý xử lý dữ liệu và trường công khai (my consents and public fields)",
		Description: "Ghi thời điểm và phiên bản mẫu đồng ý cho mỗi thay đổi; mục không gửi là không đồng ý. " +
			"(Each change is recorded with its time and the consent form version; a purpose not sent is not consented.)",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *consentsInput) (*expertOutput, error) {
			ps := make([]directory.Purpose, len(in.Body.Consents))
			for i, p := range in.Body.Consents {
				ps[i] = directory.Purpose(p)
			}
			fs := make([]directory.PublicField, len(in.Body.PublicFields))
			for i, f := range in.Body.PublicFields {
				fs[i] = directory.PublicField(f)
			}
			e, err := d.SetConsents(ctx, ps, fs)
			if err != nil {
				return nil, err
			}
			return &expertOutput{Body: e}, nil
		})
	register(a, huma.Operation{OperationID: "export-my-data", Method: http.MethodGet, Path: Prefix + "/experts/me/data", Tags: tags,
		Summary:     "Tải toàn bộ dữ liệu của tôi (download all my data)",
		Description: "Hồ sơ, lịch sử đồng ý và các yêu cầu. (Profile, consent history and requests.)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, _ *struct{}) (*dataExportOutput, error) {
			x, err := d.ExportMyData(ctx)
			if err != nil {
				return nil, err
			}
			return &dataExportOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "request-my-deletion", Method: http.MethodPost, Path: Prefix + "/experts/me/deletion-request", Tags: tags,
		Summary:       "Yêu cầu xóa dữ liệu (ask for deletion)",
		Description:   "Quản trị viên thực hiện bằng cách ẩn danh hồ sơ. (An administrator carries it out by anonymising the profile.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *deletionInput) (*privacyRequestOutput, error) {
			r, err := d.RequestDeletion(ctx, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &privacyRequestOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "list-privacy-requests", Method: http.MethodGet, Path: Prefix + "/privacy-requests", Tags: tags,
		Summary: "Yêu cầu về dữ liệu cá nhân (personal-data requests)", Description: "Quản trị viên; đang chờ trước. (Administrators; pending first.)"},
		func(ctx context.Context, in *privacyListInput) (*privacyListOutput, error) {
			rs, total, err := d.PrivacyRequests(ctx, (in.Page-1)*in.Limit, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &privacyListOutput{}
			out.Body.Items, out.Body.Total = append([]*directory.PrivacyRequest{}, rs...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "carry-out-privacy-request", Method: http.MethodPost, Path: Prefix + "/privacy-requests/{id}/carry-out", Tags: tags,
		Summary: "Thực hiện yêu cầu xóa (carry out a deletion request)",
		Description: "Ẩn danh hồ sơ: xóa tên, liên hệ, CCCD, giới thiệu, chứng chỉ, rút mọi đồng ý; giữ số liệu thống kê. " +
			"(Anonymises the profile, keeping the statistics.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *privacyIDInput) (*privacyRequestOutput, error) {
			r, err := d.CarryOut(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &privacyRequestOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "list-organisations", Method: http.MethodGet, Path: Prefix + "/organisations", Tags: tags, Security: public,
		Summary: "Tra cứu tổ chức (search organisations)", Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *orgListInput) (*orgListOutput, error) {
			os, total, err := d.SearchOrganisations(ctx, directory.OrgFilter{Query: in.Q, Kind: directory.OrgKind(in.Kind), Province: in.Province,
				Offset: (in.Page - 1) * in.Limit, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &orgListOutput{}
			out.Body.Items, out.Body.Total, out.Body.Page, out.Body.Limit = os, total, in.Page, in.Limit
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-organisation", Method: http.MethodGet, Path: Prefix + "/organisations/{id}", Tags: tags, Security: public,
		Summary: "Thông tin tổ chức (an organisation)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *orgIDInput) (*orgOutput, error) {
			o, err := d.Organisation(ctx, directory.OrganisationID(in.ID))
			if err != nil {
				return nil, err
			}
			return &orgOutput{Body: o}, nil
		})
	register(a, huma.Operation{OperationID: "create-organisation", Method: http.MethodPost, Path: Prefix + "/organisations", Tags: tags,
		Summary: "Thêm tổ chức (add an organisation)", Description: "Cán bộ quản lý danh bạ. (Directory managers.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *orgCreateInput) (*orgOutput, error) {
			o, err := d.CreateOrganisation(ctx, in.Body.org())
			if err != nil {
				return nil, err
			}
			return &orgOutput{Body: o}, nil
		})
	register(a, huma.Operation{OperationID: "update-organisation", Method: http.MethodPut, Path: Prefix + "/organisations/{id}", Tags: tags,
		Summary: "Sửa thông tin tổ chức (replace an organisation)", Description: "Cán bộ quản lý danh bạ. (Directory managers.)",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *orgPutInput) (*orgOutput, error) {
			o, err := d.UpdateOrganisation(ctx, directory.OrganisationID(in.ID), in.Body.org())
			if err != nil {
				return nil, err
			}
			return &orgOutput{Body: o}, nil
		})
}
