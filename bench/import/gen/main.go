// Command gen writes the rows of the import benchmark (bench/import/run.sh):
// n clean enterprises as an officer's import file (input.csv: Vietnamese
// headers, province names, dd/mm/yyyy dates), and the same rows as the
// registry stores them, for the database tools' bulk loaders:
// enterprises.csv in the column order given by -columns (the table's own
// order, from PRAGMA table_info) and figures.csv.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/vn"
)

func main() {
	n := flag.Int("n", 1_000_000, "rows")
	dir := flag.String("dir", ".", "output folder")
	columns := flag.String("columns", "", "comma-separated columns of the enterprises table, in table order")
	year := flag.Int("year", 2024, "year of the figures")
	flag.Parse()
	if *columns == "" {
		log.Fatal("gen: -columns is required")
	}
	g := geo.MustLoad()
	var provinces []string
	for i := 1; i <= 99; i++ {
		code := fmt.Sprintf("%02d", i)
		if _, ok := g.Province(code); ok {
			provinces = append(provinces, code)
		}
	}
	var vsics []string
	for _, c := range []string{"1071", "1079", "1311", "1410", "1520", "2011", "2220", "2392", "2410", "2511", "2592", "2610",
		"2640", "2710", "2813", "2930", "3100", "3510", "4101", "4631", "4933", "5510", "6201", "7110"} {
		if _, p := registry.ParseVSIC(registry.VSIC2025, c); p == nil {
			vsics = append(vsics, c)
		}
	}
	words := []string{"An Phát", "Hoà Bình", "Thành Công", "Việt Tiến", "Đại Dương", "Sông Hồng", "Phú Thịnh", "Minh Khoa", "Bảo Long", "Hưng Thịnh"}
	kinds := []string{"Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"}
	trades := []string{"Nhựa", "Dệt may", "Cơ khí", "Thép", "Điện tử", "Hoá chất", "Da giày", "Thực phẩm", "Xây dựng", "Thương mại"}

	open := func(name string) (*os.File, *csv.Writer, *bufio.Writer) {
		f, err := os.Create(filepath.Join(*dir, name))
		if err != nil {
			log.Fatal(err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		return f, csv.NewWriter(bw), bw
	}
	inF, in, inB := open("input.csv")
	entF, ent, entB := open("enterprises.csv")
	figF, fig, figB := open("figures.csv")
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(in.Write([]string{"STT", "Mã số thuế", "Tên doanh nghiệp", "Tỉnh/Thành phố", "Địa chỉ", "Mã ngành VSIC", "Loại hình sở hữu",
		"Ngày thành lập", "Email", "Điện thoại", "Năm", "Số lao động", "Doanh thu", "Tổng nguồn vốn"}))
	cols := strings.Split(*columns, ",")
	// search_terms (PostgreSQL) as the store writes it, so that the
	// reference loader fills the same search index.
	withTerms := slices.Contains(cols, "search_terms")
	must(ent.Write(cols))
	must(fig.Write([]string{"enterprise_id", "year", "employees", "revenue", "capital", "value_added", "energy_kwh", "exports"}))
	const created = "2026-01-01 00:00:00+00:00"
	seq := 0
	row := make([]string, len(cols))
	for id := 1; id <= *n; {
		seq++
		first9 := fmt.Sprintf("%02d%07d", 1+seq/9_999_999, seq%9_999_999+1)
		d, ok := registry.TaxCheckDigit(first9)
		if !ok {
			continue
		}
		tax := first9 + string(d)
		prov := provinces[id%len(provinces)]
		vsic := vsics[id%len(vsics)]
		name := fmt.Sprintf("%s %s %s %d", kinds[id%len(kinds)], trades[(id/7)%len(trades)], words[(id/3)%len(words)], id)
		addr := fmt.Sprintf("Số %d đường Lê Lợi, phường Bến Thành", id%500+1)
		day, month, yr := id%28+1, id%12+1, 1995+id%30
		founded := fmt.Sprintf("%04d-%02d-%02d", yr, month, day)
		email := fmt.Sprintf("lienhe%d@congty%d.vn", id, id)
		phone := fmt.Sprintf("09%08d", id%100_000_000)
		emp := int64(5 + id%400)
		rev := int64(1+id%250) * 1_000_000_000
		capital := int64(1+id%90) * 1_000_000_000
		must(in.Write([]string{strconv.Itoa(id), tax, name, g.Name(prov), addr, vsic, "Ngoài nhà nước",
			fmt.Sprintf("%02d/%02d/%04d", day, month, yr), email, phone, strconv.Itoa(*year),
			strconv.FormatInt(emp, 10), strconv.FormatInt(rev, 10), strconv.FormatInt(capital, 10)}))

		section := registry.VSICSection(registry.VSIC2025, vsic)
		latest, size, employees := registry.LatestOf(registry.SectorGroupOf(section),
			[]registry.Figures{{Year: *year, Employees: &emp, Revenue: &rev, Capital: &capital}})
		vals := map[string]string{
			"id": strconv.Itoa(id), "tax_code": tax, "name": name, "name_folded": vn.Fold(name), "province_code": prov,
			"created_at": created, "updated_at": created, "address": addr, "vsic": vsic, "vsic_edition": "2025",
			"section": section, "industry": string(registry.PriorityIndustry(vsic)), "ownership": "private", "founded_on": founded,
			"email": email, "phone": phone, "status": "active", "latest_year": strconv.Itoa(latest), "size_class": string(size),
			"employees": strconv.FormatInt(employees, 10),
		}
		if withTerms {
			e := &registry.Enterprise{Name: name, ProvinceCode: prov, VSIC: vsic, Ownership: registry.OwnershipPrivate,
				SizeClass: size, Status: registry.StatusActive}
			e.Derive()
			vals["search_terms"] = "{" + strings.Join(sqldb.SearchTerms(e, vals["name_folded"]), ",") + "}"
		}
		for i, c := range cols {
			row[i] = vals[c] // other columns: empty (NULL for psql, '' for sqlite3)
		}
		must(ent.Write(row))
		must(fig.Write([]string{strconv.Itoa(id), strconv.Itoa(*year), strconv.FormatInt(emp, 10), strconv.FormatInt(rev, 10),
			strconv.FormatInt(capital, 10), "", "", ""}))
		id++
	}
	for _, w := range []struct {
		c *csv.Writer
		b *bufio.Writer
		f *os.File
	}{{in, inB, inF}, {ent, entB, entF}, {fig, figB, figF}} {
		w.c.Flush()
		must(w.c.Error())
		must(w.b.Flush())
		must(w.f.Close())
	}
}
