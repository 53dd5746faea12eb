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
type EnterpriseWriter interface {
	CreateEnterprises(ctx context.Context, es []*registry.Enterprise) error
	CountEnterprises(ctx context.Context) (int, error)
}

// Options configures a run.
type Options struct {
	Scale       Scale
	Seed        uint64
	Auth        *auth.Service
	Enterprises EnterpriseWriter
	Geo         *geo.Table
	Clock       func() time.Time
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
}

const batch = 10_000

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

	// Enterprises, in batches so memory stays flat at national scale.
	var firstEnts []*registry.Enterprise
	for done := 0; done < nEnt; {
		n := min(batch, nEnt-done)
		es := make([]*registry.Enterprise, n)
		for i := range es {
			es[i] = g.enterprise(done + i)
		}
		if err := o.Enterprises.CreateEnterprises(ctx, es); err != nil {
			return nil, fmt.Errorf("demo: enterprises: %w", err)
		}
		if firstEnts == nil {
			firstEnts = es[:min(len(es), nEntUsers+1)]
		}
		done += n
		if o.Progress != nil {
			o.Progress(done, nEnt)
		}
	}
	sum.Enterprises = nEnt

	// The printed sign-ins, with real password hashes.
	hn, _ := o.Geo.Province("01")
	hcm, _ := o.Geo.Province("79")
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

func (g *gen) enterprise(i int) *registry.Enterprise {
	var prov string
	if g.rng.IntN(100) < 45 {
		prov = pick(g.rng, bigProvinces)
		if _, ok := g.geo.Province(prov); !ok {
			prov = pick(g.rng, g.geo.Provinces).Code
		}
	} else {
		prov = pick(g.rng, g.geo.Provinces).Code
	}
	name := pick(g.rng, legalForms) + " " + pick(g.rng, trades) + " " + pick(g.rng, brands)
	if g.rng.IntN(3) == 0 {
		name += " " + g.geo.Name(prov)
	}
	return &registry.Enterprise{TaxCode: g.taxCode(), Name: name, ProvinceCode: prov, CreatedAt: g.now, UpdatedAt: g.now}
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
