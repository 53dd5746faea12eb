package photo

import (
	"errors"
	"fmt"
)

// Code is why a photo was refused.
type Code string

// The reasons a photo is refused.
const (
	CodeEmpty         Code = "empty"           // no bytes at all
	CodeTooLarge      Code = "too_large"       // the file is over Options.MaxBytes
	CodeNotImage      Code = "not_image"       // the content is not an image (whatever its name)
	CodeUnsupported   Code = "unsupported"     // an image of a format not taken (GIF, HEIC, TIFF, BMP)
	CodeTooManyPixels Code = "too_many_pixels" // the declared dimensions are over the limits (a decompression bomb)
	CodeCorrupt       Code = "corrupt"         // the image does not decode
)

// Error is a refused photo. Its fields say enough to explain the refusal
// in any language.
type Error struct {
	Code   Code
	Format string // the sniffed format, when known
	Size   int64  // CodeTooLarge: the bytes sent (or declared), at least
	Width  int    // CodeTooManyPixels: the declared dimensions
	Height int
	// Limit is the limit passed: bytes (CodeTooLarge), pixels or pixels
	// per side or decoded bytes (CodeTooManyPixels).
	Limit int64
	// Decoded is, when the memory decoding would take is what is over
	// the limit (CodeTooManyPixels), that memory in bytes (0 otherwise).
	Decoded int64
	Err     error // the decoder's error (CodeCorrupt)
}

func (e *Error) Error() string {
	var s string
	switch e.Code {
	case CodeTooLarge:
		s = fmt.Sprintf("file too large (over %d bytes)", e.Limit)
	case CodeTooManyPixels:
		s = fmt.Sprintf("image of %d×%d pixels is over the limit %d", e.Width, e.Height, e.Limit)
	case CodeUnsupported:
		s = "unsupported image format " + e.Format
	default:
		s = string(e.Code)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return "photo: " + s
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: c}) match any refusal of code c.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// CodeOf returns the Code of a refusal, "" for any other error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
