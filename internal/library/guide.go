package library

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

var errGuideNotFound = fault.New(fault.NotFound, "Không tìm thấy bài hướng dẫn.", "Guide not found.")

// GuideInput is a guide as an editor enters it.
type GuideInput struct {
	ToolCode string       `json:"tool" doc:"Mã công cụ trong danh mục, ví dụ 5s (catalogue tool code)"`
	Title    string       `json:"title"`
	Summary  string       `json:"summary" required:"false"`
	BodyMD   string       `json:"body_md" doc:"Nội dung Markdown (Markdown body)"`
	Videos   []GuideVideo `json:"videos" required:"false" doc:"Liên kết video https (YouTube, Vimeo…)"`
}

// VideoHost is the host a video link is shown with ("youtube.com").
func VideoHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

func (in *GuideInput) check(known func(string) bool) error {
	bad := fault.Fields{}
	checkText(bad, "tool", &in.ToolCode, 40, false, fault.Text{})
	checkText(bad, "title", &in.Title, MaxTitle, true, fault.Text{Vi: "tiêu đề", En: "the title"})
	checkText(bad, "summary", &in.Summary, MaxSummary, false, fault.Text{})
	checkText(bad, "body_md", &in.BodyMD, MaxBody, true, fault.Text{Vi: "nội dung", En: "the body"})
	if in.ToolCode == "" || !known(in.ToolCode) {
		bad.Add("tool", "Vui lòng chọn công cụ cải tiến trong danh mục.", "Please choose an improvement tool of the catalogue.")
	}
	var vs []GuideVideo
	for i, v := range in.Videos {
		field := fmt.Sprintf("videos.%d", i)
		checkText(bad, field, &v.URL, MaxURL, false, fault.Text{})
		checkText(bad, field, &v.Title, MaxShort*2, false, fault.Text{})
		if v.URL == "" && v.Title == "" {
			continue
		}
		u, err := url.Parse(v.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			bad.Add(field, "Liên kết video phải là địa chỉ https://…", "A video link must be an https://… address.")
		}
		vs = append(vs, v)
	}
	if len(vs) > MaxVideos {
		bad.Add("videos", fmt.Sprintf("Tối đa %d video.", MaxVideos), fmt.Sprintf("At most %d videos.", MaxVideos))
	}
	in.Videos = vs
	return bad.Err()
}

// GuideQuery is what a visitor filters guides by.
type GuideQuery struct {
	Tool    string
	Status  Status // editors only
	Query   string
	Page    int
	PerPage int
}

// Guides lists guides: published ones for everyone, and the drafts an
// editor may edit.
func (s *Service) Guides(ctx context.Context, q GuideQuery) ([]*Guide, int, error) {
	if !vn.IsText(q.Tool) || !vn.IsText(q.Query) || len(q.Tool) > 200 || len(q.Query) > 200 {
		return nil, 0, nil
	}
	f := GuideFilter{Tool: q.Tool, Query: vn.Fold(vn.NFC(q.Query))}
	f.Limit, f.Offset = pageOf(q.Page, q.PerPage)
	if d := draftsOf(auth.ActorFrom(ctx)); d != "" {
		f.DraftsOf = d
		if q.Status.Valid() {
			f.Status = q.Status
		}
	} else {
		f.Status = StatusPublished
	}
	return s.store.FindGuides(ctx, f)
}

// GuideView is a guide with its templates.
type GuideView struct {
	Guide   *Guide       `json:"guide"`
	Files   []*GuideFile `json:"files"`
	CanEdit bool         `json:"can_edit"`
}

// Guide returns a guide: a published one to anyone, a draft to its editors.
func (s *Service) Guide(ctx context.Context, id GuideID) (*GuideView, error) {
	g, err := s.store.FindGuide(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errGuideNotFound
	}
	if err != nil {
		return nil, err
	}
	a := auth.ActorFrom(ctx)
	edit := !a.IsAnonymous() && mayEdit(a, g.ProvinceCode)
	if g.Status != StatusPublished && !edit {
		return nil, errGuideNotFound
	}
	fs, err := s.store.FindFiles(ctx, id)
	if err != nil {
		return nil, err
	}
	if fs == nil {
		fs = []*GuideFile{}
	}
	return &GuideView{Guide: g, Files: fs, CanEdit: edit}, nil
}

// CreateGuide creates a draft guide; a provincial officer's is their
// province's.
func (s *Service) CreateGuide(ctx context.Context, in GuideInput) (*Guide, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.check(s.toolCheck(ctx)); err != nil {
		return nil, err
	}
	prov := ""
	if a.Role == auth.RoleProvince {
		prov = a.ProvinceCode
	}
	now := s.now()
	g := &Guide{ToolCode: in.ToolCode, Title: in.Title, Summary: in.Summary, BodyMD: Markdown(in.BodyMD), Videos: in.Videos, ProvinceCode: prov,
		Status: StatusDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateGuide(ctx, g); err != nil {
			return err
		}
		return s.record(ctx, tx, "library.guide_create", "library_guide", int64(g.ID), nil, g)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindGuide(ctx, g.ID)
}

func (s *Service) editableGuide(ctx context.Context, tx Store, a *auth.Actor, id GuideID, version int) (*Guide, error) {
	g, err := tx.FindGuide(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errGuideNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayEdit(a, g.ProvinceCode) {
		if g.Status != StatusPublished {
			return nil, errGuideNotFound
		}
		return nil, denied()
	}
	if version >= 0 && version != g.Version {
		return nil, fault.New(fault.Conflict, "Bài hướng dẫn vừa được người khác thay đổi; vui lòng tải lại trang.",
			"Someone else changed this guide meanwhile; please reload the page.")
	}
	return g, nil
}

// UpdateGuide changes a guide (its status aside) if version is still the
// stored one.
func (s *Service) UpdateGuide(ctx context.Context, id GuideID, version int, in GuideInput) (*Guide, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	var out *Guide
	err = s.store.Tx(ctx, func(tx Store) error {
		g, err := s.editableGuide(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if err := in.check(s.toolCheck(ctx)); err != nil {
			return err
		}
		before := *g
		g.ToolCode, g.Title, g.Summary, g.BodyMD, g.Videos, g.UpdatedAt = in.ToolCode, in.Title, in.Summary, Markdown(in.BodyMD), in.Videos, s.now()
		if err := tx.UpdateGuide(ctx, g); err != nil {
			return err
		}
		out = g
		return s.record(ctx, tx, "library.guide_update", "library_guide", int64(g.ID), before, g)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindGuide(ctx, out.ID)
}

// SetGuideStatus publishes a guide or takes it back to draft.
func (s *Service) SetGuideStatus(ctx context.Context, id GuideID, version int, st Status) (*Guide, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	if !st.Valid() {
		return nil, fieldErr("status", "Trạng thái không hợp lệ.", "Not a valid status.")
	}
	var out *Guide
	err = s.store.Tx(ctx, func(tx Store) error {
		g, err := s.editableGuide(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		out = g
		if g.Status == st {
			return nil
		}
		before := *g
		g.Status, g.UpdatedAt = st, s.now()
		if st == StatusPublished {
			now := s.now()
			g.PublishedAt = &now
		} else {
			g.PublishedAt = nil
		}
		if err := tx.UpdateGuide(ctx, g); err != nil {
			return err
		}
		return s.record(ctx, tx, "library.guide_"+string(st), "library_guide", int64(g.ID), before, g)
	})
	return out, err
}
