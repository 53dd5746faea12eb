// Package seal signs and checks the verification codes of certificates and
// practitioner credentials.
//
// A code is what the QR code of a certificate carries, after /verify/: the
// signed facts of the document (its number, holder, scheme, level and
// dates), then an Ed25519 signature over them by the platform's key:
//
//	base64url(payload) "." base64url(signature)
//
// where payload is "v1|<key id>|<kind>|<number>|<holder>|<scheme>|<level>|<issued>|<expires>"
// (dates yyyy-mm-dd). Whoever has the public key can check a code without
// the database; the platform checks it before it looks anything up, so a
// forged or altered code costs one signature check and no query. The key
// id names the key that signed, so that a rotated key can still check the
// codes it signed before (Keyring).
//
// The package is pure: no I/O; cmd loads the key.
package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what a code seals.
type Kind string

// The kinds of sealed document.
const (
	KindCertificate Kind = "C" // an enterprise's certificate (scheme and level)
	KindCredential  Kind = "P" // a practitioner's credential (tool and level)
)

// Payload is what a code signs. Number is unique per kind; Holder is the
// enterprise's tax code or the practitioner's name; Scheme is the scheme's
// code (or the tool's, for a credential); Level the level's code.
type Payload struct {
	Kind    Kind
	Number  string
	Holder  string
	Scheme  string
	Level   string
	Issued  time.Time // a calendar day (only the date counts)
	Expires time.Time // a calendar day; zero when it does not expire
}

// MaxCodeLen bounds a code: anything longer is refused before decoding.
const MaxCodeLen = 1024

// ErrInvalid is every reason a code is refused (malformed, unknown key,
// bad signature). Callers answer "not found" without saying which.
var ErrInvalid = errors.New("seal: invalid code")

const version = "v1"
const dateLayout = "2006-01-02"

// Signer signs payloads with one key. Build it with NewSigner.
type Signer struct {
	priv ed25519.PrivateKey
	id   string
}

// NewSigner returns a signer for an Ed25519 seed (32 bytes).
func NewSigner(seed []byte) (*Signer, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("seal: the signing key must be a %d-byte Ed25519 seed, not %d bytes", ed25519.SeedSize, len(seed))
	}
	priv := ed25519.NewKeyFromSeed(seed)
	return &Signer{priv: priv, id: KeyID(priv.Public().(ed25519.PublicKey))}, nil
}

// GenerateSeed returns a new random seed.
func GenerateSeed() ([]byte, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, err
	}
	return seed, nil
}

// ParseSeed reads a seed written as base64 (standard or URL alphabet) or
// hex, surrounding space ignored.
func ParseSeed(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, dec := range []func(string) ([]byte, error){base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString, hex.DecodeString} {
		if b, err := dec(s); err == nil && len(b) == ed25519.SeedSize {
			return b, nil
		}
	}
	return nil, fmt.Errorf("seal: the signing key is not a %d-byte seed in base64 or hex", ed25519.SeedSize)
}

// KeyID names a public key: the first 8 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:4])
}

// Public returns the signer's public key.
func (s *Signer) Public() ed25519.PublicKey { return s.priv.Public().(ed25519.PublicKey) }

// ID returns the signer's key id.
func (s *Signer) ID() string { return s.id }

// Sign returns the code of p. It refuses a payload that cannot be sealed
// unambiguously: an empty number or holder, a field with "|" or invalid
// UTF-8, an unknown kind.
func (s *Signer) Sign(p Payload) (string, error) {
	msg, err := p.encode(s.id)
	if err != nil {
		return "", err
	}
	sig := ed25519.Sign(s.priv, msg)
	return base64.RawURLEncoding.EncodeToString(msg) + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

func (p Payload) encode(kid string) ([]byte, error) {
	if p.Kind != KindCertificate && p.Kind != KindCredential {
		return nil, fmt.Errorf("seal: unknown kind %q", p.Kind)
	}
	if p.Number == "" || p.Holder == "" || p.Issued.IsZero() {
		return nil, errors.New("seal: number, holder and issue date are required")
	}
	fields := []string{p.Number, p.Holder, p.Scheme, p.Level}
	for _, f := range fields {
		if strings.ContainsRune(f, '|') || !utf8.ValidString(f) {
			return nil, fmt.Errorf("seal: field %q cannot be sealed", f)
		}
	}
	exp := ""
	if !p.Expires.IsZero() {
		exp = p.Expires.Format(dateLayout)
	}
	return []byte(strings.Join([]string{version, kid, string(p.Kind), p.Number, p.Holder, p.Scheme, p.Level,
		p.Issued.Format(dateLayout), exp}, "|")), nil
}

// Keyring checks codes against the public keys it holds (the current key
// and any retired ones).
type Keyring struct {
	keys map[string]ed25519.PublicKey
}

// NewKeyring returns a keyring of pubs.
func NewKeyring(pubs ...ed25519.PublicKey) *Keyring {
	k := &Keyring{keys: map[string]ed25519.PublicKey{}}
	for _, p := range pubs {
		k.keys[KeyID(p)] = p
	}
	return k
}

// Verify checks code and returns what it seals. Any defect is ErrInvalid.
func (k *Keyring) Verify(code string) (Payload, error) {
	if k == nil || len(code) == 0 || len(code) > MaxCodeLen {
		return Payload{}, ErrInvalid
	}
	msgPart, sigPart, ok := strings.Cut(code, ".")
	if !ok {
		return Payload{}, ErrInvalid
	}
	msg, err := base64.RawURLEncoding.DecodeString(msgPart)
	if err != nil {
		return Payload{}, ErrInvalid
	}
	sig, err := base64.RawURLEncoding.DecodeString(sigPart)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return Payload{}, ErrInvalid
	}
	f := strings.Split(string(msg), "|")
	if len(f) != 9 || f[0] != version {
		return Payload{}, ErrInvalid
	}
	pub, ok := k.keys[f[1]]
	if !ok || !ed25519.Verify(pub, msg, sig) {
		return Payload{}, ErrInvalid
	}
	p := Payload{Kind: Kind(f[2]), Number: f[3], Holder: f[4], Scheme: f[5], Level: f[6]}
	if p.Issued, err = time.Parse(dateLayout, f[7]); err != nil {
		return Payload{}, ErrInvalid
	}
	if f[8] != "" {
		if p.Expires, err = time.Parse(dateLayout, f[8]); err != nil {
			return Payload{}, ErrInvalid
		}
	}
	return p, nil
}

// Same reports whether the payload sealed in a code matches a document's
// current facts (dates compared as calendar days). A valid signature over
// facts that differ from the register's means the document was altered
// after it was sealed (or the register was).
func (p Payload) Same(q Payload) bool {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(dateLayout)
	}
	return p.Kind == q.Kind && p.Number == q.Number && p.Holder == q.Holder && p.Scheme == q.Scheme && p.Level == q.Level &&
		day(p.Issued) == day(q.Issued) && day(p.Expires) == day(q.Expires)
}
