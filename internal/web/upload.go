package web

import (
	"errors"
	"io"
	"net/http"
)

// The outcomes of readUpload other than a file.
var (
	errUploadMissing  = errors.New("web: no file in the form") // or a broken form
	errUploadTooLarge = errors.New("web: file over the limit")
)

// readUpload reads the file of the multipart form field from r: its name
// and bytes. The body is streamed, never spooled to disk: it is capped at
// limit plus room for the form's other fields, and at most limit + 1
// bytes of the file are read, one more than enough to refuse it. The
// errors are errUploadTooLarge (answer 413) and errUploadMissing (422).
func readUpload(w http.ResponseWriter, r *http.Request, field string, limit int64) (string, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, errUploadMissing
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, errUploadMissing
		}
		if err != nil {
			return "", nil, uploadErr(err)
		}
		if part.FormName() != field || part.FileName() == "" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		part.Close()
		switch {
		case err != nil:
			return "", nil, uploadErr(err)
		case int64(len(data)) > limit:
			return "", nil, errUploadTooLarge
		}
		if data == nil {
			data = []byte{}
		}
		return part.FileName(), data, nil
	}
}

// uploadErr tells a body over the cap from a broken one.
func uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errUploadTooLarge
	}
	return errUploadMissing
}

// uploadFailStatus is the status of a readUpload error: 413 or 422.
func uploadFailStatus(err error) int {
	if errors.Is(err, errUploadTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}
