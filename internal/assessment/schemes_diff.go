package assessment

import (
	"fmt"
	"reflect"
	"strings"

	"nscl/internal/fault"
)

// ChangeKind is what happened to a part of a scheme between two versions.
type ChangeKind string

// The kinds of change.
const (
	ChangeAdded   ChangeKind = "added"
	ChangeRemoved ChangeKind = "removed"
	ChangeChanged ChangeKind = "changed"
	ChangeMoved   ChangeKind = "moved"
)

// Change is one difference between two bodies, described in both
// languages.
type Change struct {
	Kind ChangeKind `json:"kind"`
	Key  string     `json:"key,omitempty"` // the section, item or level
	What fault.Text `json:"what"`
}

// Diff lists what changed from old to new: the scale and points, the
// sections (added, removed, renamed, reweighted, moved), the items (added,
// removed, changed and how, moved between sections) and the levels.
func Diff(old, new *Body) []Change {
	var out []Change
	add := func(k ChangeKind, key, vi, en string) {
		out = append(out, Change{Kind: k, Key: key, What: fault.Text{Vi: vi, En: en}})
	}
	if old.Scale.Min != new.Scale.Min || old.Scale.Max != new.Scale.Max {
		add(ChangeChanged, "", fmt.Sprintf("Thang điểm: %d–%d → %d–%d", old.Scale.Min, old.Scale.Max, new.Scale.Min, new.Scale.Max),
			fmt.Sprintf("Scale: %d–%d → %d–%d", old.Scale.Min, old.Scale.Max, new.Scale.Min, new.Scale.Max))
	} else if !reflect.DeepEqual(old.Scale.Labels, new.Scale.Labels) && (len(old.Scale.Labels) > 0 || len(new.Scale.Labels) > 0) {
		add(ChangeChanged, "", "Mô tả các mức của thang điểm", "Descriptions of the scale's values")
	}
	if old.MaxPoints != new.MaxPoints {
		add(ChangeChanged, "", fmt.Sprintf("Tổng điểm tối đa: %s → %s", num(old.MaxPoints), num(new.MaxPoints)),
			fmt.Sprintf("Maximum points: %s → %s", num(old.MaxPoints), num(new.MaxPoints)))
	}

	oldSec := map[string]*Section{}
	oldItem := map[string]*Item{}
	oldItemSec := map[string]string{}
	for si := range old.Sections {
		s := &old.Sections[si]
		oldSec[s.Key] = s
		for ii := range s.Items {
			oldItem[s.Items[ii].Key] = &s.Items[ii]
			oldItemSec[s.Items[ii].Key] = s.Key
		}
	}
	newSec := map[string]bool{}
	newItem := map[string]bool{}
	for si := range new.Sections {
		s := &new.Sections[si]
		newSec[s.Key] = true
		o, ok := oldSec[s.Key]
		switch {
		case !ok:
			add(ChangeAdded, s.Key, "Thêm phần "+s.Key+": "+s.Name.Vi, "Section "+s.Key+" added: "+s.Name.In("en"))
		default:
			var vi, en []string
			if o.Name != s.Name {
				vi, en = append(vi, "tên"), append(en, "name")
			}
			if o.Weight != s.Weight {
				vi = append(vi, "trọng số "+num(o.Weight)+" → "+num(s.Weight))
				en = append(en, "weight "+num(o.Weight)+" → "+num(s.Weight))
			}
			if len(vi) > 0 {
				add(ChangeChanged, s.Key, "Phần "+s.Key+": "+strings.Join(vi, ", "), "Section "+s.Key+": "+strings.Join(en, ", "))
			}
		}
		for ii := range s.Items {
			it := &s.Items[ii]
			newItem[it.Key] = true
			oi, ok := oldItem[it.Key]
			if !ok {
				add(ChangeAdded, it.Key, "Thêm tiêu chí "+it.Key+": "+it.Text.Vi, "Item "+it.Key+" added: "+it.Text.In("en"))
				continue
			}
			var vi, en []string
			if oldItemSec[it.Key] != s.Key {
				vi = append(vi, "chuyển sang phần "+s.Key)
				en = append(en, "moved to section "+s.Key)
			}
			if oi.Text != it.Text {
				vi, en = append(vi, "nội dung"), append(en, "text")
			}
			if oi.Guidance != it.Guidance {
				vi, en = append(vi, "hướng dẫn"), append(en, "guidance")
			}
			if oi.Evidence != it.Evidence {
				vi, en = append(vi, "bằng chứng"), append(en, "evidence")
			}
			if oi.Weight != it.Weight {
				vi = append(vi, "trọng số "+num(oi.Weight)+" → "+num(it.Weight))
				en = append(en, "weight "+num(oi.Weight)+" → "+num(it.Weight))
			}
			if oi.AllowNA != it.AllowNA {
				if it.AllowNA {
					vi, en = append(vi, "cho phép N/A"), append(en, "N/A allowed")
				} else {
					vi, en = append(vi, "không cho phép N/A"), append(en, "N/A no longer allowed")
				}
			}
			if !reflect.DeepEqual(oi.Scale, it.Scale) {
				vi, en = append(vi, "thang điểm riêng"), append(en, "own scale")
			}
			if len(vi) > 0 {
				add(ChangeChanged, it.Key, "Tiêu chí "+it.Key+": "+strings.Join(vi, ", "), "Item "+it.Key+": "+strings.Join(en, ", "))
			}
		}
	}
	for _, s := range old.Sections {
		if !newSec[s.Key] {
			add(ChangeRemoved, s.Key, "Bỏ phần "+s.Key+": "+s.Name.Vi, "Section "+s.Key+" removed: "+s.Name.In("en"))
		}
		for _, it := range s.Items {
			if !newItem[it.Key] {
				add(ChangeRemoved, it.Key, "Bỏ tiêu chí "+it.Key+": "+it.Text.Vi, "Item "+it.Key+" removed: "+it.Text.In("en"))
			}
		}
	}
	if order(old, newItem, newSec) != order(new, oldItemSet(oldItem), oldSecSet(oldSec)) {
		add(ChangeMoved, "", "Thứ tự phần hoặc tiêu chí", "The order of sections or items")
	}
	oldLv := map[string]Level{}
	for _, l := range old.Levels {
		oldLv[l.Code] = l
	}
	newLv := map[string]bool{}
	for _, l := range new.Levels {
		newLv[l.Code] = true
		o, ok := oldLv[l.Code]
		switch {
		case !ok:
			add(ChangeAdded, l.Code, fmt.Sprintf("Thêm mức %s (từ %s %%)", l.Name.Vi, num(l.MinPct)), fmt.Sprintf("Level %s added (from %s %%)", l.Name.In("en"), num(l.MinPct)))
		case o.MinPct != l.MinPct:
			add(ChangeChanged, l.Code, fmt.Sprintf("Mức %s: ngưỡng %s %% → %s %%", l.Name.Vi, num(o.MinPct), num(l.MinPct)),
				fmt.Sprintf("Level %s: threshold %s %% → %s %%", l.Name.In("en"), num(o.MinPct), num(l.MinPct)))
		case o.Name != l.Name:
			add(ChangeChanged, l.Code, "Mức "+l.Code+": tên", "Level "+l.Code+": name")
		}
	}
	for _, l := range old.Levels {
		if !newLv[l.Code] {
			add(ChangeRemoved, l.Code, "Bỏ mức "+l.Name.Vi, "Level "+l.Name.In("en")+" removed")
		}
	}
	return out
}

// order is the sequence of a body's keys that are also in the other body
// (items, sections): a change of order, not an addition or removal.
func order(b *Body, items, sections map[string]bool) string {
	var sb strings.Builder
	for _, s := range b.Sections {
		if sections[s.Key] {
			sb.WriteString(s.Key + "|")
		}
		for _, it := range s.Items {
			if items[it.Key] {
				sb.WriteString(it.Key + ",")
			}
		}
	}
	return sb.String()
}

func oldItemSet(m map[string]*Item) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func oldSecSet(m map[string]*Section) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}
