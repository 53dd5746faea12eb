package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/pprof"
	"sync"
	"testing"
	"time"
)

// TEMPORARY profiling harness (removed after use).
func TestProfVerify(t *testing.T) {
	dir := os.Getenv("PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + dir + "/nscl.db"
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	f, _ := os.Open(dir + "/codes.txt")
	var codes []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		codes = append(codes, sc.Text())
	}
	cl := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	run := func(d time.Duration) int {
		var n int
		var mu sync.Mutex
		var wg sync.WaitGroup
		end := time.Now().Add(d)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := 0
				for time.Now().Before(end) {
					res, err := cl.Get(srv.URL() + "/verify/" + codes[rand.IntN(len(codes))])
					if err != nil {
						t.Error(err)
						return
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					c++
				}
				mu.Lock()
				n += c
				mu.Unlock()
			}()
		}
		wg.Wait()
		return n
	}
	run(2 * time.Second)
	pf, _ := os.Create(dir + "/cpu.prof")
	pprof.StartCPUProfile(pf)
	n := run(8 * time.Second)
	pprof.StopCPUProfile()
	t.Logf("%d requests in 8 s: %.0f/s", n, float64(n)/8)
}
