-- Registry search at national scale. The name index is rebuilt with
-- detail=column (the index keeps which column a word is in, not its
-- positions: searches match words and tags, never phrases), which makes the
-- posting lists of common words ("cong", "co") about three times faster to
-- read, and with prefix indexes for 2- and 3-letter prefixes, so that a
-- short typed prefix is one index entry rather than every word starting
-- with it. The tags gain the VSIC division ("v22"), so that an industry
-- code filter intersects inside the index. enterprises_vsic serves VSIC
-- prefix filters and covers the facet columns and the name, so that the
-- facet counts and the page ids of a VSIC selection come from the index
-- alone. enterprises_employees serves the sort by employees (see
-- sortIndexHint); the province index gains the name, and an industry index
-- with the name comes, so that a province's or an industry's list pages in
-- name order without sorting.
-- +goose Up
DROP TABLE enterprises_fts;
CREATE VIRTUAL TABLE enterprises_fts USING fts5 (
    name, tags, content='', contentless_delete=1, detail=column, prefix='2 3',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO enterprises_fts (rowid, name, tags)
SELECT id, name_folded,
    'p' || province_code || ' i' || CASE industry WHEN '' THEN '0' ELSE industry END ||
    ' s' || CASE size_class WHEN '' THEN '0' ELSE size_class END ||
    ' o' || CASE ownership WHEN '' THEN '0' ELSE ownership END || ' st' || status ||
    ' v' || CASE WHEN length(vsic) >= 2 THEN substr(vsic, 1, 2) ELSE '0' END
FROM enterprises;
CREATE INDEX enterprises_vsic ON enterprises (vsic, province_code, industry, size_class, ownership, status, name, id);
CREATE INDEX enterprises_employees ON enterprises (employees, id);
DROP INDEX enterprises_province;
CREATE INDEX enterprises_province ON enterprises (province_code, name, id);
CREATE INDEX enterprises_industry ON enterprises (industry, name, id);

-- +goose Down
SELECT 'forward-only';
