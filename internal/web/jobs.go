package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/jobs"
	"nscl/internal/vn"
)

const jobsPerPage = 50

// jobsPage lists the user's jobs (every job, for those allowed to see all).
type jobsPage struct {
	Layout
	Jobs      []jobView
	ShowOwner bool
	Owners    map[auth.UserID]string // owner id → email, when ShowOwner
	Pager     Pager
}

// OwnerName returns the owner's email, or "#id".
func (p *jobsPage) OwnerName(id auth.UserID) string {
	if id == 0 {
		return "—"
	}
	if e, ok := p.Owners[id]; ok {
		return e
	}
	return "#" + strconv.FormatInt(int64(id), 10)
}

// jobPage is one job with its live progress.
type jobPage struct {
	Layout
	Job *jobView
}

// jobView is a job as the pages show it; the progress fragment renders it.
type jobView struct {
	*jobs.Job
}

// Name is what the job does, in both languages (its kind's label, or the
// stored title for a kind without one).
func (v jobView) Name() fault.Text {
	if v.Job == nil {
		return fault.Text{}
	}
	if l := jobs.KindLabel(v.Kind); l.Vi != v.Kind {
		return l
	}
	return fault.Text{Vi: v.Title, En: v.Title}
}

// Finished reports whether the job has ended (polling stops).
func (v jobView) Finished() bool { return v.Job != nil && v.Status.IsFinished() }

// Succeeded reports whether the job is done.
func (v jobView) Succeeded() bool { return v.Job != nil && v.Status == jobs.StatusDone }

// BadgeClass is the CSS class of the status badge.
func (v jobView) BadgeClass() string {
	if v.Job == nil {
		return "badge-muted"
	}
	switch v.Status {
	case jobs.StatusDone:
		return "badge-ok"
	case jobs.StatusFailed:
		return "badge-danger"
	case jobs.StatusRunning:
		return "badge-info"
	case jobs.StatusCancelled:
		return "badge-muted"
	}
	return "badge-warn"
}

func (h *Handler) handleJobList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	page := pageParam(r.URL.Query())
	f := jobs.JobFilter{OwnerID: a.UserID, Offset: (page - 1) * jobsPerPage, Limit: jobsPerPage}
	p := &jobsPage{ShowOwner: auth.Can(a, auth.ActJobsReadAll)}
	if p.ShowOwner {
		f.OwnerID = 0
	}
	list, total, err := h.jobs.FindJobs(ctx, f)
	if err != nil {
		return err
	}
	for _, j := range list {
		p.Jobs = append(p.Jobs, jobView{j})
	}
	if p.ShowOwner {
		p.Owners = map[auth.UserID]string{}
		for _, j := range list {
			if _, seen := p.Owners[j.OwnerID]; seen || j.OwnerID == 0 {
				continue
			}
			if u, err := h.auth.FindUserByID(ctx, j.OwnerID); err == nil {
				p.Owners[j.OwnerID] = u.Email
			}
		}
	}
	p.Pager = newPager(r, page, jobsPerPage, total)
	return h.render(w, r, http.StatusOK, "jobs", text("jobs.title"), p)
}

// findJob loads the job named in the path.
func (h *Handler) findJob(r *http.Request) (*jobs.Job, error) {
	id, err := signedInID(r)
	if err != nil {
		return nil, err
	}
	return h.jobs.FindJobByID(r.Context(), jobs.JobID(id))
}

func (h *Handler) handleJobShow(w http.ResponseWriter, r *http.Request) error {
	j, err := h.findJob(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "job", text("jobs.job_title"), &jobPage{Job: &jobView{j}})
}

// handleJobProgress renders the progress fragment that the job page polls.
func (h *Handler) handleJobProgress(w http.ResponseWriter, r *http.Request) error {
	j, err := h.findJob(r)
	if err != nil {
		return err
	}
	return h.renderFragment(w, http.StatusOK, h.lang(r), "job-progress", jobView{j})
}

func (h *Handler) handleJobResult(w http.ResponseWriter, r *http.Request) error {
	j, err := h.findJob(r)
	if err != nil {
		return err
	}
	name, mimeType, data, err := h.jobs.Result(r.Context(), j.ID)
	if err != nil {
		return err
	}
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	hd := w.Header()
	hd.Set("Content-Type", mimeType)
	hd.Set("Content-Disposition", attachment(name))
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
	return nil
}

// attachment returns a Content-Disposition value for a download named name:
// an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987).
func attachment(name string) string {
	if name == "" {
		name = "download"
	}
	var ascii, enc strings.Builder
	for _, c := range vn.Fold(name) {
		if c < 0x80 && (c == '.' || c == '-' || c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')) {
			ascii.WriteRune(c)
		} else {
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if b < 0x80 && (b == '.' || b == '-' || b == '_' || b == '~' || ('0' <= b && b <= '9') || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}
