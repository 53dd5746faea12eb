-- Registry search at national scale: enterprises_vsic serves VSIC prefix
-- filters and now covers the facet columns, so that the facet counts of a
-- VSIC selection read the index alone (an index-only scan). The SQLite
-- migration of the same number also rebuilds that dialect's name index.
-- enterprises_employees serves the sort by employees (see sortIndexHint).
-- +goose Up
DROP INDEX enterprises_vsic;
CREATE INDEX enterprises_vsic ON enterprises (vsic, province_code, industry, size_class, ownership, status);
CREATE INDEX enterprises_employees ON enterprises (employees, id);

-- +goose Down
SELECT 'forward-only';
