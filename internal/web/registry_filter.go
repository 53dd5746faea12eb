package web

import (
	"net/url"
	"strconv"

	"nscl/internal/registry"
)

// The query parameters of an enterprise list, shared by the list page, its
// export links and the API: q (name words or tax code), province (2-digit
// code of a 2025 unit), industry (a priority industry, or "none"), vsic (a
// code prefix), size (micro|small|medium|large|unknown), ownership
// (state|private|foreign|cooperative), sort (name|founded|-founded|
// employees|-employees), page (1-based).

// enterprisePageSize is how many enterprises a list page shows.
const enterprisePageSize = 25

// enterpriseFilter reads an enterprise list filter from q. Unknown values
// of the enumerated parameters are ignored (the list is not filtered by
// them), so that an old or edited link still shows a list.
func enterpriseFilter(q url.Values) registry.Filter {
	f := registry.Filter{
		Query:        q.Get("q"),
		ProvinceCode: q.Get("province"),
		VSICPrefix:   q.Get("vsic"),
		Sort:         registry.Sort(q.Get("sort")),
		Limit:        enterprisePageSize,
	}
	switch v := q.Get("industry"); {
	case v == "none":
		none := registry.IndustryNone
		f.Industry = &none
	case v != "" && registry.Industry(v).Valid():
		ind := registry.Industry(v)
		f.Industry = &ind
	}
	switch v := registry.SizeClass(q.Get("size")); {
	case v == "unknown":
		unknown := registry.SizeUnknown
		f.SizeClass = &unknown
	case v != "":
		for _, c := range registry.SizeClasses {
			if c == v {
				f.SizeClass = &v
			}
		}
	}
	if v := registry.Ownership(q.Get("ownership")); v != "" && v.Valid() {
		f.Ownership = &v
	}
	switch f.Sort {
	case registry.SortName, registry.SortFounded, registry.SortFoundedDesc, registry.SortEmployees, registry.SortEmployeesDesc:
	default:
		f.Sort = registry.SortName
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p <= 100000 {
		f.Offset = (p - 1) * enterprisePageSize
	}
	return f
}
