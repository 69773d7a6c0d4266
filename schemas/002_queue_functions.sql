-- Claiming and completing jobs as functions. PL/pgSQL keeps their plans for the life of a connection, so a
-- busy worker stops paying to plan the claim on every call, and `queue_complete_and_claim` lets a worker
-- finish one job and lease its next in a single round-trip and a single commit.

CREATE FUNCTION queue_claim(p_kinds text[], p_worker text, p_lease_seconds float8, p_limit bigint)
RETURNS TABLE (id bigint, kind text, project_id text, payload text, attempt int, max_attempts int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH next AS (
        -- One ordered index scan per kind: `kind = ANY(...)` cannot walk jobs_claimable in priority order, so
        -- it would sort every queued job of those kinds on every claim (measured: 15× slower at 30,000 queued).
        SELECT c.id FROM unnest(p_kinds) AS wanted(kind)
        CROSS JOIN LATERAL (
            SELECT j.id, j.priority FROM jobs j
            WHERE j.state = 'queued' AND j.kind = wanted.kind AND j.not_before <= now()
            ORDER BY j.priority DESC, j.id
            LIMIT p_limit
            FOR UPDATE SKIP LOCKED
        ) c
        ORDER BY c.priority DESC, c.id
        LIMIT p_limit
    ), claimed AS (
        UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = p_worker,
               lease_expires_at = now() + make_interval(secs => p_lease_seconds), updated_at = now()
        FROM next WHERE j.id = next.id
        RETURNING j.id, j.kind, j.project_id, j.payload::text, j.attempts, j.max_attempts
    ), history AS (
        INSERT INTO job_attempts (job_id, attempt, worker)
        SELECT c.id, c.attempts, p_worker FROM claimed c
    )
    SELECT c.id, c.kind, c.project_id, c.payload, c.attempts, c.max_attempts FROM claimed c ORDER BY c.id;
END
$$;

-- False when the worker no longer holds the job's lease (it expired and was requeued): nothing changes then.
CREATE FUNCTION queue_complete(p_job bigint, p_worker text, p_result jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    finished_attempt int;
BEGIN
    UPDATE jobs SET state = 'done', result = p_result, finished_at = now(), updated_at = now(),
           lease_owner = NULL, lease_expires_at = NULL
    WHERE id = p_job AND lease_owner = p_worker AND state = 'running'
    RETURNING attempts INTO finished_attempt;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE job_attempts SET outcome = 'completed', ended_at = now()
    WHERE job_id = p_job AND attempt = finished_attempt AND outcome IS NULL;
    RETURN true;
END
$$;

-- SQLSTATE SS001 (lease lost) rolls the whole call back, so a worker that lost its job claims nothing.
CREATE FUNCTION queue_complete_and_claim(p_job bigint, p_worker text, p_result jsonb, p_kinds text[],
                                         p_claim_worker text, p_lease_seconds float8, p_limit bigint)
RETURNS TABLE (id bigint, kind text, project_id text, payload text, attempt int, max_attempts int)
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT queue_complete(p_job, p_worker, p_result) THEN
        RAISE EXCEPTION 'job % is no longer leased to %', p_job, p_worker USING ERRCODE = 'SS001';
    END IF;
    RETURN QUERY SELECT * FROM queue_claim(p_kinds, p_claim_worker, p_lease_seconds, p_limit);
END
$$;
