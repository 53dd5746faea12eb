package sqldb

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The activities' title search reads activity_words (0021_activity_words.sql):
// the distinct words of the folded title, each query word looked up as a
// prefix range of the primary key.

// maxTitleWords bounds the words stored for one title.
const maxTitleWords = 32

// titleWords returns the distinct words of vn.Fold(title), in order, at
// most maxTitleWords of them.
func titleWords(title string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.Split(vn.Fold(title), " ") {
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == maxTitleWords {
			break
		}
	}
	return out
}

// prefixEnd returns the least string above every string that starts with
// p (p with its last character incremented: UTF-8's byte order is the code
// points' order, so the range [p, prefixEnd(p)) holds exactly the strings
// that start with p, and both bounds are valid UTF-8), and false when there
// is none (p is only U+10FFFF characters).
func prefixEnd(p string) (string, bool) {
	for p != "" {
		r, n := utf8.DecodeLastRuneInString(p)
		p = p[:len(p)-n]
		switch {
		case r == utf8.MaxRune || r == utf8.RuneError && n <= 1:
			continue
		case r == 0xD7FF: // the surrogates are not characters
			r = 0xE000
		default:
			r++
		}
		return p + string(r), true
	}
	return "", false
}

// writeTitleWords replaces the words of activity id by those of title.
func (c conn) writeTitleWords(ctx context.Context, id programme.ActivityID, title string, replace bool) error {
	if replace {
		if _, err := c.w.ExecContext(ctx, `DELETE FROM activity_words WHERE activity_id = $1`, int64(id)); err != nil {
			return translate(err, "delete activity words")
		}
	}
	ws := titleWords(title)
	if len(ws) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString(`INSERT INTO activity_words (word, activity_id) VALUES `)
	args := make([]any, 0, 2*len(ws))
	for i, w := range ws {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("($" + strconv.Itoa(2*i+1) + ", $" + strconv.Itoa(2*i+2) + ")")
		args = append(args, w, int64(id))
	}
	_, err := c.w.ExecContext(ctx, sb.String(), args...)
	return translate(err, "insert activity words")
}
