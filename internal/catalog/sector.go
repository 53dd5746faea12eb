package catalog

import "nscl/internal/fault"

// Sector is a field where a tool fits or that a standard covers. The first
// eight are the registry's priority industries (same codes); the others are
// the fields of the standards that no priority industry covers.
type Sector string

// The sectors.
const (
	SectorTextiles    Sector = "textiles"
	SectorLeather     Sector = "leather"
	SectorPlastics    Sector = "plastics"
	SectorSteel       Sector = "steel"
	SectorChemicals   Sector = "chemicals"
	SectorMechanical  Sector = "mechanical"
	SectorEnergy      Sector = "energy"
	SectorElectronics Sector = "electronics"
	SectorFood        Sector = "food"
	SectorMining      Sector = "mining"
	SectorBuilding    Sector = "building"
	SectorEnvironment Sector = "environment"
	SectorIT          Sector = "it"
	SectorManagement  Sector = "management"
)

// Sectors lists the sectors in display order.
var Sectors = []Sector{SectorTextiles, SectorLeather, SectorPlastics, SectorSteel, SectorChemicals, SectorMechanical,
	SectorEnergy, SectorElectronics, SectorFood, SectorMining, SectorBuilding, SectorEnvironment, SectorIT, SectorManagement}

var sectorLabels = map[Sector]fault.Text{
	SectorTextiles:    {Vi: "Dệt may", En: "Textiles and garments"},
	SectorLeather:     {Vi: "Da giày", En: "Leather and footwear"},
	SectorPlastics:    {Vi: "Nhựa", En: "Plastics"},
	SectorSteel:       {Vi: "Thép, luyện kim", En: "Steel and metallurgy"},
	SectorChemicals:   {Vi: "Hóa chất", En: "Chemicals"},
	SectorMechanical:  {Vi: "Cơ khí chế tạo", En: "Mechanical engineering"},
	SectorEnergy:      {Vi: "Năng lượng, điện", En: "Energy and electricity"},
	SectorElectronics: {Vi: "Điện tử", En: "Electronics"},
	SectorFood:        {Vi: "Thực phẩm, đồ uống", En: "Food and beverages"},
	SectorMining:      {Vi: "Khai khoáng, vật liệu nổ", En: "Mining and explosives"},
	SectorBuilding:    {Vi: "Xây dựng, vật liệu xây dựng", En: "Construction and building materials"},
	SectorEnvironment: {Vi: "Môi trường", En: "Environment"},
	SectorIT:          {Vi: "Công nghệ thông tin", En: "Information technology"},
	SectorManagement:  {Vi: "Quản lý chung", En: "General management"},
}

// Label names the sector.
func (s Sector) Label() fault.Text {
	if l, ok := sectorLabels[s]; ok {
		return l
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// Valid reports whether s is a known sector.
func (s Sector) Valid() bool { _, ok := sectorLabels[s]; return ok }

// ParseSector reads a sector code or its name in either language (any case,
// with or without diacritics). It returns false when nothing matches.
func ParseSector(s string) (Sector, bool) {
	f := foldKey(s)
	if f == "" {
		return "", true
	}
	for _, x := range Sectors {
		if f == string(x) || f == foldKey(sectorLabels[x].Vi) || f == foldKey(sectorLabels[x].En) {
			return x, true
		}
	}
	return "", false
}
