-- Registry name search on PostgreSQL: the word prefixes and filter tags in
-- one GIN-indexed array (see the PostgreSQL migration of the same number).
-- SQLite's FTS5 index (0004) already has prefix indexes and the tags, so
-- nothing changes here.
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
