package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// parseInterleaved parses flags that may come before or after the
// positional arguments ("import enterprises FILE --dry-run") and returns
// the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// faultErr turns an error for people into "Vietnamese / English".
func faultErr(err error) error {
	var fe *fault.Error
	if errors.As(err, &fe) && fe.Kind != fault.Internal && fe.Message.Vi != "" {
		return errors.New(fe.Message.Vi + " / " + fe.Message.En)
	}
	return err
}

// cliContext acts as the platform itself, recorded as the command line in
// the audit log.
func cliContext(ctx context.Context, what string) context.Context {
	ctx = auth.SystemContext(ctx)
	return audit.WithMeta(ctx, audit.Meta{ActorEmail: "nscl " + what + " (dòng lệnh / command line)"})
}

// cliMaxBytes is the largest file the command line imports.
const cliMaxBytes = 4 << 30

// cmdImport runs "nscl import enterprises FILE [--sheet NAME] [--dry-run]
// [--report OUT.xlsx|OUT.json] [--year N]".
func cmdImport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "enterprises" {
		fmt.Fprintln(stderr, "dùng / use: nscl import enterprises FILE [--sheet NAME] [--dry-run] [--report OUT.xlsx|OUT.json] [--year N]")
		return errUsage
	}
	fs := newFlagSet("import enterprises", stderr)
	addDBFlag(fs, &cfg)
	sheetName := fs.String("sheet", "", "XLSX sheet to read (default: the one whose header matches best)")
	dryRun := fs.Bool("dry-run", false, "check every row and report, write nothing")
	report := fs.String("report", "", "write the report to OUT.xlsx (rejected rows with their values) or OUT.json")
	year := fs.Int("year", 0, "year of the figures for rows without a Năm/Year column (default: a year in the figures header, else last year)")
	province := fs.String("province", "", "province (code or name) of rows without one")
	batch := fs.Int("batch", 0, "rows per transaction (default 2000)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "cần đúng một tệp / need exactly one FILE: nscl import enterprises FILE [...]")
		return errUsage
	}
	if *report != "" {
		if ext := strings.ToLower(filepath.Ext(*report)); ext != ".xlsx" && ext != ".json" {
			fmt.Fprintln(stderr, "--report phải là tệp .xlsx hoặc .json / --report must be an .xlsx or .json file")
			return errUsage
		}
	}
	if *year != 0 && (*year < registry.MinYear || *year > time.Now().Year()) {
		fmt.Fprintf(stderr, "--year phải từ %d đến năm nay / --year must be from %d to this year\n", registry.MinYear, registry.MinYear)
		return errUsage
	}
	path := pos[0]
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("không mở được tệp / cannot open the file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, quietLogger(), true)
	if err != nil {
		return err
	}
	defer a.Close()
	// A bulk import allocates briskly and keeps little: collect less often,
	// within a memory budget well under the 300 MB the import may use.
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(160 << 20))

	last := time.Now()
	opts := enterprisefile.ImportOptions{FileName: filepath.Base(path), Sheet: *sheetName, Year: *year, DryRun: *dryRun, BatchSize: *batch, Province: *province,
		Progress: func(p enterprisefile.Progress) {
			if time.Since(last) < 2*time.Second {
				return
			}
			last = time.Now()
			fmt.Fprintf(stderr, "… đã ghi đến dòng %d: thêm %d, cập nhật %d, từ chối %d / committed through line %d: imported %d, updated %d, rejected %d\n",
				p.Committed, p.Imported, p.Updated, p.Rejected, p.Committed, p.Imported, p.Updated, p.Rejected)
		}}
	// The command line reads files of any size the reader supports (a
	// million-row CSV is about 250 MB); the upload limit is for the web.
	files := enterprisefile.NewService(enterprisefile.Options{Store: a.db.EnterpriseFiles(), Provinces: a.geo, MaxBytes: cliMaxBytes})
	res, err := files.Import(cliContext(ctx, "import"), f, st.Size(), opts)
	if err != nil {
		return faultErr(err)
	}
	if *report != "" {
		if err := writeImportReport(*report, res, filepath.Base(path)); err != nil {
			return err
		}
	}
	sum := res.Summary()
	fmt.Fprintf(stdout, "%s\n%s\n", sum.Vi, sum.En)
	fmt.Fprintf(stdout, "Năm số liệu cho dòng không ghi năm / year of figures for rows without one: %d; dòng bỏ qua (tiêu đề, tổng cộng…) / rows skipped (titles, totals…): %d\n", res.Year, res.Skipped)
	for i, r := range res.Rejected {
		if i == 10 {
			fmt.Fprintf(stdout, "… và %d dòng khác / and %d more (--report OUT.xlsx)\n", len(res.Rejected)-10, len(res.Rejected)-10)
			break
		}
		fmt.Fprintf(stdout, "  dòng / line %d: %s — %s / %s\n", r.Line, r.Reason, r.Message.Vi, r.Message.En)
	}
	if *report != "" {
		fmt.Fprintf(stdout, "Báo cáo / report: %s\n", *report)
	}
	return nil
}

func writeImportReport(path string, res *enterprisefile.Result, file string) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("không tạo được báo cáo / cannot create the report: %w", err)
	}
	if strings.EqualFold(filepath.Ext(path), ".json") {
		err = enterprisefile.WriteReportJSON(out, res)
	} else {
		err = enterprisefile.WriteReportXLSX(out, res, file)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ghi báo cáo / write the report: %w", err)
	}
	return nil
}

// cmdExport runs "nscl export enterprises --format csv|xlsx|json [--out
// FILE] [filters]".
func cmdExport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "enterprises" {
		fmt.Fprintln(stderr, "dùng / use: nscl export enterprises --format csv|xlsx|json [--out FILE] [--province P] [--industry I] [--size S] [--ownership O] [--vsic V] [--q TEXT]")
		return errUsage
	}
	fs := newFlagSet("export enterprises", stderr)
	addDBFlag(fs, &cfg)
	format := fs.String("format", "", "csv, xlsx or json (required)")
	out := fs.String("out", "", "file to write (default: standard output)")
	province := fs.String("province", "", "province: code or name of one of the 34 units (old names work)")
	industry := fs.String("industry", "", "priority industry, or none")
	size := fs.String("size", "", "micro, small, medium, large or unknown")
	ownership := fs.String("ownership", "", "state, private, foreign or cooperative")
	vsic := fs.String("vsic", "", "VSIC code prefix")
	q := fs.String("q", "", "name words or tax code")
	sortBy := fs.String("sort", "", "name, founded, -founded, employees or -employees")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		fmt.Fprintf(stderr, "đối số thừa / unexpected argument %q\n", pos[0])
		return errUsage
	}
	fm, err := enterprisefile.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "--format csv|xlsx|json")
		return errUsage
	}
	a, err := openApp(ctx, cfg, quietLogger(), true)
	if err != nil {
		return err
	}
	defer a.Close()
	f := registry.Filter{Query: *q, VSICPrefix: *vsic, Sort: registry.Sort(*sortBy)}
	if *province != "" {
		code, ok := a.geo.Resolve(*province)
		if !ok {
			return fmt.Errorf("không có tỉnh/thành phố %q / no province %q", *province, *province)
		}
		f.ProvinceCode = code
	}
	switch v := *industry; {
	case v == "none":
		none := registry.IndustryNone
		f.Industry = &none
	case v != "":
		ind := registry.Industry(v)
		if !ind.Valid() {
			return fmt.Errorf("ngành ưu tiên không rõ / unknown priority industry %q", v)
		}
		f.Industry = &ind
	}
	switch v := registry.SizeClass(*size); {
	case v == "unknown":
		u := registry.SizeUnknown
		f.SizeClass = &u
	case v != "":
		known := false
		for _, c := range registry.SizeClasses {
			known = known || c == v
		}
		if !known {
			return fmt.Errorf("quy mô không rõ / unknown size class %q", v)
		}
		f.SizeClass = &v
	}
	if v := registry.Ownership(*ownership); v != "" {
		if !v.Valid() {
			return fmt.Errorf("loại hình sở hữu không rõ / unknown ownership %q", v)
		}
		f.Ownership = &v
	}
	w := stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return fmt.Errorf("không tạo được tệp / cannot create the file: %w", err)
		}
		w = file
	}
	n, err := a.files.Export(cliContext(ctx, "export"), f, fm, w)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return faultErr(err)
	}
	if *out != "" {
		fmt.Fprintf(stderr, "Đã xuất %d doanh nghiệp vào %s / exported %d enterprises to %s\n", n, *out, n, *out)
	}
	return nil
}
