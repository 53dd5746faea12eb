package assessment

// This file is the area of the scheme editor, versions, shipped schemes, import and export.
//
// A scheme's published version is frozen: assessments keep the version they
// started on. Editing opens a draft (a copy of the published body, numbered
// next); edits of the draft carry the rev they read (optimistic lock);
// publishing makes the draft the published version and retires the one
// before, in one transaction. Everyone (the public too) reads published
// and retired versions of schemes that are not archived: the criteria are
// public so that enterprises prepare. Managers (ActSchemeManage: admins and
// ministry officers) also see drafts and archived schemes, and write.

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// SchemeStore is what this area keeps (sqldb/assessment_schemes.go).
type SchemeStore interface {
	// FindVersions returns a scheme's versions with their bodies, newest
	// (highest number) first.
	FindVersions(ctx context.Context, id SchemeID) ([]*Version, error)
	// LockScheme takes the scheme's row for the transaction (a write that
	// changes nothing) and returns its version; NotFound when there is no
	// such scheme. Every writer of a scheme or of its versions runs it first,
	// so that concurrent writers lock in the same order.
	LockScheme(ctx context.Context, id SchemeID) (int, error)
	// FindSchemeVersioned reads a scheme with its version (the optimistic
	// lock of its properties and archived flag).
	FindSchemeVersioned(ctx context.Context, id SchemeID) (*Scheme, int, error)
	// UpdateScheme writes a scheme's name, kind, tools, validity and
	// archived flag (sc.UpdatedAt set) if it is still at version
	// (fault.Conflict otherwise) and returns the next version.
	UpdateScheme(ctx context.Context, sc *Scheme, version int) (int, error)
	// CreateDraft inserts v as the scheme's draft, numbered after its
	// highest version (v.ID, v.No, v.Rev 1, times set); fault.Conflict when
	// the scheme has a draft already.
	CreateDraft(ctx context.Context, v *Version) error
	// UpdateDraft writes a draft's body and note if it is still a draft at
	// rev v.Rev (fault.Conflict otherwise); v.Rev becomes the next rev.
	UpdateDraft(ctx context.Context, v *Version) error
	// PublishDraft retires the scheme's published version, if any, and makes
	// the draft v (at rev v.Rev) the published one with v.Note,
	// v.PublishedAt and v.PublishedBy (fault.Conflict when it is no longer
	// that draft at that rev). Run it in a transaction.
	PublishDraft(ctx context.Context, v *Version) error
	// DeleteDraft removes a draft at rev (fault.Conflict otherwise).
	DeleteDraft(ctx context.Context, id VersionID, rev int) error
}

var (
	errSchemeNotFound = fault.New(fault.NotFound, "Không tìm thấy bộ tiêu chí.", "Scheme not found.")
	errSchemeDenied   = fault.New(fault.Forbidden, "Chỉ quản trị viên và cán bộ Bộ được sửa bộ tiêu chí.",
		"Only administrators and ministry officers may edit schemes.")
	errDraftStale = fault.New(fault.Conflict,
		"Bản nháp vừa được người khác thay đổi. Vui lòng tải lại trang, xem thay đổi của họ rồi sửa lại.",
		"Someone else changed this draft meanwhile. Please reload the page, review their change and edit again.")
	// errUnchanged is what an edit returns when it changes nothing.
	errUnchanged = fault.New(fault.Invalid, "Không có thay đổi.", "Nothing changed.")
	errNoDraft   = fault.New(fault.Conflict, "Bộ tiêu chí không có bản nháp đang sửa.", "The scheme has no draft being edited.")
	// errSchemeStale is a scheme's properties or archived flag changed since
	// the version the form read.
	errSchemeStale = fault.New(fault.Conflict,
		"Thông tin chung của bộ tiêu chí vừa được người khác thay đổi (hoặc bộ tiêu chí vừa được lưu trữ). Vui lòng tải lại trang, xem thay đổi của họ rồi sửa lại.",
		"Someone else changed this scheme's properties (or archived it) meanwhile. Please reload the page, review their change and edit again.")
)

// lockScheme takes the scheme's row first in a writer's transaction (see
// SchemeStore.LockScheme) and returns its version.
func lockScheme(ctx context.Context, tx Store, id SchemeID) (int, error) {
	v, err := tx.LockScheme(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return 0, errSchemeNotFound
	}
	return v, err
}

// MaySchemeManage reports whether the actor of ctx may edit schemes (for
// the pages' buttons; every write checks it again).
func MaySchemeManage(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActSchemeManage)
}

// manager returns the actor of ctx if they may edit schemes.
func manager(ctx context.Context) (*auth.Actor, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActSchemeManage) {
		return nil, errSchemeDenied
	}
	return a, nil
}

// mayReadScheme reports whether a sees sc at all: managers every scheme,
// everyone else a scheme that has been published (an archived one too, by
// its address: the assessments made on it link their version).
func mayReadScheme(a *auth.Actor, sc *Scheme) bool {
	return auth.Can(a, auth.ActSchemeManage) || sc.Published != 0
}

// AllSchemes returns the schemes the actor lists (shipped first, then by
// code): for everyone the published ones not archived, for managers every
// scheme, drafts and archived ones included.
func (s *Service) AllSchemes(ctx context.Context) ([]*Scheme, error) {
	a := auth.ActorFrom(ctx)
	all, err := s.store.FindSchemes(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Scheme, 0, len(all))
	mgr := auth.Can(a, auth.ActSchemeManage)
	for _, sc := range all {
		if mgr || sc.Published != 0 && !sc.Archived {
			out = append(out, sc)
		}
	}
	return out, nil
}

// Scheme returns a scheme the actor sees (NotFound otherwise).
func (s *Service) Scheme(ctx context.Context, id SchemeID) (*Scheme, error) {
	sc, err := s.store.FindScheme(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayReadScheme(auth.ActorFrom(ctx), sc) {
		return nil, errSchemeNotFound
	}
	return sc, err
}

// SchemeVersioned is Scheme with the scheme's version: the optimistic lock
// of its properties (SetProperties).
func (s *Service) SchemeVersioned(ctx context.Context, id SchemeID) (*Scheme, int, error) {
	sc, ver, err := s.store.FindSchemeVersioned(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayReadScheme(auth.ActorFrom(ctx), sc) {
		return nil, 0, errSchemeNotFound
	}
	return sc, ver, err
}

// SchemeByCode is Scheme by code.
func (s *Service) SchemeByCode(ctx context.Context, code string) (*Scheme, error) {
	sc, err := s.store.FindSchemeByCode(ctx, code)
	if fault.Is(err, fault.NotFound) || err == nil && !mayReadScheme(auth.ActorFrom(ctx), sc) {
		return nil, errSchemeNotFound
	}
	return sc, err
}

// Versions returns the versions of a scheme the actor sees, newest first:
// the published and retired ones; managers also the draft.
func (s *Service) Versions(ctx context.Context, id SchemeID) (*Scheme, []*Version, error) {
	sc, err := s.Scheme(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.store.FindVersions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	mgr := MaySchemeManage(ctx)
	out := vs[:0]
	for _, v := range vs {
		if v.Status != VersionDraft || mgr {
			out = append(out, v)
		}
	}
	return sc, out, nil
}

// Version returns one version of a scheme, if the actor sees it (a draft:
// managers only).
func (s *Service) Version(ctx context.Context, id SchemeID, vid VersionID) (*Scheme, *Version, error) {
	sc, err := s.Scheme(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.store.FindVersion(ctx, vid)
	if fault.Is(err, fault.NotFound) || err == nil && (v.SchemeID != id || v.Status == VersionDraft && !MaySchemeManage(ctx)) {
		return nil, nil, notFound("phiên bản")
	}
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}

// Draft returns a scheme's draft (managers; errNoDraft when there is none).
func (s *Service) Draft(ctx context.Context, id SchemeID) (*Scheme, *Version, error) {
	if _, err := manager(ctx); err != nil {
		return nil, nil, err
	}
	sc, err := s.Scheme(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if sc.DraftID == 0 {
		return sc, nil, errNoDraft
	}
	v, err := s.store.FindVersion(ctx, sc.DraftID)
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}

// SchemeInput is a scheme's properties.
type SchemeInput struct {
	Code           string     `json:"code" doc:"Mã, duy nhất: chữ thường, số, . - _ (unique code)"`
	Name           fault.Text `json:"name"`
	Kind           Kind       `json:"kind" enum:"5s,tools,excellence"`
	Tools          []string   `json:"tools,omitempty" doc:"Mã công cụ trong danh mục (catalogue tool codes)"`
	ValidityMonths int        `json:"validity_months" minimum:"0" maximum:"120" doc:"Thời hạn giấy chứng nhận, tháng; 0 = không hết hạn"`
}

// normalize trims the input.
func (in *SchemeInput) normalize() {
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	in.Name.Vi, in.Name.En = strings.TrimSpace(in.Name.Vi), strings.TrimSpace(in.Name.En)
	var tools []string
	for _, t := range in.Tools {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" && !slices.Contains(tools, t) {
			tools = append(tools, t)
		}
	}
	in.Tools = tools
}

// Check validates the input (withCode: the code too, for a new scheme).
func (in *SchemeInput) Check(withCode bool) error {
	f := fault.Fields{}
	if withCode {
		switch {
		case in.Code == "":
			f.Add("code", "Nhập mã bộ tiêu chí.", "Enter the scheme's code.")
		case len(in.Code) > MaxCodeLen || !keyPattern.MatchString(in.Code):
			f.Add("code", "Mã chỉ gồm chữ thường không dấu, chữ số và . - _ (tối đa 40 ký tự).",
				"A code is lower-case letters, digits and . - _ (at most 40 characters).")
		}
	}
	badName := func(field string) {
		f.Add(field, "Tên chứa ký tự không hợp lệ (ký tự điều khiển hoặc không phải UTF-8).",
			"The name contains invalid characters (control characters or bytes that are not UTF-8).")
	}
	switch {
	case in.Name.Vi == "":
		f.Add("name_vi", "Nhập tên tiếng Việt.", "Enter the Vietnamese name.")
	case badText(in.Name.Vi):
		badName("name_vi")
	case utf8.RuneCountInString(in.Name.Vi) > MaxNameLen:
		f.Add("name_vi", "Tên dài quá 300 ký tự.", "The name is longer than 300 characters.")
	}
	switch {
	case badText(in.Name.En):
		badName("name_en")
	case utf8.RuneCountInString(in.Name.En) > MaxNameLen:
		f.Add("name_en", "Tên dài quá 300 ký tự.", "The name is longer than 300 characters.")
	}
	if !in.Kind.Valid() {
		f.Add("kind", "Chọn loại bộ tiêu chí.", "Choose the kind of scheme.")
	}
	if len(in.Tools) > 10 {
		f.Add("tools", "Tối đa 10 công cụ.", "At most 10 tools.")
	}
	for _, t := range in.Tools {
		if !ValidKey(t) {
			f.Add("tools", "Mã công cụ không hợp lệ: "+t, "Invalid tool code: "+t)
			break
		}
	}
	if in.ValidityMonths < 0 || in.ValidityMonths > MaxValidityMons {
		f.Add("validity_months", "Thời hạn từ 0 đến 120 tháng.", "The validity is 0 to 120 months.")
	}
	return f.Err()
}

// StarterBody is the body of a new scheme: the 0–4 scale with its labels
// and the programme's three levels; sections are added in the editor.
func StarterBody() Body {
	b := shipped5S().Body
	b.Sections = nil
	return b
}

// CreateScheme creates a scheme with an empty draft version 1 (the
// starter body) to edit and publish. Managers.
func (s *Service) CreateScheme(ctx context.Context, in SchemeInput) (*Scheme, *Version, error) {
	a, err := manager(ctx)
	if err != nil {
		return nil, nil, err
	}
	in.normalize()
	if err := in.Check(true); err != nil {
		return nil, nil, err
	}
	return s.createScheme(ctx, a, in, StarterBody(), "", "assessment.scheme.create")
}

// errCodeTaken is a new scheme's code in use.
func errCodeTaken(code string) error {
	return fault.New(fault.Conflict, "Mã bộ tiêu chí đã được dùng.", "The scheme code is taken.").
		Field("code", "Mã "+code+" đã được dùng cho bộ tiêu chí khác.", "The code "+code+" is used by another scheme.")
}

func (s *Service) createScheme(ctx context.Context, a *auth.Actor, in SchemeInput, body Body, note, action string) (*Scheme, *Version, error) {
	now := s.now()
	sc := &Scheme{Code: in.Code, Name: in.Name, Kind: in.Kind, Tools: in.Tools, ValidityMonths: in.ValidityMonths, CreatedAt: now}
	v := &Version{Status: VersionDraft, Body: body, Note: note, CreatedBy: a.UserID, CreatedAt: now}
	err := s.store.Tx(ctx, func(tx Store) error {
		if _, err := tx.FindSchemeByCode(ctx, in.Code); err == nil {
			return errCodeTaken(in.Code)
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
		if err := tx.CreateScheme(ctx, sc, v); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errCodeTaken(in.Code)
			}
			return err
		}
		return s.record(ctx, tx, action, "assessment_scheme", int64(sc.ID), nil,
			map[string]any{"scheme": sc, "version_id": v.ID, "items": body.ItemCount()})
	})
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}

// OpenDraft returns the scheme's draft, creating it (a copy of the
// published body, numbered next) when there is none. Managers.
func (s *Service) OpenDraft(ctx context.Context, id SchemeID) (*Scheme, *Version, error) {
	a, err := manager(ctx)
	if err != nil {
		return nil, nil, err
	}
	var sc *Scheme
	var v *Version
	err = s.store.Tx(ctx, func(tx Store) error {
		if _, err := lockScheme(ctx, tx, id); err != nil {
			return err
		}
		if sc, err = tx.FindScheme(ctx, id); err != nil {
			return err
		}
		if sc.DraftID != 0 {
			v, err = tx.FindVersion(ctx, sc.DraftID)
			return err
		}
		if sc.Published == 0 {
			return fault.New(fault.Conflict, "Bộ tiêu chí không có phiên bản nào để sửa.", "The scheme has no version to edit.")
		}
		pub, err := tx.FindVersion(ctx, sc.Published)
		if err != nil {
			return err
		}
		v = &Version{SchemeID: id, Status: VersionDraft, Body: cloneBody(pub.Body), CreatedBy: a.UserID, CreatedAt: s.now()}
		if err := tx.CreateDraft(ctx, v); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errDraftStale
			}
			return err
		}
		sc.DraftID = v.ID
		return s.record(ctx, tx, "assessment.scheme.draft", "assessment_scheme", int64(id), nil,
			map[string]any{"version_id": v.ID, "version": v.No, "from_version": pub.No})
	})
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}

// cloneBody is a deep copy of b (through JSON: the body is JSON data).
func cloneBody(b Body) Body {
	raw, err := json.Marshal(b)
	if err != nil {
		return b
	}
	var out Body
	if json.Unmarshal(raw, &out) != nil {
		return b
	}
	return out
}

// editDraft runs change on a copy of the scheme's draft body at rev,
// checks the result as a draft and saves it with an audit entry (action,
// and the before/after change returns). Managers.
func (s *Service) editDraft(ctx context.Context, id SchemeID, rev int, action string,
	change func(b *Body) (before, after any, err error)) (*Scheme, *Version, error) {
	if _, err := manager(ctx); err != nil {
		return nil, nil, err
	}
	var sc *Scheme
	var v *Version
	err := s.store.Tx(ctx, func(tx Store) error {
		if _, err := lockScheme(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if sc, err = tx.FindScheme(ctx, id); err != nil {
			return err
		}
		if sc.DraftID == 0 {
			return errNoDraft
		}
		if v, err = tx.FindVersion(ctx, sc.DraftID); err != nil {
			return err
		}
		if v.Rev != rev {
			return errDraftStale
		}
		body := cloneBody(v.Body)
		before, after, err := change(&body)
		if err == errUnchanged {
			return nil // nothing to write (a move at the edge)
		}
		if err != nil {
			return err
		}
		if err := ValidateDraft(&body); err != nil {
			return err
		}
		v.Body = body
		v.UpdatedAt = s.now()
		if err := tx.UpdateDraft(ctx, v); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errDraftStale
			}
			return err
		}
		return s.record(ctx, tx, action, "assessment_scheme", int64(id), before,
			map[string]any{"version_id": v.ID, "rev": v.Rev, "change": after})
	})
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}

// SaveDraft replaces the draft's body at rev (the API's whole-body edit).
func (s *Service) SaveDraft(ctx context.Context, id SchemeID, rev int, body Body) (*Scheme, *Version, error) {
	return s.editDraft(ctx, id, rev, "assessment.scheme.body", func(b *Body) (any, any, error) {
		before := summary(b)
		*b = body
		return before, summary(b), nil
	})
}

// summary describes a body briefly for the audit log.
func summary(b *Body) map[string]any {
	return map[string]any{"sections": len(b.Sections), "items": b.ItemCount(), "levels": len(b.Levels), "scale": [2]int{b.Scale.Min, b.Scale.Max}}
}

// SetProperties changes a scheme's name, kind, tools and validity (the
// code stays) if the scheme is still at version (the one the form read;
// fault.Conflict otherwise). The properties are the scheme's own, not a
// draft's: the change takes effect at once, needs no draft and no
// publication, and discarding a draft does not undo it. It returns the
// scheme and its next version. Managers.
func (s *Service) SetProperties(ctx context.Context, id SchemeID, version int, in SchemeInput) (*Scheme, int, error) {
	if _, err := manager(ctx); err != nil {
		return nil, 0, err
	}
	in.normalize()
	if err := in.Check(false); err != nil {
		return nil, 0, err
	}
	var sc *Scheme
	next := version
	err := s.store.Tx(ctx, func(tx Store) error {
		cur, err := lockScheme(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur != version {
			return errSchemeStale
		}
		if sc, err = tx.FindScheme(ctx, id); err != nil {
			return err
		}
		before := SchemeInput{Name: sc.Name, Kind: sc.Kind, Tools: sc.Tools, ValidityMonths: sc.ValidityMonths}
		if propsOf(sc) == propsOf(&Scheme{Name: in.Name, Kind: in.Kind, Tools: in.Tools, ValidityMonths: in.ValidityMonths}) {
			return nil // nothing changed: nothing to write
		}
		sc.Name, sc.Kind, sc.Tools, sc.ValidityMonths, sc.UpdatedAt = in.Name, in.Kind, in.Tools, in.ValidityMonths, s.now()
		if next, err = tx.UpdateScheme(ctx, sc, cur); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errSchemeStale
			}
			return err
		}
		after := SchemeInput{Name: in.Name, Kind: in.Kind, Tools: in.Tools, ValidityMonths: in.ValidityMonths}
		return s.record(ctx, tx, "assessment.scheme.properties", "assessment_scheme", int64(id), before,
			map[string]any{"properties": after, "scheme_version": next, "effective": propertiesEffective})
	})
	if err != nil {
		return nil, 0, err
	}
	return sc, next, nil
}

// propertiesEffective is what the audit log says of a change of a scheme's
// properties: it is in force at once, not through a draft.
const propertiesEffective = "có hiệu lực ngay, không qua bản nháp (in force at once, not through a draft)"

// PublishDraft makes the draft (at rev) the published version with a note
// saying what changed; the version published before is retired, and the
// assessments on it keep it. The body must be complete (ValidateBody).
// Managers.
func (s *Service) PublishDraft(ctx context.Context, id SchemeID, rev int, note string) (*Scheme, *Version, error) {
	a, err := manager(ctx)
	if err != nil {
		return nil, nil, err
	}
	note = strings.TrimSpace(note)
	switch {
	case note == "":
		return nil, nil, fault.New(fault.Invalid, "Ghi chú thay đổi là bắt buộc.", "A note on what changed is required.").
			Field("note", "Ghi rõ phiên bản này thay đổi gì.", "Say what this version changes.")
	case utf8.RuneCountInString(note) > MaxNoteLen:
		return nil, nil, fault.New(fault.Invalid, "Ghi chú quá dài.", "The note is too long.").
			Field("note", "Tối đa 2.000 ký tự.", "At most 2,000 characters.")
	case badText(note):
		return nil, nil, fault.New(fault.Invalid, "Ghi chú chứa ký tự không hợp lệ.", "The note contains invalid characters.").
			Field("note", "Ghi chú chứa ký tự không hợp lệ (ký tự điều khiển hoặc không phải UTF-8).",
				"The note contains invalid characters (control characters or bytes that are not UTF-8).")
	}
	var sc *Scheme
	var v *Version
	err = s.store.Tx(ctx, func(tx Store) error {
		if _, err := lockScheme(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if sc, err = tx.FindScheme(ctx, id); err != nil {
			return err
		}
		if sc.DraftID == 0 {
			return errNoDraft
		}
		if v, err = tx.FindVersion(ctx, sc.DraftID); err != nil {
			return err
		}
		if v.Rev != rev {
			return errDraftStale
		}
		if err := ValidateBody(&v.Body); err != nil {
			return err
		}
		prev := sc.PublishedNo
		now := s.now()
		v.Note, v.PublishedAt, v.PublishedBy = note, &now, a.UserID
		if err := tx.PublishDraft(ctx, v); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errDraftStale
			}
			return err
		}
		v.Status = VersionPublished
		sc.Published, sc.PublishedNo, sc.DraftID = v.ID, v.No, 0
		return s.record(ctx, tx, "assessment.scheme.publish", "assessment_scheme", int64(id),
			map[string]any{"published_version": prev},
			map[string]any{"published_version": v.No, "version_id": v.ID, "note": note, "items": v.Body.ItemCount()})
	})
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}

// DiscardDraft deletes the draft at rev. A scheme that was never published
// keeps its only draft (archive it instead). The scheme's properties are
// its own (SetProperties) and stay as they are. Managers.
func (s *Service) DiscardDraft(ctx context.Context, id SchemeID, rev int) error {
	if _, err := manager(ctx); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Store) error {
		if _, err := lockScheme(ctx, tx, id); err != nil {
			return err
		}
		sc, err := tx.FindScheme(ctx, id)
		if err != nil {
			return err
		}
		if sc.DraftID == 0 {
			return errNoDraft
		}
		if sc.Published == 0 {
			return fault.New(fault.Conflict, "Bộ tiêu chí chưa có phiên bản ban hành: không thể bỏ bản nháp duy nhất, hãy lưu trữ bộ tiêu chí.",
				"The scheme has no published version: its only draft cannot be discarded; archive the scheme instead.")
		}
		v, err := tx.FindVersion(ctx, sc.DraftID)
		if err != nil {
			return err
		}
		if v.Rev != rev {
			return errDraftStale
		}
		if err := tx.DeleteDraft(ctx, v.ID, rev); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errDraftStale
			}
			return err
		}
		return s.record(ctx, tx, "assessment.scheme.discard", "assessment_scheme", int64(id),
			map[string]any{"version_id": v.ID, "version": v.No, "rev": v.Rev, "items": v.Body.ItemCount()}, nil)
	})
}

// SetArchived archives a scheme (no new assessment uses it; existing ones
// keep their version; the public no longer sees it) or brings it back.
// Managers.
func (s *Service) SetArchived(ctx context.Context, id SchemeID, archived bool) (*Scheme, error) {
	if _, err := manager(ctx); err != nil {
		return nil, err
	}
	var sc *Scheme
	err := s.store.Tx(ctx, func(tx Store) error {
		cur, err := lockScheme(ctx, tx, id)
		if err != nil {
			return err
		}
		if sc, err = tx.FindScheme(ctx, id); err != nil {
			return err
		}
		if sc.Archived == archived {
			return nil // already so: nothing to write
		}
		sc.Archived, sc.UpdatedAt = archived, s.now()
		if _, err := tx.UpdateScheme(ctx, sc, cur); err != nil {
			return err
		}
		action := "assessment.scheme.archive"
		if !archived {
			action = "assessment.scheme.unarchive"
		}
		return s.record(ctx, tx, action, "assessment_scheme", int64(id), map[string]any{"archived": !archived}, map[string]any{"archived": archived})
	})
	if err != nil {
		return nil, err
	}
	return sc, nil
}

// propsOf is a comparable snapshot of a scheme's editable properties.
func propsOf(sc *Scheme) string {
	return sc.Name.Vi + "\x00" + sc.Name.En + "\x00" + string(sc.Kind) + "\x00" + strings.Join(sc.Tools, ",") + "\x00" + strconv.Itoa(sc.ValidityMonths)
}
