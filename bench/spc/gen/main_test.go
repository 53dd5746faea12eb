package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestRunDeterministic: the same seed writes the same file, a header and
// n rows; another seed writes different values.
func TestRunDeterministic(t *testing.T) {
	dir := t.TempDir()
	read := func(name string, seed uint64) []byte {
		p := filepath.Join(dir, name)
		if err := run(1000, p, seed); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, c := read("a", 1), read("b", 1), read("c", 2)
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatal("output must depend on the seed only")
	}
	if n := bytes.Count(a, []byte("\n")); n != 1001 || !bytes.HasPrefix(a, []byte("value\n")) {
		t.Fatalf("got %d lines", n)
	}
}
