package main

// qualityRoutes are the routes of the quality workspace.
var qualityRoutes = map[string]routeCase{
	// Quality monitoring (SPC): enterprise users manage their own workspace;
	// officers see aggregates (GET /quality) and nothing of an unshared
	// workspace; {qent}, {qproc}, {qchar} are the demo enterprise user's.
	"GET /quality":                                           {path: "/quality", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"POST /quality/sharing":                                  {path: "/quality/sharing", body: "shared=0", want: st{303, 403, 403, 403, 303, 403, 403, 403}},
	"GET /quality/enterprises/{id}":                          {path: "/quality/enterprises/{qent}", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"GET /quality/alerts":                                    {path: "/quality/alerts", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /quality/alerts/read":                              {path: "/quality/alerts/read", body: "id=999999", want: st{303, 404, 404, 404, 303, 404, 404, 404}},
	"GET /quality/processes/new":                             {path: "/quality/processes/new", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /quality/processes":                                {path: "/quality/processes", body: "name=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"GET /quality/processes/{id}":                            {path: "/quality/processes/{qproc}", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"GET /quality/characteristics/new":                       {path: "/quality/characteristics/new?process={qproc}", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /quality/characteristics":                          {path: "/quality/characteristics", body: "process={qproc}&name=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"GET /quality/characteristics/{id}":                      {path: "/quality/characteristics/{qchar}", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"GET /quality/characteristics/{id}/chart.json":           {path: "/quality/characteristics/{qchar}/chart.json", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"GET /quality/characteristics/{id}/capability":           {path: "/quality/characteristics/{qchar}/capability", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"GET /quality/characteristics/{id}/capability.json":      {path: "/quality/characteristics/{qchar}/capability.json", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"GET /quality/characteristics/{id}/export.xlsx":          {path: "/quality/characteristics/{qchar}/export.xlsx", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"POST /quality/characteristics/{id}/measurements":        {path: "/quality/characteristics/{qchar}/measurements", body: "values=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"POST /quality/characteristics/{id}/upload":              {path: "/quality/characteristics/{qchar}/upload", body: "file=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"POST /quality/characteristics/{id}/annotations":         {path: "/quality/characteristics/{qchar}/annotations", body: "point=0&cause=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"GET /quality/processes/{id}/edit":                       {path: "/quality/processes/{qproc}/edit", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"POST /quality/processes/{id}":                           {path: "/quality/processes/{qproc}", body: "name=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"POST /quality/processes/{id}/active":                    {path: "/quality/processes/{qproc}/active", body: "active=1", want: st{303, 404, 404, 404, 303, 404, 404, 404}},
	"GET /quality/characteristics/{id}/edit":                 {path: "/quality/characteristics/{qchar}/edit", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"POST /quality/characteristics/{id}":                     {path: "/quality/characteristics/{qchar}", body: "name=", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"POST /quality/characteristics/{id}/active":              {path: "/quality/characteristics/{qchar}/active", body: "active=1", want: st{303, 404, 404, 404, 303, 404, 404, 404}},
	"GET /quality/characteristics/{id}/report.pdf":           {path: "/quality/characteristics/{qchar}/report.pdf", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"PUT /api/v1/quality/processes/{id}":                     {path: "/api/v1/quality/processes/{qproc}", body: `{"name":""}`, want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"PUT /api/v1/quality/characteristics/{id}":               {path: "/api/v1/quality/characteristics/{qchar}", body: `{"name":"","subgroup_size":5,"chart":"xbar-r"}`, want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"GET /api/v1/quality/characteristics/{id}/report.pdf":    {path: "/api/v1/quality/characteristics/{qchar}/report.pdf", want: st{401, 404, 404, 404, 200, 404, 404, 404}},
	"GET /api/v1/quality/processes":                          {path: "/api/v1/quality/processes", want: st{401, 404, 404, 404, 200, 404, 404, 404}},
	"POST /api/v1/quality/processes":                         {path: "/api/v1/quality/processes", body: `{"name":""}`, want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"GET /api/v1/quality/characteristics":                    {path: "/api/v1/quality/characteristics", want: st{401, 404, 404, 404, 200, 404, 404, 404}},
	"POST /api/v1/quality/characteristics":                   {path: "/api/v1/quality/characteristics", body: `{"process_id":{qproc},"name":"","subgroup_size":1,"chart":"imr"}`, want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"GET /api/v1/quality/characteristics/{id}/chart":         {path: "/api/v1/quality/characteristics/{qchar}/chart", want: st{401, 404, 404, 404, 200, 404, 404, 404}},
	"POST /api/v1/quality/characteristics/{id}/measurements": {path: "/api/v1/quality/characteristics/{qchar}/measurements", body: `{"measurements":[]}`, want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"GET /api/v1/quality/alerts":                             {path: "/api/v1/quality/alerts", want: st{401, 404, 404, 404, 200, 404, 404, 404}},
}
