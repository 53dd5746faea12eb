-- Activities' title search: a word index. The list's search used to read
-- a.title_folded LIKE '%w%' on every row (a full scan, p95 ~0.2-0.3 s at
-- 200,000 activities); it now looks each query word up as a prefix of the
-- distinct words of vn.Fold(title) (at most 32 a title), written with the
-- title by every writer (CreateActivity, SetTitleFolded, the bulk path).
-- A prefix p is the range word >= p AND word < p' (p with its last
-- character incremented), the same SQL as on SQLite; the column is
-- COLLATE "C" so that the comparison is bytewise and the range a search
-- of the primary key (word first) whatever the database's collation, and
-- LIKE's wildcards in a query are plain characters. The index on
-- (activity_id, word) serves the delete of a renamed activity's old words,
-- the ON DELETE CASCADE and the check of a query's other words per
-- activity (index only). The existing titles are split here (the folded title,
-- or the lower-cased title where none was folded yet).
-- +goose Up
CREATE TABLE activity_words (
    word        TEXT COLLATE "C" NOT NULL,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    PRIMARY KEY (word, activity_id)
);
CREATE INDEX activity_words_activity ON activity_words (activity_id, word);

INSERT INTO activity_words (word, activity_id)
SELECT DISTINCT w.word, a.id
FROM activities a,
     unnest(string_to_array(CASE WHEN a.title_folded <> '' THEN a.title_folded ELSE LOWER(a.title) END, ' ')) WITH ORDINALITY AS w (word, n)
WHERE w.word <> '' AND w.n <= 32;

-- +goose Down
DROP TABLE activity_words;
