package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/demo"
	"nscl/internal/directory"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The directory demo: organisations of every kind (testing laboratories
// with VILAS numbers), experts and practitioners with expertise, sectors,
// provinces served and credentials (some expired), most consenting to the
// listing and matching; every demo expert account keeps a profile, and
// chuyengia@nscl.demo a full one.

var (
	dirFamilies = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
		"Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ", "Lương", "Cao", "Chu", "Quách", "Lâm", "Tô", "Hà", "Kiều"}
	dirMiddles = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Ngọc", "Hữu", "Thị Thu", "Xuân", "Hoài", "Công",
		"Đình", "Bảo", "Thùy", "Gia", "Khánh", "Mạnh", "Thế", "Kim", "Phương", "Hồng", "Anh"}
	dirGivens = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai",
		"Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến", "Đức", "Huy",
		"Hiếu", "Nhung", "Oanh", "Thắng", "Toàn", "Việt", "Vy", "Giang", "Hòa", "Khoa", "Lộc", "Ngân", "Quỳnh", "Thịnh", "Uyên", "Đạt"}
	dirTitles  = []string{"", "", "", "ThS.", "ThS.", "TS.", "KS.", "PGS.TS.", "CN."}
	dirBrands  = []string{"An Phát", "Minh Long", "Thành Công", "Phú Thịnh", "Đại Việt", "Sao Mai", "Hưng Thịnh", "Tân Tiến", "Việt Thắng", "Bình Minh", "Phương Nam", "Kim Long", "Hoàng Gia", "Trường Sơn", "Hồng Hà", "Nam Việt", "Thiên Phúc", "Đông Á", "Lạc Hồng", "Hải Đăng", "Ánh Dương", "Thăng Long", "Vạn Xuân", "Cửu Long", "Tây Đô", "Bắc Hà", "Gia Bảo", "Phúc An", "Trí Việt", "Tiên Phong"}
	dirFields  = []string{"Năng suất", "Chất lượng", "Cải tiến", "Quản lý", "Tiêu chuẩn", "Đo lường", "Công nghệ", "Sản xuất tinh gọn", "Chuyển đổi số", "Năng lượng"}
	dirLabs    = []string{"Hóa lý", "Vi sinh", "Cơ khí", "Điện – Điện tử", "Vật liệu xây dựng", "Dệt may", "Thực phẩm", "Môi trường", "Nhựa và Cao su", "Đo lường"}
	dirIssuers = []string{"Viện Năng suất Việt Nam", "Tổng cục Tiêu chuẩn Đo lường Chất lượng", "Tổ chức Năng suất châu Á (APO)", "JICA", "Bureau Veritas", "TÜV Rheinland", "SGS Việt Nam", "Trường Đại học Bách khoa Hà Nội"}
	dirCreds   = []string{"Chuyên gia tư vấn 5S", "Chuyên gia đánh giá trưởng ISO 9001", "Lean Six Sigma Green Belt", "Lean Six Sigma Black Belt", "Chuyên gia Kaizen", "Chuyên gia TPM", "Kiểm toán năng lượng", "Đánh giá viên ISO 14001", "Chuyên gia năng suất APO", "Chuyên gia QCC"}
	// dirNeighbours are provinces next to a base province (served together).
	dirNeighbours = map[string][]string{"01": {"24", "33", "37", "25", "19"}, "79": {"75", "80", "86"}, "31": {"22", "33"},
		"48": {"46", "51"}, "92": {"86", "91", "82"}, "75": {"79", "68"}}
	dirBig = []string{"01", "01", "01", "79", "79", "79", "31", "48", "92", "75", "22", "24", "33", "19", "38", "40"}
)

// directorySizes returns how many organisations and experts a scale makes.
func directorySizes(scale demo.Scale) (orgs, experts int) {
	if scale == demo.National {
		return 10_000, 50_000
	}
	return 80, 300
}

type dirGen struct {
	rng   *rand.Rand
	now   time.Time
	today string
	tools []catalog.ToolCode
	provs []string
	vilas int
}

func (g *dirGen) name() string {
	return dirPick(g.rng, dirFamilies) + " " + dirPick(g.rng, dirMiddles) + " " + dirPick(g.rng, dirGivens)
}

func dirPick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (g *dirGen) province() string {
	if g.rng.IntN(3) > 0 {
		return dirPick(g.rng, dirBig)
	}
	return dirPick(g.rng, g.provs)
}

func (g *dirGen) date(yearsAgoMin, yearsAgoMax int) time.Time {
	days := yearsAgoMin*365 + g.rng.IntN(max(1, (yearsAgoMax-yearsAgoMin)*365))
	return g.now.AddDate(0, 0, -days)
}

func (g *dirGen) organisation(i int) *directory.Organisation {
	kinds := []directory.OrgKind{directory.OrgConsulting, directory.OrgConsulting, directory.OrgConsulting, directory.OrgTestingLab,
		directory.OrgTestingLab, directory.OrgCertification, directory.OrgResearch, directory.OrgTraining, directory.OrgUniversity}
	k := dirPick(g.rng, kinds)
	brand, field := dirPick(g.rng, dirBrands), dirPick(g.rng, dirFields)
	o := &directory.Organisation{Kind: k, ProvinceCode: g.province(), Status: "active", CreatedAt: g.now, UpdatedAt: g.now}
	n := i + 1
	switch k {
	case directory.OrgConsulting:
		o.Name = fmt.Sprintf("Công ty TNHH Tư vấn %s %s %d", field, brand, n)
		o.Description = "Tư vấn áp dụng công cụ cải tiến năng suất chất lượng, hệ thống quản lý ISO cho doanh nghiệp."
	case directory.OrgTestingLab:
		o.Name = fmt.Sprintf("Phòng thử nghiệm %s %s %d", dirPick(g.rng, dirLabs), brand, n)
		g.vilas++
		if g.rng.IntN(10) == 0 {
			o.VILAS = fmt.Sprintf("VILAS Med %03d", g.vilas%1000)
		} else {
			o.VILAS = fmt.Sprintf("VILAS %d", g.vilas%10000)
		}
		from := g.date(0, 5)
		o.ValidFrom, o.ValidTo = from.Format("2006-01-02"), from.AddDate(5, 0, 0).Format("2006-01-02")
		o.TestScope = "Thử nghiệm chỉ tiêu " + strings.ToLower(dirPick(g.rng, dirLabs)) + " theo TCVN và ISO; hiệu chuẩn thiết bị đo."
		o.Equipment = "Máy quang phổ UV-Vis, cân phân tích, tủ sấy, máy thử kéo nén vạn năng."
	case directory.OrgCertification:
		o.Name = fmt.Sprintf("Trung tâm Chứng nhận %s %s %d", field, brand, n)
		o.Description = "Chứng nhận hệ thống quản lý ISO 9001, ISO 14001, ISO 45001 và chứng nhận sản phẩm hợp quy."
	case directory.OrgResearch:
		o.Name = fmt.Sprintf("Viện Nghiên cứu %s %s %d", field, brand, n)
	case directory.OrgTraining:
		o.Name = fmt.Sprintf("Trung tâm Đào tạo %s %s %d", field, brand, n)
	case directory.OrgUniversity:
		o.Name = fmt.Sprintf("Trường Đại học Kỹ thuật %s %d", brand, n)
	}
	o.Website = fmt.Sprintf("https://to-chuc-%d.example.vn", n)
	o.Email = fmt.Sprintf("lienhe%d@to-chuc.example.vn", n)
	return o
}

func (g *dirGen) expert(i int, orgs []*directory.Organisation) *directory.Expert {
	name := g.name()
	e := &directory.Expert{Kind: directory.KindExpert, Name: name, Title: dirPick(g.rng, dirTitles), ProvinceCode: g.province(),
		Languages: []string{"vi"}, Capacity: 1 + g.rng.IntN(4), Status: directory.StatusActive, CreatedAt: g.now, UpdatedAt: g.now}
	if g.rng.IntN(4) == 0 {
		e.Kind, e.Title = directory.KindPractitioner, ""
	}
	if g.rng.IntN(3) == 0 {
		e.Languages = append(e.Languages, "en")
	}
	if g.rng.IntN(15) == 0 {
		e.Languages = append(e.Languages, dirPick(g.rng, []string{"ja", "ko", "zh"}))
	}
	e.Email = fmt.Sprintf("%s.%d@chuyengia.example.vn", strings.ReplaceAll(vn.Fold(name), " ", "."), i+1)
	// CCCD: province (3 digits), century and sex, birth year (2), sequence (6).
	e.IDNumber = fmt.Sprintf("0%s%d%02d%06d", e.ProvinceCode, g.rng.IntN(4), 60+g.rng.IntN(40), i+1)
	e.Phone = fmt.Sprintf("09%08d", g.rng.IntN(100_000_000))
	if len(orgs) > 0 && g.rng.IntN(10) < 7 {
		e.OrganisationID = orgs[g.rng.IntN(len(orgs))].ID
	}
	for _, j := range g.rng.Perm(len(g.tools))[:1+g.rng.IntN(5)] {
		lv := directory.Level(1 + g.rng.IntN(3))
		if e.Kind == directory.KindPractitioner {
			lv = directory.LevelPractitioner
		}
		e.Tools = append(e.Tools, directory.Expertise{Tool: g.tools[j], Level: lv})
	}
	sectors := append(append([]string{}, industryCodes()...), directory.OtherSector)
	for _, j := range g.rng.Perm(len(sectors))[:1+g.rng.IntN(3)] {
		e.Sectors = append(e.Sectors, sectors[j])
	}
	e.Provinces = []string{e.ProvinceCode}
	for _, n := range dirNeighbours[e.ProvinceCode] {
		if g.rng.IntN(2) == 0 {
			e.Provinces = append(e.Provinces, n)
		}
	}
	if g.rng.IntN(5) == 0 {
		e.Provinces = append(e.Provinces, dirPick(g.rng, g.provs))
	}
	for range g.rng.IntN(3) {
		issued := g.date(1, 12)
		c := directory.Credential{Title: dirPick(g.rng, dirCreds), Issuer: dirPick(g.rng, dirIssuers), IssuedOn: issued.Format("2006-01-02")}
		if g.rng.IntN(3) > 0 {
			c.ExpiresOn = issued.AddDate(3, 0, 0).Format("2006-01-02")
		}
		e.Credentials = append(e.Credentials, c)
	}
	if g.rng.IntN(100) < 85 {
		e.Consents = []directory.Purpose{directory.PurposeListing, directory.PurposeMatching, directory.PurposePublication}
		if g.rng.IntN(5) < 2 {
			e.Consents = append(e.Consents, directory.PurposeContact)
		}
		e.Public = []directory.PublicField{directory.FieldTitle, directory.FieldOrganisation, directory.FieldProvince, directory.FieldCredentials}
		if g.rng.IntN(2) == 0 {
			e.Public = append(e.Public, directory.FieldEmail, directory.FieldLanguages)
		}
	} else if g.rng.IntN(2) == 0 {
		e.Consents = []directory.Purpose{directory.PurposeMatching}
	}
	e.Bio = fmt.Sprintf("%d năm kinh nghiệm tư vấn cải tiến năng suất, chất lượng cho doanh nghiệp sản xuất.", 3+g.rng.IntN(25))
	e.Normalize()
	return e
}

func industryCodes() []string {
	out := make([]string, len(registry.Industries))
	for i, ind := range registry.Industries {
		out[i] = string(ind)
	}
	return out
}

// demoExpertProfile is the full profile of chuyengia@nscl.demo.
func (g *dirGen) demoExpertProfile(u *auth.User, org *directory.Organisation) *directory.Expert {
	e := &directory.Expert{UserID: u.ID, OrganisationID: org.ID, Kind: directory.KindExpert, Name: "Đặng Văn Long", Title: "TS.",
		Email: u.Email, IDNumber: "001080012345", Phone: "0912345678", ProvinceCode: "01", Languages: []string{"vi", "en", "ja"},
		Bio:      "Chuyên gia năng suất với 18 năm tư vấn 5S, Kaizen, Lean và ISO 9001 cho doanh nghiệp cơ khí, nhựa và dệt may ở miền Bắc.",
		Capacity: 3, Status: directory.StatusActive, CreatedAt: g.now, UpdatedAt: g.now,
		Tools: []directory.Expertise{{Tool: catalog.Tool5S, Level: directory.LevelLeadConsultant}, {Tool: catalog.ToolKaizen, Level: directory.LevelLeadConsultant},
			{Tool: catalog.ToolLean, Level: directory.LevelConsultant}, {Tool: catalog.ToolISO9001, Level: directory.LevelConsultant},
			{Tool: catalog.ToolTPM, Level: directory.LevelPractitioner}},
		Sectors:   []string{string(registry.IndustryMechanical), string(registry.IndustryPlastics), string(registry.IndustryTextiles)},
		Provinces: []string{"01", "24", "33", "37", "25", "19"},
		Credentials: []directory.Credential{
			{Title: "Chuyên gia đánh giá trưởng ISO 9001", Issuer: "Bureau Veritas", IssuedOn: "2016-03-15", ExpiresOn: "2019-03-15"},
			{Title: "Chuyên gia năng suất APO", Issuer: "Tổ chức Năng suất châu Á (APO)", IssuedOn: "2023-06-01", ExpiresOn: g.now.AddDate(2, 0, 0).Format("2006-01-02")},
			{Title: "Lean Six Sigma Black Belt", Issuer: "Viện Năng suất Việt Nam", IssuedOn: "2020-10-20"}},
		Consents: directory.Purposes,
		Public: []directory.PublicField{directory.FieldTitle, directory.FieldOrganisation, directory.FieldProvince, directory.FieldLanguages,
			directory.FieldBio, directory.FieldCredentials, directory.FieldEmail}}
	e.Normalize()
	return e
}

// seedDirectory adds the directory demo data after the registry and the
// accounts: organisations, experts (in bulk), the demo expert's profile and
// a profile for every other demo expert account.
func (a *app) seedDirectory(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	nOrgs, nExperts := directorySizes(scale)
	now := time.Now()
	g := &dirGen{rng: rand.New(rand.NewPCG(seed, 0xD1EC7)), now: now, today: now.In(vn.Zone).Format("2006-01-02")}
	tools, err := a.directory.Tools(ctx)
	if err != nil {
		return err
	}
	for _, t := range tools {
		g.tools = append(g.tools, t.Code)
	}
	for _, p := range a.geo.Provinces {
		g.provs = append(g.provs, p.Code)
	}
	store := a.db.Directory()
	orgs := make([]*directory.Organisation, 0, nOrgs)
	for i := range nOrgs {
		orgs = append(orgs, g.organisation(i))
	}
	orgs[0].Kind, orgs[0].Name, orgs[0].ShortName = directory.OrgResearch, "Viện Năng suất Việt Nam", "VNPI"
	orgs[0].ProvinceCode, orgs[0].VILAS, orgs[0].ValidFrom, orgs[0].ValidTo = "01", "", "", ""
	if err := store.CreateOrganisations(ctx, orgs); err != nil {
		return fmt.Errorf("demo: organisations: %w", err)
	}

	demoUser, err := a.db.Auth().FindUserByEmail(ctx, "chuyengia@nscl.demo")
	if err != nil {
		return fmt.Errorf("demo: the demo expert: %w", err)
	}
	experts := []*directory.Expert{g.demoExpertProfile(demoUser, orgs[0])}
	// Every other demo expert account keeps a profile.
	users, _, err := a.db.Auth().FindUsers(ctx, auth.UserFilter{Role: auth.RoleExpert, Limit: 100_000})
	if err != nil {
		return err
	}
	n := 0
	for _, u := range users {
		if u.ID == demoUser.ID {
			continue
		}
		e := g.expert(n, orgs)
		n++
		e.UserID, e.Name, e.Email = u.ID, u.Name, u.Email
		e.Normalize()
		experts = append(experts, e)
	}
	for len(experts) < nExperts {
		experts = append(experts, g.expert(n, orgs))
		n++
	}
	const chunk = 10_000
	for start := 0; start < len(experts); start += chunk {
		if err := store.CreateExperts(ctx, experts[start:min(start+chunk, len(experts))]); err != nil {
			return fmt.Errorf("demo: experts: %w", err)
		}
	}
	// The consent history of what the demo experts consented to.
	var evs []directory.ConsentEvent
	for _, e := range experts {
		for _, p := range e.Consents {
			evs = append(evs, directory.ConsentEvent{ExpertID: e.ID, Purpose: p, Given: true, FormVersion: directory.ConsentFormVersion,
				At: now, ActorID: e.UserID})
		}
		if len(evs) >= 5000 {
			if err := store.AddConsentEventsBulk(ctx, evs); err != nil {
				return err
			}
			evs = evs[:0]
		}
	}
	if err := store.AddConsentEventsBulk(ctx, evs); err != nil {
		return err
	}
	return store.Analyze(ctx) // fresh statistics for the search plans
}
