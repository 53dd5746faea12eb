package diagnosis

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Enterprises finds an enterprise the actor may see (*registry.Service does).
type Enterprises interface {
	FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error)
}

// Tools lists the improvement-tool catalogue (*catalog.Service does).
type Tools interface {
	Tools(ctx context.Context) ([]catalog.Tool, error)
}

// Options configure a Service; Store and Enterprises are required.
type Options struct {
	Store       Store
	Enterprises Enterprises
	Tools       Tools // optional: without it rules may name any well-formed tool code
	Clock       func() time.Time
}

// Service is the self-diagnosis use cases.
type Service struct {
	store Store
	ents  Enterprises
	tools Tools
	now   func() time.Time
	// published caches published questionnaire versions by number: they
	// never change, and every result page reads one.
	published sync.Map
}

// NewService returns the service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return &Service{store: o.Store, ents: o.Enterprises, tools: o.Tools, now: o.Clock}
}

// MinPeers is the smallest peer group whose percentile is shown.
const MinPeers = 5

var (
	errSignIn   = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	errNotFound = fault.New(fault.NotFound, "Không tìm thấy bản tự chẩn đoán.", "Self-diagnosis not found.")
	errNoQ      = fault.New(fault.NotFound, "Không tìm thấy phiên bản bộ câu hỏi.", "Questionnaire version not found.")
)

func forbidden() error {
	return fault.New(fault.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
}

func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

// Year is the calendar year in Viet Nam at t.
func Year(t time.Time) int { return t.In(vn.Zone).Year() }

// SectorKey is the peer sector of an enterprise: its priority industry, or
// its VSIC section when it has none.
func SectorKey(e *registry.Enterprise) string {
	if e.Industry != registry.IndustryNone {
		return "ind:" + string(e.Industry)
	}
	if e.Section != "" {
		return "sec:" + e.Section
	}
	return ""
}

// SectorLabel names a sector key.
func SectorLabel(key string) fault.Text {
	switch {
	case strings.HasPrefix(key, "ind:"):
		return registry.Industry(strings.TrimPrefix(key, "ind:")).Label()
	case strings.HasPrefix(key, "sec:"):
		s := strings.TrimPrefix(key, "sec:")
		return fault.Text{Vi: "Ngành VSIC " + s, En: "VSIC section " + s}
	}
	return fault.Text{Vi: "Chưa xác định", En: "Unknown"}
}

// record writes an audit entry in tx.
func record(ctx context.Context, tx Store, at time.Time, action, objType string, id any, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, at, action, objType, fmt.Sprint(id), before, after))
}

// ---- questionnaire ----

// EnsureDefault publishes the default questionnaire as version 1 when no
// version exists (a fresh installation). It is idempotent and runs as the
// system, at start-up.
func (s *Service) EnsureDefault(ctx context.Context) error {
	qs, err := s.store.FindQuestionnaires(ctx)
	if err != nil || len(qs) > 0 {
		return err
	}
	now := s.now()
	q := &Questionnaire{Version: 1, Status: StatusPublished, Content: DefaultContent(), CreatedAt: now, UpdatedAt: now, PublishedAt: &now}
	if err := q.Validate(nil); err != nil {
		return fmt.Errorf("diagnosis: default questionnaire: %w", err)
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateQuestionnaire(ctx, q); err != nil {
			return err
		}
		return record(ctx, tx, now, "questionnaire.publish", "questionnaire", q.Version, nil, map[string]any{"version": 1, "default": true})
	})
	if fault.Is(err, fault.Conflict) { // another instance did it meanwhile
		return nil
	}
	return err
}

// CanManage reports whether the actor in ctx edits the questionnaire.
func CanManage(ctx context.Context) bool {
	a := auth.ActorFrom(ctx)
	return !a.IsAnonymous() && auth.Can(a, auth.ActQuestionnaireManage)
}

// CurrentQuestionnaire returns the published version in use (any signed-in
// user).
func (s *Service) CurrentQuestionnaire(ctx context.Context) (*Questionnaire, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	return s.store.FindCurrentQuestionnaire(ctx)
}

// Questionnaire returns one version: published ones to any signed-in user,
// drafts only to those who edit the questionnaire.
func (s *Service) Questionnaire(ctx context.Context, version int) (*Questionnaire, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.store.FindQuestionnaire(ctx, version)
	if fault.Is(err, fault.NotFound) {
		return nil, errNoQ
	}
	if err != nil {
		return nil, err
	}
	if q.Status == StatusDraft && !auth.Can(a, auth.ActQuestionnaireManage) {
		return nil, errNoQ
	}
	return q, nil
}

// Questionnaires lists every version, newest first (questionnaire editors).
func (s *Service) Questionnaires(ctx context.Context) ([]*Questionnaire, error) {
	if _, err := s.manager(ctx); err != nil {
		return nil, err
	}
	return s.store.FindQuestionnaires(ctx)
}

func (s *Service) manager(ctx context.Context) (*auth.Actor, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && !auth.Can(a, auth.ActQuestionnaireManage) {
		return nil, forbidden()
	}
	return a, nil
}

// StartDraft returns the draft of the next version, copying the current
// version into it when there is no draft yet.
func (s *Service) StartDraft(ctx context.Context) (*Questionnaire, error) {
	a, err := s.manager(ctx)
	if err != nil {
		return nil, err
	}
	var out *Questionnaire
	err = s.store.Tx(ctx, func(tx Store) error {
		qs, err := tx.FindQuestionnaires(ctx)
		if err != nil {
			return err
		}
		next := 1
		for _, q := range qs {
			if q.Status == StatusDraft {
				out, err = tx.FindQuestionnaire(ctx, q.Version)
				return err
			}
			next = max(next, q.Version+1)
		}
		cur, err := tx.FindCurrentQuestionnaire(ctx)
		if err != nil {
			return err
		}
		now := s.now()
		out = &Questionnaire{Version: next, Status: StatusDraft, Content: cur.Content, CreatedAt: now, CreatedBy: int64(a.UserID), UpdatedAt: now}
		if err := tx.CreateQuestionnaire(ctx, out); err != nil {
			return err
		}
		return record(ctx, tx, now, "questionnaire.draft_create", "questionnaire", next, nil, map[string]any{"version": next, "from": cur.Version})
	})
	return out, err
}

// draft loads version v for editing: NotFound when missing, Conflict when
// it is published.
func draft(ctx context.Context, tx Store, v int) (*Questionnaire, error) {
	q, err := tx.FindQuestionnaire(ctx, v)
	if fault.Is(err, fault.NotFound) {
		return nil, errNoQ
	}
	if err != nil {
		return nil, err
	}
	if q.Status != StatusDraft {
		return nil, fault.New(fault.Conflict, fmt.Sprintf("Phiên bản %d đã ban hành, không thể sửa. Hãy tạo bản nháp phiên bản mới.", v),
			fmt.Sprintf("Version %d is published and cannot change. Start a draft of a new version.", v))
	}
	return q, nil
}

func (s *Service) knownTools(ctx context.Context) (map[catalog.ToolCode]bool, error) {
	if s.tools == nil {
		return nil, nil
	}
	ts, err := s.tools.Tools(ctx)
	if err != nil {
		return nil, err
	}
	m := map[catalog.ToolCode]bool{}
	for _, t := range ts {
		m[t.Code] = true
	}
	return m, nil
}

// editDraft applies change to draft version v, validates and stores it.
func (s *Service) editDraft(ctx context.Context, v int, action string, change func(c *Content) error) (*Questionnaire, error) {
	if _, err := s.manager(ctx); err != nil {
		return nil, err
	}
	known, err := s.knownTools(ctx)
	if err != nil {
		return nil, err
	}
	var out *Questionnaire
	err = s.store.Tx(ctx, func(tx Store) error {
		q, err := draft(ctx, tx, v)
		if err != nil {
			return err
		}
		before := q.Content
		c := cloneContent(q.Content)
		if err := change(&c); err != nil {
			return err
		}
		if err := c.Validate(known); err != nil {
			return err
		}
		q.Content, q.UpdatedAt = c, s.now()
		if err := tx.UpdateDraft(ctx, q); err != nil {
			return err
		}
		out = q
		return record(ctx, tx, q.UpdatedAt, action, "questionnaire", v, before, c)
	})
	return out, err
}

// cloneContent deep-copies c so that a failed edit leaves the original.
func cloneContent(c Content) Content {
	out := Content{Dimensions: make([]Dimension, len(c.Dimensions)), Rules: make([]Rule, len(c.Rules)),
		Prerequisites: append([]Prerequisite(nil), c.Prerequisites...)}
	for i, d := range c.Dimensions {
		d.Questions = append([]Question(nil), d.Questions...)
		out.Dimensions[i] = d
	}
	for i, r := range c.Rules {
		r.Steps = append([]Step(nil), r.Steps...)
		r.SizeClasses = append([]string(nil), r.SizeClasses...)
		r.Industries = append([]string(nil), r.Industries...)
		r.VSICPrefixes = append([]string(nil), r.VSICPrefixes...)
		out.Rules[i] = r
	}
	return out
}

// QuestionInput is an edit of one question.
type QuestionInput struct {
	Text    fault.Text
	Options [Levels]fault.Text
	Weight  float64
}

// UpdateDraftQuestion changes one question of draft version v.
func (s *Service) UpdateDraftQuestion(ctx context.Context, v int, code string, in QuestionInput) (*Questionnaire, error) {
	return s.editDraft(ctx, v, "questionnaire.question_update", func(c *Content) error {
		_, q := c.Question(code)
		if q == nil {
			return fault.New(fault.NotFound, "Không tìm thấy câu hỏi.", "Question not found.")
		}
		q.Text, q.Options, q.Weight = in.Text, in.Options, in.Weight
		return nil
	})
}

// UpdateDraftDimension changes a dimension's name and weight in draft
// version v.
func (s *Service) UpdateDraftDimension(ctx context.Context, v int, code string, name fault.Text, weight float64) (*Questionnaire, error) {
	return s.editDraft(ctx, v, "questionnaire.dimension_update", func(c *Content) error {
		d := c.Dimension(code)
		if d == nil {
			return fault.New(fault.NotFound, "Không tìm thấy lĩnh vực.", "Dimension not found.")
		}
		d.Name, d.Weight = name, weight
		return nil
	})
}

// AddDraftQuestion appends a question to a dimension of draft version v.
func (s *Service) AddDraftQuestion(ctx context.Context, v int, dimension, code string, in QuestionInput) (*Questionnaire, error) {
	return s.editDraft(ctx, v, "questionnaire.question_add", func(c *Content) error {
		d := c.Dimension(dimension)
		if d == nil {
			return fault.New(fault.NotFound, "Không tìm thấy lĩnh vực.", "Dimension not found.")
		}
		if _, q := c.Question(code); q != nil {
			return fault.New(fault.Invalid, "Mã câu hỏi đã có.", "The question code exists already.").
				Field("code", "Mã câu hỏi đã có.", "The question code exists already.")
		}
		d.Questions = append(d.Questions, Question{Code: code, Text: in.Text, Options: in.Options, Weight: in.Weight})
		return nil
	})
}

// RemoveDraftQuestion removes a question from draft version v.
func (s *Service) RemoveDraftQuestion(ctx context.Context, v int, code string) (*Questionnaire, error) {
	return s.editDraft(ctx, v, "questionnaire.question_remove", func(c *Content) error {
		for i := range c.Dimensions {
			d := &c.Dimensions[i]
			for j := range d.Questions {
				if d.Questions[j].Code == code {
					d.Questions = append(d.Questions[:j], d.Questions[j+1:]...)
					return nil
				}
			}
		}
		return fault.New(fault.NotFound, "Không tìm thấy câu hỏi.", "Question not found.")
	})
}

// UpdateDraftContent replaces the whole content of draft version v (the
// rules editor and the API).
func (s *Service) UpdateDraftContent(ctx context.Context, v int, in Content) (*Questionnaire, error) {
	return s.editDraft(ctx, v, "questionnaire.update", func(c *Content) error {
		*c = cloneContent(in)
		return nil
	})
}

// UpdateDraftRules replaces the path rules and prerequisites of draft
// version v.
func (s *Service) UpdateDraftRules(ctx context.Context, v int, rules []Rule, pre []Prerequisite) (*Questionnaire, error) {
	return s.editDraft(ctx, v, "questionnaire.rules_update", func(c *Content) error {
		c.Rules, c.Prerequisites = rules, pre
		return nil
	})
}

// PublishDraft publishes draft version v: from then on it is the current
// version and never changes.
func (s *Service) PublishDraft(ctx context.Context, v int) (*Questionnaire, error) {
	a, err := s.manager(ctx)
	if err != nil {
		return nil, err
	}
	known, err := s.knownTools(ctx)
	if err != nil {
		return nil, err
	}
	var out *Questionnaire
	err = s.store.Tx(ctx, func(tx Store) error {
		q, err := draft(ctx, tx, v)
		if err != nil {
			return err
		}
		if err := q.Validate(known); err != nil {
			return err
		}
		now := s.now()
		if err := tx.PublishDraft(ctx, v, int64(a.UserID), now); err != nil {
			return err
		}
		q.Status, q.PublishedAt, q.PublishedBy = StatusPublished, &now, int64(a.UserID)
		out = q
		return record(ctx, tx, now, "questionnaire.publish", "questionnaire", v, map[string]any{"status": StatusDraft}, map[string]any{"status": StatusPublished})
	})
	return out, err
}

// DiscardDraft deletes draft version v.
func (s *Service) DiscardDraft(ctx context.Context, v int) error {
	if _, err := s.manager(ctx); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Store) error {
		q, err := draft(ctx, tx, v)
		if err != nil {
			return err
		}
		if err := tx.DeleteDraft(ctx, v); err != nil {
			return err
		}
		return record(ctx, tx, s.now(), "questionnaire.draft_discard", "questionnaire", v, q.Content, nil)
	})
}

// ---- diagnoses ----

// CanTake reports whether the actor in ctx answers diagnoses for an
// enterprise.
func CanTake(ctx context.Context) bool {
	a := auth.ActorFrom(ctx)
	return !a.IsAnonymous() && a.EnterpriseID != 0 && auth.Can(a, auth.ActDiagnosisTake)
}

// taker returns the actor if they answer for their enterprise.
func taker(ctx context.Context) (*auth.Actor, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if a.EnterpriseID == 0 || !auth.Allowed(a, auth.ActDiagnosisTake, auth.Scope{EnterpriseID: a.EnterpriseID}) {
		return nil, forbidden()
	}
	return a, nil
}

// canRead reports whether a may see d: its own enterprise always, officers
// (ActDiagnosisView, in their province) once it is submitted.
func canRead(a *auth.Actor, d *Diagnosis) bool {
	if a.EnterpriseID != 0 && a.EnterpriseID == d.EnterpriseID &&
		(auth.Allowed(a, auth.ActDiagnosisTake, auth.Scope{EnterpriseID: d.EnterpriseID}) ||
			auth.Allowed(a, auth.ActDiagnosisView, auth.Scope{EnterpriseID: d.EnterpriseID})) {
		return true
	}
	return d.Status == StatusSubmitted && a.Role != auth.RoleEnterprise &&
		auth.Allowed(a, auth.ActDiagnosisView, auth.Scope{ProvinceCode: d.ProvinceCode, EnterpriseID: d.EnterpriseID})
}

// Overview is what an enterprise user's landing page shows.
type Overview struct {
	EnterpriseID   int64
	EnterpriseName string
	Year           int          // this year
	Current        *Diagnosis   // this year's, nil when not started
	Diagnoses      []*Diagnosis // all, newest year first
	Version        int          // the current questionnaire version
}

// MyOverview returns the actor's enterprise's diagnoses.
func (s *Service) MyOverview(ctx context.Context) (*Overview, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if a.EnterpriseID == 0 || !auth.Allowed(a, auth.ActDiagnosisView, auth.Scope{EnterpriseID: a.EnterpriseID}) || a.Role != auth.RoleEnterprise {
		return nil, forbidden()
	}
	o := &Overview{EnterpriseID: a.EnterpriseID, Year: Year(s.now())}
	if e, err := s.ents.FindEnterpriseByID(ctx, registry.EnterpriseID(a.EnterpriseID)); err == nil {
		o.EnterpriseName = e.Name
	}
	if o.Diagnoses, err = s.store.FindEnterpriseDiagnoses(ctx, a.EnterpriseID); err != nil {
		return nil, err
	}
	for _, d := range o.Diagnoses {
		if d.Year == o.Year {
			o.Current = d
		}
	}
	if q, err := s.store.FindCurrentQuestionnaire(ctx); err == nil {
		o.Version = q.Version
	}
	return o, nil
}

// snapshot copies the enterprise's name, province, sector and size class.
func snapshot(d *Diagnosis, e *registry.Enterprise) {
	d.EnterpriseName, d.ProvinceCode, d.Sector, d.SizeClass = e.Name, e.ProvinceCode, SectorKey(e), string(e.SizeClass)
}

// Start returns this year's diagnosis of the actor's enterprise, starting
// it against the current questionnaire when there is none.
func (s *Service) Start(ctx context.Context) (*Diagnosis, error) {
	a, err := taker(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.ents.FindEnterpriseByID(ctx, registry.EnterpriseID(a.EnterpriseID))
	if err != nil {
		return nil, err
	}
	now := s.now()
	year := Year(now)
	var out *Diagnosis
	err = s.store.Tx(ctx, func(tx Store) error {
		ds, err := tx.FindEnterpriseDiagnoses(ctx, a.EnterpriseID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d.Year == year {
				out = d
				return nil
			}
		}
		q, err := tx.FindCurrentQuestionnaire(ctx)
		if err != nil {
			return err
		}
		d := &Diagnosis{EnterpriseID: a.EnterpriseID, Year: year, Version: q.Version, Status: StatusDraft, Answers: map[string]int{},
			CreatedAt: now, CreatedBy: int64(a.UserID), UpdatedAt: now}
		snapshot(d, e)
		if err := tx.CreateDiagnosis(ctx, d); err != nil {
			return err
		}
		out = d
		return record(ctx, tx, now, "diagnosis.start", "diagnosis", d.ID, nil,
			map[string]any{"enterprise_id": d.EnterpriseID, "year": year, "version": q.Version})
	})
	if fault.Is(err, fault.Conflict) {
		// Started at the same moment by another request (a double tap):
		// this year's diagnosis exists now; return it.
		ds, ferr := s.store.FindEnterpriseDiagnoses(ctx, a.EnterpriseID)
		if ferr != nil {
			return nil, ferr
		}
		for _, d := range ds {
			if d.Year == year {
				return d, nil
			}
		}
	}
	return out, err
}

// Find returns a diagnosis the actor may see, with its questionnaire
// version.
func (s *Service) Find(ctx context.Context, id int64) (*Diagnosis, *Questionnaire, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.store.FindDiagnosis(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if !canRead(a, d) {
		return nil, nil, errNotFound
	}
	q, err := s.version(ctx, d.Version)
	if err != nil {
		return nil, nil, err
	}
	return d, q, nil
}

// version returns questionnaire version v, published ones from the cache.
// Callers must not change it.
func (s *Service) version(ctx context.Context, v int) (*Questionnaire, error) {
	if q, ok := s.published.Load(v); ok {
		return q.(*Questionnaire), nil
	}
	q, err := s.store.FindQuestionnaire(ctx, v)
	if err != nil {
		return nil, err
	}
	if q.Status == StatusPublished {
		s.published.Store(v, q)
	}
	return q, nil
}

// writable loads a draft of the actor's enterprise for answering.
func (s *Service) writable(ctx context.Context, tx Store, id int64) (*auth.Actor, *Diagnosis, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, nil, err
	}
	// The row is locked before it is read: an answer saved while the
	// draft is being submitted would otherwise be stored but left out of
	// the result (PostgreSQL runs both at once).
	if err := tx.LockDiagnosis(ctx, id); err != nil {
		return nil, nil, err
	}
	d, err := tx.FindDiagnosis(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if !canRead(a, d) {
		return nil, nil, errNotFound
	}
	if a.EnterpriseID != d.EnterpriseID || !auth.Allowed(a, auth.ActDiagnosisTake, auth.Scope{EnterpriseID: d.EnterpriseID}) {
		return nil, nil, forbidden()
	}
	if d.Status != StatusDraft {
		return nil, nil, fault.New(fault.Conflict, "Bản tự chẩn đoán đã gửi, không thể sửa câu trả lời.",
			"The self-diagnosis has been submitted; its answers cannot change.")
	}
	return a, d, nil
}

// Answer records the answer (1–5) to one question of a draft.
func (s *Service) Answer(ctx context.Context, id int64, question string, value int) (*Diagnosis, error) {
	var out *Diagnosis
	err := s.store.Tx(ctx, func(tx Store) error {
		_, d, err := s.writable(ctx, tx, id)
		if err != nil {
			return err
		}
		q, err := tx.FindQuestionnaire(ctx, d.Version)
		if err != nil {
			return err
		}
		if _, qq := q.Question(question); qq == nil {
			return fault.New(fault.Invalid, "Câu hỏi không có trong phiên bản bộ câu hỏi của bản tự chẩn đoán này.",
				"The question is not in this self-diagnosis's questionnaire version.").
				Field("question", "Câu hỏi không tồn tại.", "Unknown question.")
		}
		if value < 1 || value > Levels {
			return fault.New(fault.Invalid, "Câu trả lời phải là một mức từ 1 đến 5.", "The answer must be a level from 1 to 5.").
				Field("q."+question, "Chọn một mức từ 1 đến 5.", "Choose a level from 1 to 5.")
		}
		now := s.now()
		before := d.Answers[question]
		if err := tx.SaveAnswer(ctx, id, question, value, now); err != nil {
			return err
		}
		d.Answers[question], d.UpdatedAt = value, now
		out = d
		var b any
		if before != 0 {
			b = map[string]int{question: before}
		}
		return record(ctx, tx, now, "diagnosis.answer", "diagnosis", id, b, map[string]int{question: value})
	})
	return out, err
}

// MissingError is the Invalid error of an incomplete submission: one field
// "q.<code>" per unanswered question.
func MissingError(missing []string) error {
	e := fault.New(fault.Invalid,
		fmt.Sprintf("Chưa thể gửi: còn %d câu hỏi chưa trả lời.", len(missing)),
		fmt.Sprintf("Cannot submit yet: %d questions are not answered.", len(missing)))
	for _, m := range missing {
		e.Field("q."+m, "Chưa trả lời.", "Not answered.")
	}
	return e
}

// Submit scores a complete draft, fixes its result and recommended path,
// and submits it. An incomplete draft is refused (Invalid, naming the
// missing questions).
func (s *Service) Submit(ctx context.Context, id int64) (*Diagnosis, error) {
	var out *Diagnosis
	err := s.store.Tx(ctx, func(tx Store) error {
		a, d, err := s.writable(ctx, tx, id)
		if err != nil {
			return err
		}
		q, err := tx.FindQuestionnaire(ctx, d.Version)
		if err != nil {
			return err
		}
		if m := Missing(&q.Content, d.Answers); len(m) > 0 {
			return MissingError(m)
		}
		e, err := s.ents.FindEnterpriseByID(ctx, registry.EnterpriseID(d.EnterpriseID))
		if err != nil {
			return err
		}
		snapshot(d, e)
		r := Score(&q.Content, d.Answers)
		d.Score, d.Level, d.Levels = r.Score, r.Level, r.Levels
		d.Path = Recommend(&q.Content, r.Levels, Profile{SizeClass: string(e.SizeClass), Industry: string(e.Industry), VSIC: e.VSIC})
		now := s.now()
		d.Status, d.SubmittedAt, d.SubmittedBy, d.UpdatedAt = StatusSubmitted, &now, int64(a.UserID), now
		if err := tx.SubmitDiagnosis(ctx, d); err != nil {
			return err
		}
		out = d
		return record(ctx, tx, now, "diagnosis.submit", "diagnosis", id, map[string]any{"status": StatusDraft},
			map[string]any{"status": StatusSubmitted, "score": d.Score, "level": d.Level, "levels": d.Levels, "path": d.Path})
	})
	return out, err
}

// PeerPosition is where a diagnosis stands among its peers.
type PeerPosition struct {
	Sector     fault.Text
	SizeClass  fault.Text
	Count      int
	Enough     bool // at least MinPeers peers: Percentile is meaningful
	Percentile int  // share of peers scoring lower (ties count half), 0–100
}

// Percentile is the share of peers below score, ties counted half, rounded.
func Percentile(p Peers) int {
	if p.Count == 0 {
		return 0
	}
	return int(math.Round(100 * (float64(p.Below) + 0.5*float64(p.Equal)) / float64(p.Count)))
}

// Change is one dimension compared with the previous year.
type Change struct {
	Code      string
	Name      fault.Text
	Level     int
	Previous  int // 0 when the previous diagnosis has no such dimension
	Delta     int
	Score     float64
	PrevScore float64
}

// Report is the result page of a submitted diagnosis.
type Report struct {
	Diagnosis     *Diagnosis
	Questionnaire *Questionnaire
	Previous      *Diagnosis // the latest submitted one of an earlier year, or nil
	Changes       []Change
	Peers         PeerPosition
	CanEdit       bool // the actor answers for the enterprise
}

// Report returns the result of a submitted diagnosis, with the previous
// year's comparison and the peer position.
func (s *Service) Report(ctx context.Context, id int64) (*Report, error) {
	d, q, err := s.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Status != StatusSubmitted {
		return nil, fault.New(fault.Conflict, "Bản tự chẩn đoán chưa được gửi nên chưa có kết quả.", "The self-diagnosis is not submitted yet, so it has no result.")
	}
	a := auth.ActorFrom(ctx)
	r := &Report{Diagnosis: d, Questionnaire: q, CanEdit: a.EnterpriseID == d.EnterpriseID && CanTake(ctx)}
	prev, err := s.store.FindSubmittedBefore(ctx, d.EnterpriseID, d.Year)
	switch {
	case err == nil:
		r.Previous = prev
	case !fault.Is(err, fault.NotFound):
		return nil, err
	}
	for _, l := range d.Levels {
		c := Change{Code: l.Code, Name: l.Name, Level: l.Level, Score: l.Score}
		if prev != nil {
			for _, p := range prev.Levels {
				if p.Code == l.Code {
					c.Previous, c.PrevScore, c.Delta = p.Level, p.Score, l.Level-p.Level
				}
			}
		}
		r.Changes = append(r.Changes, c)
	}
	r.Peers = PeerPosition{Sector: SectorLabel(d.Sector), SizeClass: registry.SizeClass(d.SizeClass).Label()}
	if d.Sector == "" || d.SizeClass == "" {
		return r, nil // no peer group without a sector and a size class
	}
	p, err := s.store.FindPeers(ctx, d.Year, d.Sector, d.SizeClass, d.EnterpriseID, d.Score)
	if err != nil {
		return nil, err
	}
	// Below MinPeers nothing is shown, not even how many there are: the
	// count and a percentile would tell a firm where a few named peers stand.
	if p.Count >= MinPeers {
		r.Peers.Enough, r.Peers.Count, r.Peers.Percentile = true, p.Count, Percentile(p)
	}
	return r, nil
}

// ListPage is the officers' list of submitted diagnoses.
type ListPage struct {
	Diagnoses    []*Diagnosis
	Total        int
	Distribution [Levels]int // by overall level, of the whole filter
	Years        []int
	Province     string // the province the actor is limited to, "" for all
}

// List returns submitted diagnoses for officers (ActDiagnosisView;
// provincial officers see their province only, whatever f asks).
func (s *Service) List(ctx context.Context, f Filter) (*ListPage, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role == auth.RoleEnterprise || !auth.Can(a, auth.ActDiagnosisView) {
		return nil, forbidden()
	}
	p := &ListPage{}
	// An actor who may not see diagnoses of just any province (a provincial
	// officer) sees their own province's, whatever f asks for.
	if !auth.Allowed(a, auth.ActDiagnosisView, auth.Scope{ProvinceCode: "\x00"}) {
		f.ProvinceCode, p.Province = a.ProvinceCode, a.ProvinceCode
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	if f.Level < 0 || f.Level > Levels {
		return nil, fault.New(fault.Invalid, "Mức phải từ 1 đến 5.", "The level must be 1 to 5.").Field("level", "Mức phải từ 1 đến 5.", "The level must be 1 to 5.")
	}
	if p.Diagnoses, p.Total, err = s.store.FindDiagnoses(ctx, f); err != nil {
		return nil, err
	}
	if p.Distribution, err = s.store.Distribution(ctx, f); err != nil {
		return nil, err
	}
	if p.Years, err = s.store.DiagnosisYears(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// Years lists the years with submitted diagnoses, newest first (officers).
func (s *Service) Years(ctx context.Context) ([]int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role == auth.RoleEnterprise || !auth.Can(a, auth.ActDiagnosisView) {
		return nil, forbidden()
	}
	return s.store.DiagnosisYears(ctx)
}

// LatestSummary returns the enterprise's latest submitted diagnosis, or
// fault.NotFound. It does not check the actor: its callers (matching)
// decide who may see an enterprise's need before they ask.
func (s *Service) LatestSummary(ctx context.Context, enterpriseID int64) (*NeedSummary, error) {
	d, err := s.store.FindSubmittedBefore(ctx, enterpriseID, 0)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "Doanh nghiệp chưa gửi bản tự chẩn đoán nào.", "The enterprise has submitted no self-diagnosis.")
	}
	if err != nil {
		return nil, err
	}
	ns := &NeedSummary{DiagnosisID: d.ID, EnterpriseID: d.EnterpriseID, Year: d.Year, Version: d.Version, Score: d.Score,
		Level: d.Level, Levels: d.Levels, Path: d.Path}
	if d.SubmittedAt != nil {
		ns.SubmittedAt = *d.SubmittedAt
	}
	return ns, nil
}

// ParseYear reads a year filter ("" is 0).
func ParseYear(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 {
		return 0, fault.New(fault.Invalid, "Năm không hợp lệ.", "Invalid year.").Field("year", "Năm không hợp lệ.", "Invalid year.")
	}
	return y, nil
}
