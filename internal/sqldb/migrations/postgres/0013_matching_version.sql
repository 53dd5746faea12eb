-- +goose Up
-- The version of what the ranking index reads (internal/matching/index.go):
-- v grows with every write to the experts' profile columns (those
-- LoadProfiles reads: id, organisation_id, capacity, status, consents,
-- public_fields), their expertise, sectors, provinces and relations, and to
-- organisations; counters grows with every write to the track-record
-- counters, which only refreshes the counters. Triggers keep it, so that
-- every writer (the directory included) bumps it and several servers on one
-- database agree without relying on their clocks.
CREATE TABLE matching_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    v        BIGINT NOT NULL,
    counters BIGINT NOT NULL
);
INSERT INTO matching_version (id, v, counters) VALUES (1, 1, 1);
-- Statement triggers (one bump per statement, not per row of a bulk
-- load), BEFORE the statement: a transaction locks the counter row before
-- any expert row it writes, so two writers of experts always take the
-- locks in the same order and never deadlock.
-- +goose StatementBegin
CREATE FUNCTION matching_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION matching_bump_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE matching_version SET counters = counters + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER matching_v_experts BEFORE INSERT OR DELETE OR UPDATE OF organisation_id, capacity, status, consents, public_fields ON experts FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump();
CREATE TRIGGER matching_c_experts BEFORE UPDATE OF active_engagements, engagements_completed, rating_sum, rating_count ON experts FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump_counters();
CREATE TRIGGER matching_v_expert_tools BEFORE INSERT OR UPDATE OR DELETE ON expert_tools FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump();
CREATE TRIGGER matching_v_expert_sectors BEFORE INSERT OR UPDATE OR DELETE ON expert_sectors FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump();
CREATE TRIGGER matching_v_expert_provinces BEFORE INSERT OR UPDATE OR DELETE ON expert_provinces FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump();
CREATE TRIGGER matching_v_expert_relations BEFORE INSERT OR UPDATE OR DELETE ON expert_relations FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump();
CREATE TRIGGER matching_v_organisations BEFORE INSERT OR UPDATE OR DELETE ON organisations FOR EACH STATEMENT EXECUTE PROCEDURE matching_bump();

-- +goose Down
DROP TRIGGER matching_v_experts ON experts;
DROP TRIGGER matching_c_experts ON experts;
DROP TRIGGER matching_v_expert_tools ON expert_tools;
DROP TRIGGER matching_v_expert_sectors ON expert_sectors;
DROP TRIGGER matching_v_expert_provinces ON expert_provinces;
DROP TRIGGER matching_v_expert_relations ON expert_relations;
DROP TRIGGER matching_v_organisations ON organisations;
DROP FUNCTION matching_bump_counters();
DROP FUNCTION matching_bump();
DROP TABLE matching_version;
