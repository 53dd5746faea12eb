package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"nscl/internal/spc"
)

// optFloat is a float flag that remembers whether it was given.
type optFloat struct{ p **float64 }

func (o optFloat) String() string {
	if o.p == nil || *o.p == nil {
		return ""
	}
	return strconv.FormatFloat(**o.p, 'g', -1, 64)
}

func (o optFloat) Set(s string) error {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return fmt.Errorf("không phải số / not a number: %q", s)
	}
	*o.p = &v
	return nil
}

// cmdSPC runs `nscl spc analyze`: read a CSV or JSON file, analyse it, print
// the result as JSON (schema: internal/spc/schema.md).
func cmdSPC(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "analyze" {
		return fmt.Errorf("dùng / use: nscl spc analyze --chart xbar-r|xbar-s|imr|p|np|c|u|ewma|cusum [options] FILE")
	}
	fs := newFlagSet("spc analyze", stderr)
	var flags spc.Request
	var exclude string
	fs.StringVar(&flags.Chart, "chart", "", "xbar-r, xbar-s, imr, p, np, c, u, ewma or cusum (required for CSV)")
	fs.IntVar(&flags.Subgroup, "subgroup", 0, "subgroup size when the file has one value column")
	fs.Var(optFloat{&flags.LSL}, "lsl", "lower specification limit")
	fs.Var(optFloat{&flags.USL}, "usl", "upper specification limit")
	fs.Var(optFloat{&flags.Target}, "target", "target value (for Cpm)")
	fs.StringVar(&flags.Rules, "rules", "", "run rules: we (default), nelson or none")
	fs.Var(optFloat{&flags.Lambda}, "lambda", "EWMA weight λ (default 0.2)")
	fs.Var(optFloat{&flags.L}, "L", "EWMA limit width L (default 3)")
	fs.Var(optFloat{&flags.K}, "k", "CUSUM reference value k in sigma (default 0.5)")
	fs.Var(optFloat{&flags.H}, "h", "CUSUM decision interval h in sigma (default 5)")
	fs.Var(optFloat{&flags.HeadStart}, "head-start", "CUSUM head start in sigma (default 0)")
	fs.IntVar(&flags.Span, "span", 0, "I–MR moving-range span (default 2)")
	fs.StringVar(&exclude, "exclude", "", "point numbers to leave out of the limits, e.g. 6,20")
	fs.StringVar(&flags.Constants, "constants", "", "exact (default) or table (3-decimal printed tables)")
	fs.Float64Var(&flags.Confidence, "confidence", 0, "confidence level of capability intervals (default 0.95)")
	fs.Var(optFloat{&flags.Mean}, "mean", "phase II: known process mean")
	fs.Var(optFloat{&flags.Sigma}, "sigma", "phase II: known process sigma")
	fs.Var(optFloat{&flags.P}, "p", "phase II: known fraction defective")
	fs.Var(optFloat{&flags.C}, "c", "phase II: known defects per unit (c chart)")
	fs.Var(optFloat{&flags.U}, "u", "phase II: known defects per unit (u chart)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("cần đúng một tệp (hoặc - cho đầu vào chuẩn) / need exactly one FILE (or - for standard input)")
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	br := bufio.NewReader(in)
	head, _ := br.Peek(512)
	var req *spc.Request
	var err error
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(t) > 0 && t[0] == '{' {
		req, err = spc.ReadJSON(br)
	} else {
		if flags.Chart == "" {
			return errors.New("--chart là bắt buộc với tệp CSV / --chart is required for a CSV file")
		}
		req, err = spc.ReadCSV(br, flags.Chart)
	}
	if err != nil {
		return spcError(err)
	}
	if exclude != "" {
		for _, s := range strings.Split(exclude, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return fmt.Errorf("--exclude: %q không phải số điểm / is not a point number", s)
			}
			flags.Exclude = append(flags.Exclude, n)
		}
	}
	mergeFlags(req, &flags)
	res, err := spc.Analyze(*req)
	if err != nil {
		return spcError(err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// mergeFlags copies the options given on the command line over the file's.
func mergeFlags(req, f *spc.Request) {
	if f.Chart != "" {
		req.Chart = f.Chart
	}
	if f.Subgroup != 0 {
		req.Subgroup = f.Subgroup
	}
	if f.Rules != "" {
		req.Rules = f.Rules
	}
	if f.Span != 0 {
		req.Span = f.Span
	}
	if f.Constants != "" {
		req.Constants = f.Constants
	}
	if f.Confidence != 0 {
		req.Confidence = f.Confidence
	}
	if f.Exclude != nil {
		req.Exclude = f.Exclude
	}
	for _, p := range []struct{ dst, src **float64 }{
		{&req.LSL, &f.LSL}, {&req.USL, &f.USL}, {&req.Target, &f.Target}, {&req.Lambda, &f.Lambda}, {&req.L, &f.L},
		{&req.K, &f.K}, {&req.H, &f.H}, {&req.HeadStart, &f.HeadStart}, {&req.Mean, &f.Mean}, {&req.Sigma, &f.Sigma},
		{&req.P, &f.P}, {&req.C, &f.C}, {&req.U, &f.U},
	} {
		if *p.src != nil {
			*p.dst = *p.src
		}
	}
}

// spcError shows an engine error in both languages.
func spcError(err error) error {
	var se *spc.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%s\n%s", se.Vietnamese(), se.Error())
	}
	return err
}
