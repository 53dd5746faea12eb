// Package demo fills a database with realistic Vietnamese demo data: one
// sign-in per role (printed by `nscl serve --demo`) and, at national scale,
// a registry of 1,000,000 enterprises with proportionate accounts. The
// generator is deterministic: the same seed gives the same data. Each
// feature extends it with its own data.
package demo

import (
	"context"
	"encoding/base32"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
)

// Password is the password of every demo account.
const Password = "Demo@2026nscl"

// Scale is how much data to make.
type Scale string

// The scales.
const (
	Small    Scale = "small"    // a province-sized sample, for trying the platform
	National Scale = "national" // 1,000,000 enterprises, for load and speed tests
)

// Sizes returns how many enterprises and bulk accounts a scale makes.
func (s Scale) Sizes() (enterprises, enterpriseUsers, experts, assessors, judges, ministry, perProvince int, err error) {
	switch s {
	case Small:
		return 2_000, 40, 25, 8, 6, 3, 1, nil
	case National:
		return 1_000_000, 10_000, 3_000, 500, 200, 30, 3, nil
	}
	return 0, 0, 0, 0, 0, 0, 0, fault.New(fault.Invalid, "Quy mô phải là small hoặc national.", "Scale must be small or national.")
}

// EnterpriseWriter is what the generator needs of the registry store.
// The enterprises go in as a bulk load: BeginBulkLoad, then batches of
// CreateEnterprisesBulk and CreateFigures, then FinishBulkLoad, which builds
// the indexes and the search index once.
type EnterpriseWriter interface {
	BeginBulkLoad(ctx context.Context) error
	CreateEnterprisesBulk(ctx context.Context, es []*registry.Enterprise) error
	CreateFigures(ctx context.Context, figs map[registry.EnterpriseID][]registry.Figures) error
	FinishBulkLoad(ctx context.Context) error
	CountEnterprises(ctx context.Context) (int, error)
}

// FigureWriter writes the enterprises' figures on a connection of its own,
// while the enterprises are written (see sqldb.FigureLoader): Finish puts
// them in the registry.
type FigureWriter interface {
	CreateFigures(ctx context.Context, figs map[registry.EnterpriseID][]registry.Figures) error
	Finish(ctx context.Context) error
}

// Options configures a run.
type Options struct {
	Scale       Scale
	Seed        uint64
	Auth        *auth.Service
	Enterprises EnterpriseWriter
	// Figures, if set, writes the figures beside the enterprises instead
	// of Enterprises.CreateFigures after each batch.
	Figures FigureWriter
	Geo     *geo.Table
	Clock   func() time.Time
	// Progress, if set, is called as enterprises are written.
	Progress func(done, total int)
}

// Login is one demo sign-in, printed at start.
type Login struct {
	Role          auth.Role
	Email         string
	Name          string
	Scope         string   // province or enterprise name, if any
	TOTPSecret    string   // for roles that require two-factor sign-in
	RecoveryCodes []string // a few of the account's recovery codes
}

// Summary is what a run made.
type Summary struct {
	Enterprises int
	Users       int
	Logins      []Login
	Took        time.Duration
	// Phases is how long each part took, in order, for `nscl demo --timings`.
	Phases []Phase
}

// Phase is one timed part of a run.
type Phase struct {
	Name string
	Took time.Duration
}

// batch is how many enterprises are generated and written at a time. Each
// batch also upserts the facet counts of its distinct keys (thousands of
// them), so that fewer, larger batches write fewer.
const batch = 25_000

// Run generates the data. It refuses to run on a database that already has
// users, so that it never mixes with real data (fault.Conflict).
func Run(ctx context.Context, o Options) (*Summary, error) {
	start := time.Now()
	ctx = auth.SystemContext(ctx)
	nEnt, nEntUsers, nExperts, nAssessors, nJudges, nMinistry, perProv, err := o.Scale.Sizes()
	if err != nil {
		return nil, err
	}
	if n, err := o.Auth.CountUsers(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, fault.New(fault.Conflict, "Cơ sở dữ liệu đã có người dùng; dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống.",
			"The database already has users; demo data is only made in an empty database.")
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x4e53434c))
	g := &gen{rng: rng, geo: o.Geo, now: o.Clock().UTC()}
	sum := &Summary{}

	// Enterprises, in batches so memory stays flat at national scale. The
	// next batch is generated while the current one is written.
	type genBatch struct {
		es   []*registry.Enterprise
		figs [][]registry.Figures
	}
	if err := o.Enterprises.BeginBulkLoad(ctx); err != nil {
		return nil, fmt.Errorf("demo: enterprises: %w", err)
	}
	batches := make(chan genBatch, 1)
	stop := make(chan struct{})
	defer close(stop) // ends the generator if writing fails
	go func() {
		defer close(batches)
		for done := 0; done < nEnt; {
			n := min(batch, nEnt-done)
			b := genBatch{es: make([]*registry.Enterprise, n), figs: make([][]registry.Figures, n)}
			for i := range b.es {
				b.es[i], b.figs[i] = g.enterprise(done + i)
			}
			select {
			case batches <- b:
			case <-stop:
				return
			}
			done += n
		}
	}()
	// The figures of a batch need its ids: with a FigureWriter they are
	// written while the next batch's enterprises are.
	figures := o.Enterprises.CreateFigures
	var figs chan map[registry.EnterpriseID][]registry.Figures
	var figsDone chan error
	if o.Figures != nil {
		figs, figsDone = make(chan map[registry.EnterpriseID][]registry.Figures, 1), make(chan error, 1)
		go func() {
			var err error
			for m := range figs {
				if err == nil {
					err = o.Figures.CreateFigures(ctx, m)
				}
			}
			figsDone <- err
		}()
		defer func() {
			if figs != nil {
				close(figs)
				<-figsDone
			}
		}()
		figures = func(_ context.Context, m map[registry.EnterpriseID][]registry.Figures) error {
			figs <- m // an error shows at the end; the writer skips the rest
			return nil
		}
	}
	var firstEnts []*registry.Enterprise
	done := 0
	for b := range batches {
		es := b.es
		if err := o.Enterprises.CreateEnterprisesBulk(ctx, es); err != nil {
			return nil, fmt.Errorf("demo: enterprises: %w", err)
		}
		byID := make(map[registry.EnterpriseID][]registry.Figures, len(es))
		for i, e := range es {
			byID[e.ID] = b.figs[i]
		}
		if err := figures(ctx, byID); err != nil {
			return nil, fmt.Errorf("demo: figures: %w", err)
		}
		if n := nEntUsers + 1 - len(firstEnts); n > 0 { // whatever the batch size
			firstEnts = append(firstEnts, es[:min(len(es), n)]...)
		}
		done += len(es)
		if o.Progress != nil {
			o.Progress(done, nEnt)
		}
	}
	sum.Phases = append(sum.Phases, Phase{Name: "enterprises", Took: time.Since(start)})
	t := time.Now()
	if figs != nil {
		close(figs)
		err := <-figsDone
		figs = nil
		if err == nil {
			err = o.Figures.Finish(ctx)
		}
		if err != nil {
			return nil, fmt.Errorf("demo: figures: %w", err)
		}
		sum.Phases = append(sum.Phases, Phase{Name: "figures", Took: time.Since(t)})
		t = time.Now()
	}
	if err := o.Enterprises.FinishBulkLoad(ctx); err != nil {
		return nil, fmt.Errorf("demo: index enterprises: %w", err)
	}
	sum.Phases = append(sum.Phases, Phase{Name: "enterprise indexes", Took: time.Since(t)})
	t = time.Now()
	sum.Enterprises = nEnt

	// The printed sign-ins, with real password hashes.
	hn, _ := o.Geo.Province("01")
	hcm, _ := o.Geo.Province("79")
	claimTax := claimable(firstEnts).TaxCode
	named := []struct {
		in    auth.UserInput
		scope string
	}{
		{auth.UserInput{Email: "quantri@nscl.demo", Name: "Lê Minh Quân", Role: auth.RoleAdmin}, ""},
		{auth.UserInput{Email: "canbo.bo@nscl.demo", Name: "Phạm Thu Hà", Role: auth.RoleMinistry}, "Bộ Công Thương"},
		{auth.UserInput{Email: "so.hanoi@nscl.demo", Name: "Nguyễn Đức Thắng", Role: auth.RoleProvince, ProvinceCode: "01"}, hn.Name},
		{auth.UserInput{Email: "so.hcm@nscl.demo", Name: "Trần Thị Mai Anh", Role: auth.RoleProvince, ProvinceCode: "79"}, hcm.Name},
		{auth.UserInput{Email: "doanhnghiep@nscl.demo", Name: "Vũ Quốc Huy", Role: auth.RoleEnterprise, EnterpriseID: int64(firstEnts[0].ID)}, firstEnts[0].Name},
		{auth.UserInput{Email: "chuyengia@nscl.demo", Name: "TS. Đặng Văn Long", Role: auth.RoleExpert}, ""},
		{auth.UserInput{Email: "danhgiavien@nscl.demo", Name: "Hoàng Thị Lan", Role: auth.RoleAssessor}, ""},
		{auth.UserInput{Email: "giamkhao@nscl.demo", Name: "PGS.TS. Bùi Thanh Sơn", Role: auth.RoleJudge}, ""},
		// An enterprise representative whose account has no firm yet: they
		// claim one (a Hà Nội firm, so that so.hanoi approves).
		{auth.UserInput{Email: "doanhnghiep.moi@nscl.demo", Name: "Đỗ Thị Hồng Nhung", Role: auth.RoleEnterprise},
			"chưa gắn doanh nghiệp, thử nhận MST " + claimTax + " / no enterprise yet, claim tax code " + claimTax},
	}
	for _, n := range named {
		n.in.Password = Password
		u, err := o.Auth.CreateUser(ctx, n.in)
		if err != nil {
			return nil, fmt.Errorf("demo: user %s: %w", n.in.Email, err)
		}
		l := Login{Role: u.Role, Email: u.Email, Name: u.Name, Scope: n.scope}
		if u.Role.RequiresTOTP() {
			l.TOTPSecret = g.secret()
			codes := make([]string, 10)
			for i := range codes {
				codes[i] = g.recoveryCode()
			}
			if err := o.Auth.SeedTOTP(ctx, u.ID, l.TOTPSecret, codes); err != nil {
				return nil, err
			}
			l.RecoveryCodes = codes[:3]
		}
		sum.Logins = append(sum.Logins, l)
		sum.Users++
	}

	// Bulk accounts share one password hash (hashing each would take minutes).
	hash, err := auth.HashPassword(Password, auth.DefaultArgon2)
	if err != nil {
		return nil, err
	}
	var bulk []*auth.User
	add := func(u *auth.User) {
		u.PasswordHash = hash
		bulk = append(bulk, u)
	}
	for i := 0; i < nMinistry; i++ {
		add(&auth.User{Email: fmt.Sprintf("bo%03d@nscl.demo", i+1), Name: g.person(), Role: auth.RoleMinistry})
	}
	for _, p := range o.Geo.Provinces {
		for i := 0; i < perProv; i++ {
			add(&auth.User{Email: fmt.Sprintf("so%s.%02d@nscl.demo", p.Code, i+1), Name: g.person(), Role: auth.RoleProvince, ProvinceCode: p.Code})
		}
	}
	for i := 0; i < nEntUsers && i+1 < len(firstEnts); i++ {
		e := firstEnts[i+1]
		add(&auth.User{Email: fmt.Sprintf("dn%s@nscl.demo", e.TaxCode), Name: g.person(), Role: auth.RoleEnterprise, EnterpriseID: int64(e.ID)})
	}
	for i := 0; i < nExperts; i++ {
		add(&auth.User{Email: fmt.Sprintf("chuyengia%04d@nscl.demo", i+1), Name: g.person(), Role: auth.RoleExpert})
	}
	for i := 0; i < nAssessors; i++ {
		add(&auth.User{Email: fmt.Sprintf("danhgia%04d@nscl.demo", i+1), Name: g.person(), Role: auth.RoleAssessor})
	}
	for i := 0; i < nJudges; i++ {
		add(&auth.User{Email: fmt.Sprintf("giamkhao%04d@nscl.demo", i+1), Name: g.person(), Role: auth.RoleJudge})
	}
	for len(bulk) > 0 {
		n := min(len(bulk), 5_000)
		if err := o.Auth.ImportUsers(ctx, bulk[:n]); err != nil {
			return nil, err
		}
		sum.Users += n
		bulk = bulk[n:]
	}
	sum.Phases = append(sum.Phases, Phase{Name: "accounts", Took: time.Since(t)})
	sum.Took = time.Since(start)
	return sum, nil
}

type gen struct {
	rng *rand.Rand
	geo *geo.Table
	now time.Time
	seq int
}

var (
	legalForms = []string{"Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã"}
	trades     = []string{"Dệt may", "Da giày", "Nhựa", "Thép", "Hóa chất", "Cơ khí", "Năng lượng", "Điện tử",
		"Thực phẩm", "Bao bì", "Chế biến gỗ", "Vật liệu xây dựng", "Cơ khí chính xác", "May mặc", "Linh kiện điện tử", "Cao su"}
	brands = []string{"An Phát", "Minh Long", "Thành Công", "Phú Thịnh", "Đại Việt", "Sao Mai", "Hưng Thịnh", "Tân Tiến",
		"Việt Thắng", "Bình Minh", "Phương Nam", "Kim Long", "Hoàng Gia", "Trường Sơn", "Hồng Hà", "Nam Việt", "Hòa Bình",
		"Thiên Phúc", "Đông Á", "Quang Trung", "Lạc Hồng", "Sông Công", "Hải Đăng", "Tiến Phát", "Ánh Dương", "Thăng Long",
		"Vạn Xuân", "Cửu Long", "Tây Đô", "Bắc Hà", "Nhật Tân", "Toàn Thắng", "Đức Phú", "Gia Bảo", "Hưng Yên Xanh", "Phúc An"}
	families = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middles  = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Ngọc", "Hữu", "Thị Thu", "Xuân", "Hoài"}
	givens   = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long",
		"Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến"}
	// provinceWeight skews enterprises towards the large economic centres.
	bigProvinces = []string{"01", "79", "01", "79", "79", "31", "48", "75", "92", "22"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// claimable returns the firm the demo's unlinked representative is told to
// claim: the first Hà Nội firm after the demo representative's own, else
// the second firm.
func claimable(es []*registry.Enterprise) *registry.Enterprise {
	for _, e := range es[1:] {
		if e.ProvinceCode == "01" {
			return e
		}
	}
	return es[min(1, len(es)-1)]
}

// tradeVSIC is the VSIC 2025 code (class level) of each trade in names.
var tradeVSIC = map[string][]string{
	"Dệt may": {"1311", "1312", "1410"}, "Da giày": {"1520", "1512"}, "Nhựa": {"2220"}, "Thép": {"2410", "2431"},
	"Hóa chất": {"2011", "2012", "2022"}, "Cơ khí": {"2592", "2511", "2821"}, "Năng lượng": {"3511", "35122", "35123"},
	"Điện tử": {"2610", "2620", "2732"}, "Thực phẩm": {"1079", "1010", "1050"}, "Bao bì": {"1702", "2220"},
	"Chế biến gỗ": {"1610", "1629", "3100"}, "Vật liệu xây dựng": {"2395", "2392", "4290"},
	"Cơ khí chính xác": {"2592", "2815", "2829"}, "May mặc": {"1410", "1430"}, "Linh kiện điện tử": {"2610", "2680"},
	"Cao su": {"2211", "2219"},
}

var (
	ownerships = []registry.Ownership{registry.OwnershipPrivate, registry.OwnershipPrivate, registry.OwnershipPrivate,
		registry.OwnershipPrivate, registry.OwnershipPrivate, registry.OwnershipPrivate, registry.OwnershipForeign,
		registry.OwnershipForeign, registry.OwnershipState, registry.OwnershipCooperative}
	tools   = []string{"5S", "Kaizen", "Lean", "TPM", "ISO 9001", "ISO 14001", "ISO 50001", "Six Sigma", "7 QC tools", "QCC"}
	streets = []string{"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung", "Hùng Vương", "Điện Biên Phủ"}
)

// figures makes 3–5 years of figures ending last year for a firm of a size
// band, with productivity drifting a few percent a year.
func (g *gen) figures() []registry.Figures {
	var emp float64
	switch r := g.rng.IntN(100); {
	case r < 55:
		emp = float64(2 + g.rng.IntN(9))
	case r < 88:
		emp = float64(11 + g.rng.IntN(90))
	case r < 96:
		emp = float64(101 + g.rng.IntN(100))
	default:
		emp = float64(201 + g.rng.IntN(2000))
	}
	revPer := 3e8 + g.rng.Float64()*2.2e9 // đồng per employee
	years := 3 + g.rng.IntN(3)
	last := g.now.Year() - 1
	figs := make([]registry.Figures, years)
	for k := range figs {
		y := last - (years - 1 - k)
		e := int64(emp)
		rev := int64(emp*revPer) / 1e6 * 1e6
		capital := int64(float64(rev)*(0.3+g.rng.Float64()*0.9)) / 1e6 * 1e6
		va := int64(float64(rev)*(0.18+g.rng.Float64()*0.17)) / 1e6 * 1e6
		kwh := int64(emp * (2000 + g.rng.Float64()*20000))
		exp := int64(0)
		if g.rng.IntN(3) == 0 {
			exp = int64(float64(rev)*g.rng.Float64()*0.6) / 1e6 * 1e6
		}
		figs[k] = registry.Figures{Year: y, Employees: &e, Revenue: &rev, Capital: &capital, ValueAdded: &va, EnergyKWh: &kwh, Exports: &exp}
		emp *= 0.95 + g.rng.Float64()*0.15
		revPer *= 0.97 + g.rng.Float64()*0.12
	}
	return figs
}

func (g *gen) enterprise(i int) (*registry.Enterprise, []registry.Figures) {
	var prov string
	if g.rng.IntN(100) < 45 {
		prov = pick(g.rng, bigProvinces)
		if _, ok := g.geo.Province(prov); !ok {
			prov = pick(g.rng, g.geo.Provinces).Code
		}
	} else {
		prov = pick(g.rng, g.geo.Provinces).Code
	}
	form, trade := pick(g.rng, legalForms), pick(g.rng, trades)
	name := form + " " + trade + " " + pick(g.rng, brands)
	if g.rng.IntN(3) == 0 {
		name += " " + g.geo.Name(prov)
	}
	e := &registry.Enterprise{TaxCode: g.taxCode(), Name: name, ProvinceCode: prov, CreatedAt: g.now, UpdatedAt: g.now,
		VSIC: pick(g.rng, tradeVSIC[trade]), VSICEdition: registry.VSIC2025, Ownership: pick(g.rng, ownerships),
		Status: registry.StatusActive}
	if form == "Hợp tác xã" {
		e.Ownership = registry.OwnershipCooperative
	}
	founded := g.now.AddDate(-1-g.rng.IntN(30), -g.rng.IntN(12), -g.rng.IntN(28))
	e.FoundedOn = founded.Format("2006-01-02")
	e.Address = fmt.Sprintf("Số %d đường %s", 1+g.rng.IntN(300), pick(g.rng, streets))
	e.Contact = registry.Contact{Email: fmt.Sprintf("lienhe@dn%s.vn", e.TaxCode), Phone: fmt.Sprintf("0%d%08d", 2+g.rng.IntN(8), g.rng.IntN(1e8))}
	if g.rng.IntN(2) == 0 {
		e.Public = []registry.PublicField{registry.PublicAddress, registry.PublicWebsite}
		e.Contact.Website = fmt.Sprintf("https://dn%s.vn", e.TaxCode)
	}
	if g.rng.IntN(5) == 0 {
		e.Status = registry.StatusDissolved
	}
	e.Derive()
	figs := g.figures()
	e.LatestYear, e.SizeClass, e.Employees = registry.LatestOf(e.SectorGroup(), figs)
	return e, figs
}

// taxCode returns the next valid 10-digit tax code: a tax-office prefix and
// a sequence, skipping sequences with no valid check digit.
func (g *gen) taxCode() string {
	for {
		g.seq++
		first9 := fmt.Sprintf("%02d%07d", 1+g.seq%99, g.seq/99+1)
		if d, ok := registry.TaxCheckDigit(first9); ok {
			return first9 + string(d)
		}
	}
}

func (g *gen) person() string {
	return pick(g.rng, families) + " " + pick(g.rng, middles) + " " + pick(g.rng, givens)
}

func (g *gen) secret() string {
	b := make([]byte, 20)
	for i := range b {
		b[i] = byte(g.rng.Uint32())
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func (g *gen) recoveryCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b strings.Builder
	for i := 0; i < 12; i++ {
		if i == 4 || i == 8 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[g.rng.IntN(len(alphabet))])
	}
	return b.String()
}
