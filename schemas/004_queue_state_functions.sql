-- The rest of the queue's state changes as functions beside queue_claim and queue_complete, so the queue's SQL
-- has one home: Swift only calls these.

-- The job's new state ('queued' for a retry after p_delay_seconds, or 'dead'), or NULL when the worker no
-- longer holds the lease (nothing changes then).
CREATE FUNCTION queue_fail(p_job bigint, p_worker text, p_error text, p_permanent boolean, p_delay_seconds float8)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    new_state text;
    failed_attempt int;
BEGIN
    UPDATE jobs SET
        state = CASE WHEN attempts >= max_attempts OR p_permanent THEN 'dead' ELSE 'queued' END,
        not_before = now() + make_interval(secs => p_delay_seconds),
        last_error = p_error, lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
        finished_at = CASE WHEN attempts >= max_attempts OR p_permanent THEN now() END
    WHERE id = p_job AND lease_owner = p_worker AND state = 'running'
    RETURNING state, attempts INTO new_state, failed_attempt;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    UPDATE job_attempts SET outcome = 'failed', ended_at = now(), error = p_error
    WHERE job_id = p_job AND attempt = failed_attempt AND outcome IS NULL;
    RETURN new_state;
END
$$;

-- Gives the job back without counting the attempt (graceful shutdown); false when the lease was already lost.
CREATE FUNCTION queue_release(p_job bigint, p_worker text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    released_attempt int;
BEGIN
    UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL,
           lease_expires_at = NULL, updated_at = now()
    WHERE id = p_job AND lease_owner = p_worker AND state = 'running'
    RETURNING attempts + 1 INTO released_attempt;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE job_attempts SET outcome = 'released', ended_at = now()
    WHERE job_id = p_job AND attempt = released_attempt AND outcome IS NULL;
    RETURN true;
END
$$;

-- Requeues the jobs whose lease expired (their worker died or hung); the expired run counts as an attempt, so a
-- job that kills every worker that runs it still ends 'dead'. Returns how many were reaped.
CREATE FUNCTION queue_reap_expired() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    reaped bigint;
BEGIN
    WITH expired AS (
        SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < now()
        FOR UPDATE SKIP LOCKED
    ), requeued AS (
        UPDATE jobs j SET
            state = CASE WHEN j.attempts >= j.max_attempts THEN 'dead' ELSE 'queued' END,
            last_error = 'lease of ' || coalesce(j.lease_owner, '?') || ' expired (worker died or hung)',
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
            finished_at = CASE WHEN j.attempts >= j.max_attempts THEN now() END
        FROM expired WHERE j.id = expired.id
        RETURNING j.id, j.attempts
    ), history AS (
        UPDATE job_attempts a SET outcome = 'expired', ended_at = now(), error = 'lease expired'
        FROM requeued WHERE a.job_id = requeued.id AND a.attempt = requeued.attempts AND a.outcome IS NULL
    )
    SELECT count(*) INTO reaped FROM requeued;
    RETURN reaped;
END
$$;

-- Gives a dead job a fresh set of attempts; false when it is not dead.
CREATE FUNCTION queue_retry_dead(p_job bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE jobs SET state = 'queued', attempts = 0, not_before = now(), finished_at = NULL, updated_at = now()
    WHERE id = p_job AND state = 'dead';
    RETURN FOUND;
END
$$;

-- The new job's id, or the id of the job already enqueued under the same idempotency key.
CREATE FUNCTION queue_enqueue(p_kind text, p_project text, p_payload jsonb, p_key text, p_priority bigint,
                              p_not_before timestamptz, p_max_attempts bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    job_id bigint;
BEGIN
    INSERT INTO jobs (kind, project_id, payload, idempotency_key, priority, not_before, max_attempts)
    VALUES (p_kind, p_project, p_payload, p_key, p_priority, greatest(now(), p_not_before), p_max_attempts)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id INTO job_id;
    IF job_id IS NULL THEN
        -- The key exists: its row is committed or ours, so it is visible.
        SELECT id INTO job_id FROM jobs WHERE idempotency_key = p_key;
    END IF;
    RETURN job_id;
END
$$;

-- Extends the lease; false when it was lost (expired and reaped), so the work should stop.
CREATE FUNCTION queue_heartbeat(p_job bigint, p_worker text, p_lease_seconds float8) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE jobs SET lease_expires_at = now() + make_interval(secs => p_lease_seconds), updated_at = now()
    WHERE id = p_job AND lease_owner = p_worker AND state = 'running';
    RETURN FOUND;
END
$$;

-- Records a running job's progress (JSON) for `scanselect status`.
CREATE FUNCTION queue_progress(p_job bigint, p_worker text, p_progress jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE jobs SET progress = p_progress, updated_at = now()
    WHERE id = p_job AND lease_owner = p_worker AND state = 'running';
    RETURN FOUND;
END
$$;

-- p_count jobs of one kind with payloads {"n": 1} … {"n": p_count} in one statement: load for the queue benchmark.
CREATE FUNCTION queue_enqueue_numbered(p_kind text, p_count bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO jobs (kind, payload) SELECT p_kind, jsonb_build_object('n', g) FROM generate_series(1, p_count) g
$$;
