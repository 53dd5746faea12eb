package news

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Token kinds: what a signed link does.
const (
	tokConfirm     = "c"
	tokUnsubscribe = "u"
)

var (
	// ErrBadLink is a link that was forged, mistyped or replaced by a newer
	// subscription: the page says "invalid link" (404).
	ErrBadLink = fault.New(fault.NotFound, "Liên kết không hợp lệ hoặc đã hết hiệu lực.", "This link is not valid or no longer works.")
	errNoSub   = fault.New(fault.NotFound, "Không tìm thấy người đăng ký.", "Subscriber not found.")
)

var provinceCode = regexp.MustCompile(`^[0-9]{2}$`)

// key returns the links' signing key (cached).
func (s *Service) key(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.linkKey != nil {
		return s.linkKey, nil
	}
	k, err := s.store.Key(ctx)
	if err != nil {
		return nil, err
	}
	s.linkKey = k
	return k, nil
}

// sign returns the token of a link of kind for the subscriber id with
// salt: "id.mac". The salt changes with each opt-in, so an old link dies.
func sign(key []byte, kind string, id SubscriberID, salt string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(kind + ":" + strconv.FormatInt(int64(id), 10) + ":" + salt))
	return strconv.FormatInt(int64(id), 10) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Token returns a subscriber's token of kind (for mails and tests).
func (s *Service) token(ctx context.Context, kind string, x *Subscriber) (string, error) {
	k, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	return sign(k, kind, x.ID, x.Salt), nil
}

// verify finds the subscriber a token names, or ErrBadLink.
func (s *Service) verify(ctx context.Context, tx Store, kind, token string) (*Subscriber, error) {
	idText, _, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 || len(token) > 64 {
		return nil, ErrBadLink
	}
	x, err := tx.FindSubscriber(ctx, SubscriberID(id))
	if err != nil {
		return nil, notFound(err, ErrBadLink)
	}
	k, err := s.key(ctx)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal([]byte(sign(k, kind, x.ID, x.Salt)), []byte(token)) {
		return nil, ErrBadLink
	}
	return x, nil
}

func newSalt() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// cleanSubscribe normalises and validates the form.
func cleanSubscribe(in *SubscribeInput) fault.Fields {
	bad := fault.Fields{}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 || !strings.Contains(in.Email, ".") {
		bad.Add("email", "Nhập một địa chỉ email hợp lệ, ví dụ ten@congty.vn.", "Enter a valid email address, e.g. name@company.vn.")
	}
	in.Name = vn.NFC(in.Name)
	if utf8.RuneCountInString(in.Name) > 200 || !vn.IsText(in.Name) || strings.ContainsAny(in.Name, "\r\n<>") {
		bad.Add("name", "Họ tên tối đa 200 ký tự, một dòng.", "The name is one line of at most 200 characters.")
	}
	seen := map[catalog.Sector]bool{}
	var sectors []catalog.Sector
	for _, x := range in.Sectors {
		if !x.Valid() {
			bad.Add("sectors", "Ngành không có trong danh sách.", "Unknown sector.")
			break
		}
		if !seen[x] {
			seen[x] = true
			sectors = append(sectors, x)
		}
	}
	in.Sectors = sectors
	if in.ProvinceCode != "" && !provinceCode.MatchString(in.ProvinceCode) {
		bad.Add("province", "Chọn tỉnh, thành phố trong danh sách.", "Choose a province from the list.")
	}
	if in.Role == "" {
		in.Role = RoleOther
	}
	if !in.Role.Valid() {
		bad.Add("role", "Chọn đối tượng trong danh sách.", "Choose who you are from the list.")
	}
	if !in.Consent {
		bad.Add("consent", "Bạn cần đồng ý để chúng tôi xử lý email của bạn (Nghị định 13/2023/NĐ-CP).",
			"You need to consent to our processing your email (Decree 13/2023/ND-CP).")
	}
	return bad
}

// Subscribe records a subscription and mails the confirmation link
// (double opt-in). Whatever the address's state, the answer is the same
// (nobody learns who subscribes): a confirmed address gets a notice, an
// address that left gets a new opt-in. Anyone may subscribe.
func (s *Service) Subscribe(ctx context.Context, in SubscribeInput) error {
	if err := cleanSubscribe(&in).Err(); err != nil {
		return err
	}
	now := s.now().UTC()
	var x *Subscriber
	var already, suppressed bool
	err := s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindSubscriberByEmail(ctx, in.Email)
		switch {
		case fault.Is(err, fault.NotFound):
			x = &Subscriber{Email: in.Email, Name: in.Name, Sectors: in.Sectors, ProvinceCode: in.ProvinceCode, Role: in.Role,
				Status: SubPending, ConsentAt: now, ConsentVersion: ConsentVersion, ConsentIP: in.IP, Salt: newSalt(), CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateSubscriber(ctx, x); err != nil {
				return err
			}
			return s.record(ctx, tx, "news.subscriber.create", "news_subscriber", int64(x.ID), nil, x)
		case err != nil:
			return err
		case old.Status == SubConfirmed:
			x, already = old, true
			return nil
		case old.Status == SubComplained || old.Status == SubBounced:
			// Suppressed for good: anyone may type the address, so the
			// form answers as usual but nothing changes and no mail goes.
			suppressed = true
			return nil
		}
		cp := *old
		x = &cp
		x.Name, x.Sectors, x.ProvinceCode, x.Role = in.Name, in.Sectors, in.ProvinceCode, in.Role
		x.ConsentAt, x.ConsentVersion, x.ConsentIP, x.UpdatedAt = now, ConsentVersion, in.IP, now
		if old.Status != SubPending {
			// A new opt-in: the old links stop working.
			x.Status, x.Salt, x.ConfirmedAt, x.LeftAt = SubPending, newSalt(), nil, nil
		}
		if err := tx.UpdateSubscriber(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.subscriber.resubscribe", "news_subscriber", int64(x.ID), old, x)
	})
	if err != nil {
		return err
	}
	if s.mailer == nil || suppressed {
		return nil
	}
	if already {
		return s.mailer.SendMail(ctx, x.Email, "Bạn đã đăng ký bản tin NSCL / You are already subscribed",
			"Địa chỉ này đã nhận bản tin của Chương trình năng suất chất lượng quốc gia. Không cần làm gì thêm.\n\n"+
				"This address already receives the national productivity and quality programme's newsletter. Nothing more to do.\n")
	}
	tok, err := s.token(ctx, tokConfirm, x)
	if err != nil {
		return err
	}
	link := s.baseURL + "/subscribe/confirm/" + tok
	return s.mailer.SendMail(ctx, x.Email, "Xác nhận đăng ký bản tin NSCL / Confirm your subscription",
		"Xin chào "+x.Name+",\n\nVui lòng bấm vào liên kết sau để xác nhận đăng ký nhận bản tin của Chương trình năng suất chất lượng quốc gia:\n"+
			link+"\n\nNếu bạn không đăng ký, hãy bỏ qua thư này.\n\n"+
			"Please open the link above to confirm your subscription to the national productivity and quality programme's newsletter. "+
			"If you did not subscribe, ignore this mail.\n")
}

// Confirm confirms the subscription a confirmation link names. A second
// use is harmless. A forged or outdated link is ErrBadLink.
func (s *Service) Confirm(ctx context.Context, token string) (*Subscriber, error) {
	var x *Subscriber
	err := s.store.Tx(ctx, func(tx Store) error {
		old, err := s.verify(ctx, tx, tokConfirm, token)
		if err != nil {
			return err
		}
		switch old.Status {
		case SubConfirmed:
			x = old
			return nil
		case SubPending:
		default:
			return ErrBadLink
		}
		cp := *old
		x = &cp
		now := s.now().UTC()
		x.Status, x.ConfirmedAt, x.UpdatedAt = SubConfirmed, &now, now
		if err := tx.UpdateSubscriber(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.subscriber.confirm", "news_subscriber", int64(x.ID), old, x)
	})
	return x, err
}

// UnsubscribeTarget returns the subscriber an unsubscribe link names (the
// page asks to confirm), or ErrBadLink.
func (s *Service) UnsubscribeTarget(ctx context.Context, token string) (*Subscriber, error) {
	return s.verify(ctx, s.store, tokUnsubscribe, token)
}

// Unsubscribe ends the subscription an unsubscribe link names. Reusing
// the link is idempotent: already is true. A forged link is ErrBadLink.
func (s *Service) Unsubscribe(ctx context.Context, token string) (x *Subscriber, already bool, err error) {
	err = s.store.Tx(ctx, func(tx Store) error {
		old, err := s.verify(ctx, tx, tokUnsubscribe, token)
		if err != nil {
			return err
		}
		if old.Status != SubPending && old.Status != SubConfirmed {
			x, already = old, true
			return nil
		}
		cp := *old
		x = &cp
		now := s.now().UTC()
		x.Status, x.LeftAt, x.UpdatedAt = SubUnsubscribed, &now, now
		if err := tx.UpdateSubscriber(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.subscriber.unsubscribe", "news_subscriber", int64(x.ID), old, x)
	})
	return x, already, err
}

// UnsubscribeURL is the absolute unsubscribe link of a subscriber with
// salt (as the deliveries keep it).
func (s *Service) unsubscribeURL(key []byte, id SubscriberID, salt string) string {
	return s.baseURL + "/unsubscribe/" + sign(key, tokUnsubscribe, id, salt)
}

// Complain records a complaint (the subscriber marked a mail as spam):
// the address is suppressed for good (ActNewsletterManage).
func (s *Service) Complain(ctx context.Context, email string) (*Subscriber, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	var x *Subscriber
	err := s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindSubscriberByEmail(ctx, email)
		if err != nil {
			return notFound(err, errNoSub)
		}
		cp := *old
		x = &cp
		if old.Status == SubComplained {
			return nil
		}
		now := s.now().UTC()
		x.Status, x.LeftAt, x.UpdatedAt = SubComplained, &now, now
		if err := tx.UpdateSubscriber(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.subscriber.complaint", "news_subscriber", int64(x.ID), old, x)
	})
	return x, err
}

// maxEmailFilter is the longest address (RFC 5321 path limit).
const maxEmailFilter = 254

// Subscribers lists subscribers (ActNewsletterManage). Limit 0 with all
// set returns every match (the export).
func (s *Service) Subscribers(ctx context.Context, f SubscriberFilter, all bool) ([]*Subscriber, int, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, 0, err
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	if len(f.Email) > maxEmailFilter || !vn.IsText(f.Email) {
		return nil, 0, nil // no address is that long (RFC 5321: 254)
	}
	if all {
		f.Limit, f.Offset = 0, 0
	} else if f.Limit <= 0 || f.Limit > maxPerPage {
		f.Limit = 50
	}
	return s.store.FindSubscribers(ctx, f)
}

// SubscriberCounts counts subscribers by status (ActNewsletterManage).
func (s *Service) SubscriberCounts(ctx context.Context) (map[SubStatus]int, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	return s.store.SubscriberCounts(ctx)
}

// ConfirmTarget returns the subscriber a confirmation link names (the
// page asks to confirm), or ErrBadLink.
func (s *Service) ConfirmTarget(ctx context.Context, token string) (*Subscriber, error) {
	x, err := s.verify(ctx, s.store, tokConfirm, token)
	if err != nil {
		return nil, err
	}
	if x.Status != SubPending && x.Status != SubConfirmed {
		return nil, ErrBadLink
	}
	return x, nil
}
