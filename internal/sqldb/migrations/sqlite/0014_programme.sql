-- The programme (issue 5): the programme 2021–2030 and its targets (as
-- data), annual plans with budget lines, calls for proposals, activities
-- (nhiệm vụ: a proposal that becomes a supported activity, with its budget
-- lines, KPIs, reviews, milestones, progress reports, disbursements,
-- attachments and the history of its transitions), the KPI catalogue, and
-- the replications (nhân rộng) of pilot models, which form a diffusion tree.
-- The eligibility rules of the tracks are the registry's settings
-- (track.breadth, track.depth in 0002_registry.sql), with their dates.
-- Dates without a time are TEXT 'yyyy-mm-dd' (Vietnam's calendar day); money
-- is an integer number of đồng. programme_version is bumped by triggers on
-- every write the dashboard reads, so a cached dashboard knows when to
-- rebuild, on every server.
-- +goose Up
CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    basis       TEXT NOT NULL DEFAULT '',          -- the decision it rests on
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- A target of the programme: metric (programme.Metric) for a year, or for
-- the whole period when year = 0. value is a count, or a percentage for the
-- *_pct metrics.
CREATE TABLE programme_targets (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id),
    metric        TEXT NOT NULL,
    year          INTEGER NOT NULL,
    value         REAL NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    updated_by    INTEGER REFERENCES users (id),
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (programme_id, metric, year)
);

-- An annual plan of the ministry (province_code '') or of a province.
CREATE TABLE programme_plans (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id),
    year          INTEGER NOT NULL,
    province_code TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'draft',   -- draft, approved
    decision_no   TEXT NOT NULL DEFAULT '',
    decision_date TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (programme_id, year, province_code)
);

-- The budget of a plan, by track and activity type.
CREATE TABLE plan_budget_lines (
    plan_id        INTEGER NOT NULL REFERENCES programme_plans (id) ON DELETE CASCADE,
    track          TEXT NOT NULL,
    activity_type  TEXT NOT NULL,
    planned_count  INTEGER NOT NULL DEFAULT 0,
    state_budget   BIGINT NOT NULL DEFAULT 0,
    counterpart    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, track, activity_type)
);

-- A call for proposals of the ministry (province_code '') or of a
-- province. activity_types, industries and provinces are comma-separated
-- lists; an empty list does not restrict.
CREATE TABLE programme_calls (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    plan_id         INTEGER REFERENCES programme_plans (id),
    province_code   TEXT NOT NULL DEFAULT '',
    code            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',      -- the call's rules, as published
    track           TEXT NOT NULL,
    activity_types  TEXT NOT NULL DEFAULT '',
    industries      TEXT NOT NULL DEFAULT '',
    provinces       TEXT NOT NULL DEFAULT '',
    max_state_budget BIGINT NOT NULL DEFAULT 0,    -- per activity, 0 = no cap
    opens_at        TIMESTAMP NOT NULL,
    deadline        TIMESTAMP NOT NULL,
    status          TEXT NOT NULL DEFAULT 'draft', -- draft, open, closed
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX programme_calls_status ON programme_calls (status, deadline);

-- An activity (nhiệm vụ): a proposal from its draft to its closure. The
-- proposer is an enterprise (enterprise_id) or an organisation of the
-- directory (organisation_id); province_code, industry and size_class are
-- copied from the proposer at submission, for the dashboard. details is a
-- JSON object of the type's own fields. state_budget and counterpart are
-- the declared totals, which the budget lines must add up to; disbursed is
-- the sum of the disbursements. version is the optimistic lock.
CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    programme_id     INTEGER NOT NULL REFERENCES programmes (id),
    call_id          INTEGER REFERENCES programme_calls (id),
    type             TEXT NOT NULL,
    track            TEXT NOT NULL,
    year             INTEGER NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    enterprise_id    INTEGER REFERENCES enterprises (id),
    organisation_id  INTEGER REFERENCES organisations (id),
    province_code    TEXT NOT NULL DEFAULT '',
    industry         TEXT NOT NULL DEFAULT '',
    size_class       TEXT NOT NULL DEFAULT '',
    details          TEXT NOT NULL DEFAULT '{}',
    tools            TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'draft',
    state_budget     BIGINT NOT NULL DEFAULT 0,
    counterpart      BIGINT NOT NULL DEFAULT 0,
    approved_budget  BIGINT NOT NULL DEFAULT 0,
    disbursed        BIGINT NOT NULL DEFAULT 0,
    screening        TEXT NOT NULL DEFAULT '',      -- JSON: the screening's result and reasons
    review_score     REAL,
    decision_no      TEXT NOT NULL DEFAULT '',
    decision_date    TEXT NOT NULL DEFAULT '',
    decision_signer  TEXT NOT NULL DEFAULT '',
    decision_note    TEXT NOT NULL DEFAULT '',
    contract_no      TEXT NOT NULL DEFAULT '',
    contract_date    TEXT NOT NULL DEFAULT '',
    verifier_id      INTEGER REFERENCES users (id), -- the assessor or expert who verifies the final KPIs
    submitted_at     TIMESTAMP,
    decided_at       TIMESTAMP,
    closed_at        TIMESTAMP,
    created_by       INTEGER REFERENCES users (id),
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX activities_status ON activities (status, id);
CREATE INDEX activities_call ON activities (call_id, id);
CREATE INDEX activities_enterprise ON activities (enterprise_id, id);
CREATE INDEX activities_organisation ON activities (organisation_id, id);
CREATE INDEX activities_province ON activities (province_code, status, id);
CREATE INDEX activities_year ON activities (year, id);

CREATE TABLE activity_budget_lines (
    activity_id         INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    line                INTEGER NOT NULL,
    item                TEXT NOT NULL,
    state_amount        BIGINT NOT NULL DEFAULT 0,
    counterpart_amount  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, line)
);

-- The KPI catalogue: shipped ones (builtin = 1) and those officers add.
-- direction: 'up' (more is better) or 'down'.
CREATE TABLE kpi_definitions (
    code        TEXT PRIMARY KEY,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    unit        TEXT NOT NULL,
    direction   TEXT NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0,
    hidden      INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE activity_kpis (
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kpi_code     TEXT NOT NULL REFERENCES kpi_definitions (code),
    baseline     REAL NOT NULL,
    target       REAL NOT NULL,
    actual       REAL,
    verified_by  INTEGER REFERENCES users (id),
    verified_at  TIMESTAMP,
    PRIMARY KEY (activity_id, kpi_code)
);
CREATE INDEX activity_kpis_kpi ON activity_kpis (kpi_code);

-- A reviewer (expert or assessor account) assigned to a proposal. status:
-- assigned, conflict (declared a conflict of interest: may not score),
-- submitted. scores is JSON {criterion: points}.
CREATE TABLE activity_reviews (
    id             INTEGER PRIMARY KEY,
    activity_id    INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    reviewer_id    INTEGER NOT NULL REFERENCES users (id),
    status         TEXT NOT NULL DEFAULT 'assigned',
    no_conflict_at TIMESTAMP,                      -- when the reviewer declared no conflict of interest
    conflict_note  TEXT NOT NULL DEFAULT '',
    scores         TEXT NOT NULL DEFAULT '{}',
    total          REAL,
    comment        TEXT NOT NULL DEFAULT '',
    assigned_by    INTEGER REFERENCES users (id),
    assigned_at    TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,
    UNIQUE (activity_id, reviewer_id)
);
CREATE INDEX activity_reviews_reviewer ON activity_reviews (reviewer_id, id);

-- Milestones of a contracted activity. status: planned, reported
-- (progress report sent), accepted (by an officer), rejected (report sent
-- back).
CREATE TABLE activity_milestones (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    due_date      TEXT NOT NULL,
    state_amount  BIGINT NOT NULL DEFAULT 0,       -- planned disbursement at this milestone
    status        TEXT NOT NULL DEFAULT 'planned',
    progress_pct  INTEGER NOT NULL DEFAULT 0,
    report        TEXT NOT NULL DEFAULT '',
    reported_by   INTEGER REFERENCES users (id),
    reported_at   TIMESTAMP,
    decided_by    INTEGER REFERENCES users (id),
    decided_at    TIMESTAMP,
    decision_note TEXT NOT NULL DEFAULT '',
    UNIQUE (activity_id, seq)
);
CREATE INDEX activity_milestones_due ON activity_milestones (status, due_date);

CREATE TABLE activity_disbursements (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    milestone_id  INTEGER NOT NULL REFERENCES activity_milestones (id),
    amount        BIGINT NOT NULL,
    paid_on       TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX activity_disbursements_activity ON activity_disbursements (activity_id, id);

-- Files of an activity: the proposal's attachments (milestone_id NULL) and
-- the evidence of progress reports.
CREATE TABLE activity_files (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    milestone_id  INTEGER REFERENCES activity_milestones (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    data          BLOB NOT NULL,
    uploaded_by   INTEGER REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX activity_files_activity ON activity_files (activity_id, id);

-- The history of an activity's transitions.
CREATE TABLE activity_events (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    actor_email  TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    at           TIMESTAMP NOT NULL
);
CREATE INDEX activity_events_activity ON activity_events (activity_id, id);

-- An enterprise's application of a pilot model (activity of type
-- pilot_model). source_id is the replication it learnt from, NULL when it
-- learnt from the pilot itself: the edges of the diffusion tree.
CREATE TABLE replications (
    id             INTEGER PRIMARY KEY,
    pilot_id       INTEGER NOT NULL REFERENCES activities (id),
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
    source_id      INTEGER REFERENCES replications (id),
    applied_on     TEXT NOT NULL,
    tools          TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    province_code  TEXT NOT NULL DEFAULT '',
    industry       TEXT NOT NULL DEFAULT '',
    size_class     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'reported', -- reported, confirmed (by an officer)
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (pilot_id, enterprise_id)
);
CREATE INDEX replications_enterprise ON replications (enterprise_id, id);
CREATE INDEX replications_source ON replications (source_id);

CREATE TABLE replication_kpis (
    replication_id  INTEGER NOT NULL REFERENCES replications (id) ON DELETE CASCADE,
    kpi_code        TEXT NOT NULL REFERENCES kpi_definitions (code),
    baseline        REAL NOT NULL,
    actual          REAL NOT NULL,
    PRIMARY KEY (replication_id, kpi_code)
);

CREATE TABLE programme_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   BIGINT NOT NULL
);
INSERT INTO programme_version (id, v) VALUES (1, 1);

-- The programme and its targets as first adopted (facts.md item 5): the
-- yearly figures are the starting values officers adjust on the targets page.
INSERT INTO programmes (id, code, name_vi, name_en, basis, start_year, end_year, updated_at) VALUES
(1, 'NSCL-2021-2030', 'Chương trình nâng cao năng suất và chất lượng sản phẩm, hàng hóa ngành Công Thương giai đoạn 2021–2030',
 'Programme for raising the productivity and quality of industrial products and goods, 2021–2030',
 'Quyết định 1322/QĐ-TTg ngày 31/08/2020; Quyết định 36/QĐ-TTg ngày 11/01/2021', 2021, 2030, CURRENT_TIMESTAMP);
INSERT INTO programme_targets (programme_id, metric, year, value, note, updated_at) VALUES
(1, 'enterprises_supported', 2021, 1000, 'Tăng 10–15%/năm (QĐ 1322/QĐ-TTg); giá trị khởi đầu, cán bộ điều chỉnh theo kế hoạch năm.', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2022, 1120, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2023, 1254, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2024, 1405, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2025, 1574, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2026, 1762, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2027, 1974, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2028, 2211, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2029, 2476, '', CURRENT_TIMESTAMP),
(1, 'enterprises_supported', 2030, 2773, '', CURRENT_TIMESTAMP),
(1, 'pilot_models', 0, 100, 'Ít nhất 100 doanh nghiệp làm mô hình điểm để nhân rộng (QĐ 1322/QĐ-TTg).', CURRENT_TIMESTAMP),
(1, 'experts_certified', 2025, 600, 'Khoảng 600 chuyên gia được đào tạo, chứng nhận 2021–2025 (QĐ 1322/QĐ-TTg); lũy kế.', CURRENT_TIMESTAMP),
(1, 'experts_certified', 2030, 1600, 'Thêm khoảng 1.000 chuyên gia 2026–2030 (QĐ 1322/QĐ-TTg); lũy kế.', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2021, 7, 'Tăng năng suất lao động trên 7%/năm đến 2025 (QĐ 36/QĐ-TTg).', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2022, 7, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2023, 7, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2024, 7, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2025, 7, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2026, 7.5, 'Trên 7,5%/năm đến 2030 (QĐ 36/QĐ-TTg).', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2027, 7.5, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2028, 7.5, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2029, 7.5, '', CURRENT_TIMESTAMP),
(1, 'lp_growth_pct', 2030, 7.5, '', CURRENT_TIMESTAMP);

-- The shipped KPIs (issue 5; formulas in facts.md item 8).
INSERT INTO kpi_definitions (code, name_vi, name_en, unit, direction, builtin, created_at) VALUES
('labour_productivity', 'Năng suất lao động', 'Labour productivity', 'mvnd_per_person', 'up', 1, CURRENT_TIMESTAMP),
('va_per_employee', 'Giá trị gia tăng trên một lao động', 'Value added per employee', 'mvnd_per_person', 'up', 1, CURRENT_TIMESTAMP),
('oee', 'Hiệu suất thiết bị tổng thể (OEE)', 'Overall equipment effectiveness (OEE)', 'percent', 'up', 1, CURRENT_TIMESTAMP),
('defect_ppm', 'Tỷ lệ lỗi', 'Defect rate', 'ppm', 'down', 1, CURRENT_TIMESTAMP),
('on_time_delivery', 'Giao hàng đúng hạn', 'On-time delivery', 'percent', 'up', 1, CURRENT_TIMESTAMP),
('lead_time', 'Thời gian sản xuất (lead time)', 'Lead time', 'days', 'down', 1, CURRENT_TIMESTAMP),
('inventory_turns', 'Vòng quay hàng tồn kho', 'Inventory turns', 'turns_per_year', 'up', 1, CURRENT_TIMESTAMP),
('energy_intensity', 'Cường độ năng lượng', 'Energy intensity', 'kwh_per_unit', 'down', 1, CURRENT_TIMESTAMP),
('cost_saved', 'Chi phí tiết kiệm được', 'Cost saved', 'mvnd_per_year', 'up', 1, CURRENT_TIMESTAMP),
('suggestions_per_employee', 'Số đề xuất cải tiến trên một lao động', 'Improvement suggestions per employee', 'per_person_year', 'up', 1, CURRENT_TIMESTAMP);

-- Row triggers bump programme_version on every write the dashboard reads.
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_targets_insert AFTER INSERT ON programme_targets BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_targets_update AFTER UPDATE ON programme_targets BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_targets_delete AFTER DELETE ON programme_targets BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_plans_insert AFTER INSERT ON programme_plans BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_plans_update AFTER UPDATE ON programme_plans BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_plans_delete AFTER DELETE ON programme_plans BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_plan_budget_lines_insert AFTER INSERT ON plan_budget_lines BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_plan_budget_lines_update AFTER UPDATE ON plan_budget_lines BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_plan_budget_lines_delete AFTER DELETE ON plan_budget_lines BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_calls_insert AFTER INSERT ON programme_calls BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_calls_update AFTER UPDATE ON programme_calls BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_programme_calls_delete AFTER DELETE ON programme_calls BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activities_insert AFTER INSERT ON activities BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activities_update AFTER UPDATE ON activities BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activities_delete AFTER DELETE ON activities BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_budget_lines_insert AFTER INSERT ON activity_budget_lines BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_budget_lines_update AFTER UPDATE ON activity_budget_lines BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_budget_lines_delete AFTER DELETE ON activity_budget_lines BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_kpis_insert AFTER INSERT ON activity_kpis BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_kpis_update AFTER UPDATE ON activity_kpis BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_kpis_delete AFTER DELETE ON activity_kpis BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_milestones_insert AFTER INSERT ON activity_milestones BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_milestones_update AFTER UPDATE ON activity_milestones BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_milestones_delete AFTER DELETE ON activity_milestones BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_disbursements_insert AFTER INSERT ON activity_disbursements BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_disbursements_update AFTER UPDATE ON activity_disbursements BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_activity_disbursements_delete AFTER DELETE ON activity_disbursements BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_replications_insert AFTER INSERT ON replications BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_replications_update AFTER UPDATE ON replications BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_replications_delete AFTER DELETE ON replications BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_replication_kpis_insert AFTER INSERT ON replication_kpis BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_replication_kpis_update AFTER UPDATE ON replication_kpis BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_replication_kpis_delete AFTER DELETE ON replication_kpis BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_kpi_definitions_insert AFTER INSERT ON kpi_definitions BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_kpi_definitions_update AFTER UPDATE ON kpi_definitions BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_v_kpi_definitions_delete AFTER DELETE ON kpi_definitions BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE programme_version;
DROP TABLE replication_kpis;
DROP TABLE replications;
DROP TABLE activity_events;
DROP TABLE activity_files;
DROP TABLE activity_disbursements;
DROP TABLE activity_milestones;
DROP TABLE activity_reviews;
DROP TABLE activity_kpis;
DROP TABLE kpi_definitions;
DROP TABLE activity_budget_lines;
DROP TABLE activities;
DROP TABLE programme_calls;
DROP TABLE plan_budget_lines;
DROP TABLE programme_plans;
DROP TABLE programme_targets;
DROP TABLE programmes;
