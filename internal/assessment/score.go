package assessment

import "nscl/internal/fault"

// Result is the score of an assessment: per section and in total.
//
// An item's percentage is (value − min) / (max − min) of its scale. A
// section's percentage is the weighted mean of its answered, applicable
// items (an N/A item leaves the score: neither the numerator nor the
// denominator counts it). The total is the mean of the sections weighted by
// their weights (or, for a section of weight 0, by its items' weights);
// sections with no applicable answered item leave the total. With MaxPoints
// the percentages are also shown as points (a section of weight 120 at 50 %
// has 60 points). Level is the highest level whose threshold the total
// reaches, and only for a complete assessment.
type Result struct {
	Sections []SectionResult `json:"sections"`
	Pct      float64         `json:"pct"`    // 0–100
	Points   float64         `json:"points"` // Pct × MaxPoints / 100 when the body has MaxPoints
	Level    *Level          `json:"level,omitempty"`
	Items    int             `json:"items"`    // items in the body
	Answered int             `json:"answered"` // items answered (N/A included)
	NA       int             `json:"na"`
	Complete bool            `json:"complete"` // every item answered
}

// SectionResult is one section's score.
type SectionResult struct {
	Key       string     `json:"key"`
	Name      fault.Text `json:"name"`
	Pct       float64    `json:"pct"`
	Points    float64    `json:"points,omitempty"`
	MaxPoints float64    `json:"max_points,omitempty"`
	Items     int        `json:"items"`
	Answered  int        `json:"answered"`
	NA        int        `json:"na"`
	// Scored is false when no applicable item of the section is answered
	// (all N/A, or none answered yet): it leaves the total.
	Scored bool `json:"scored"`
}

// Score computes the result of answers (by item key) on b. It never fails:
// an answer for an unknown item is ignored, a value outside the scale is
// clamped (the service refuses such values before they are stored), and a
// degenerate scale (max ≤ min) counts as 0 %.
func Score(b *Body, answers map[string]Answer) Result {
	r := Result{Sections: make([]SectionResult, 0, len(b.Sections))}
	var totalW, totalV float64
	for _, s := range b.Sections {
		sr := SectionResult{Key: s.Key, Name: s.Name, Items: len(s.Items)}
		var w, v, itemW float64
		for i := range s.Items {
			it := &s.Items[i]
			iw := it.Weight
			if iw <= 0 {
				iw = 1
			}
			itemW += iw
			a, ok := answers[it.Key]
			if !ok {
				continue
			}
			sr.Answered++
			if a.NA && it.AllowNA {
				sr.NA++
				continue
			}
			sc := b.Scale
			if it.Scale != nil {
				sc = *it.Scale
			}
			w += iw
			v += iw * fraction(sc, a.Value)
		}
		sw := s.Weight
		if sw <= 0 {
			sw = itemW
		}
		if w > 0 {
			sr.Scored = true
			sr.Pct = 100 * v / w
			totalW += sw
			totalV += sw * sr.Pct
		}
		if b.MaxPoints > 0 {
			sr.MaxPoints = s.Weight
			sr.Points = s.Weight * sr.Pct / 100
		}
		r.Items += sr.Items
		r.Answered += sr.Answered
		r.NA += sr.NA
		r.Sections = append(r.Sections, sr)
	}
	if totalW > 0 {
		r.Pct = totalV / totalW
	}
	if b.MaxPoints > 0 {
		r.Points = r.Pct * b.MaxPoints / 100
	}
	r.Complete = r.Items > 0 && r.Answered == r.Items
	if r.Complete {
		r.Level = b.LevelFor(r.Pct)
	}
	return r
}

// fraction is value's place on sc, 0–1, clamped.
func fraction(sc Scale, value int) float64 {
	if sc.Max <= sc.Min {
		return 0
	}
	f := float64(value-sc.Min) / float64(sc.Max-sc.Min)
	return min(max(f, 0), 1)
}

// LevelFor returns the highest level whose threshold pct reaches, or nil.
// A tiny tolerance keeps a total computed as 79.99999999 from missing 80.
func (b *Body) LevelFor(pct float64) *Level {
	var best *Level
	for i := range b.Levels {
		l := &b.Levels[i]
		if pct+1e-9 >= l.MinPct && (best == nil || l.MinPct > best.MinPct) {
			best = l
		}
	}
	return best
}

// Level returns the level of code, or nil.
func (b *Body) Level(code string) *Level {
	for i := range b.Levels {
		if b.Levels[i].Code == code {
			return &b.Levels[i]
		}
	}
	return nil
}

// Item returns the item of key and its effective scale, or false.
func (b *Body) Item(key string) (*Item, Scale, bool) {
	for si := range b.Sections {
		for ii := range b.Sections[si].Items {
			it := &b.Sections[si].Items[ii]
			if it.Key == key {
				if it.Scale != nil {
					return it, *it.Scale, true
				}
				return it, b.Scale, true
			}
		}
	}
	return nil, Scale{}, false
}

// ItemCount returns the number of items.
func (b *Body) ItemCount() int {
	n := 0
	for _, s := range b.Sections {
		n += len(s.Items)
	}
	return n
}
