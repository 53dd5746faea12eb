package main

import (
	"context"
	"errors"
	"io"
)

// cmdImport runs "nscl import enterprises FILE …".
func cmdImport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	return errors.New("import: not built yet")
}

// cmdExport runs "nscl export enterprises …".
func cmdExport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	return errors.New("export: not built yet")
}
