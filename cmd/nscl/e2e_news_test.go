package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/mail"
	"nscl/internal/news"
)

var e2eNewsLink = regexp.MustCompile(`https?://[^\s]+/(subscribe/confirm|unsubscribe)/[0-9]+\.[A-Za-z0-9_-]+`)

// e2eNewsMail returns the link of kind ("subscribe/confirm" or
// "unsubscribe") in the newest outbox mail to email.
func e2eNewsMail(t *testing.T, env *e2eEnv, email, kind string) string {
	t.Helper()
	sys := auth.SystemContext(context.Background())
	msgs, _, err := env.srv.app.mail.FindMessages(sys, mail.Filter{To: email, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, l := range e2eNewsLink.FindAllString(m.Body, -1) {
			if strings.Contains(l, "/"+kind+"/") {
				return l
			}
		}
	}
	t.Fatalf("no %s link in the mails to %s", kind, email)
	return ""
}

// e2eNews drives news, the feed, subscriptions and newsletters in the browser.
func e2eNews(t *testing.T, env *e2eEnv) {
	m := env.newUser(t, "news-ministry")
	m.signInDemo(env.login("ministry"))

	// An article whose body tries a script: published, sanitised.
	m.submit(`nav.nav a[href="/news"]`, 200)
	m.wantText(".page-header h1", "Tin tức")
	m.submit(`.news-tabs a[href="/news/manage"]`, 200)
	m.submit(`.page-header a[href="/news/new"]`, 200)
	m.submit(`form.news-form button[type=submit]`, 422)
	m.wantText("#title ~ .field-error", "Nhập tiêu đề.")
	m.fill("#title", "Hội thảo Kaizen cho doanh nghiệp cơ khí Hải Phòng")
	m.choose("#category", "event")
	e2eType(m, "#summary", "Sở Công Thương Hải Phòng tổ chức hội thảo chia sẻ kinh nghiệm Kaizen.")
	e2eType(m, "#body", "Nội dung **chính**.\n\n<script>document.title='hacked'</script><img src=x onerror=\"document.title='hacked'\"> [bấm](javascript:alert(1))")
	m.fill("#tags", "Kaizen, Cơ khí")
	m.click(`input[name=publish][value="1"]`)
	m.submit(`form.news-form button[type=submit]`, 200)
	m.wantFlash("Đã lưu bài viết.")
	m.wantText(".page-header h1", "Hội thảo Kaizen cho doanh nghiệp cơ khí Hải Phòng")
	m.wantContains(".news-body strong", "chính")
	if n := len(m.texts(".news-body script, .news-body img[onerror], .news-body a[href^=javascript]")); n != 0 {
		t.Errorf("the article page holds %d unsafe elements", n)
	}
	articlePath := m.path()
	for _, u := range []string{"/api/v1" + articlePath, "/news/feed.atom"} {
		resp, err := http.Get(env.base + u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "Kaizen cho doanh nghiệp") {
			t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
		}
		for _, bad := range []string{"<script", "&lt;script", `\u003cscript`, "onerror", "javascript:"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s holds %q", u, bad)
			}
		}
	}

	// The public list finds it without diacritics; the feed carries it.
	v := env.newUser(t, "news-visitor")
	v.open("/news?q=kaizen+hai+phong", 200)
	v.wantContains(".news-cards", "Hội thảo Kaizen cho doanh nghiệp cơ khí Hải Phòng")
	v.submit(`.news-cards a[href="`+articlePath+`"]`, 200)
	if got := v.attr(`meta[property="og:type"]`, "content"); got != "article" {
		t.Errorf("og:type = %q", got)
	}
	v.open("/news/feed.atom", 200)

	// Subscribe: consent required, then double opt-in.
	const email = "ban-doc-e2e@example.vn"
	v.open("/subscribe", 200)
	v.fill("#email", email)
	v.fill("#name", "Trần Thị Bạn Đọc")
	v.click(`input[name=sectors][value="mechanical"]`)
	v.choose("#role", "enterprise")
	v.submit(`form.subscribe-form button[type=submit]`, 422)
	v.wantContains("#consent ~ .field-error, .field-error", "Nghị định 13/2023")
	v.click("#consent")
	v.submit(`form.subscribe-form button[type=submit]`, 200)
	v.wantContains(".flash-success", "Chúng tôi đã gửi thư xác nhận tới")
	confirm := e2eNewsMail(t, env, email, "subscribe/confirm")
	v.open(confirm, 200)
	v.submit(`main form button[type=submit]`, 200)
	v.wantContains(".flash-success", "Đăng ký đã được xác nhận")

	// A newsletter with the article, to every confirmed subscriber.
	m.open("/news", 200)
	m.submit(`.news-tabs a[href="/newsletters"]`, 200)
	m.submit(`.page-header a[href="/newsletters/new"]`, 200)
	m.fill("#subject", "Bản tin thử nghiệm E2E")
	e2eType(m, "#intro", "Chào **quý vị**.")
	m.click(`.news-picks label:first-child input[name=articles]`)
	m.click(`input[name=sectors][value="mechanical"]`)
	m.submit(`form.newsletter-form button[type=submit]`, 200)
	m.wantFlash("Đã lưu bản tin.")
	m.wantContains(".newsletter-text", "Hủy đăng ký / Unsubscribe")
	m.submit(`form.news-send button[type=submit]`, 200)
	m.wantFlash("Đang gửi bản tin.")
	deadline := time.Now().Add(30 * time.Second)
	for {
		nls, _, err := env.srv.app.db.News().FindNewsletters(context.Background(), 0, 1)
		if err == nil && len(nls) > 0 && nls[0].Status == news.NLSent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the newsletter was not sent in time: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// The mail's unsubscribe link: confirm, then reuse, then forge.
	unsub := e2eNewsMail(t, env, email, "unsubscribe")
	v.open(unsub, 200)
	v.submit(`main form button[type=submit]`, 200)
	v.wantContains(".flash-success", "Đã hủy đăng ký cho")
	v.open(unsub, 200)
	v.wantContains(".flash-success", "đã hủy đăng ký từ trước")
	v.open(unsub[:strings.LastIndex(unsub, ".")]+".Zm9yZ2VkLXRva2Vu", 404)
	v.wantContains("main", "Liên kết không hợp lệ")
}
