package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/spc"
)

const tagSPC = "Kiểm soát quá trình SPC (SPC)"

// maxSPCBody allows about a million values in one request.
const maxSPCBody = 32 << 20

type spcInput struct {
	Body spc.Request
}

type spcOutput struct {
	Body *spc.Result
}

func (a *API) registerSPC() {
	register(a, huma.Operation{
		OperationID: "spc-analyze", Method: http.MethodPost, Path: Prefix + "/spc/analyze", Tags: []string{tagSPC},
		Summary: "Phân tích biểu đồ kiểm soát (analyse a control chart)",
		Description: "Tính giới hạn kiểm soát, các điểm vượt giới hạn, quy tắc Western Electric hoặc Nelson và năng lực quá trình " +
			"cho biểu đồ xbar-r, xbar-s, imr, p, np, c, u, ewma hoặc cusum. Điểm được đánh số từ 1. " +
			"(Control limits, points beyond them, Western Electric or Nelson run rules and process capability for the chart; " +
			"points are numbered from 1. The same engine as `nscl spc analyze`; schema in internal/spc/schema.md.)",
		MaxBodyBytes: maxSPCBody,
		Errors:       []int{http.StatusUnprocessableEntity},
	}, a.handleSPCAnalyze)
}

func (a *API) handleSPCAnalyze(ctx context.Context, in *spcInput) (*spcOutput, error) {
	if auth.ActorFrom(ctx).IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập hoặc dùng mã truy cập API.", "Please sign in or use an API token.")
	}
	res, err := spc.Analyze(in.Body)
	if err != nil {
		var se *spc.Error
		if errors.As(err, &se) {
			return nil, fault.Wrap(fault.Invalid, err, se.Vi, se.En)
		}
		return nil, err
	}
	return &spcOutput{Body: res}, nil
}
