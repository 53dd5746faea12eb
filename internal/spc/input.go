package spc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// ReadCSV reads chart data from r and returns a Request for chart with the
// data fields filled in (Values and Subgroups, or Counts and Sizes); the
// caller adds the options. The accepted layouts are:
//
//	variables charts (xbar-r, xbar-s, imr, ewma, cusum):
//	    subgroup,value   one measurement per row; subgroups may differ in
//	                     size and keep their order of first appearance
//	    value            a single column (I–MR, EWMA, CUSUM, or any chart
//	                     with Request.Subgroup set)
//	attribute charts (p, np, c, u):
//	    count,size       the c chart also accepts a single count column
//
// The separator is a semicolon if the first row contains one, else a comma;
// with semicolons a decimal comma is accepted ("74,030"). An optional
// header row (the first row, when its numeric column does not parse), a
// UTF-8 byte-order mark, blank lines and lines starting with '#' (comments)
// are allowed. Errors are *Error values with the line number.
func ReadCSV(r io.Reader, chart string) (*Request, error) {
	chart = strings.ToLower(strings.TrimSpace(chart))
	attr := false
	switch chart {
	case ChartXbarR, ChartXbarS, ChartIMR, ChartEWMA, ChartCUSUM:
	case ChartP, ChartNP, ChartC, ChartU:
		attr = true
	default:
		return nil, errorf(CodeBadChart, "loại biểu đồ %q không được hỗ trợ", "unknown chart %q", chart)
	}
	req := &Request{Chart: chart}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var sep byte
	cols, line, rows := 0, 0, 0
	var fields []string
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		s := strings.TrimSpace(string(b))
		if s == "" || s[0] == '#' {
			continue
		}
		if sep == 0 {
			sep = ','
			if strings.IndexByte(s, ';') >= 0 {
				sep = ';'
			}
		}
		fields = splitFields(fields[:0], s, sep)
		first := cols == 0
		if first {
			cols = len(fields)
			if cols < 1 || cols > 2 || (attr && cols == 1 && chart != ChartC) {
				want := "subgroup,value or value"
				wantVi := "subgroup,value hoặc value"
				if attr {
					want, wantVi = "count,size", "count,size"
				}
				return nil, lineErrorf(line, CodeBadInput, "cần các cột %[1]s, có %[3]d cột", "expected columns %[2]s, got %[3]d", wantVi, want, cols)
			}
		} else if len(fields) != cols {
			return nil, lineErrorf(line, CodeBadInput, "cần %d cột, có %d", "expected %d columns, got %d", cols, len(fields))
		}
		if attr {
			c, err := parseNumber(fields[0], sep)
			if err != nil && first && rows == 0 {
				continue // header
			}
			if err != nil {
				return nil, withLine(line, err)
			}
			req.Counts = append(req.Counts, c)
			if cols == 2 {
				n, err := parseNumber(fields[1], sep)
				if err != nil {
					return nil, withLine(line, err)
				}
				req.Sizes = append(req.Sizes, n)
			}
		} else {
			v, err := parseNumber(fields[cols-1], sep)
			if err != nil && first && rows == 0 {
				continue // header
			}
			if err != nil {
				return nil, withLine(line, err)
			}
			req.Values = append(req.Values, v)
			if cols == 2 {
				if fields[0] == "" {
					return nil, lineErrorf(line, CodeBadInput, "thiếu nhãn nhóm con", "missing subgroup label")
				}
				req.Subgroups = append(req.Subgroups, fields[0])
			}
		}
		rows++
	}
	if err := sc.Err(); err != nil {
		return nil, errorf(CodeBadInput, "không đọc được CSV: %v", "cannot read the CSV: %v", err)
	}
	if rows == 0 {
		return nil, errorf(CodeEmptyInput, "tệp CSV không có dòng dữ liệu nào", "the CSV has no data rows")
	}
	return req, nil
}

// withLine adds a line number to a parse error.
func withLine(line int, e *Error) *Error {
	return lineErrorf(line, e.Code, "%[1]s", "%[2]s", e.Vi, e.En)
}

// splitFields splits s on sep, trimming spaces and one pair of quotes.
func splitFields(dst []string, s string, sep byte) []string {
	for {
		i := strings.IndexByte(s, sep)
		f := s
		if i >= 0 {
			f = s[:i]
		}
		f = strings.TrimSpace(f)
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = strings.TrimSpace(f[1 : len(f)-1])
		}
		dst = append(dst, f)
		if i < 0 {
			return dst
		}
		s = s[i+1:]
	}
}

// parseNumber parses a finite number; with ';' separators a decimal comma
// is accepted.
func parseNumber(f string, sep byte) (float64, *Error) {
	if sep == ';' {
		f = strings.Replace(f, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(f, 64)
	if err != nil {
		return 0, errorf(CodeBadInput, "%q không phải là số", "%q is not a number", f)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errorf(CodeNonFinite, "%q không phải là số hữu hạn", "%q is not a finite number", f)
	}
	return v, nil
}

// ReadJSON decodes one Request from r. Unknown fields and trailing data
// are errors (CodeBadInput), so typos in option names do not pass silently.
func ReadJSON(r io.Reader) (*Request, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var req Request
	if err := dec.Decode(&req); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, errorf(CodeBadInput, "JSON không hợp lệ: %v", "invalid JSON: %v", err)
	}
	if dec.More() {
		return nil, errorf(CodeBadInput, "JSON có dữ liệu thừa sau yêu cầu", "unexpected data after the JSON request")
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, errorf(CodeBadInput, "JSON có dữ liệu thừa sau yêu cầu", "unexpected data after the JSON request")
	}
	return &req, nil
}
