-- What a DICOM SEG of a scan must reference, slice by slice in the order of the scan's volume: study, series and
-- Frame of Reference UIDs, each slice's SOP Class and Instance UID (and frame) and position, the pixel spacing and
-- orientation. UIDs and geometry only: nothing that identifies the patient. `instance_uids` stays the sorted set
-- that deduplication and label matching look up; this keeps the order a SEG needs.
ALTER TABLE scans ADD COLUMN dicom_reference jsonb;

COMMENT ON COLUMN scans.dicom_reference IS 'DICOM sources only: study/series/frame-of-reference UIDs, per-slice SOP class and instance UIDs and positions in volume order, rows, columns, spacing and orientation, for SEG pre-annotations.';

-- A model's pre-annotations form one DICOM series (a new Series Instance UID per model version), assigned the
-- first time the model's predictions are written and kept, so later writes join the same series.
ALTER TABLE models ADD COLUMN seg_series_uid text;

COMMENT ON COLUMN models.seg_series_uid IS 'Series Instance UID of the DICOM SEG pre-annotations this model wrote; null until the first.';

-- The selector's pre-annotations: the model's prediction for each pick of an active-learning round, written to the
-- tensor store before the picks commit and recorded with them. A pick whose file could not be made keeps why.
CREATE TABLE pre_annotations (
    project_id      text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    round           int  NOT NULL,
    scan_id         uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    model_id        bigint REFERENCES models(id) ON DELETE SET NULL,
    format          text CHECK (format IN ('seg', 'nifti', 'png')),
    path            text,
    labelled_pixels jsonb,
    sop_instance_uid text,
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, round, scan_id),
    CHECK ((path IS NULL) <> (error IS NULL))
);

COMMENT ON TABLE pre_annotations IS 'The model''s prediction for each active-learning pick, as DICOM SEG or label PNG in the tensor store.';

-- selection_current gains the pick's pre-annotation (new columns go last; earlier comments stay).
CREATE OR REPLACE VIEW selection_current AS
SELECT s.project_id AS project, s.round, s.rank, s.scan_id AS scan, s.score, s.reason, s.cluster,
       s.strategy, s.components, s.embedding,
       NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current) AS awaiting_label,
       s.space, sc.source_ref, sc.study_uid, sc.series_uid,
       p.path AS pre_annotation, p.format AS pre_annotation_format
FROM selections s JOIN scans sc ON sc.id = s.scan_id
LEFT JOIN pre_annotations p ON p.project_id = s.project_id AND p.round = s.round AND p.scan_id = s.scan_id
WHERE s.round = (SELECT max(round) FROM selections m WHERE m.project_id = s.project_id);

COMMENT ON COLUMN selection_current.pre_annotation IS 'The model''s prediction for the pick, relative to the tensor store root (preannotations/<project>/round-<n>/<scan>.seg.dcm, .nii or .png); null in round 0 (no model yet) or when it could not be made (see pre_annotations.error).';
COMMENT ON COLUMN selection_current.pre_annotation_format IS 'seg (DICOM Segmentation, for DICOM sources), nifti (label volume with the source''s affine, for NIfTI sources) or png (8-bit label values, for other 2-D files).';

-- Every pre-annotation sent to a PACS: what, where, when and how it went. Destinations are stored without
-- credentials (those come from DICOMWEB_CREDENTIALS at send time).
CREATE TABLE exports (
    id               bigserial PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    round            int  NOT NULL,
    scan_id          uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    sop_instance_uid text NOT NULL,
    destination      text NOT NULL,
    state            text NOT NULL CHECK (state IN ('stored', 'failed')),
    error            text,
    sent_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exports_project_round ON exports (project_id, round);

COMMENT ON TABLE exports IS 'Pre-annotations (DICOM SEG) sent to a PACS over STOW-RS: one row per attempt.';
