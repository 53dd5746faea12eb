-- Activities' title search: a word index. The list's search used to read
-- a.title_folded LIKE '%w%' on every row (a full scan, p95 ~0.2-0.3 s at
-- 200,000 activities); it now looks each query word up as a prefix of the
-- distinct words of vn.Fold(title) (at most 32 a title), written with the
-- title by every writer (CreateActivity, SetTitleFolded, the bulk path).
-- A prefix p is the range word >= p AND word < p' (p with its last
-- character incremented): SQLite's default BINARY collation compares
-- bytes, so the range is a search of the primary key (word first), and
-- LIKE's wildcards in a query are plain characters. The index on
-- (activity_id, word) serves the delete of a renamed activity's old words,
-- the ON DELETE CASCADE and the check of a query's other words per
-- activity (index only). The existing titles are split here (the folded title,
-- or the lower-cased title where none was folded yet).
-- +goose Up
CREATE TABLE activity_words (
    word        TEXT NOT NULL,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    PRIMARY KEY (word, activity_id)
) WITHOUT ROWID;
CREATE INDEX activity_words_activity ON activity_words (activity_id, word);

WITH RECURSIVE split (id, word, rest, n) AS (
    SELECT id, '', (CASE WHEN title_folded <> '' THEN title_folded ELSE LOWER(title) END) || ' ', 0 FROM activities
    UNION ALL
    SELECT id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1), n + 1
    FROM split WHERE rest <> '' AND n < 64
)
INSERT OR IGNORE INTO activity_words (word, activity_id) SELECT word, id FROM split WHERE word <> '';

-- +goose Down
DROP TABLE activity_words;
