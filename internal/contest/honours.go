package contest

import (
	"context"
	"strings"
	"time"

	"nscl/internal/vn"
)

// HonourStore is what the area of the honour roll (sqldb/contest_honours.go) keeps.
type HonourStore interface {
	// FindHonourRecords returns the honours f selects, the newest year
	// first, then by rank (unranked last) and title.
	FindHonourRecords(ctx context.Context, f HonourFilter) ([]*HonourRecord, error)
	// FindHonourRecord returns an honour with what the roll keeps besides
	// (NotFound if none).
	FindHonourRecord(ctx context.Context, id HonourID) (*HonourRecord, error)
	// FindHonourBySlug returns the honour of year at slug (NotFound if none).
	FindHonourBySlug(ctx context.Context, year int, slug string) (*HonourRecord, error)
	// UpdateHonourRecord writes r's title, award, summary, story, KPIs,
	// hidden flag and reason if r.Version is still the stored one
	// (fault.Conflict otherwise); r.Version and r.UpdatedAt become the new
	// ones.
	UpdateHonourRecord(ctx context.Context, r *HonourRecord) error
	// PutHonourPhoto replaces the photo of honour id (its bytes and its
	// thumbnail) and records p on the honour.
	PutHonourPhoto(ctx context.Context, id HonourID, p *HonourPhoto, content, thumb []byte) error
	// HonourPhotoBytes returns the photo (or its thumbnail) of honour id
	// (NotFound if it has none).
	HonourPhotoBytes(ctx context.Context, id HonourID, thumb bool) ([]byte, error)
	// PortalOpenContests returns the announced contests whose entries are
	// open on day, by closing day.
	PortalOpenContests(ctx context.Context, day time.Time) ([]*Contest, error)
}

// HonourFilter selects honours. Zero fields do not filter.
type HonourFilter struct {
	Year      int
	ContestID ContestID
	// Organiser: the honours of the contests this province organised.
	Organiser string
	// PublicOn, when set, keeps the honours public on that day: published
	// on or before it and not hidden.
	PublicOn time.Time
	Limit    int
}

// HonourRecord is an honour with what the honour roll keeps besides: why
// it is hidden, its photo, and its contest's organiser.
type HonourRecord struct {
	*Honour
	HiddenReason string
	Photo        *HonourPhoto // nil without a photo
	// Organiser is the province that organised the honour's contest ("" the
	// ministry, or no contest).
	Organiser string
}

// HonourPhoto describes an honour's photo (a JPEG; the bytes are read
// apart).
type HonourPhoto struct {
	SHA256     string
	Width      int
	Height     int
	UploadedBy int64
	UploadedAt time.Time
}

// Public reports whether r is on the public roll on now's day.
func (r *HonourRecord) Public(now time.Time) bool {
	return !r.Hidden && !r.PublishedOn.IsZero() && !day(now).Before(day(r.PublishedOn))
}

// Searchable returns the folded text the roll's search matches: the
// title, the enterprise, the award, the kind (both languages), the
// contest and the province's name.
func (r *HonourRecord) Searchable(provinceName string) string {
	k := r.Kind.Label()
	return vn.Fold(strings.Join([]string{r.Title, r.EnterpriseName, r.Award, k.Vi, k.En, r.ContestTitle, provinceName,
		r.ProvinceCode}, " "))
}

// MatchHonours returns those of rs whose searchable text holds every word
// of q (diacritics-insensitive); province names a province's code.
func MatchHonours(rs []*HonourRecord, q string, province func(code string) string) []*HonourRecord {
	words := strings.Fields(vn.Fold(q))
	if len(words) == 0 {
		return rs
	}
	var out []*HonourRecord
	for _, r := range rs {
		s := r.Searchable(province(r.ProvinceCode))
		ok := true
		for _, w := range words {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// HonourGeneration returns the number of honour changes made so far
// through s (the Service's honourGen counter); a cached public page built
// at an older generation is stale.
func (s *Service) HonourGeneration() int64 { return s.honourGen.Load() }

// honoursChanged marks the public roll changed (the contests' results call
// it when they create honours, the honour roll's writes when they edit).
func (s *Service) honoursChanged() { s.honourGen.Add(1) }

// Slug returns an address for title: folded, words joined by '-', at
// most 80 bytes ("honour" when nothing is left).
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range vn.Fold(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if s == "" {
		return "honour"
	}
	return s
}
