package quality

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nscl/internal/fault"
)

// Upload stores the measurements of a CSV or XLSX file (chosen by name's
// extension). Rows are "subgroup,value" or "value" for variables charts and
// "count,size" or "count" for attribute charts; a header row, blank rows and
// (CSV) '#' comments are skipped; with ';' separators a decimal comma is
// accepted. Every row is checked first: on any error nothing is stored and
// the error names the rows (field "file").
func (s *Service) Upload(ctx context.Context, id CharacteristicID, name string, r io.Reader) (*Ingested, error) {
	c, err := s.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.writable(ctx, c.EnterpriseID); err != nil {
		return nil, err
	}
	ms, err := ParseFile(c, name, r)
	if err != nil {
		return nil, err
	}
	return s.ingest(ctx, c, SourceUpload, ms)
}

func fileError(vi, en string) error {
	return (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: vi, En: en}}).Field("file", vi, en)
}

var rowWord = fault.Text{Vi: "Dòng", En: "Row"}

// ParseFile reads and checks the rows of an uploaded file for c.
func ParseFile(c *Characteristic, name string, r io.Reader) ([]MeasurementInput, error) {
	lower := strings.ToLower(name)
	var rows [][]string
	var lines []int
	var err error
	switch {
	case strings.HasSuffix(lower, ".xlsx"):
		rows, lines, err = readXLSX(r)
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".txt"):
		rows, lines, err = readCSV(r)
	default:
		return nil, fileError("Tệp phải có đuôi .csv hoặc .xlsx.", "The file must be a .csv or .xlsx file.")
	}
	if err != nil {
		return nil, err
	}
	return parseRows(c, rows, lines)
}

// readCSV splits a CSV file into rows, remembering each row's line.
func readCSV(r io.Reader) ([][]string, []int, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return nil, nil, fileError("Tệp này là tệp Excel; hãy đặt đuôi .xlsx.", "This is an Excel file; name it .xlsx.")
	}
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	if bytes.IndexByte(first, ';') >= 0 {
		cr.Comma = ';'
	}
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, nil, fileError(fmt.Sprintf("Không đọc được CSV ở dòng %d.", line), fmt.Sprintf("Cannot read the CSV at line %d.", line))
		}
		line, _ := cr.FieldPos(0)
		if len(rows) >= MaxUploadRows+1 {
			return nil, nil, fileError(fmt.Sprintf("Tệp có quá %d dòng.", MaxUploadRows), fmt.Sprintf("The file has more than %d rows.", MaxUploadRows))
		}
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	if cr.Comma == ';' {
		for _, rec := range rows {
			for i := range rec {
				rec[i] = strings.Replace(rec[i], ",", ".", 1)
			}
		}
	}
	return rows, lines, nil
}

// readXLSX reads the first sheet of a workbook, streaming its rows.
func readXLSX(r io.Reader) ([][]string, []int, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, nil, fileError("Không mở được tệp Excel.", "Cannot open the Excel file.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, fileError("Tệp Excel không có trang tính nào.", "The workbook has no sheet.")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, nil, fileError("Không đọc được trang tính.", "Cannot read the sheet.")
	}
	defer it.Close()
	var rows [][]string
	var lines []int
	line := 0
	for it.Next() {
		line++
		cols, err := it.Columns()
		if err != nil {
			return nil, nil, fileError(fmt.Sprintf("Không đọc được dòng %d.", line), fmt.Sprintf("Cannot read row %d.", line))
		}
		if len(rows) >= MaxUploadRows+1 {
			return nil, nil, fileError(fmt.Sprintf("Tệp có quá %d dòng.", MaxUploadRows), fmt.Sprintf("The file has more than %d rows.", MaxUploadRows))
		}
		rows = append(rows, cols)
		lines = append(lines, line)
	}
	return rows, lines, nil
}

// parseRows converts rows to measurements and checks them all, collecting
// every problem with its row number.
func parseRows(c *Characteristic, rows [][]string, lines []int) ([]MeasurementInput, error) {
	var ms []MeasurementInput
	var probs []rowProblem
	cols := 0
	for i, rec := range rows {
		for len(rec) > 0 && strings.TrimSpace(rec[len(rec)-1]) == "" {
			rec = rec[:len(rec)-1]
		}
		if len(rec) == 0 {
			continue
		}
		for j := range rec {
			rec[j] = strings.TrimSpace(rec[j])
		}
		line := lines[i]
		first := cols == 0
		if first {
			cols = len(rec)
			if cols > 2 {
				want := "subgroup,value / value"
				if c.IsAttribute() {
					want = "count,size / count"
				}
				return nil, fileError(fmt.Sprintf("Dòng %d: cần 1 hoặc 2 cột (%s), có %d.", line, want, cols),
					fmt.Sprintf("Row %d: expected 1 or 2 columns (%s), got %d.", line, want, cols))
			}
		}
		if len(rec) != cols {
			probs = append(probs, rowProblem{line, fmt.Sprintf("cần %d cột, có %d", cols, len(rec)), fmt.Sprintf("expected %d columns, got %d", cols, len(rec))})
			continue
		}
		var m MeasurementInput
		var numErr *rowProblem
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				if numErr == nil {
					numErr = &rowProblem{line, fmt.Sprintf("%q không phải là số hữu hạn", s), fmt.Sprintf("%q is not a finite number", s)}
				}
			}
			return v
		}
		if c.IsAttribute() {
			m.Value = num(rec[0])
			if cols == 2 {
				m.Size = num(rec[1])
			}
		} else {
			m.Value = num(rec[cols-1])
			if cols == 2 {
				m.Subgroup = rec[0]
				if m.Subgroup == "" && numErr == nil {
					numErr = &rowProblem{line, "thiếu nhãn nhóm con", "missing subgroup label"}
				}
			}
		}
		if numErr != nil {
			if first && len(ms) == 0 && len(probs) == 0 {
				continue // a header row
			}
			probs = append(probs, *numErr)
			continue
		}
		if vi, en := checkRow(c, &m); vi != "" {
			probs = append(probs, rowProblem{line, vi, en})
			continue
		}
		ms = append(ms, m)
	}
	if len(probs) > 0 {
		return nil, problemsError("file", probs, rowWord)
	}
	if len(ms) == 0 {
		return nil, fileError("Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
	}
	if len(ms) > MaxUploadRows {
		return nil, fileError(fmt.Sprintf("Tệp có quá %d dòng.", MaxUploadRows), fmt.Sprintf("The file has more than %d rows.", MaxUploadRows))
	}
	return ms, nil
}
