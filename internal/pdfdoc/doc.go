// Package pdfdoc lays out the platform's official PDF documents (reports,
// later certificates and decisions) in the format of Decree 30/2020/NĐ-CP,
// Appendix I: A4 portrait; margins 20 mm top and bottom, 30 mm left, 15 mm
// right; a Times-metric Unicode font (Liberation Serif, embedded, with every
// Vietnamese glyph); the issuing body at the top left with a short rule
// under it; the national header "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the
// motto "Độc lập - Tự do - Hạnh phúc" at the top right with a rule as long
// as the motto; the place-and-date line in italics ("Hà Nội, ngày 05 tháng
// 3 năm 2026": a leading zero for days 1–9 and months 1 and 2); the
// document type name and summary centred in bold; page numbers centred in
// the top margin from page 2 on.
//
// The package knows nothing of the domains: a domain draws its own content
// with the helpers here (headings, paragraphs, key–value lists, tables that
// repeat their header row on a new page) or with the underlying fpdf
// document (PDF) for drawings. Errors accumulate in the document and are
// returned by Output.
//
// The fonts are Liberation Serif 2.1.5 (regular, bold, italic), under the
// SIL Open Font License 1.1 (fonts/OFL.txt).
package pdfdoc
