package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"nscl/internal/assessment"
	"nscl/internal/seal"
	"nscl/internal/training"
)

// wireAssessment builds the assessment and training services with the
// platform's signing key (see signer).
func (a *app) wireAssessment() error {
	signer, err := a.signer()
	if err != nil {
		return err
	}
	a.assessment = assessment.NewService(assessment.Options{Store: a.db.Assessment(), Registry: a.registry, Mailer: a.mail,
		Signer: signer, Geo: a.geo, Log: a.log, BaseURL: a.cfg.BaseURL})
	a.training = training.NewService(training.Options{Store: a.db.Training(), Registry: a.registry, Mailer: a.mail, Geo: a.geo,
		Signer: signer, Log: a.log, BaseURL: a.cfg.BaseURL})
	return nil
}

// signer returns the key that seals certificates and credentials: the
// configured one (NSCL_SIGNING_KEY, NSCL_SIGNING_KEY_FILE); else, on
// SQLite, the one kept in signing.key beside the database file, created
// (mode 0600) on first start; else (PostgreSQL without a key) none, and
// nothing can be issued until one is configured.
func (a *app) signer() (*seal.Signer, error) {
	if a.cfg.SigningKey != "" {
		seed, err := seal.ParseSeed(a.cfg.SigningKey)
		if err != nil {
			return nil, fmt.Errorf("NSCL_SIGNING_KEY: %w", err)
		}
		return seal.NewSigner(seed)
	}
	if !strings.HasPrefix(a.cfg.DB, "sqlite:") {
		a.log.Warn("NSCL_SIGNING_KEY is not set: certificates and credentials cannot be issued or verified until it is")
		return nil, nil
	}
	path := filepath.Join(filepath.Dir(strings.TrimPrefix(a.cfg.DB, "sqlite:")), "signing.key")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		seed, err := seal.GenerateSeed()
		if err != nil {
			return nil, err
		}
		enc := fmt.Sprintf("%x\n", seed)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return a.signer() // another process created it meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("signing key: %w", err)
		}
		if _, err := f.WriteString(enc); err != nil {
			f.Close()
			return nil, fmt.Errorf("signing key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("signing key: %w", err)
		}
		a.log.Info("created the signing key of certificates", "path", path)
		return seal.NewSigner(seed)
	}
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	seed, err := seal.ParseSeed(string(b))
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	return seal.NewSigner(seed)
}
