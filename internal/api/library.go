package api

// The operations of cases and guides.

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/library"
	"nscl/internal/markdown"
)

// The library's types are wrapped in the API's own names (huma names a
// schema after its Go type). Markdown fields come with their safe HTML
// (goldmark + bluemonday): a <script> in a body never comes out as markup.
type (
	libraryCase struct {
		*library.Case
		URL          string `json:"url"`
		ProblemHTML  string `json:"problem_html"`
		SolutionHTML string `json:"solution_html"`
		LessonsHTML  string `json:"lessons_html"`
	}
	libraryCaseDetail struct {
		libraryCase
		KPIsShown   []library.CaseKPI        `json:"kpis_shown" doc:"KPI hiển thị: kết quả đã xác minh của mô hình điểm nếu có, nếu không là số liệu biên tập viên nhập (the KPIs shown)"`
		Verified    bool                     `json:"verified"`
		PilotTitle  string                   `json:"pilot_title,omitempty"`
		Replicators []library.CaseReplicator `json:"replicators"`
		Others      int                      `json:"others"`
		Photos      []libraryPhoto           `json:"photos"`
		CanEdit     bool                     `json:"can_edit"`
	}
	libraryPhoto struct {
		*library.CasePhoto
		URL      string `json:"url"`
		ThumbURL string `json:"thumb_url"`
	}
	libraryGuide struct {
		*library.Guide
		URL      string `json:"url"`
		BodyHTML string `json:"body_html"`
	}
	libraryGuideDetail struct {
		libraryGuide
		Templates []libraryTemplate `json:"templates"`
		CanEdit   bool              `json:"can_edit"`
	}
	libraryTemplate struct {
		*library.GuideFile
		URL string `json:"url"`
	}
)

func libCase(c *library.Case) libraryCase {
	return libraryCase{Case: c, URL: fmt.Sprintf("/cases/%d", c.ID), ProblemHTML: string(markdown.Render(string(c.ProblemMD))),
		SolutionHTML: string(markdown.Render(string(c.SolutionMD))), LessonsHTML: string(markdown.Render(string(c.LessonsMD)))}
}

func libGuide(g *library.Guide) libraryGuide {
	return libraryGuide{Guide: g, URL: fmt.Sprintf("/guides/%d", g.ID), BodyHTML: string(markdown.Render(string(g.BodyMD)))}
}

type libraryIDInput struct {
	ID   int64  `path:"id" minimum:"1"`
	Lang string `query:"lang" enum:"vi,en," doc:"Ngôn ngữ tên KPI (the KPI names' language)"`
}

type libraryCaseListInput struct {
	Tool     string `query:"tool" example:"5s" doc:"Mã công cụ (catalogue tool code)"`
	Industry string `query:"industry" example:"textiles" doc:"Ngành ưu tiên (priority industry)"`
	VSIC     string `query:"vsic" example:"13" doc:"Mã VSIC hoặc các chữ số đầu (a VSIC code or its first digits)"`
	Size     string `query:"size" enum:"micro,small,medium,large," doc:"Quy mô (size class)"`
	Province string `query:"province" example:"01"`
	Status   string `query:"status" enum:"draft,published," doc:"Chỉ biên tập viên (editors only)"`
	Q        string `query:"q" maxLength:"200" doc:"Tìm không dấu (search, accents optional)"`
	Page     int    `query:"page" minimum:"0" maximum:"100000"`
}

type libraryCaseListOutput struct {
	Body struct {
		Items []libraryCase `json:"items"`
		Total int           `json:"total"`
	}
}

type libraryCaseOutput struct{ Body libraryCase }

type libraryCaseDetailOutput struct{ Body libraryCaseDetail }

type libraryCaseCreateInput struct{ Body library.CaseInput }

type libraryCasePutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
		library.CaseInput
	}
}

type libraryStatusInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" minimum:"1"`
		Status  string `json:"status" enum:"published,draft" doc:"published = công bố; draft = gỡ về bản nháp"`
	}
}

type libraryGuideListInput struct {
	Tool   string `query:"tool" example:"kaizen"`
	Status string `query:"status" enum:"draft,published,"`
	Q      string `query:"q" maxLength:"200"`
	Page   int    `query:"page" minimum:"0" maximum:"100000"`
}

type libraryGuideListOutput struct {
	Body struct {
		Items []libraryGuide `json:"items"`
		Total int            `json:"total"`
	}
}

type libraryGuideOutput struct{ Body libraryGuide }

type libraryGuideDetailOutput struct{ Body libraryGuideDetail }

type libraryGuideCreateInput struct{ Body library.GuideInput }

type libraryGuidePutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
		library.GuideInput
	}
}

// registerLibrary registers this area's operations.
func (a *API) registerLibrary() {
	if a.library == nil {
		return
	}
	tags := []string{tagLibrary}
	register(a, huma.Operation{OperationID: "list-library-cases", Method: http.MethodGet, Path: Prefix + "/cases", Tags: tags,
		Security: public, Summary: "Thư viện điển hình (the case library)",
		Description: "Công khai: điển hình đã công bố, 20 mỗi trang; biên tập viên thấy thêm bản nháp của mình. (Public: published cases, 20 a page; editors also their drafts.)"},
		func(ctx context.Context, in *libraryCaseListInput) (*libraryCaseListOutput, error) {
			cs, total, err := a.library.Cases(ctx, library.CaseQuery{Tool: in.Tool, Industry: in.Industry, VSIC: in.VSIC, SizeClass: in.Size, Province: in.Province,
				Status: library.Status(in.Status), Query: in.Q, Page: in.Page, PerPage: 20})
			if err != nil {
				return nil, err
			}
			out := &libraryCaseListOutput{}
			out.Body.Items, out.Body.Total = make([]libraryCase, 0, len(cs)), total
			for _, c := range cs {
				out.Body.Items = append(out.Body.Items, libCase(c))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-library-case", Method: http.MethodGet, Path: Prefix + "/cases/{id}", Tags: tags,
		Security: public, Summary: "Một điển hình với kết quả, ảnh và doanh nghiệp nhân rộng (one case)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *libraryIDInput) (*libraryCaseDetailOutput, error) {
			lang := in.Lang
			if lang == "" {
				lang = "vi"
			}
			v, err := a.library.Case(ctx, library.CaseID(in.ID), lang)
			if err != nil {
				return nil, err
			}
			d := libraryCaseDetail{libraryCase: libCase(v.Case), KPIsShown: v.KPIs, Verified: v.Verified, PilotTitle: v.PilotTitle,
				Replicators: v.Replicators, Others: v.Others, CanEdit: v.CanEdit, Photos: []libraryPhoto{}}
			for _, p := range v.Photos {
				u := fmt.Sprintf("/cases/%d/photos/%d", v.Case.ID, p.ID)
				d.Photos = append(d.Photos, libraryPhoto{CasePhoto: p, URL: u, ThumbURL: u + "/thumb"})
			}
			return &libraryCaseDetailOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "create-library-case", Method: http.MethodPost, Path: Prefix + "/cases", Tags: tags,
		Summary:       "Tạo điển hình (bản nháp) (create a draft case)",
		Description:   "Cán bộ Bộ; cán bộ tỉnh cho doanh nghiệp trong tỉnh. (Ministry officers; a provincial officer for enterprises of the province.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *libraryCaseCreateInput) (*libraryCaseOutput, error) {
			c, err := a.library.CreateCase(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &libraryCaseOutput{Body: libCase(c)}, nil
		})
	register(a, huma.Operation{OperationID: "put-library-case", Method: http.MethodPut, Path: Prefix + "/cases/{id}", Tags: tags,
		Summary: "Sửa điển hình (edit a case)", Description: "Phiên bản cũ → 409. (A stale version is 409.)",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *libraryCasePutInput) (*libraryCaseOutput, error) {
			c, err := a.library.UpdateCase(ctx, library.CaseID(in.ID), in.Body.Version, in.Body.CaseInput)
			if err != nil {
				return nil, err
			}
			return &libraryCaseOutput{Body: libCase(c)}, nil
		})
	register(a, huma.Operation{OperationID: "publish-library-case", Method: http.MethodPost, Path: Prefix + "/cases/{id}/publish", Tags: tags,
		Summary: "Công bố hoặc gỡ điển hình (publish a case, or take it back to draft)",
		Errors:  []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *libraryStatusInput) (*libraryCaseOutput, error) {
			c, err := a.library.SetCaseStatus(ctx, library.CaseID(in.ID), in.Body.Version, library.Status(in.Body.Status))
			if err != nil {
				return nil, err
			}
			return &libraryCaseOutput{Body: libCase(c)}, nil
		})

	register(a, huma.Operation{OperationID: "list-library-guides", Method: http.MethodGet, Path: Prefix + "/guides", Tags: tags,
		Security: public, Summary: "Hướng dẫn công cụ cải tiến (the tool guides)", Description: "Công khai, 20 mỗi trang. (Public, 20 a page.)"},
		func(ctx context.Context, in *libraryGuideListInput) (*libraryGuideListOutput, error) {
			gs, total, err := a.library.Guides(ctx, library.GuideQuery{Tool: in.Tool, Status: library.Status(in.Status), Query: in.Q, Page: in.Page, PerPage: 20})
			if err != nil {
				return nil, err
			}
			out := &libraryGuideListOutput{}
			out.Body.Items, out.Body.Total = make([]libraryGuide, 0, len(gs)), total
			for _, g := range gs {
				out.Body.Items = append(out.Body.Items, libGuide(g))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-library-guide", Method: http.MethodGet, Path: Prefix + "/guides/{id}", Tags: tags,
		Security: public, Summary: "Một bài hướng dẫn với biểu mẫu (one guide with its templates)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *libraryIDInput) (*libraryGuideDetailOutput, error) {
			v, err := a.library.Guide(ctx, library.GuideID(in.ID))
			if err != nil {
				return nil, err
			}
			d := libraryGuideDetail{libraryGuide: libGuide(v.Guide), CanEdit: v.CanEdit, Templates: []libraryTemplate{}}
			for _, f := range v.Files {
				d.Templates = append(d.Templates, libraryTemplate{GuideFile: f, URL: fmt.Sprintf("/guides/%d/files/%d", v.Guide.ID, f.ID)})
			}
			return &libraryGuideDetailOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "create-library-guide", Method: http.MethodPost, Path: Prefix + "/guides", Tags: tags,
		Summary: "Tạo bài hướng dẫn (bản nháp) (create a draft guide)", DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *libraryGuideCreateInput) (*libraryGuideOutput, error) {
			g, err := a.library.CreateGuide(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &libraryGuideOutput{Body: libGuide(g)}, nil
		})
	register(a, huma.Operation{OperationID: "put-library-guide", Method: http.MethodPut, Path: Prefix + "/guides/{id}", Tags: tags,
		Summary: "Sửa bài hướng dẫn (edit a guide)", Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *libraryGuidePutInput) (*libraryGuideOutput, error) {
			g, err := a.library.UpdateGuide(ctx, library.GuideID(in.ID), in.Body.Version, in.Body.GuideInput)
			if err != nil {
				return nil, err
			}
			return &libraryGuideOutput{Body: libGuide(g)}, nil
		})
	register(a, huma.Operation{OperationID: "publish-library-guide", Method: http.MethodPost, Path: Prefix + "/guides/{id}/publish", Tags: tags,
		Summary: "Công bố hoặc gỡ bài hướng dẫn (publish a guide, or take it back to draft)",
		Errors:  []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *libraryStatusInput) (*libraryGuideOutput, error) {
			g, err := a.library.SetGuideStatus(ctx, library.GuideID(in.ID), in.Body.Version, library.Status(in.Body.Status))
			if err != nil {
				return nil, err
			}
			return &libraryGuideOutput{Body: libGuide(g)}, nil
		})
}
