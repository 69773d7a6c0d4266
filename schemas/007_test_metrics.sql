-- The trainer scores each round's model on the project's labelled `test` scans (when there are any), so the
-- learning curve shows held-out quality, not only the validation Dice that chose the epoch.
ALTER TABLE models ADD COLUMN test jsonb;

COMMENT ON COLUMN models.test IS 'The model on the labelled test split: cases, unit, per-label summaries and their means (dice, iou, hd, hd95, assd); null without labelled test scans.';

-- New columns go last: CREATE OR REPLACE VIEW keeps the earlier columns and their comments.
CREATE OR REPLACE VIEW learning_curve AS
SELECT m.project_id AS project, m.round, cardinality(m.labelled_scans) AS labelled,
       (m.validation ->> 'dice')::float8 AS validation_dice,
       (m.validation ->> 'best_epoch')::int AS best_epoch,
       (m.validation ->> 'epochs_completed')::int AS epochs,
       m.train_seconds, m.id AS model, m.created_at AS trained_at,
       (m.test ->> 'cases')::int AS test_cases,
       (m.test ->> 'dice')::float8 AS test_dice,
       (m.test ->> 'hd95')::float8 AS test_hd95,
       m.test ->> 'unit' AS test_distance_unit
FROM models m;

COMMENT ON COLUMN learning_curve.test_cases IS 'Labelled test scans the model was scored on; null when the project has none.';
COMMENT ON COLUMN learning_curve.test_dice IS 'Mean Dice on the labelled test scans (mean over foreground labels).';
COMMENT ON COLUMN learning_curve.test_hd95 IS '95th-percentile Hausdorff distance on the test scans (mean over labels); null when undefined for a label (an empty prediction or truth).';
COMMENT ON COLUMN learning_curve.test_distance_unit IS 'Unit of test_hd95: mm when every test scan has a pixel spacing, else px of the working grid.';
