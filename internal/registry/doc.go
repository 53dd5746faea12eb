// Package registry is the enterprise registry (sổ đăng ký doanh nghiệp).
//
// An enterprise is identified by its tax code (mã số thuế, MST: 10 digits
// with a check digit, or 13 for a branch, written 0314409058-002; a branch
// links to its head office). It has a province (one of the 34 units since
// 1 July 2025; old names and codes resolve through geo), a main business
// line (VSIC 2018 or 2025, 2–5 digits) from which its section, Decree 80
// sector group and priority industry follow, an ownership type, contacts,
// the fields it makes public, and officer-only judgements (sector-specific,
// replicable) that feed the depth track.
//
// Yearly figures (employees, revenue, capital, value added, energy in kWh,
// exports; money in whole đồng) give each year a Decree 80 size class and a
// labour productivity with its growth. The latest year's size class is kept
// on the enterprise row for filters and facets.
//
// Eligibility for the programme's tracks (breadth = chiều rộng, depth =
// chiều sâu) follows rules that are programme settings with effective dates
// (the settings table), never constants: Evaluate explains its answer in
// Vietnamese and English.
//
// Enterprise users claim their firm by tax code; an officer approves. Every
// change writes the enterprise's history (before/after JSON) and the audit
// log in the same transaction. Rule violations carry stable codes
// (Problem, Code) that imports reuse.
//
// Glossary: doanh nghiệp = enterprise; MST = tax code; tỉnh/thành phố =
// province; VSIC = Vietnam Standard Industrial Classification; vốn đối ứng =
// counterpart (co-)funding; quy mô = size class (siêu nhỏ, nhỏ, vừa, lớn).
package registry
