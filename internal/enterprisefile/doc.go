// Package enterprisefile imports enterprises into the registry from the
// CSV and XLSX files ministries and provinces send, and exports the
// registry to CSV, XLSX and JSON files that import again unchanged.
//
// # Import
//
// The file is read with package sheet (format, encoding, separator, title
// rows, two-row headers, numbering, group, total and signature rows are its
// business). Columns are matched to Fields by their Vietnamese or English
// header, without regard to case, spacing or diacritics; the user may
// correct the mapping (Options.Mapping) after a Preview.
//
// Each data row becomes a registry.Enterprise, normalised and validated by
// registry.Enterprise.Normalize, and, when the row has any figure, one
// year of registry.Figures. The year is, in order: the row's "Năm"/"Year"
// column; Options.Year when the caller set it (nscl import --year); a year
// written in a figures header ("Doanh thu 2024 (triệu đồng)"); else last
// calendar year in Viet Nam. Unit words in a figures header ("triệu đồng",
// "tỷ đồng", "nghìn đồng") multiply the cells of that column.
//
// Every row is imported (inserted, or, when the tax code is in the
// registry, updated with a history entry as registry.Service does) or
// rejected with its line (the CSV line the record starts on, the XLSX row
// number), a registry.Code and a message in Vietnamese and English. A row
// whose values equal what the registry holds is counted as updated but
// writes no history (nothing changed). In a file, the first row of a tax
// code wins; later rows with that code are rejected DUPLICATE_TAX_CODE.
// Provincial officers may import only their province's enterprises: other
// rows are rejected PROVINCE_OUT_OF_SCOPE; rows without a province take
// ImportOptions.Province, by default the officer's own.
//
// History and audit: a changed enterprise gets "enterprise.update" and
// "enterprise.figures.put" history entries with their audit entries, as
// registry.Service writes them; the enterprises a batch creates get one
// "enterprise.import" audit entry (file, lines, the range of new ids,
// counts) rather than a history entry each, so that a million-row import
// is not three million writes.
//
// Rows are committed in batches (BatchSize), each batch in one
// transaction with its history, audit entry, rejected rows and, for an
// upload, the checkpoint (the last line committed). A crash or kill leaves
// whole batches only; an import of an upload resumes after its checkpoint,
// and the command line import prints the last committed line after each
// batch and can simply be run again (committed rows then count as updated
// without change).
//
// # Export
//
// Export writes the enterprises matching a registry.Filter that the actor
// may see, with the figures of their latest year: CSV (UTF-8 with a BOM, so
// that Excel reads the diacritics), XLSX (streamed) or JSON
// ({"records": [...]}). CSV and XLSX headers are the Vietnamese aliases of
// Fields, so an export imports again without a mapping. Text cells that
// begin with = + - or @ are written with a leading apostrophe, so that a
// spreadsheet never runs them as formulas; the importer removes that
// apostrophe again.
//
// Glossary: MST (mã số thuế) = tax code; nhập = import; xuất = export;
// dòng bị từ chối = rejected row; báo cáo = report.
package enterprisefile
