-- Views an analyst can read without the schema, and `selections.embedding` with one meaning.

-- `embedding` was `encoder@checksum` for round 0 but the distance space (`map`, `embedding:<encoder>`) for
-- active-learning rounds. Now it is always the embedding (encoder@first 12 hex digits of the weights checksum)
-- and the space has its own column. Earlier rows: the space moves over; the embedding becomes that of the
-- newest map made before the picks (whose clusters they report); round 0 takes its map's space.
ALTER TABLE selections ADD COLUMN space text;
UPDATE selections s
SET space = CASE WHEN s.embedding LIKE 'embedding:%' THEN 'embedding' ELSE s.embedding END,
    embedding = (SELECT c.encoder || '@' || left(c.weights_checksum, 12) FROM cluster_runs c
                 WHERE c.project_id = s.project_id AND c.created_at <= s.created_at ORDER BY c.id DESC LIMIT 1)
WHERE s.round > 0;
UPDATE selections s SET space = c.space
FROM rounds r JOIN cluster_runs c ON c.id = r.cluster_run_id
WHERE s.round = 0 AND r.project_id = s.project_id AND r.number = 0;

CREATE OR REPLACE VIEW selection_current AS
SELECT s.project_id AS project, s.round, s.rank, s.scan_id AS scan, s.score, s.reason, s.cluster,
       s.strategy, s.components, s.embedding,
       NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current) AS awaiting_label,
       s.space, sc.source_ref, sc.study_uid, sc.series_uid
FROM selections s JOIN scans sc ON sc.id = s.scan_id
WHERE s.round = (SELECT max(round) FROM selections m WHERE m.project_id = s.project_id);

COMMENT ON VIEW selection_current IS 'The newest round''s picks per project, in rank order, with why each was picked and whether its label is still awaited.';
COMMENT ON COLUMN selection_current.project IS 'Project id.';
COMMENT ON COLUMN selection_current.round IS 'Round the picks open (0: cold start).';
COMMENT ON COLUMN selection_current.rank IS '1 = annotate first.';
COMMENT ON COLUMN selection_current.scan IS 'Pseudonymous scan id (scans.id); no patient attribute.';
COMMENT ON COLUMN selection_current.score IS 'The strategy''s score for the pick (higher was picked earlier); null for random.';
COMMENT ON COLUMN selection_current.reason IS 'Why the scan was picked, in words, with the score''s parts.';
COMMENT ON COLUMN selection_current.cluster IS 'Cluster of the scan on the project''s map.';
COMMENT ON COLUMN selection_current.strategy IS 'Cold-start or active-learning strategy that picked it.';
COMMENT ON COLUMN selection_current.components IS 'The score''s parts as JSON (entropy, distance, ...).';
COMMENT ON COLUMN selection_current.embedding IS 'Embedding the picks were made from: encoder@first 12 hex digits of the weights checksum; null when none took part.';
COMMENT ON COLUMN selection_current.awaiting_label IS 'True until a label for the scan is imported.';
COMMENT ON COLUMN selection_current.space IS 'Space distances were measured in: map (the 2-D map) or embedding; null when the strategy measures none.';
COMMENT ON COLUMN selection_current.source_ref IS 'Where the scan came from: file path, DICOMweb URL or series reference.';
COMMENT ON COLUMN selection_current.study_uid IS 'DICOM Study Instance UID (DICOM sources), to find the scan in the PACS.';
COMMENT ON COLUMN selection_current.series_uid IS 'DICOM Series Instance UID (DICOM sources).';

-- One row per trained round: how many labels the model saw and how it scored on the held-out validation split.
CREATE VIEW learning_curve AS
SELECT m.project_id AS project, m.round, cardinality(m.labelled_scans) AS labelled,
       (m.validation ->> 'dice')::float8 AS validation_dice,
       (m.validation ->> 'best_epoch')::int AS best_epoch,
       (m.validation ->> 'epochs_completed')::int AS epochs,
       m.train_seconds, m.id AS model, m.created_at AS trained_at
FROM models m;

COMMENT ON VIEW learning_curve IS 'Per project and round, the model trained on the labels so far and its validation Dice: the learning curve.';
COMMENT ON COLUMN learning_curve.project IS 'Project id.';
COMMENT ON COLUMN learning_curve.round IS 'Round whose labels the model was trained on (all labels up to it).';
COMMENT ON COLUMN learning_curve.labelled IS 'Labelled scans the model was trained on.';
COMMENT ON COLUMN learning_curve.validation_dice IS 'Mean Dice on the round''s held-out validation scans at the kept (best) epoch.';
COMMENT ON COLUMN learning_curve.best_epoch IS 'Epoch whose weights were kept.';
COMMENT ON COLUMN learning_curve.epochs IS 'Epochs run (early stopping may end before the configured number).';
COMMENT ON COLUMN learning_curve.train_seconds IS 'Training wall time in seconds.';
COMMENT ON COLUMN learning_curve.model IS 'models.id of the checkpoint, for export and prediction.';
COMMENT ON COLUMN learning_curve.trained_at IS 'When training finished.';

-- Every scan with its state, its label status and its last error.
CREATE VIEW scan_status AS
SELECT s.project_id AS project, s.id AS scan, s.split, s.state, s.modality, s.dims,
       CASE WHEN l.scan_id IS NOT NULL THEN 'labelled'
            WHEN EXISTS (SELECT 1 FROM selections p WHERE p.scan_id = s.id) THEN 'awaiting'
            ELSE 'unlabelled' END AS label_status,
       l.version AS label_version, l.created_at AS labelled_at,
       (SELECT min(p.round) FROM selections p WHERE p.scan_id = s.id) AS picked_in_round,
       s.last_error, s.source_ref, s.created_at AS ingested_at
FROM scans s LEFT JOIN labels l ON l.scan_id = s.id AND l.is_current;

COMMENT ON VIEW scan_status IS 'Every scan: pipeline state, label status and the last error of a failed scan.';
COMMENT ON COLUMN scan_status.project IS 'Project id.';
COMMENT ON COLUMN scan_status.scan IS 'Pseudonymous scan id (scans.id).';
COMMENT ON COLUMN scan_status.split IS 'pool (selectable) or test (held out for evaluation).';
COMMENT ON COLUMN scan_status.state IS 'ingested, embedded or failed.';
COMMENT ON COLUMN scan_status.modality IS 'DICOM modality (OT for non-DICOM sources).';
COMMENT ON COLUMN scan_status.dims IS '2 (an image) or 3 (a volume).';
COMMENT ON COLUMN scan_status.label_status IS 'labelled (a current label exists), awaiting (picked, no label yet) or unlabelled.';
COMMENT ON COLUMN scan_status.label_version IS 'Version of the current label (1 = first import); null without one.';
COMMENT ON COLUMN scan_status.labelled_at IS 'When the current label was imported.';
COMMENT ON COLUMN scan_status.picked_in_round IS 'Round that first picked the scan; null if never picked.';
COMMENT ON COLUMN scan_status.last_error IS 'Why the scan failed (its embed job''s last error); null unless failed.';
COMMENT ON COLUMN scan_status.source_ref IS 'Where the scan came from.';
COMMENT ON COLUMN scan_status.ingested_at IS 'When the scan was ingested.';

-- queue_status gains the project and the newest error per group.
CREATE OR REPLACE VIEW queue_status AS
SELECT kind, state, count(*)::bigint AS count,
       CASE WHEN state IN ('queued', 'running') THEN now() - min(created_at) END AS oldest_age,
       project_id AS project,
       (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
FROM jobs GROUP BY kind, state, project_id;

COMMENT ON VIEW queue_status IS 'Jobs per kind, state and project: how many, how old the oldest waiting or running one is, and the newest error.';
COMMENT ON COLUMN queue_status.kind IS 'Job kind: embed, cluster, train, score, select, pull.';
COMMENT ON COLUMN queue_status.state IS 'queued, running, done or dead.';
COMMENT ON COLUMN queue_status.count IS 'Jobs in this kind, state and project.';
COMMENT ON COLUMN queue_status.oldest_age IS 'Age of the oldest queued or running job; null for done and dead.';
COMMENT ON COLUMN queue_status.project IS 'Project id; null for jobs of no project.';
COMMENT ON COLUMN queue_status.last_error IS 'The most recently updated job''s error in this group (a dead job keeps its error).';

COMMENT ON VIEW embedding_map IS 'The newest 2-D map per project: every scan''s coordinates and cluster, and the round that picked it.';
COMMENT ON COLUMN embedding_map.project IS 'Project id.';
COMMENT ON COLUMN embedding_map.scan IS 'Pseudonymous scan id.';
COMMENT ON COLUMN embedding_map.x IS 'Map x coordinate (t-SNE or PCA of the embeddings).';
COMMENT ON COLUMN embedding_map.y IS 'Map y coordinate.';
COMMENT ON COLUMN embedding_map.cluster IS 'Cluster number on this map.';
COMMENT ON COLUMN embedding_map.k IS 'Number of clusters chosen (by silhouette).';
COMMENT ON COLUMN embedding_map.encoder IS 'Encoder whose embeddings made the map.';
COMMENT ON COLUMN embedding_map.cluster_run IS 'cluster_runs.id of this map.';
COMMENT ON COLUMN embedding_map.selected_in_round IS 'Round that first picked the scan; null if never picked.';

COMMENT ON VIEW scan_failures IS 'Failed scans with their last error.';
COMMENT ON COLUMN scan_failures.project IS 'Project id.';
COMMENT ON COLUMN scan_failures.scan IS 'Pseudonymous scan id.';
COMMENT ON COLUMN scan_failures.modality IS 'DICOM modality.';
COMMENT ON COLUMN scan_failures.last_error IS 'Why the scan failed.';
COMMENT ON COLUMN scan_failures.created_at IS 'When the scan was ingested.';
COMMENT ON COLUMN embedding_map.placed IS 'True when the scan was embedded after the map was built and placed on it without moving the others.';
