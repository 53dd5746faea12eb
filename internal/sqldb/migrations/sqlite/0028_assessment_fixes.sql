-- Assessing and findings (issue 6), review fixes:
-- * one open independent assessment per enterprise and scheme, held by
--   the database: two requests at once both passed the service's check
--   before either was committed. Duplicates already open (the newer of
--   each pair) are cancelled first, with the reason, so that the index can
--   be built;
-- * the index of a provincial officer's list of assessments (their
--   province, newest first).
-- +goose Up
UPDATE assessments SET status = 'cancelled', version = version + 1,
    cancel_reason = 'Hủy tự động khi nâng cấp hệ thống: trùng với một đề nghị đánh giá độc lập khác của doanh nghiệp theo cùng bộ tiêu chí đang thực hiện (mỗi bộ tiêu chí chỉ một đề nghị).'
WHERE mode = 'independent' AND status IN ('requested', 'assigned', 'in_progress')
    AND EXISTS (SELECT 1 FROM assessments o WHERE o.enterprise_id = assessments.enterprise_id AND o.scheme_id = assessments.scheme_id
        AND o.mode = 'independent' AND o.status IN ('requested', 'assigned', 'in_progress') AND o.id < assessments.id);
CREATE UNIQUE INDEX assessments_one_open_independent ON assessments (enterprise_id, scheme_id)
    WHERE mode = 'independent' AND status IN ('requested', 'assigned', 'in_progress');
CREATE INDEX assessments_province_created ON assessments (province_code, created_at, id);

-- +goose Down
DROP INDEX assessments_province_created;
DROP INDEX assessments_one_open_independent;
