-- +goose Up
-- The dashboard's facts (internal/programme/facts*.go) read the KPIs that
-- have an actual value on every rebuild: a partial covering index keeps
-- that read to the few rows that have one, in activity order.
CREATE INDEX activity_kpis_actual ON activity_kpis (activity_id, kpi_code, baseline, actual) WHERE actual IS NOT NULL;

-- +goose Down
DROP INDEX activity_kpis_actual;
