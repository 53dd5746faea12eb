-- Results and spread (issue 5): the optimistic lock of a replication (an
-- enterprise edits its record while an officer may be confirming it), and
-- the indexes the spread figures and the pilot lists read: pilot models by
-- type and status (and province), replications by the province of the
-- replicating firm, replication results by KPI; and two covering indexes so
-- that the spread reads indexes only: the beneficiaries of activities by
-- status (enterprises reached) and the verified KPI values (quartiles).
-- +goose Up
ALTER TABLE replications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX activities_type_status ON activities (type, status, province_code);
CREATE INDEX replications_province ON replications (province_code, id);
CREATE INDEX replication_kpis_kpi ON replication_kpis (kpi_code);
CREATE INDEX activities_reach ON activities (status, enterprise_id, province_code, industry, size_class);
CREATE INDEX activity_kpis_verified ON activity_kpis (activity_id, kpi_code, baseline, actual, verified_at) WHERE verified_at IS NOT NULL AND actual IS NOT NULL;

-- +goose Down
DROP INDEX activity_kpis_verified;
DROP INDEX activities_reach;
DROP INDEX replication_kpis_kpi;
DROP INDEX replications_province;
DROP INDEX activities_type_status;
ALTER TABLE replications DROP COLUMN version;
