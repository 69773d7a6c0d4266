-- A scan whose embed job died keeps its error, and the pool stops waiting for it.
ALTER TABLE scans ADD COLUMN last_error text;

-- Failed scans with their last error (no patient attribute: the scan is a pseudonymous uuid).
CREATE VIEW scan_failures AS
SELECT project_id AS project, id AS scan, modality, last_error, created_at
FROM scans WHERE state = 'failed';
