-- A scan whose embed job died keeps its error, and the pool stops waiting for it.
ALTER TABLE scans ADD COLUMN last_error text;

-- Failed scans with their last error (no patient attribute: the scan is a pseudonymous uuid).
CREATE VIEW scan_failures AS
SELECT project_id AS project, id AS scan, modality, last_error, created_at
FROM scans WHERE state = 'failed';

-- Scans embedded after the map was built are placed on it (MapPlacement) without moving the others.
ALTER TABLE map_points ADD COLUMN placed boolean NOT NULL DEFAULT false;

CREATE OR REPLACE VIEW embedding_map AS
SELECT r.project_id AS project, p.scan_id AS scan, p.x, p.y, p.cluster, r.k, r.encoder, r.id AS cluster_run,
       (SELECT min(s.round) FROM selections s WHERE s.project_id = r.project_id AND s.scan_id = p.scan_id)
           AS selected_in_round,
       p.placed
FROM map_points p JOIN cluster_runs r ON r.id = p.cluster_run_id
WHERE r.id = (SELECT max(id) FROM cluster_runs m WHERE m.project_id = r.project_id);
