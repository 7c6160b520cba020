-- Jobs that run on a schedule once across every app node: the node that moves a job's
-- next_run_at forward first runs it; the others find it not due and skip it.
CREATE TABLE scheduled_job (
    name           VARCHAR(100) NOT NULL PRIMARY KEY,
    next_run_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_run_by    VARCHAR(200),
    last_run_at    TIMESTAMP WITH TIME ZONE,
    runs           BIGINT NOT NULL DEFAULT 0
);
