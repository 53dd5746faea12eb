package spc

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// Benchmarks on 1,000,000 values. Run:
//
//	go test -run '^$' -bench . -benchtime 20x -cpu 1 ./internal/spc/
//
// BenchmarkDataset* time the same charts on the CSV written by
// bench/spc/gen when SPC_BENCH_CSV names it (see bench/spc/run.sh).

const benchN = 1_000_000

func benchValues() []float64 {
	r := rand.New(rand.NewPCG(20240601, 1))
	x := make([]float64, benchN)
	for i := range x {
		x[i] = 10 + r.NormFloat64()
	}
	return x
}

func benchAnalyze(b *testing.B, req Request) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIMRNelson1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartIMR, Values: benchValues(), Rules: RulesNelson})
}

func BenchmarkIMRWE1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartIMR, Values: benchValues(), Rules: RulesWesternElectric})
}

func BenchmarkXbarR1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartXbarR, Values: benchValues(), Subgroup: 5, Rules: RulesNelson})
}

func BenchmarkXbarS1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartXbarS, Values: benchValues(), Subgroup: 5, Rules: RulesNelson})
}

func BenchmarkXbarRLabels1M(b *testing.B) {
	x := benchValues()
	labels := make(Labels, len(x))
	names := make([]string, len(x)/5)
	for j := range names {
		names[j] = "g" + strconv.Itoa(j)
	}
	for i := range x {
		labels[i] = names[i/5]
	}
	benchAnalyze(b, Request{Chart: ChartXbarR, Values: x, Subgroups: labels})
}

func BenchmarkEWMA1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartEWMA, Values: benchValues()})
}

func BenchmarkCUSUM1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartCUSUM, Values: benchValues()})
}

func BenchmarkPChart1M(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 7))
	c, n := make([]float64, benchN), make([]float64, benchN)
	for i := range c {
		n[i] = float64(50 + r.IntN(50))
		c[i] = float64(r.IntN(10))
	}
	benchAnalyze(b, Request{Chart: ChartP, Counts: c, Sizes: n, Rules: RulesNelson})
}

func BenchmarkIMRCapability1M(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartIMR, Values: benchValues(), LSL: Float64(6), USL: Float64(14)})
}

// datasetRequest reads the CSV named by SPC_BENCH_CSV (one value column).
func datasetRequest(b *testing.B) []float64 {
	path := os.Getenv("SPC_BENCH_CSV")
	if path == "" {
		b.Skip("SPC_BENCH_CSV not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	req, err := ReadCSV(f, ChartIMR)
	if err != nil {
		b.Fatal(err)
	}
	return req.Values
}

func BenchmarkDatasetIMRNelson(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartIMR, Values: datasetRequest(b), Rules: RulesNelson})
}

func BenchmarkDatasetXbarR(b *testing.B) {
	benchAnalyze(b, Request{Chart: ChartXbarR, Values: datasetRequest(b), Subgroup: 5, Rules: RulesNelson})
}
