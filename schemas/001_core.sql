-- ScanSelect core schema. Forward-only: never edit a released migration, add a new numbered file.

CREATE TABLE projects (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    -- encoder, working size, label set, cold-start and active-learning strategies, budgets
    config      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One selectable unit: an X-ray image or a whole volume. `id` is the pseudonymous key; no patient-identifying
-- DICOM attribute is ever stored (UIDs are kept so results can be written back to the PACS).
CREATE TABLE scans (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id      text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    modality        text NOT NULL DEFAULT 'OT',
    dims            int  NOT NULL CHECK (dims IN (2, 3)),
    working_shape   int[] NOT NULL,
    original_shape  int[] NOT NULL,
    spacing_mm      double precision[],
    geometry        jsonb NOT NULL DEFAULT '{}'::jsonb,
    source_kind     text NOT NULL,
    source_ref      text NOT NULL,
    study_uid       text,
    series_uid      text,
    instance_uids   text[] NOT NULL DEFAULT '{}',
    content_hash    text NOT NULL,
    tensor_path     text NOT NULL,
    split           text NOT NULL DEFAULT 'pool' CHECK (split IN ('pool', 'test')),
    state           text NOT NULL DEFAULT 'ingested' CHECK (state IN ('ingested', 'embedded', 'failed')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, content_hash)
);
CREATE INDEX scans_project_state ON scans (project_id, state);

CREATE TABLE labels (
    id                   bigserial PRIMARY KEY,
    scan_id              uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    version              int  NOT NULL,
    tensor_path          text NOT NULL,
    original_tensor_path text,
    source_ref           text NOT NULL,
    is_current           boolean NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (scan_id, version)
);
CREATE UNIQUE INDEX labels_one_current ON labels (scan_id) WHERE is_current;

CREATE TABLE jobs (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,
    project_id       text REFERENCES projects(id) ON DELETE CASCADE,
    payload          jsonb NOT NULL DEFAULT '{}'::jsonb,
    idempotency_key  text UNIQUE,
    priority         int  NOT NULL DEFAULT 0,
    state            text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
    attempts         int  NOT NULL DEFAULT 0,
    max_attempts     int  NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    not_before       timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_expires_at timestamptz,
    progress         jsonb,
    result           jsonb,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE INDEX jobs_claimable ON jobs (kind, priority DESC, id) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state = 'running';

CREATE TABLE job_attempts (
    id          bigserial PRIMARY KEY,
    job_id      bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    attempt     int  NOT NULL,
    worker      text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    outcome     text CHECK (outcome IN ('completed', 'failed', 'released', 'expired')),
    error       text
);
CREATE INDEX job_attempts_job ON job_attempts (job_id, attempt);

CREATE TABLE embeddings (
    scan_id          uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    encoder          text NOT NULL,
    weights_checksum text NOT NULL,
    dim              int  NOT NULL,
    vector           real[] NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scan_id, encoder, weights_checksum)
);

CREATE TABLE cluster_runs (
    id               bigserial PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    encoder          text NOT NULL,
    weights_checksum text NOT NULL,
    space            text NOT NULL,
    k                int  NOT NULL,
    silhouette_curve jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE map_points (
    cluster_run_id bigint NOT NULL REFERENCES cluster_runs(id) ON DELETE CASCADE,
    scan_id        uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    x              double precision NOT NULL,
    y              double precision NOT NULL,
    cluster        int NOT NULL,
    PRIMARY KEY (cluster_run_id, scan_id)
);

CREATE TABLE rounds (
    project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number      int  NOT NULL CHECK (number >= 0),
    state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'training', 'scoring', 'selecting', 'closed')),
    strategy    text NOT NULL,
    cluster_run_id bigint REFERENCES cluster_runs(id),
    opened_at   timestamptz NOT NULL DEFAULT now(),
    closed_at   timestamptz,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE models (
    id               bigserial PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    round            int  NOT NULL,
    checkpoint_path  text NOT NULL,
    labelled_scans   uuid[] NOT NULL,
    validation       jsonb NOT NULL DEFAULT '{}'::jsonb,
    curve            jsonb NOT NULL DEFAULT '[]'::jsonb,
    train_seconds    double precision NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, round)
);

CREATE TABLE scores (
    project_id   text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    round        int  NOT NULL,
    scan_id      uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    uncertainty  double precision NOT NULL,
    components   jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (project_id, round, scan_id)
);

CREATE TABLE selections (
    project_id   text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    round        int  NOT NULL,
    rank         int  NOT NULL CHECK (rank >= 1),
    scan_id      uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    strategy     text NOT NULL,
    score        double precision,
    components   jsonb NOT NULL DEFAULT '{}'::jsonb,
    reason       text NOT NULL,
    cluster      int,
    embedding    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, round, rank),
    UNIQUE (project_id, round, scan_id)
);

-- The newest round's picks per project, with whether each still awaits its label.
CREATE VIEW selection_current AS
SELECT s.project_id AS project, s.round, s.rank, s.scan_id AS scan, s.score, s.reason, s.cluster,
       s.strategy, s.components, s.embedding,
       NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current) AS awaiting_label
FROM selections s
WHERE s.round = (SELECT max(round) FROM selections m WHERE m.project_id = s.project_id);

CREATE VIEW queue_status AS
SELECT kind, state, count(*)::bigint AS count,
       CASE WHEN state IN ('queued', 'running') THEN now() - min(created_at) END AS oldest_age
FROM jobs GROUP BY kind, state;

-- The latest 2-D map per project: coordinates, cluster, and whether (and when) the scan was selected.
CREATE VIEW embedding_map AS
SELECT r.project_id AS project, p.scan_id AS scan, p.x, p.y, p.cluster, r.k, r.encoder, r.id AS cluster_run,
       (SELECT min(s.round) FROM selections s WHERE s.project_id = r.project_id AND s.scan_id = p.scan_id)
           AS selected_in_round
FROM map_points p JOIN cluster_runs r ON r.id = p.cluster_run_id
WHERE r.id = (SELECT max(id) FROM cluster_runs c WHERE c.project_id = r.project_id);

-- Wakes idle workers as soon as a job becomes claimable (delivered at commit). Workers also poll, so a lost
-- notification only delays work.
CREATE FUNCTION jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('scanselect_jobs', NEW.kind);
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT OR UPDATE OF state ON jobs
    FOR EACH ROW WHEN (NEW.state = 'queued') EXECUTE FUNCTION jobs_notify();
