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
-- +goose StatementBegin
CREATE TRIGGER matching_v_experts_insert AFTER INSERT ON experts BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_experts_delete AFTER DELETE ON experts BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_experts_update AFTER UPDATE OF organisation_id, capacity, status, consents, public_fields ON experts BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_c_experts_update AFTER UPDATE OF active_engagements, engagements_completed, rating_sum, rating_count ON experts BEGIN
    UPDATE matching_version SET counters = counters + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_tools_insert AFTER INSERT ON expert_tools BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_tools_update AFTER UPDATE ON expert_tools BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_tools_delete AFTER DELETE ON expert_tools BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_sectors_insert AFTER INSERT ON expert_sectors BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_sectors_update AFTER UPDATE ON expert_sectors BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_sectors_delete AFTER DELETE ON expert_sectors BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_provinces_insert AFTER INSERT ON expert_provinces BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_provinces_update AFTER UPDATE ON expert_provinces BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_provinces_delete AFTER DELETE ON expert_provinces BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_relations_insert AFTER INSERT ON expert_relations BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_relations_update AFTER UPDATE ON expert_relations BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_expert_relations_delete AFTER DELETE ON expert_relations BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_organisations_insert AFTER INSERT ON organisations BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_organisations_update AFTER UPDATE ON organisations BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER matching_v_organisations_delete AFTER DELETE ON organisations BEGIN
    UPDATE matching_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER matching_v_experts_insert;
DROP TRIGGER matching_v_experts_delete;
DROP TRIGGER matching_v_experts_update;
DROP TRIGGER matching_c_experts_update;
DROP TRIGGER matching_v_expert_tools_insert;
DROP TRIGGER matching_v_expert_tools_update;
DROP TRIGGER matching_v_expert_tools_delete;
DROP TRIGGER matching_v_expert_sectors_insert;
DROP TRIGGER matching_v_expert_sectors_update;
DROP TRIGGER matching_v_expert_sectors_delete;
DROP TRIGGER matching_v_expert_provinces_insert;
DROP TRIGGER matching_v_expert_provinces_update;
DROP TRIGGER matching_v_expert_provinces_delete;
DROP TRIGGER matching_v_expert_relations_insert;
DROP TRIGGER matching_v_expert_relations_update;
DROP TRIGGER matching_v_expert_relations_delete;
DROP TRIGGER matching_v_organisations_insert;
DROP TRIGGER matching_v_organisations_update;
DROP TRIGGER matching_v_organisations_delete;
DROP TABLE matching_version;
