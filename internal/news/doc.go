// Package news holds the programme's news and newsletters: articles with
// categories and tags, scheduled publication and an Atom feed; newsletter
// subscribers (double opt-in, an unsubscribe link in every mail),
// segments (sector, province, role), issues composed from articles and
// cases, and their sending as a background job that survives a restart
// without sending twice, with bounces and complaints handled from the
// SMTP status.
//
// Glossary: tin tức = news; bản tin = newsletter; người đăng ký =
// subscriber; xác nhận hai bước = double opt-in; hủy đăng ký =
// unsubscribe; phân nhóm = segment; thư bị trả lại = bounce; khiếu nại
// (đánh dấu thư rác) = complaint.
package news
