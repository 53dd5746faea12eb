// Package library holds the case library and the knowledge base: case
// studies of pilot models and solutions (the problem, the tools applied,
// before/after KPIs taken from the activity's verified results where one
// exists, photos, lessons, sector, province, a contact for visits, and the
// enterprises that replicated it), and the articles and guides on each
// improvement tool (Markdown, linked videos, downloadable templates).
//
// Glossary: thư viện điển hình = case library; mô hình điểm = pilot
// model; bài học kinh nghiệm = lessons; nhân rộng = replication;
// hướng dẫn = guide; biểu mẫu = template.
package library
