-- Registry search at national scale: enterprises_vsic serves VSIC prefix
-- filters and covers the facet columns, the name and the id, so that the
-- facet counts and the page ids of a VSIC selection come from the index alone
-- (index-only scans). enterprises_employees serves the sort by employees;
-- the province index gains the name, and an industry index with the name
-- comes, so that a province's or an industry's list pages in name order
-- without sorting. The SQLite migration of the same number also rebuilds
-- that dialect's name index.
-- +goose Up
DROP INDEX enterprises_vsic;
CREATE INDEX enterprises_vsic ON enterprises (vsic, province_code, industry, size_class, ownership, status, name, id);
CREATE INDEX enterprises_employees ON enterprises (employees, id);
DROP INDEX enterprises_province;
CREATE INDEX enterprises_province ON enterprises (province_code, name, id);
CREATE INDEX enterprises_industry ON enterprises (industry, name, id);

-- +goose Down
SELECT 'forward-only';
