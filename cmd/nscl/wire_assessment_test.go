package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSigner_Key pins where the sealing key comes from: on SQLite without a
// configured key, signing.key beside the database is created once (mode
// 0600) and the same key is read back on the next start; a configured key
// wins; a malformed one stops the start with a message naming the
// variable; PostgreSQL without a key runs, issuing nothing.
func TestSigner_Key(t *testing.T) {
	dir := t.TempDir()
	a := &app{cfg: Config{DB: "sqlite:" + filepath.Join(dir, "nscl.db")}, log: slog.New(slog.DiscardHandler)}
	s1, err := a.signer()
	if err != nil || s1 == nil {
		t.Fatalf("first start: %v %v", s1, err)
	}
	st, err := os.Stat(filepath.Join(dir, "signing.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	s2, err := a.signer()
	if err != nil || !bytes.Equal(s1.Public(), s2.Public()) {
		t.Fatalf("second start read another key: %v", err)
	}

	a.cfg.SigningKey = strings.Repeat("ab", 32)
	s3, err := a.signer()
	if err != nil || bytes.Equal(s3.Public(), s1.Public()) {
		t.Fatalf("configured key not used: %v", err)
	}
	a.cfg.SigningKey = "not-a-key"
	if _, err := a.signer(); err == nil || !strings.Contains(err.Error(), "NSCL_SIGNING_KEY") {
		t.Fatalf("malformed key: %v", err)
	}

	a.cfg = Config{DB: "postgres://u@h/db"}
	if s, err := a.signer(); err != nil || s != nil {
		t.Fatalf("postgres without key: %v %v", s, err)
	}
}
