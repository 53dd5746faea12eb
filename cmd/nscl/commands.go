package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/quality"
)

func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

func cmdMigrate(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newFlagSet("migrate", stdout)
	addDBFlag(fs, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, quietLogger(), true)
	if err != nil {
		return err
	}
	defer a.Close()
	cur, _, err := a.db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Cơ sở dữ liệu đã cập nhật (phiên bản %d) / database is up to date (version %d)\n", cur, cur)
	return nil
}

func cmdBackup(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newFlagSet("backup", stdout)
	addDBFlag(fs, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.HasPrefix(cfg.DB, "postgres") {
		fmt.Fprintf(stdout, "PostgreSQL: dùng pg_dump / use pg_dump:\n  pg_dump --format=custom --file=nscl-$(date +%%Y%%m%%d).dump '%s'\n"+
			"Khôi phục / restore:\n  pg_restore --clean --if-exists --dbname='%s' nscl-YYYYMMDD.dump\n", cfg.DB, cfg.DB)
		return nil
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("cần đúng một tệp đích / need exactly one target FILE: nscl backup [--db sqlite:PATH] FILE")
	}
	a, err := openApp(ctx, cfg, quietLogger(), false)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã sao lưu vào / backed up to %s\n", fs.Arg(0))
	return nil
}

func cmdUser(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("dùng / use: nscl user add --role ROLE --email EMAIL [--name NAME] [--password-file F] [--province CODE] [--enterprise TAXCODE]")
	}
	fs := newFlagSet("user add", stdout)
	addDBFlag(fs, &cfg)
	var in auth.UserInput
	var role, pwFile, taxCode string
	fs.StringVar(&role, "role", "", "admin, ministry, province, enterprise, expert, assessor or judge")
	fs.StringVar(&in.Email, "email", "", "email address (the sign-in name)")
	fs.StringVar(&in.Name, "name", "", "full name (default: the part of the email before @)")
	fs.StringVar(&pwFile, "password-file", "", "read the password from this file (default: generate one and print it)")
	fs.StringVar(&in.ProvinceCode, "province", "", "province code for a provincial officer, e.g. 01")
	fs.StringVar(&taxCode, "enterprise", "", "tax code of the enterprise of an enterprise user")
	fs.StringVar(&in.Lang, "lang", "vi", "language: vi or en")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	in.Role = auth.Role(role)
	if in.Name == "" {
		in.Name, _, _ = strings.Cut(in.Email, "@")
	}
	generated := false
	if pwFile != "" {
		b, err := os.ReadFile(pwFile)
		if err != nil {
			return err
		}
		in.Password = strings.TrimRight(string(b), "\r\n")
	} else {
		b := make([]byte, 15)
		_, _ = rand.Read(b)
		in.Password = "N" + base64.RawURLEncoding.EncodeToString(b) + "1"
		generated = true
	}
	a, err := openApp(ctx, cfg, quietLogger(), true)
	if err != nil {
		return err
	}
	defer a.Close()
	sys := auth.SystemContext(ctx)
	if taxCode != "" {
		e, err := a.db.Registry().FindEnterpriseByTaxCode(ctx, taxCode)
		if err != nil {
			return fmt.Errorf("doanh nghiệp có MST %s / enterprise with tax code %s: %w", taxCode, taxCode, err)
		}
		in.EnterpriseID = int64(e.ID)
	}
	u, err := a.auth.CreateUser(sys, in)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "Đã tạo tài khoản / created user #%d %s (%s)\n", u.ID, u.Email, u.Role.Label().Vi)
	if generated {
		fmt.Fprintf(stdout, "Mật khẩu / password: %s\n(đổi sau lần đăng nhập đầu / change it after the first sign-in)\n", in.Password)
	}
	if u.Role.RequiresTOTP() {
		fmt.Fprintln(stdout, "Vai trò này bắt buộc xác thực hai bước: lần đăng nhập đầu sẽ yêu cầu đăng ký. / This role requires two-factor sign-in: the first sign-in asks to enrol.")
	}
	return nil
}

// describe turns a fault with field messages into one readable error.
func describe(err error) error {
	fields := fault.FieldsOf(err)
	if len(fields) == 0 {
		m := fault.MessageOf(err)
		if fault.KindOf(err) == fault.Internal {
			return err
		}
		return fmt.Errorf("%s / %s", m.Vi, m.En)
	}
	var b strings.Builder
	for name, t := range fields {
		fmt.Fprintf(&b, "\n  %s: %s / %s", name, t.Vi, t.En)
	}
	return fmt.Errorf("dữ liệu không hợp lệ / invalid input:%s", b.String())
}

func cmdDemo(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newFlagSet("demo", stdout)
	addDBFlag(fs, &cfg)
	scale := fs.String("scale", "small", "small or national (1,000,000 enterprises)")
	seed := fs.Uint64("seed", 2026, "random seed; the same seed gives the same data")
	timings := fs.Bool("timings", false, "print how long each part took")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, quietLogger(), true)
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.runDemo(ctx, demo.Scale(*scale), *seed, func(done, total int) {
		if done%100_000 == 0 || done == total {
			fmt.Fprintf(stdout, "  doanh nghiệp / enterprises: %d/%d\n", done, total)
		}
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "Đã tạo %d doanh nghiệp và %d tài khoản trong %s / made %d enterprises and %d accounts in %s (%.0f enterprises/s)\n",
		sum.Enterprises, sum.Users, sum.Took.Round(1e6), sum.Enterprises, sum.Users, sum.Took.Round(1e6), float64(sum.Enterprises)/sum.Took.Seconds())
	if *timings {
		for _, p := range sum.Phases {
			fmt.Fprintf(stdout, "  %-20s %8s\n", p.Name, p.Took.Round(1e6))
		}
	}
	printLogins(stdout, sum.Logins)
	return nil
}

// runDemo fills an empty database with demo data: the registry and accounts
// (demo.Run), a quality workspace with charts and alerts for the demo
// enterprise user's firm and every area's data (fillDemo). The writer is
// tuned for the bulk load meanwhile (sqldb.DB.TuneForBulkLoad).
func (a *app) runDemo(ctx context.Context, scale demo.Scale, seed uint64, progress func(done, total int)) (*demo.Summary, error) {
	// The load allocates short-lived rows at a high rate over a small live
	// heap; collecting less often makes it about 15% faster.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	start := time.Now()
	finish, err := a.db.TuneForBulkLoad(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := a.fillDemo(ctx, scale, seed, progress)
	if ferr := finish(context.WithoutCancel(ctx)); err == nil {
		err = ferr
	}
	if err != nil {
		return nil, err
	}
	sum.Took = time.Since(start) // all of it, not only the registry and the accounts
	return sum, nil
}

// fillDemo is runDemo's data, area by area, each timed in sum.Phases.
func (a *app) fillDemo(ctx context.Context, scale demo.Scale, seed uint64, progress func(done, total int)) (*demo.Summary, error) {
	figs, err := a.db.Registry().NewFigureLoader(ctx)
	if err != nil {
		return nil, err
	}
	defer figs.Close()
	sum, err := demo.Run(ctx, demo.Options{Scale: scale, Seed: seed, Auth: a.auth, Enterprises: a.db.Registry(), Figures: figs,
		Geo: a.geo, Progress: progress})
	if err != nil {
		return nil, err
	}
	t := time.Now()
	for _, l := range sum.Logins {
		if l.Role != auth.RoleEnterprise {
			continue
		}
		u, err := a.db.Auth().FindUserByEmail(ctx, l.Email)
		if err != nil {
			return nil, fmt.Errorf("demo: quality workspace: %w", err)
		}
		if _, err := quality.SeedDemo(auth.SystemContext(ctx), a.quality, u.EnterpriseID); err != nil {
			return nil, err
		}
		break
	}
	sum.Phases = append(sum.Phases, demo.Phase{Name: "quality", Took: time.Since(t)})
	// The ecosystem, in dependency order (demo_<area>.go).
	for _, f := range []struct {
		name string
		fill func(context.Context, demo.Scale, uint64, *demo.Summary) error
	}{
		{"catalog", a.seedCatalog}, {"directory", a.seedDirectory}, {"diagnosis", a.seedDiagnosis}, {"matching", a.seedMatching},
		{"programme setup", a.seedProgrammeSetup}, {"programme", a.seedProgramme},
		{"schemes", a.seedSchemes}, {"training", a.seedTraining}, {"assessments", a.seedAssessments}, {"findings", a.seedFindings},
		{"certificates", a.seedCertificates}, {"library", a.seedLibrary}, {"news", a.seedNews},
		{"contests", a.seedContests}, {"judging", a.seedJudging}, {"honours", a.seedHonours}} {
		t := time.Now()
		if err := f.fill(auth.SystemContext(ctx), scale, seed, sum); err != nil {
			return nil, err
		}
		sum.Phases = append(sum.Phases, demo.Phase{Name: f.name, Took: time.Since(t)})
	}
	return sum, nil
}

func printLogins(w io.Writer, logins []demo.Login) {
	fmt.Fprintf(w, "\nTài khoản mẫu / demo sign-ins (mật khẩu / password: %s)\n", demo.Password)
	for _, l := range logins {
		fmt.Fprintf(w, "  %-26s %-24s %s", l.Email, l.Role.Label().Vi, l.Name)
		if l.Scope != "" {
			fmt.Fprintf(w, " — %s", l.Scope)
		}
		fmt.Fprintln(w)
		if l.TOTPSecret != "" {
			fmt.Fprintf(w, "      2FA: khóa TOTP / TOTP secret %s; mã dự phòng / recovery codes %s\n", l.TOTPSecret, strings.Join(l.RecoveryCodes, " "))
		}
	}
}
