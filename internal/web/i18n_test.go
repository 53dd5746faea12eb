package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"nscl/internal/web"
)

// usedKeys scans the templates for {{t "key"}} and the Go sources for
// text("key").
func usedKeys(t *testing.T) map[string][]string {
	t.Helper()
	used := map[string][]string{}
	scan := func(pattern string, re *regexp.Regexp) {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = append(used[m[1]], f)
			}
		}
	}
	tmplRE := regexp.MustCompile(`[{( ]t "([^"]+)"`)
	scan("templates/*.html", tmplRE)
	scan("templates/pages/*.html", tmplRE)
	scan("*.go", regexp.MustCompile(`\btext\("([^"]+)"\)`))
	return used
}

func TestCatalogue_CoversEveryKeyUsed(t *testing.T) {
	cat := web.Catalogue()
	used := usedKeys(t)
	if len(used) < 50 {
		t.Fatalf("found only %d keys in use; is the scan broken?", len(used))
	}
	var missing []string
	for k, files := range used {
		tx, ok := cat[k]
		switch {
		case !ok:
			missing = append(missing, k+" (used in "+strings.Join(files, ", ")+")")
		case tx.Vi == "":
			missing = append(missing, k+": no Vietnamese")
		case tx.En == "":
			missing = append(missing, k+": no English")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("catalogue misses:\n%s", strings.Join(missing, "\n"))
	}
}

func TestCatalogue_NoUnusedKeys(t *testing.T) {
	used := usedKeys(t)
	var unused []string
	for k := range web.Catalogue() {
		if _, ok := used[k]; !ok {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("catalogue keys used nowhere:\n%s", strings.Join(unused, "\n"))
	}
}

func TestCatalogue_NFC(t *testing.T) {
	for k, tx := range web.Catalogue() {
		if !norm.NFC.IsNormalString(tx.Vi) || !norm.NFC.IsNormalString(tx.En) {
			t.Errorf("%s is not NFC", k)
		}
	}
}

// The templates themselves hold Vietnamese only through the catalogue, and
// in NFC where they hold any (language names).
func TestTemplates_NFC(t *testing.T) {
	files, _ := filepath.Glob("templates/*/*.html")
	more, _ := filepath.Glob("templates/*.html")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormal(b) {
			t.Errorf("%s is not NFC", f)
		}
	}
}
