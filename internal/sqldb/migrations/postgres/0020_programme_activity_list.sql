-- Activities' list (issue 5): the indexes its visibility conditions use —
-- the verifier's own activities, a reviewer's assignments (reviewer then
-- activity, so the IN subquery reads the index alone) and a province's
-- calls. The list is ordered by id, the primary key.
-- +goose Up
CREATE INDEX activities_verifier ON activities (verifier_id) WHERE verifier_id IS NOT NULL;
CREATE INDEX activity_reviews_reviewer_activity ON activity_reviews (reviewer_id, activity_id);
CREATE INDEX programme_calls_province ON programme_calls (province_code, id);

-- +goose Down
DROP INDEX programme_calls_province;
DROP INDEX activity_reviews_reviewer_activity;
DROP INDEX activities_verifier;
