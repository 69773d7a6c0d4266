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
