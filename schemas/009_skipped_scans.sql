-- An annotator can skip a picked scan (unreadable, wrong anatomy, out of scope): it no longer holds its round open,
-- is never picked again, and the skip keeps who said so and why. A label imported later still counts (the label wins).
CREATE TABLE skipped_scans (
    scan_id    uuid PRIMARY KEY REFERENCES scans(id) ON DELETE CASCADE,
    project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    reason     text NOT NULL,
    skipped_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE skipped_scans IS 'Picked scans an annotator chose not to label, with who and why.';

-- Same columns as 008; awaiting_label is now false for a skipped pick.
CREATE OR REPLACE VIEW selection_current AS
SELECT s.project_id AS project, s.round, s.rank, s.scan_id AS scan, s.score, s.reason, s.cluster,
       s.strategy, s.components, s.embedding,
       NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current)
           AND NOT EXISTS (SELECT 1 FROM skipped_scans k WHERE k.scan_id = s.scan_id) AS awaiting_label,
       s.space, sc.source_ref, sc.study_uid, sc.series_uid,
       p.path AS pre_annotation, p.format AS pre_annotation_format
FROM selections s JOIN scans sc ON sc.id = s.scan_id
LEFT JOIN pre_annotations p ON p.project_id = s.project_id AND p.round = s.round AND p.scan_id = s.scan_id
WHERE s.round = (SELECT max(round) FROM selections m WHERE m.project_id = s.project_id);
COMMENT ON COLUMN selection_current.awaiting_label IS 'True until a label for the scan is imported or the scan is skipped.';

CREATE OR REPLACE VIEW scan_status AS
SELECT s.project_id AS project, s.id AS scan, s.split, s.state, s.modality, s.dims,
       CASE WHEN l.scan_id IS NOT NULL THEN 'labelled'
            WHEN EXISTS (SELECT 1 FROM skipped_scans k WHERE k.scan_id = s.id) THEN 'skipped'
            WHEN EXISTS (SELECT 1 FROM selections p WHERE p.scan_id = s.id) THEN 'awaiting'
            ELSE 'unlabelled' END AS label_status,
       l.version AS label_version, l.created_at AS labelled_at,
       (SELECT min(p.round) FROM selections p WHERE p.scan_id = s.id) AS picked_in_round,
       s.last_error, s.source_ref, s.created_at AS ingested_at
FROM scans s LEFT JOIN labels l ON l.scan_id = s.id AND l.is_current;
COMMENT ON COLUMN scan_status.label_status IS
    'labelled (a current label exists), skipped (picked, the annotator skipped it), awaiting (picked, no label yet) or unlabelled.';

-- The console's map and scan pages look picks up by scan (is it picked, in which round) for every point.
CREATE INDEX selections_scan ON selections (scan_id);
