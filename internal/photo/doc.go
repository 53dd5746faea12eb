// Package photo turns a photo uploaded from a phone into evidence fit to
// keep: it checks that the bytes are an image (JPEG, PNG or WebP, sniffed
// from the content, never from the name), refuses an oversized file and a
// decompression bomb before decoding anything (the header's declared size
// is checked first), turns the picture upright by the JPEG's EXIF
// orientation, and re-encodes it as a JPEG of bounded size with a
// thumbnail. Re-encoding keeps pixels only: every metadata of the original
// (EXIF, the GPS location, the camera's serial number, XMP, comments) is
// left behind.
//
// The package is pure: it reads an io.Reader and returns bytes. Errors are
// of type *Error with a Code, so that callers answer in their users'
// language.
package photo
