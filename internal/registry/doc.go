// Package registry is the enterprise registry (sổ đăng ký doanh nghiệp).
//
// This is its first slice, made by the foundation: an enterprise's tax code
// (mã số thuế, MST), name and province, enough for enterprise users to be
// scoped to their firm and for the demo generator to fill a national-size
// registry. The registry issue adds the rest (branches, VSIC, yearly figures,
// size class, productivity, eligibility, imports).
//
// Glossary: doanh nghiệp = enterprise; MST = tax code (10 digits, or 13 for a
// branch); tỉnh/thành phố = province (one of the 34 units since 1 July 2025).
package registry
