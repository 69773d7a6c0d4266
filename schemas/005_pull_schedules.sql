-- Recurring DICOMweb pulls: a saved QIDO-RS search that the ingest-service runs every `every_seconds`, as a chain
-- of `pull` jobs (each run enqueues the next in the transaction that records it). Credentials are never stored
-- here: the services look them up by DICOMweb root in SCANSELECT_DICOMWEB_CREDENTIALS.
CREATE TABLE pull_schedules (
    name          text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    project_id    text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    dicomweb      text NOT NULL,
    study         text,
    query         jsonb NOT NULL DEFAULT '[]'::jsonb,
    every_seconds double precision NOT NULL CHECK (every_seconds >= 1),
    enabled       boolean NOT NULL DEFAULT true,
    runs          bigint NOT NULL DEFAULT 0,
    last_run_at   timestamptz,
    last_report   text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- What a schedule already has: a series pulled whole is not asked for again.
CREATE TABLE pulled_series (
    schedule   text NOT NULL REFERENCES pull_schedules(name) ON DELETE CASCADE,
    series_uid text NOT NULL,
    pulled_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule, series_uid)
);
