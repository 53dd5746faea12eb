-- Activities (issue 5, proposals to decisions): the folded title the list's
-- search reads (vn.Fold: lower case, no diacritics), written by the
-- programme service on every create and edit of a proposal.
-- +goose Up
ALTER TABLE activities ADD COLUMN title_folded TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE activities DROP COLUMN title_folded;
