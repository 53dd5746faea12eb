-- Processes can be taken out of use (a line is dismantled, a product
-- discontinued) without losing their history: an inactive process keeps
-- its characteristics and measurements for reading and reports, takes no
-- new characteristics, and its characteristics take no new measurements
-- (they are deactivated with it). Characteristics already had the flag.
-- Same change as the twin of this file in the other dialect's folder.
-- +goose Up
ALTER TABLE quality_processes ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE quality_processes DROP COLUMN active;
