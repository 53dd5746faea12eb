// Package sheet reads tables from CSV and XLSX files as ministries,
// provinces and enterprises really send them, and parses the values in
// their cells. It knows nothing about enterprises: the importer declares the
// Fields it wants (a key, the header texts it is known by, whether it is
// required), and gets back rows of Cells keyed by field.
//
// # What it copes with
//
// Format is decided by content, not by the file name: a zip with
// [Content_Types].xml and a workbook is XLSX; text is CSV; PDF, images,
// Excel 97–2003 .xls (OLE), HTML "xls" exports and other binaries are
// refused with CodeNotSpreadsheet ("Tệp không phải CSV hoặc XLSX").
//
// CSV may be UTF-8 with or without a byte-order mark, UTF-16 with a BOM
// (Excel's "Unicode text"), or Windows-1258 (Excel's "CSV" on Vietnamese
// Windows; chosen when the bytes are not valid UTF-8). The separator —
// comma, semicolon, tab or bar — is the one that splits the first lines most
// consistently. Quoted fields may hold separators, quotes and line breaks;
// Row.Line is the line a record starts on.
//
// XLSX is streamed row by row from the worksheet XML, so a million rows
// take the memory of one row plus the shared strings. Without
// Options.Sheet, the sheet whose header matches the fields best is read.
// Numbers keep their stored value (a tax code typed as a number is
// "100233488", a date is its serial) and the cell's Kind says whether it was
// a number, a date-formatted number, a boolean, an error or text.
//
// The header need not be the first row. The first 40 non-empty rows are
// scored as headers, each alone and joined with the row above it (parent
// and child of a two-row header: "Doanh thu (triệu đồng)" merged over
// "2023" and "2024"; merged cells are spread over their range, and in CSV a
// parent is carried right over the empty cells next to it), so title rows
// ("BỘ CÔNG THƯƠNG", "DANH SÁCH DOANH NGHIỆP …", dates) above it are
// passed over. Header texts are compared folded (see Fold: no diacritics,
// đ → d, lower case, punctuation and line breaks as single spaces), first
// for equality with an alias, then for containing one as whole words.
//
// Below the header, Next skips: a row of column numbers ("1" "2" "3" or
// "(1)" "(2)"), group headings ("I. KHU VỰC MIỀN BẮC"), totals ("Tổng
// cộng", "Cộng"), rows with values only in unmapped columns (STT, notes), and
// blank rows; it stops at a signature block ("Người lập biểu", "Thủ trưởng
// đơn vị", "(Ký, họ tên, đóng dấu)", "Hà Nội, ngày … tháng … năm …").
// Skipped reports what was passed over.
//
// # Limits
//
// Options bound the work a hostile or careless upload can cause: MaxBytes
// (checked on the declared size and while reading), MaxRows, MaxCellBytes
// (longer cells are kept but marked Long), and for XLSX MaxUnzipBytes and
// MaxZipRatio, checked on the zip directory before any part is unpacked
// (archive/zip then refuses parts that unpack to more than they declare).
//
// # Values
//
// ParseNumber, ParseInt, ParseMoney, ParseDate, ParseSerialDate, CleanText,
// DigitsOnly, ParseEmail and ParsePhone are pure functions over text; the
// Cell methods of the same names use the stored value of XLSX numbers
// instead. Their rules are documented on each. Every error is an *Error
// with a Code and a message in Vietnamese and English; errors.As turns it
// into a fault.Invalid *fault.Error.
//
// Glossary: STT (số thứ tự) = row number column; MST (mã số thuế) = tax
// code; Tổng cộng = grand total; Người lập biểu = the clerk who drew up the
// table; Thủ trưởng đơn vị = head of the reporting unit; triệu = 10⁶,
// tỷ = 10⁹; đồng (đ, ₫, VND) = the Vietnamese currency.
package sheet
