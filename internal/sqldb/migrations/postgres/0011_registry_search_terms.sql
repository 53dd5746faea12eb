-- Registry name search on PostgreSQL without prefix expansion. A prefix
-- tsquery ('co:* & khi:*') makes the GIN index gather every lexeme with the
-- prefix into one bitmap before intersecting ('co:*' is nearly every name:
-- "công ty", "cổ phần"), which cost 40–100 ms a search at a million
-- enterprises. search_terms holds, for each word of the folded name, every
-- prefix of it (so a typed word, complete or not, is one exact element) and
-- the filter tags ('p:01', 'i:plastics', 's:small', 'o:private',
-- 'st:active', 'v:22'; '0' for an empty value), so that words and filters
-- intersect inside one GIN index whose fast scan skips through the long
-- posting lists. The store writes the column with every enterprise it
-- writes (searchTerms in Go); this migration fills it for the rows that
-- exist, with the same rule in SQL.
-- +goose Up
ALTER TABLE enterprises ADD COLUMN search_terms TEXT[] NOT NULL DEFAULT '{}';
UPDATE enterprises SET search_terms = ARRAY(
        SELECT DISTINCT left(w, n)
        FROM regexp_split_to_table(name_folded, '[^[:alnum:]]+') w, generate_series(1, length(w)) n
        WHERE w <> '')
    || ARRAY['p:' || CASE province_code WHEN '' THEN '0' ELSE province_code END,
             'i:' || CASE industry WHEN '' THEN '0' ELSE industry END,
             's:' || CASE size_class WHEN '' THEN '0' ELSE size_class END,
             'o:' || CASE ownership WHEN '' THEN '0' ELSE ownership END,
             'st:' || status,
             'v:' || CASE WHEN length(vsic) >= 2 THEN substr(vsic, 1, 2) ELSE '0' END];
CREATE INDEX enterprises_search_terms ON enterprises USING gin (search_terms);
DROP INDEX enterprises_name_fts;

-- +goose Down
CREATE INDEX enterprises_name_fts ON enterprises USING gin (to_tsvector('simple', name_folded));
DROP INDEX enterprises_search_terms;
ALTER TABLE enterprises DROP COLUMN search_terms;
