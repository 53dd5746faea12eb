package seal_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"nscl/internal/seal"
)

func testSigner(t testing.TB, b byte) *seal.Signer {
	t.Helper()
	s, err := seal.NewSigner(bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var sample = seal.Payload{Kind: seal.KindCertificate, Number: "5S-2026-000123", Holder: "0101234567", Scheme: "5s@1", Level: "good",
	Issued: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Expires: time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC)}

func TestSignVerify_RoundTrip(t *testing.T) {
	s := testSigner(t, 1)
	code, err := s.Sign(sample)
	if err != nil {
		t.Fatal(err)
	}
	got, err := seal.NewKeyring(s.Public()).Verify(code)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Same(sample) {
		t.Fatalf("got %+v, want %+v", got, sample)
	}
	// A person's name with diacritics, and no expiry.
	p := seal.Payload{Kind: seal.KindCredential, Number: "TH-2026-7", Holder: "Nguyễn Thị Ánh", Scheme: "kaizen", Level: "2",
		Issued: sample.Issued}
	code, err = s.Sign(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := seal.NewKeyring(s.Public()).Verify(code); err != nil || !got.Same(p) || !got.Expires.IsZero() {
		t.Fatalf("credential: %+v, %v", got, err)
	}
}

// TestVerify_RefusesForgedAndAltered: a payload altered by one character, a
// signature by another key, a code for an unknown key, truncations and
// garbage are all refused with the same error.
func TestVerify_RefusesForgedAndAltered(t *testing.T) {
	s, other := testSigner(t, 1), testSigner(t, 2)
	ring := seal.NewKeyring(s.Public())
	code, _ := s.Sign(sample)
	forged, _ := other.Sign(sample)
	msg, sig, _ := strings.Cut(code, ".")
	_, otherSig, _ := strings.Cut(forged, ".")
	altered := sample
	altered.Level = "excellent"
	alteredCode, _ := other.Sign(altered)
	altMsg, _, _ := strings.Cut(alteredCode, ".")
	flip := []byte(msg)
	flip[10] ^= 1
	for name, c := range map[string]string{
		"other key":       forged,
		"other signature": msg + "." + otherSig,
		"altered payload": altMsg + "." + sig,
		"flipped bit":     string(flip) + "." + sig,
		"no signature":    msg,
		"truncated":       code[:len(code)-3],
		"empty":           "",
		"dot":             ".",
		"garbage":         "abc.def",
		"too long":        strings.Repeat("A", seal.MaxCodeLen+1),
		"padding":         code + "==",
		"two dots":        code + ".x",
		"sql":             "' OR 1=1 --",
		"slash":           "../../etc/passwd",
		"unicode":         "Mã số ✓",
	} {
		if _, err := ring.Verify(c); err != seal.ErrInvalid {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	// A retired key still checks the codes it signed.
	if _, err := seal.NewKeyring(other.Public(), s.Public()).Verify(code); err != nil {
		t.Errorf("keyring with two keys: %v", err)
	}
}

func TestSign_RefusesUnsealable(t *testing.T) {
	s := testSigner(t, 1)
	for name, p := range map[string]seal.Payload{
		"pipe":      {Kind: seal.KindCertificate, Number: "A|B", Holder: "x", Issued: sample.Issued},
		"no number": {Kind: seal.KindCertificate, Holder: "x", Issued: sample.Issued},
		"no holder": {Kind: seal.KindCertificate, Number: "1", Issued: sample.Issued},
		"no date":   {Kind: seal.KindCertificate, Number: "1", Holder: "x"},
		"kind":      {Kind: "Z", Number: "1", Holder: "x", Issued: sample.Issued},
		"utf8":      {Kind: seal.KindCertificate, Number: "1", Holder: "\xff", Issued: sample.Issued},
	} {
		if _, err := s.Sign(p); err == nil {
			t.Errorf("%s: signed", name)
		}
	}
}

func TestParseSeed(t *testing.T) {
	seed, err := seal.GenerateSeed()
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []string{"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo=", strings.Repeat("ab", 32)} {
		if _, err := seal.ParseSeed(enc + "\n"); err != nil {
			t.Errorf("%q: %v", enc, err)
		}
	}
	if _, err := seal.ParseSeed("short"); err == nil {
		t.Error("short seed accepted")
	}
	if _, err := seal.NewSigner(seed[:16]); err == nil {
		t.Error("16-byte seed accepted")
	}
}

func FuzzVerify(f *testing.F) {
	s := testSigner(f, 1)
	code, _ := s.Sign(sample)
	f.Add(code)
	f.Add("a.b")
	ring := seal.NewKeyring(s.Public())
	f.Fuzz(func(t *testing.T, c string) {
		p, err := ring.Verify(c)
		if err == nil && c != code {
			// Only the genuine code verifies (a different string that
			// decodes to the same bytes would have to be the same code).
			if !p.Same(sample) {
				t.Fatalf("forged code %q verified as %+v", c, p)
			}
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	s := testSigner(b, 1)
	code, _ := s.Sign(sample)
	ring := seal.NewKeyring(s.Public())
	for b.Loop() {
		if _, err := ring.Verify(code); err != nil {
			b.Fatal(err)
		}
	}
}
