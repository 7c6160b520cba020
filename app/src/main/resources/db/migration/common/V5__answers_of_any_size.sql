-- An analysis keeps at most 1,000 table rows, and still its result or plan can outgrow any fixed
-- bound, so they become TEXT (unbounded on PostgreSQL; on H2 a CHARACTER VARYING without a
-- declared length). NOT NULL stays. Short columns (the question, the audit log's tool and
-- arguments) keep their bounds: values are cut to fit before they are written.
ALTER TABLE analysis ALTER COLUMN result SET DATA TYPE TEXT;
ALTER TABLE analysis ALTER COLUMN plan SET DATA TYPE TEXT;
ALTER TABLE dashboard_tile ALTER COLUMN plan SET DATA TYPE TEXT;
