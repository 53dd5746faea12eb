package assessment

// The draft editor's operations: the scale and points, the levels, the
// sections and the items, each at the draft's rev, validated, audited.

import (
	"context"
	"fmt"
	"strings"

	"nscl/internal/fault"
)

// SectionInput is a section's properties.
type SectionInput struct {
	Key    string     `json:"key"`
	Name   fault.Text `json:"name"`
	Weight float64    `json:"weight"`
}

// errNoSection and errNoItem answer an edit of a section or item the draft
// does not have (any more).
var (
	errNoSection = fault.New(fault.Conflict, "Phần này không còn trong bản nháp. Vui lòng tải lại trang.",
		"This section is no longer in the draft. Please reload the page.")
	errNoItem = fault.New(fault.Conflict, "Tiêu chí này không còn trong bản nháp. Vui lòng tải lại trang.",
		"This item is no longer in the draft. Please reload the page.")
)

// sectionIndex returns the index of section key, or -1.
func (b *Body) sectionIndex(key string) int {
	for i := range b.Sections {
		if b.Sections[i].Key == key {
			return i
		}
	}
	return -1
}

// itemIndex returns the indexes of item key, or -1, -1.
func (b *Body) itemIndex(key string) (int, int) {
	for si := range b.Sections {
		for ii := range b.Sections[si].Items {
			if b.Sections[si].Items[ii].Key == key {
				return si, ii
			}
		}
	}
	return -1, -1
}

// keyUsed reports whether key names a section or item of b other than
// the one at (si, ii) (ii −1: the section si itself).
func (b *Body) keyUsed(key string, si, ii int) bool {
	for s := range b.Sections {
		if b.Sections[s].Key == key && !(s == si && ii < 0) {
			return true
		}
		for i := range b.Sections[s].Items {
			if b.Sections[s].Items[i].Key == key && !(s == si && i == ii) {
				return true
			}
		}
	}
	return false
}

// NextSectionKey proposes a key for a new section ("s6" after five).
func (b *Body) NextSectionKey() string {
	for n := len(b.Sections) + 1; ; n++ {
		k := fmt.Sprintf("s%d", n)
		if !b.keyUsed(k, -1, -1) {
			return k
		}
	}
}

// NextItemKey proposes a key for a new item of section si ("s2.8").
func (b *Body) NextItemKey(si int) string {
	base := "x"
	n := 1
	if si >= 0 && si < len(b.Sections) {
		base, n = b.Sections[si].Key, len(b.Sections[si].Items)+1
	}
	for ; ; n++ {
		k := fmt.Sprintf("%s.%d", base, n)
		if len(k) <= MaxKeyLen && !b.keyUsed(k, -1, -1) {
			return k
		}
		if len(k) > MaxKeyLen {
			base = "x"
		}
	}
}

// relabel renames the fields of an Invalid error under prefix to the
// form's names (suffix → name), e.g. "sections[1].items[2].text" → "text_vi".
func relabel(err error, prefix string, names map[string]string) error {
	fs := fault.FieldsOf(err)
	if len(fs) == 0 {
		return err
	}
	out := map[string]fault.Text{}
	for p, t := range fs {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			for suffix, name := range names {
				if rest == suffix || strings.HasPrefix(rest, suffix+".") || strings.HasPrefix(rest, suffix+"[") {
					p = name
					break
				}
			}
		}
		out[p] = t
	}
	fe := fault.New(fault.Invalid, fault.MessageOf(err).Vi, fault.MessageOf(err).En)
	fe.Fields = out
	return fe
}

var sectionFields = map[string]string{".key": "key", ".name": "name_vi", ".weight": "weight", ".items": "key"}

var itemFields = map[string]string{".key": "key", ".text": "text_vi", ".guidance": "guidance_vi", ".evidence": "evidence_vi",
	".weight": "weight", ".scale.max": "scale_max", ".scale.labels": "scale_max", ".scale": "scale_max"}

func dupKey(key string) error {
	return fault.New(fault.Invalid, "Mã đã được dùng.", "The key is taken.").
		Field("key", "Mã "+key+" đã được dùng cho phần hoặc tiêu chí khác.", "The key "+key+" is used by another section or item.")
}

func trimText(t fault.Text) fault.Text {
	return fault.Text{Vi: strings.TrimSpace(t.Vi), En: strings.TrimSpace(t.En)}
}

// AddSection appends a section (no items yet) to the draft.
func (s *Service) AddSection(ctx context.Context, id SchemeID, rev int, in SectionInput) (*Scheme, *Version, error) {
	in.Key, in.Name = strings.TrimSpace(in.Key), trimText(in.Name)
	return s.editDraft(ctx, id, rev, "assessment.scheme.section.add", func(b *Body) (any, any, error) {
		if b.keyUsed(in.Key, -1, -1) {
			return nil, nil, dupKey(in.Key)
		}
		b.Sections = append(b.Sections, Section{Key: in.Key, Name: in.Name, Weight: in.Weight, Items: []Item{}})
		if err := ValidateDraft(b); err != nil {
			return nil, nil, relabel(err, fmt.Sprintf("sections[%d]", len(b.Sections)-1), sectionFields)
		}
		return nil, in, nil
	})
}

// UpdateSection changes a section's key, name and weight.
func (s *Service) UpdateSection(ctx context.Context, id SchemeID, rev int, key string, in SectionInput) (*Scheme, *Version, error) {
	in.Key, in.Name = strings.TrimSpace(in.Key), trimText(in.Name)
	return s.editDraft(ctx, id, rev, "assessment.scheme.section.update", func(b *Body) (any, any, error) {
		si := b.sectionIndex(key)
		if si < 0 {
			return nil, nil, errNoSection
		}
		if b.keyUsed(in.Key, si, -1) {
			return nil, nil, dupKey(in.Key)
		}
		sec := &b.Sections[si]
		before := SectionInput{Key: sec.Key, Name: sec.Name, Weight: sec.Weight}
		sec.Key, sec.Name, sec.Weight = in.Key, in.Name, in.Weight
		if err := ValidateDraft(b); err != nil {
			return nil, nil, relabel(err, fmt.Sprintf("sections[%d]", si), sectionFields)
		}
		return before, in, nil
	})
}

// MoveSection moves a section up (delta −1) or down (+1).
func (s *Service) MoveSection(ctx context.Context, id SchemeID, rev int, key string, delta int) (*Scheme, *Version, error) {
	return s.editDraft(ctx, id, rev, "assessment.scheme.section.move", func(b *Body) (any, any, error) {
		si := b.sectionIndex(key)
		if si < 0 {
			return nil, nil, errNoSection
		}
		to := si + delta
		if to < 0 || to >= len(b.Sections) || (delta != 1 && delta != -1) {
			return nil, nil, errUnchanged // at the edge: nothing to move
		}
		b.Sections[si], b.Sections[to] = b.Sections[to], b.Sections[si]
		return map[string]any{"section": key, "at": si + 1}, map[string]any{"section": key, "at": to + 1}, nil
	})
}

// RemoveSection removes a section with its items.
func (s *Service) RemoveSection(ctx context.Context, id SchemeID, rev int, key string) (*Scheme, *Version, error) {
	return s.editDraft(ctx, id, rev, "assessment.scheme.section.remove", func(b *Body) (any, any, error) {
		si := b.sectionIndex(key)
		if si < 0 {
			return nil, nil, errNoSection
		}
		before := b.Sections[si]
		b.Sections = append(b.Sections[:si], b.Sections[si+1:]...)
		return before, map[string]any{"removed": key}, nil
	})
}

// normItem trims an item's texts.
func normItem(it *Item) {
	it.Key = strings.TrimSpace(it.Key)
	it.Text, it.Guidance, it.Evidence = trimText(it.Text), trimText(it.Guidance), trimText(it.Evidence)
}

// AddItem appends an item to a section.
func (s *Service) AddItem(ctx context.Context, id SchemeID, rev int, section string, in Item) (*Scheme, *Version, error) {
	normItem(&in)
	return s.editDraft(ctx, id, rev, "assessment.scheme.item.add", func(b *Body) (any, any, error) {
		si := b.sectionIndex(section)
		if si < 0 {
			return nil, nil, errNoSection
		}
		if b.keyUsed(in.Key, -1, -1) {
			return nil, nil, dupKey(in.Key)
		}
		b.Sections[si].Items = append(b.Sections[si].Items, in)
		if err := ValidateDraft(b); err != nil {
			return nil, nil, relabel(err, fmt.Sprintf("sections[%d].items[%d]", si, len(b.Sections[si].Items)-1), itemFields)
		}
		return nil, in, nil
	})
}

// UpdateItem changes an item.
func (s *Service) UpdateItem(ctx context.Context, id SchemeID, rev int, key string, in Item) (*Scheme, *Version, error) {
	normItem(&in)
	return s.editDraft(ctx, id, rev, "assessment.scheme.item.update", func(b *Body) (any, any, error) {
		si, ii := b.itemIndex(key)
		if si < 0 {
			return nil, nil, errNoItem
		}
		if b.keyUsed(in.Key, si, ii) {
			return nil, nil, dupKey(in.Key)
		}
		before := b.Sections[si].Items[ii]
		b.Sections[si].Items[ii] = in
		if err := ValidateDraft(b); err != nil {
			return nil, nil, relabel(err, fmt.Sprintf("sections[%d].items[%d]", si, ii), itemFields)
		}
		return before, in, nil
	})
}

// MoveItem moves an item up (−1) or down (+1) in its section.
func (s *Service) MoveItem(ctx context.Context, id SchemeID, rev int, key string, delta int) (*Scheme, *Version, error) {
	return s.editDraft(ctx, id, rev, "assessment.scheme.item.move", func(b *Body) (any, any, error) {
		si, ii := b.itemIndex(key)
		if si < 0 {
			return nil, nil, errNoItem
		}
		items := b.Sections[si].Items
		to := ii + delta
		if to < 0 || to >= len(items) || (delta != 1 && delta != -1) {
			return nil, nil, errUnchanged
		}
		items[ii], items[to] = items[to], items[ii]
		return map[string]any{"item": key, "at": ii + 1}, map[string]any{"item": key, "at": to + 1}, nil
	})
}

// RemoveItem removes an item.
func (s *Service) RemoveItem(ctx context.Context, id SchemeID, rev int, key string) (*Scheme, *Version, error) {
	return s.editDraft(ctx, id, rev, "assessment.scheme.item.remove", func(b *Body) (any, any, error) {
		si, ii := b.itemIndex(key)
		if si < 0 {
			return nil, nil, errNoItem
		}
		before := b.Sections[si].Items[ii]
		b.Sections[si].Items = append(b.Sections[si].Items[:ii], b.Sections[si].Items[ii+1:]...)
		return before, map[string]any{"removed": key}, nil
	})
}

// SetScale sets the default scale with its labels and the maximum points
// (0: the result is a percentage only).
func (s *Service) SetScale(ctx context.Context, id SchemeID, rev int, sc Scale, maxPoints float64) (*Scheme, *Version, error) {
	for i := range sc.Labels {
		sc.Labels[i].Label = trimText(sc.Labels[i].Label)
	}
	return s.editDraft(ctx, id, rev, "assessment.scheme.scale", func(b *Body) (any, any, error) {
		before := map[string]any{"scale": b.Scale, "max_points": b.MaxPoints}
		b.Scale, b.MaxPoints = sc, maxPoints
		return before, map[string]any{"scale": sc, "max_points": maxPoints}, nil
	})
}

// SetLevels sets the result levels.
func (s *Service) SetLevels(ctx context.Context, id SchemeID, rev int, levels []Level) (*Scheme, *Version, error) {
	for i := range levels {
		levels[i].Code, levels[i].Name = strings.TrimSpace(levels[i].Code), trimText(levels[i].Name)
	}
	return s.editDraft(ctx, id, rev, "assessment.scheme.levels", func(b *Body) (any, any, error) {
		before := b.Levels
		b.Levels = levels
		return before, levels, nil
	})
}
