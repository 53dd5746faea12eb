// Command nscl is the NSCL platform: the web pages, the JSON API and the
// background jobs in one binary, on an embedded SQLite file or PostgreSQL.
//
//	nscl serve [--demo] [--db URL] [--addr HOST:PORT]   run the platform
//	nscl migrate [--db URL]                             apply database migrations
//	nscl user add --role R --email E [--name N] …       create an account
//	nscl backup [--db URL] FILE                         copy the SQLite database
//	nscl demo [--scale small|national] [--seed N]       fill an empty database with demo data
//	nscl spc analyze --chart C [options] FILE           SPC analysis of a CSV or JSON file
//	nscl import enterprises FILE [options]              import enterprises from CSV or XLSX
//	nscl export enterprises --format F [filters]        export enterprises to CSV, XLSX or JSON
//	nscl version                                        print the version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `nscl — Nền tảng Năng suất – Chất lượng (Bộ Công Thương)

Cách dùng / Usage:
  nscl serve [--demo] [--db URL] [--addr HOST:PORT]   chạy nền tảng / run the platform
  nscl migrate [--db URL]                             áp dụng migration / apply migrations
  nscl user add --role ROLE --email EMAIL [...]       tạo tài khoản / create an account
  nscl backup [--db URL] FILE                         sao lưu SQLite / back up SQLite
  nscl demo [--scale small|national] [--seed N]       tạo dữ liệu mẫu / make demo data
  nscl spc analyze --chart CHART [...] FILE           phân tích SPC / SPC analysis
  nscl import enterprises FILE [--sheet S] [--dry-run] [--report OUT.xlsx|OUT.json] [--year N]
                                                      nhập doanh nghiệp từ CSV/XLSX / import enterprises
  nscl export enterprises --format csv|xlsx|json [--out FILE] [--province P --industry I --size S --ownership O --q TEXT]
                                                      xuất doanh nghiệp / export enterprises
  nscl version                                        phiên bản / version

--db: sqlite:PATH (mặc định sqlite:./nscl-data/nscl.db) hoặc postgres://…; biến môi trường NSCL_DB.
Chạy "nscl LỆNH -h" để xem các tùy chọn / run "nscl COMMAND -h" for options.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cfg := DefaultConfig()
	if err := envConfig(&cfg, getenv); err != nil {
		fmt.Fprintln(stderr, "nscl: cấu hình / config:", err)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, cfg, args[1:], stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, cfg, args[1:], stdout)
	case "user":
		err = cmdUser(ctx, cfg, args[1:], stdout)
	case "backup":
		err = cmdBackup(ctx, cfg, args[1:], stdout)
	case "demo":
		err = cmdDemo(ctx, cfg, args[1:], stdout)
	case "spc":
		err = cmdSPC(ctx, args[1:], stdout, stderr)
	case "import":
		err = cmdImport(ctx, cfg, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, cfg, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "nscl", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "nscl: lệnh không rõ / unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		if err == errUsage {
			return 2
		}
		fmt.Fprintln(stderr, "nscl:", err)
		return 1
	}
	return 0
}
