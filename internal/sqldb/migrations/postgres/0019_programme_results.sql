-- Results and spread (issue 5): the optimistic lock of a replication (an
-- enterprise edits its record while an officer may be confirming it), and
-- the indexes the spread figures and the pilot lists read: pilot models by
-- type and status (and province), replications by the province of the
-- replicating firm, replication results by KPI.
-- +goose Up
ALTER TABLE replications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX activities_type_status ON activities (type, status, province_code);
CREATE INDEX replications_province ON replications (province_code, id);
CREATE INDEX replication_kpis_kpi ON replication_kpis (kpi_code);

-- +goose Down
DROP INDEX replication_kpis_kpi;
DROP INDEX replications_province;
DROP INDEX activities_type_status;
ALTER TABLE replications DROP COLUMN version;
