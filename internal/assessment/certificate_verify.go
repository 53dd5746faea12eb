package assessment

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"

	"nscl/internal/fault"
	"nscl/internal/seal"
)

// The public verification of certificates and practitioner credentials,
// and the public register.
//
// A code (what the QR code carries after /verify/) is checked with the
// keyring first: a forged, truncated or altered code, or one signed by a
// key the platform does not hold, costs one signature check and no query.
// A genuine code is then looked up by its number, and the register's facts
// must be the sealed ones: a row altered after sealing is not genuine
// either. Every failure gets the one answer errNotGenuine, whatever the
// reason.
//
// The limits, per client (an IPv4 address, or an IPv6 /64: one host
// usually holds a whole /64), in fixed windows of VerifyWindow:
//   - failures: after VerifyLimit failed look-ups every look-up from the
//     client is refused (fault.TooMany) until the window ends — except a
//     code whose signature is good, which cannot be a guess: a genuine QR
//     code scanned behind the same NAT as a guesser still verifies;
//   - numbers: every look-up by number counts, found or not (numbers are
//     sequential: counting only failures would let one client read the
//     whole register, revoked certificates included), up to
//     VerifyNumberLimit; the answer to a number never carries the signed
//     code.
// Each check is made and counted under one lock, so concurrent requests
// cannot pass the check together. The limiter is per process and bounded
// (verifyClients clients).
//
// Two bounded caches keep genuine look-ups cheap: the codes whose
// signature was found good (a code's signature never changes: it is
// checked once per process while the code stays in the cache), and the
// register's rows read less than VerifyFresh ago. A revocation therefore
// shows at once on the server that made it and within VerifyFresh on the
// others; a certificate past its expiry day reads expired at once
// everywhere (the status is computed on the day asked).

// The verification's rate limits.
const (
	// VerifyLimit is how many failed look-ups a client may make in a
	// window.
	VerifyLimit = 20
	// VerifyNumberLimit is how many look-ups by number (found or not) a
	// client may make in a window.
	VerifyNumberLimit = 60
	VerifyWindow      = 10 * time.Minute
	// verifyClients bounds the clients the limiter remembers.
	verifyClients = 10_000
	// VerifyFresh is how long a register row read for a look-up is used
	// again without reading it anew.
	VerifyFresh = time.Second
	// verifySealedMax bounds the codes whose good signature is kept (a
	// few hundred bytes each: a register of 50.000 certificates fits),
	// verifyRowsMax the register rows (only read again within
	// VerifyFresh: the codes checked right now).
	verifySealedMax = 1 << 16
	verifyRowsMax   = 1 << 12
)

// errNotGenuine is the single answer to a look-up that finds nothing
// genuine: it says nothing of why.
var errNotGenuine = fault.New(fault.NotFound,
	"Không tìm thấy giấy chứng nhận hoặc chứng chỉ hợp lệ nào khớp với thông tin đã nhập.",
	"No genuine certificate or credential matches what was entered.")

// errTooManyLookups is the answer once a client has failed too often.
var errTooManyLookups = fault.New(fault.TooMany,
	"Bạn đã tra cứu không thành công quá nhiều lần. Vui lòng thử lại sau 10 phút. Quét mã QR trên giấy chứng nhận vẫn kiểm tra được.",
	"Too many unsuccessful look-ups from your address. Please try again in 10 minutes. Scanning the certificate's QR code still works.")

// errTooManyNumbers is the answer once a client has looked up too many
// numbers.
var errTooManyNumbers = fault.New(fault.TooMany,
	"Bạn đã tra cứu theo số quá nhiều lần. Vui lòng thử lại sau 10 phút, hoặc quét mã QR trên giấy chứng nhận.",
	"Too many look-ups by number from your address. Please try again in 10 minutes, or scan the certificate's QR code.")

// certState is what the certificate area keeps in the Service: the
// verification's limiter and caches. Its zero value is ready.
type certState struct {
	limiter verifyLimiter
	sealed  boundedCache[seal.Payload, sealedBound] // code → what it seals, for codes whose signature is good
	rows    boundedCache[cachedRecord, rowsBound]   // number → the register's row, read at
}

// cachedRecord is a register row and when it was read.
type cachedRecord struct {
	c  *Certificate
	at time.Time
}

// A cacheBound is a boundedCache's size, as a type (so that the cache's
// zero value is ready).
type cacheBound interface{ max() int }

type sealedBound struct{}

func (sealedBound) max() int { return verifySealedMax }

type rowsBound struct{}

func (rowsBound) max() int { return verifyRowsMax }

// boundedCache is a map of at most B's max entries: when full, an eighth
// of them (arbitrary ones: Go's map order) make room. Its zero value is
// ready.
type boundedCache[V any, B cacheBound] struct {
	mu sync.RWMutex
	m  map[string]V
}

func (b *boundedCache[V, B]) get(k string) (V, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	v, ok := b.m[k]
	return v, ok
}

func (b *boundedCache[V, B]) put(k string, v V) {
	var bound B
	size := bound.max()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]V{}
	}
	if _, ok := b.m[k]; !ok && len(b.m) >= size {
		n := max(size/8, 1)
		for k := range b.m {
			if n == 0 {
				break
			}
			delete(b.m, k)
			n--
		}
	}
	b.m[k] = v
}

func (b *boundedCache[V, B]) drop(k string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, k)
}

func (b *boundedCache[V, B]) size() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.m)
}

// verify checks a code's signature, once per process for a good one.
func (s *Service) verify(code string) (seal.Payload, error) {
	if p, ok := s.certs.sealed.get(code); ok {
		return p, nil
	}
	p, err := s.keyring.Verify(code)
	if err == nil {
		s.certs.sealed.put(code, p)
	}
	return p, err
}

// certificateByNumber reads the register's row of a number for a look-up:
// from the cache when read less than VerifyFresh ago.
func (s *Service) certificateByNumber(ctx context.Context, number string, now time.Time) (*Certificate, error) {
	if r, ok := s.certs.rows.get(number); ok && now.Sub(r.at) < VerifyFresh && !now.Before(r.at) {
		return r.c, nil
	}
	c, err := s.store.FindCertificateToVerify(ctx, number)
	if err == nil {
		s.certs.rows.put(number, cachedRecord{c: c, at: now})
	}
	return c, err
}

// verifyLimiter counts failed look-ups and look-ups by number per client
// in fixed windows. It keeps at most verifyClients clients: when full it
// forgets the ended windows, then (under a flood of addresses) a tenth of
// the others. It is per process: with several servers each counts its
// own.
type verifyLimiter struct {
	mu      sync.Mutex
	clients map[string]*verifyWindow
}

type verifyWindow struct {
	start   time.Time
	fails   int
	numbers int
}

// clientKey is what the limiter counts a client address as: an IPv4
// address, or the /64 of an IPv6 one (an IPv4-mapped address is IPv4);
// something that is not an address counts as itself, cut to 64 bytes.
func clientKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		if len(addr) > 64 {
			addr = addr[:64]
		}
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.WithZone("").Prefix(64)
		return p.String()
	}
	return a.String()
}

// window returns client's current window at now, starting one if needed.
// l.mu is held.
func (l *verifyLimiter) window(client string, now time.Time) *verifyWindow {
	if l.clients == nil {
		l.clients = map[string]*verifyWindow{}
	}
	w := l.clients[client]
	if w == nil || now.Sub(w.start) >= VerifyWindow || now.Before(w.start) {
		if w == nil && len(l.clients) >= verifyClients {
			l.evict(now)
		}
		w = &verifyWindow{start: now}
		l.clients[client] = w
	}
	return w
}

// blocked reports whether client has used up its failures at now.
func (l *verifyLimiter) blocked(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.clients[client]
	return w != nil && now.Sub(w.start) < VerifyWindow && !now.Before(w.start) && w.fails >= VerifyLimit
}

// guess checks and counts, in one step, a look-up that failed before any
// query (a code whose signature is bad): it reports false, counting
// nothing, when the client has used up its failures.
func (l *verifyLimiter) guess(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.window(client, now)
	if w.fails >= VerifyLimit {
		return false
	}
	w.fails++
	return true
}

// number checks and counts, in one step, a look-up by number: it reports
// the refusal (nil when admitted), counting nothing when refused.
func (l *verifyLimiter) number(client string, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.window(client, now)
	switch {
	case w.fails >= VerifyLimit:
		return errTooManyLookups
	case w.numbers >= VerifyNumberLimit:
		return errTooManyNumbers
	}
	w.numbers++
	return nil
}

// fail counts a failed look-up of client at now.
func (l *verifyLimiter) fail(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.window(client, now).fails++
}

// evict makes room: the ended windows go, then, if that is not enough,
// arbitrary others until a tenth of the room is free. l.mu is held.
func (l *verifyLimiter) evict(now time.Time) {
	for k, w := range l.clients {
		if now.Sub(w.start) >= VerifyWindow {
			delete(l.clients, k)
		}
	}
	for k := range l.clients {
		if len(l.clients) < verifyClients*9/10 {
			break
		}
		delete(l.clients, k)
	}
}

// size is how many clients the limiter holds (for tests).
func (l *verifyLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// PublicDocument is what the public verification page shows of a sealed
// document: a certificate or a practitioner credential.
type PublicDocument struct {
	Kind          seal.Kind         `json:"kind" doc:"C: giấy chứng nhận của doanh nghiệp (an enterprise's certificate); P: chứng chỉ người thực hành (a practitioner's credential)"`
	Number        string            `json:"number"`
	Holder        string            `json:"holder" doc:"Doanh nghiệp hoặc người được cấp (the enterprise or the practitioner)"`
	TaxCode       string            `json:"tax_code,omitempty"`
	Enterprise    string            `json:"enterprise,omitempty" doc:"Chứng chỉ: doanh nghiệp của người được cấp (a credential's holder's enterprise)"`
	ProvinceCode  string            `json:"province_code,omitempty"`
	Scheme        fault.Text        `json:"scheme" doc:"Bộ tiêu chí, hoặc công cụ của chứng chỉ (the scheme, or the credential's tool)"`
	SchemeCode    string            `json:"scheme_code"`
	Level         fault.Text        `json:"level"`
	LevelCode     string            `json:"level_code"`
	Course        fault.Text        `json:"course,omitempty"`
	ScorePct      float64           `json:"score_pct,omitempty"`
	IssuedOn      time.Time         `json:"issued_on"`
	ExpiresOn     *time.Time        `json:"expires_on,omitempty"`
	Issuer        string            `json:"issuer"`
	Status        CertificateStatus `json:"status" enum:"valid,expired,revoked"`
	RevokedAt     *time.Time        `json:"revoked_at,omitempty"`
	RevokedReason string            `json:"revoked_reason,omitempty"`
	Code          string            `json:"code,omitempty" doc:"Mã xác thực (the verification code)"`
}

// publicOf is the public view of a certificate on day now.
func publicOf(c *Certificate, now time.Time) *PublicDocument {
	return &PublicDocument{Kind: seal.KindCertificate, Number: c.Number, Holder: c.EnterpriseName, TaxCode: c.TaxCode,
		ProvinceCode: c.ProvinceCode, Scheme: c.SchemeName, SchemeCode: c.SchemeCode, Level: c.LevelName, LevelCode: c.LevelCode,
		ScorePct: c.ScorePct, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn, Issuer: c.Issuer, Status: c.StatusOn(now),
		RevokedAt: c.RevokedAt, RevokedReason: c.RevokedReason, Code: c.Code}
}

// CredentialCheck finds a practitioner credential by number for the
// verification: its public view and its facts as they would be sealed
// today; fault.NotFound when there is none. The caller adapts
// training.Service.CredentialForVerify (package assessment does not
// import training).
type CredentialCheck func(ctx context.Context, number string) (*PublicDocument, seal.Payload, error)

// VerifyCode answers the public verification of a code for a client
// address: the certificate or credential it seals, with its status today,
// when the code is genuine and the register still holds the facts it
// seals; errNotGenuine (fault.NotFound) otherwise, whatever the reason;
// fault.TooMany for a client that failed too often — unless the code's
// signature is good (a genuine QR code is never refused). Anyone may call
// it.
func (s *Service) VerifyCode(ctx context.Context, code, client string, credentials CredentialCheck) (*PublicDocument, error) {
	now := s.now()
	key := clientKey(client)
	p, err := s.verify(code)
	if err != nil {
		if !s.certs.limiter.guess(key, now) {
			return nil, errTooManyLookups
		}
		return nil, errNotGenuine
	}
	doc, err := s.lookup(ctx, p, credentials, now)
	if fault.Is(err, fault.NotFound) {
		s.certs.limiter.fail(key, now)
		return nil, errNotGenuine
	}
	return doc, err
}

// lookup finds what payload p seals and checks that the register still
// holds the sealed facts (NotFound otherwise).
func (s *Service) lookup(ctx context.Context, p seal.Payload, credentials CredentialCheck, now time.Time) (*PublicDocument, error) {
	switch p.Kind {
	case seal.KindCertificate:
		c, err := s.certificateByNumber(ctx, p.Number, now)
		if err != nil {
			return nil, err
		}
		if !p.Same(sealedOf(c)) {
			return nil, errNotGenuine
		}
		return publicOf(c, now), nil
	case seal.KindCredential:
		if credentials == nil {
			return nil, errNotGenuine
		}
		doc, sealed, err := credentials(ctx, p.Number)
		if err != nil {
			return nil, err
		}
		if doc == nil || !p.Same(sealed) || !p.Same(shownFacts(doc)) {
			return nil, errNotGenuine
		}
		doc.Kind = seal.KindCredential
		return doc, nil
	}
	return nil, errNotGenuine
}

// shownFacts is what a credential's public view shows of the facts a
// code seals.
func shownFacts(d *PublicDocument) seal.Payload {
	p := seal.Payload{Kind: seal.KindCredential, Number: d.Number, Holder: d.Holder, Scheme: d.SchemeCode, Level: d.LevelCode, Issued: d.IssuedOn}
	if d.ExpiresOn != nil {
		p.Expires = *d.ExpiresOn
	}
	return p
}

// credentialByNumber is the sealed credential of a number: the record's
// facts (what its code would seal today) must be those the page shows,
// and, when the check gives the record's stored code, that code must be
// genuine and seal them — a record altered after sealing is not genuine.
func (s *Service) credentialByNumber(ctx context.Context, number string, credentials CredentialCheck) (*PublicDocument, error) {
	doc, sealed, err := credentials(ctx, number)
	if err != nil {
		return nil, err
	}
	if doc == nil || sealed.Kind != seal.KindCredential || sealed.Number != number || !sealed.Same(shownFacts(doc)) {
		return nil, errNotGenuine
	}
	if doc.Code != "" {
		if p, err := s.verify(doc.Code); err != nil || !p.Same(sealed) {
			return nil, errNotGenuine
		}
	}
	doc.Kind = seal.KindCredential
	return doc, nil
}

// VerifyNumber answers the look-up of a certificate's or credential's
// number typed on the verification page: the certificate of that number
// if its stored code is genuine and seals its facts, else the sealed
// credential of that number; errNotGenuine otherwise (counted against the
// client). Every look-up by number counts against the client's
// VerifyNumberLimit, and the answer never carries the signed code.
func (s *Service) VerifyNumber(ctx context.Context, number, client string, credentials CredentialCheck) (*PublicDocument, error) {
	now := s.now()
	key := clientKey(client)
	if err := s.certs.limiter.number(key, now); err != nil {
		return nil, err
	}
	number = NormaliseNumber(number)
	if number == "" {
		s.certs.limiter.fail(key, now)
		return nil, errNotGenuine
	}
	c, err := s.certificateByNumber(ctx, number, now)
	switch {
	case err == nil:
		if p, err := s.verify(c.Code); err == nil && p.Same(sealedOf(c)) {
			doc := publicOf(c, now)
			doc.Code = ""
			return doc, nil
		}
	case !fault.Is(err, fault.NotFound):
		return nil, err
	case credentials != nil:
		doc, err := s.credentialByNumber(ctx, number, credentials)
		switch {
		case err == nil:
			doc.Code = ""
			return doc, nil
		case !fault.Is(err, fault.NotFound):
			return nil, err
		}
	}
	s.certs.limiter.fail(key, now)
	return nil, errNotGenuine
}

// NormaliseNumber returns a typed number in its stored form (upper case,
// no spaces), or "" when it cannot be one (too long, other characters).
func NormaliseNumber(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if s == "" || len(s) > MaxNumberLen {
		return ""
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '/' || r == '.' || r == '_') {
			return ""
		}
	}
	return s
}

// CodeOf extracts a verification code from what a visitor pasted: the
// code itself, or a URL or path ending in /verify/<code>. It reports
// false when the text is not shaped like a code (then it may be a
// number).
func CodeOf(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/verify/"); i >= 0 {
		s = s[i+len("/verify/"):]
		if j := strings.IndexAny(s, "?#"); j >= 0 {
			s = s[:j]
		}
	}
	if len(s) < 20 || len(s) > seal.MaxCodeLen || !strings.Contains(s, ".") {
		return "", false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return "", false
		}
	}
	return s, true
}

// RegisterQuery is what the public register asks for.
type RegisterQuery struct {
	Search     string `query:"q" doc:"Tên doanh nghiệp (không dấu cũng được), mã số thuế hoặc số giấy chứng nhận (name, tax code or number)"`
	SchemeCode string `query:"scheme" doc:"Mã bộ tiêu chí, ví dụ 5s (scheme code)"`
	Province   string `query:"province" doc:"Mã tỉnh (province code)"`
	Page       int    `query:"page" minimum:"0" doc:"Trang, từ 1 (page, from 1)"`
}

// Register returns a page of the public register — the certificates valid
// today — under q, newest issue first, and the total. Anyone may read it.
func (s *Service) Register(ctx context.Context, q RegisterQuery) ([]*PublicDocument, int, error) {
	now := s.now()
	f := CertificateQuery{Search: q.Search, SchemeCode: q.SchemeCode, Province: q.Province, Page: q.Page}.filter(dayText(now))
	f.State = StateValid
	cs, total, err := s.store.FindCertificates(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*PublicDocument, len(cs))
	for i, c := range cs {
		out[i] = publicOf(c, now)
	}
	return out, total, nil
}
