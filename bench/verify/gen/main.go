// Command gen fills a SQLite database for the verification benchmark
// (bench/verify/run.sh): n enterprises, each with a submitted independent
// assessment on a shipped scheme and its certificate, issued through the
// store as recognition writes them and sealed with a new signing key,
// which it writes as signing.key beside the database (where `nscl serve`
// reads it). It writes the certificates' verification codes, one a line,
// to -codes.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/sqldb"
	"nscl/internal/vn"
)

func main() {
	n := flag.Int("n", 50_000, "certificates")
	path := flag.String("db", "", "SQLite file to create")
	codes := flag.String("codes", "codes.txt", "file for the verification codes")
	flag.Parse()
	if *path == "" {
		log.Fatal("gen: -db is required")
	}
	if err := run(*n, *path, *codes); err != nil {
		log.Fatal(err)
	}
}

func run(n int, path, codesPath string) error {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, sqldb.Config{URL: "sqlite:" + path, Migrate: true})
	if err != nil {
		return err
	}
	defer db.Close()
	seed, err := seal.GenerateSeed()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "signing.key"), fmt.Appendf(nil, "%x\n", seed), 0o600); err != nil {
		return err
	}
	signer, err := seal.NewSigner(seed)
	if err != nil {
		return err
	}
	st := db.Assessment()
	if err := assessment.NewService(assessment.Options{Store: st}).EnsureShipped(ctx); err != nil {
		return err
	}
	sc, err := st.FindSchemeByCode(ctx, assessment.Code5S)
	if err != nil {
		return err
	}
	v, err := st.FindVersion(ctx, sc.Published)
	if err != nil {
		return err
	}
	provinces := []string{"01", "79", "31", "48", "92", "22", "75", "24"}
	now := time.Now()
	es := make([]*registry.Enterprise, n)
	for i := range es {
		es[i] = &registry.Enterprise{TaxCode: fmt.Sprintf("%010d", 3_000_000_000+i), Name: fmt.Sprintf("Công ty TNHH Sản xuất Đông Á số %d", i+1),
			ProvinceCode: provinces[i%len(provinces)], CreatedAt: now, UpdatedAt: now}
	}
	reg := db.Registry()
	if err := reg.BeginBulkLoad(ctx); err != nil {
		return err
	}
	for i := 0; i < n; i += 5000 {
		if err := reg.CreateEnterprisesBulk(ctx, es[i:min(i+5000, n)]); err != nil {
			return err
		}
	}
	if err := reg.FinishBulkLoad(ctx); err != nil {
		return err
	}
	f, err := os.Create(codesPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	levels := []assessment.Level{v.Body.Levels[0], v.Body.Levels[1], v.Body.Levels[2]}
	for i := 0; i < n; i += 5000 {
		err := st.Tx(ctx, func(tx assessment.Store) error {
			for j := i; j < min(i+5000, n); j++ {
				e := es[j]
				lv := levels[j%len(levels)]
				issued := time.Date(2024+j%3, time.Month(1+j%12), 1+j%28, 0, 0, 0, 0, vn.Zone)
				sub := issued.AddDate(0, 0, -14)
				x := &assessment.Assessment{EnterpriseID: e.ID, ProvinceCode: e.ProvinceCode, SchemeID: sc.ID, VersionID: v.ID,
					Mode: assessment.ModeIndependent, Status: assessment.StatusRecognised, SubmittedAt: &sub, StartedAt: &sub,
					ScorePct: lv.MinPct + 3, LevelCode: lv.Code}
				if err := tx.CreateAssessment(ctx, x, ""); err != nil {
					return err
				}
				seq, err := tx.NextCertificateSeq(ctx, "5S", issued.Year())
				if err != nil {
					return err
				}
				exp := issued.AddDate(0, sc.ValidityMonths, 0)
				c := &assessment.Certificate{Number: fmt.Sprintf("5S-%d-%06d", issued.Year(), seq), EnterpriseID: e.ID,
					EnterpriseName: e.Name, TaxCode: e.TaxCode, ProvinceCode: e.ProvinceCode, AssessmentID: x.ID, SchemeID: sc.ID,
					SchemeCode: sc.Code, SchemeName: sc.Name, VersionNo: v.No, LevelCode: lv.Code, LevelName: lv.Name, ScorePct: x.ScorePct,
					IssuedOn: issued, ExpiresOn: &exp, Issuer: "Bộ Công Thương", Signer: "Lê Quang Hưng", Status: assessment.CertValid}
				if c.Code, err = signer.Sign(assessment.Sealed(c)); err != nil {
					return err
				}
				if err := tx.CreateCertificate(ctx, c, "KT. BỘ TRƯỞNG – THỨ TRƯỞNG"); err != nil {
					return err
				}
				fmt.Fprintln(w, c.Code)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
