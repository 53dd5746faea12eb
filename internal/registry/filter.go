package registry

// Sort orders a list of enterprises.
type Sort string

// The sort orders.
const (
	SortName          Sort = "name"       // by name (the default)
	SortFounded       Sort = "founded"    // oldest first
	SortFoundedDesc   Sort = "-founded"   // newest first
	SortEmployees     Sort = "employees"  // fewest first
	SortEmployeesDesc Sort = "-employees" // most first
)

// Filter selects enterprises. Empty fields do not filter.
type Filter struct {
	// Query matches names: folded words (vn.Fold), in any order, each a
	// prefix of a word of the name ("nhua an" finds "Công ty Nhựa An
	// Phát"); or, when it looks like a tax code (digits and dashes), a tax
	// code prefix.
	Query        string
	TaxCode      string // exact tax code
	ProvinceCode string
	Industry     *Industry // a priority industry, or IndustryNone for the others
	VSICPrefix   string
	SizeClass    *SizeClass // of the latest year; SizeUnknown for firms without figures
	Ownership    *Ownership
	Status       Status
	EnterpriseID EnterpriseID // only this one (scoping an enterprise user)
	Sort         Sort
	Offset       int
	Limit        int
	// Facets asks for facet counts over the whole selection.
	Facets bool
}

// Facets are counts per value over a selection.
type Facets struct {
	Province  map[string]int    `json:"province"`
	Industry  map[Industry]int  `json:"industry"`
	SizeClass map[SizeClass]int `json:"size_class"`
	Ownership map[Ownership]int `json:"ownership"`
}

// Page is one page of a search with the total and, if asked, the facets.
type Page struct {
	Enterprises []*Enterprise `json:"enterprises"`
	Total       int           `json:"total"`
	Facets      *Facets       `json:"facets,omitempty"`
}

// EnterpriseUpdate changes an enterprise; nil fields stay. The fields under
// "officers only" may not be changed by the enterprise's own users.
type EnterpriseUpdate struct {
	Name        *string
	NameEN      *string
	ShortName   *string
	Commune     *string
	Address     *string
	VSIC        *string
	VSICEdition *VSICEdition
	Ownership   *Ownership
	FoundedOn   *string
	Contact     *Contact
	Public      *[]PublicField

	// Officers only.
	TaxCode      *string
	ProvinceCode *string
	Status       *Status
}

// officerOnly lists the officer-only fields set in u.
func (u EnterpriseUpdate) officerOnly() []string {
	var fs []string
	if u.TaxCode != nil {
		fs = append(fs, "tax_code")
	}
	if u.ProvinceCode != nil {
		fs = append(fs, "province_code")
	}
	if u.Status != nil {
		fs = append(fs, "status")
	}
	return fs
}

// ClaimFilter selects claims.
type ClaimFilter struct {
	Status       ClaimStatus
	ProvinceCode string
	UserID       int64
	EnterpriseID EnterpriseID
	Offset       int
	Limit        int
}
