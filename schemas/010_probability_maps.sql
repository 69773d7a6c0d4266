-- Each pick's pre-annotation comes with the probability map it was thresholded from (a FRACTIONAL SEG for DICOM
-- scans, else 8-bit NIfTI or PNG), for viewers that show confidence.
ALTER TABLE pre_annotations ADD COLUMN probability_path text;

-- selection_current gains it (new columns go last; earlier comments stay).
CREATE OR REPLACE VIEW selection_current AS
SELECT s.project_id AS project, s.round, s.rank, s.scan_id AS scan, s.score, s.reason, s.cluster,
       s.strategy, s.components, s.embedding,
       NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current)
           AND NOT EXISTS (SELECT 1 FROM skipped_scans k WHERE k.scan_id = s.scan_id) AS awaiting_label,
       s.space, sc.source_ref, sc.study_uid, sc.series_uid,
       p.path AS pre_annotation, p.format AS pre_annotation_format, p.probability_path AS pre_annotation_probabilities
FROM selections s JOIN scans sc ON sc.id = s.scan_id
LEFT JOIN pre_annotations p ON p.project_id = s.project_id AND p.round = s.round AND p.scan_id = s.scan_id
WHERE s.round = (SELECT max(round) FROM selections m WHERE m.project_id = s.project_id);
COMMENT ON COLUMN selection_current.pre_annotation_probabilities IS
    'Store path of the probability map beside the pre-annotation (FRACTIONAL SEG, or 8-bit NIfTI/PNG); null without one.';
