package spc

import (
	"errors"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name   string
		chart  string
		in     string
		values []float64
		labels []string
		counts []float64
		sizes  []float64
	}{
		{"single column with header", "imr", "value\n1.5\n2\n\n3\n", []float64{1.5, 2, 3}, nil, nil, nil},
		{"BOM, comments and CRLF", "imr", "\xef\xbb\xbf# note\r\nx\r\n1\r\n2\r\n", []float64{1, 2}, nil, nil, nil},
		{"subgroups in first-appearance order", "xbar-r", "lot,v\nB,1\nA,2\nB,3\n", []float64{1, 2, 3}, []string{"B", "A", "B"}, nil, nil},
		{"semicolon with decimal comma", "xbar-s", "nhóm;giá trị\n1;74,030\n1;73,995\n", []float64{74.03, 73.995}, []string{"1", "1"}, nil, nil},
		{"quoted fields", "imr", "\"v\"\n\"4.5\"\n", []float64{4.5}, nil, nil, nil},
		{"attribute count,size", "p", "d,n\n3,50\n4,50\n", nil, nil, []float64{3, 4}, []float64{50, 50}},
		{"c chart single column", "c", "7\n9\n", nil, nil, []float64{7, 9}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := ReadCSV(strings.NewReader(tt.in), tt.chart)
			if err != nil {
				t.Fatal(err)
			}
			if !equalFloats(req.Values, tt.values) || !equalStrings(req.Subgroups, tt.labels) ||
				!equalFloats(req.Counts, tt.counts) || !equalFloats(req.Sizes, tt.sizes) {
				t.Errorf("got %+v", req)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name  string
		chart string
		in    string
		code  string
		line  int
	}{
		{"bad number", "imr", "v\n1\nabc\n", CodeBadInput, 3},
		{"NaN", "imr", "1\nNaN\n", CodeNonFinite, 2},
		{"ragged", "xbar-r", "a,1\nb\n", CodeBadInput, 2},
		{"too many columns", "imr", "1,2,3\n", CodeBadInput, 1},
		{"p needs a size column", "p", "3\n", CodeBadInput, 1},
		{"empty", "imr", "# only a comment\n\n", CodeEmptyInput, 0},
		{"unknown chart", "pie", "1\n", CodeBadChart, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in), tt.chart)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Line != tt.line {
				t.Fatalf("got %v, want code %s line %d", err, tt.code, tt.line)
			}
			if e.Vi == "" || e.En == "" || e.Vietnamese() == e.Error() {
				t.Errorf("need both languages: %q / %q", e.Vi, e.En)
			}
		})
	}
}

func TestReadJSON(t *testing.T) {
	req, err := ReadJSON(strings.NewReader(`{"chart":"xbar-r","values":[1,2,3,4],"subgroups":[1,"1",2,2],"lsl":0.5,"rules":"nelson"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(req.Subgroups, []string{"1", "1", "2", "2"}) || req.LSL == nil || *req.LSL != 0.5 || req.USL != nil {
		t.Errorf("got %+v", req)
	}
	for _, bad := range []string{`{"chart":"imr","valuez":[1]}`, `{"chart":"imr"} {}`, `{"chart":`, `{"subgroups":[true]}`} {
		_, err := ReadJSON(strings.NewReader(bad))
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeBadInput {
			t.Errorf("%s: got %v, want bad_input", bad, err)
		}
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
