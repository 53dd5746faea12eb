package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// TestRegister_SlowHandlerKeepsItsContext: a handler still working more
// than 5 s after its body arrived keeps a live context. huma's default
// body read deadline stayed on the connection, and net/http cancels the
// request's context when it passes: a large upload stored on a busy server
// failed with a 500 "context canceled" (TestAPI_ExecutionReportBody under
// load).
func TestRegister_SlowHandlerKeepsItsContext(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 5.5 s")
	}
	t.Parallel()
	a := &API{log: slog.New(slog.DiscardHandler), routes: &routeTable{mux: http.NewServeMux()}}
	a.huma = huma.NewAPI(huma.DefaultConfig("test", "1"), a.routes)
	type in struct {
		Body struct {
			Text string `json:"text"`
		}
	}
	type out struct {
		Body struct {
			OK bool `json:"ok"`
		}
	}
	register(a, huma.Operation{OperationID: "slow", Method: http.MethodPost, Path: "/slow", Security: public},
		func(ctx context.Context, _ *in) (*out, error) {
			select {
			case <-time.After(5500 * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			o := &out{}
			o.Body.OK = true
			return o, nil
		})
	srv := httptest.NewServer(a.routes)
	defer srv.Close()
	res, err := http.Post(srv.URL+"/slow", "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200: the request's context was cancelled while the handler worked", res.StatusCode)
	}
}
