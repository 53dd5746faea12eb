// Command gen writes the deterministic benchmark dataset for bench/spc: n
// values (default 1,000,000) from N(10, 1) with a fixed seed, one per row
// under a "value" header, so that the R reference and the Go benchmark read
// the same numbers.
//
//	go run ./bench/spc/gen -n 1000000 -o /tmp/spc-bench.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
)

func main() {
	n := flag.Int("n", 1_000_000, "number of values")
	out := flag.String("o", "", "output file (default standard output)")
	seed := flag.Uint64("seed", 20240601, "PCG seed")
	flag.Parse()
	if err := run(*n, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n int, out string, seed uint64) error {
	f := os.Stdout
	if out != "" {
		var err error
		if f, err = os.Create(out); err != nil {
			return err
		}
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(seed, 1))
	w.WriteString("value\n")
	buf := make([]byte, 0, 32)
	for range n {
		buf = strconv.AppendFloat(buf[:0], 10+r.NormFloat64(), 'f', 6, 64)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if out != "" {
		return f.Close()
	}
	return nil
}
