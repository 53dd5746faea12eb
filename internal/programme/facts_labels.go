package programme

import (
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// The industries and size classes of the dashboard's breakdowns, in the
// registry's display order ("" last: other industries, unknown size).
var (
	IndustryKeys = func() []string {
		out := make([]string, 0, len(registry.Industries)+1)
		for _, i := range registry.Industries {
			out = append(out, string(i))
		}
		return append(out, "")
	}()
	SizeKeys = func() []string {
		out := make([]string, 0, len(registry.SizeClasses)+1)
		for _, c := range registry.SizeClasses {
			out = append(out, string(c))
		}
		return append(out, "")
	}()
)

// IndustryLabel names an industry code of an activity.
func IndustryLabel(k string) fault.Text {
	if l := registry.Industry(k).Label(); l.Vi != "" {
		return l
	}
	return fault.Text{Vi: k, En: k}
}

// SizeLabel names a size class of an activity.
func SizeLabel(k string) fault.Text { return registry.SizeClass(k).Label() }
