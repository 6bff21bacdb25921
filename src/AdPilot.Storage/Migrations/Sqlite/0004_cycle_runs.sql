-- The ledger of the hourly loop: one row per account-hour (an ad account's cycle for one UTC hour), claimed by the worker
-- that runs it. A failed or abandoned run is claimed again (attempts + 1); a succeeded one never is, so a job that fires
-- twice for one hour runs the cycle once. error holds at most 1000 characters of an exception's message, never a token.
-- hour is ISO 8601 UTC TEXT written by the store from a whole UTC hour, so equal hours are equal text.
CREATE TABLE cycle_runs (
    id            INTEGER PRIMARY KEY,
    store_id      INTEGER NOT NULL REFERENCES stores (id),
    platform      TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    account_id    TEXT NOT NULL,
    hour          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    worker        TEXT NOT NULL,
    attempts      INTEGER NOT NULL CHECK (attempts >= 1),
    started_at    TEXT NOT NULL,
    finished_at   TEXT NULL,
    error         TEXT NULL CHECK (length(error) <= 1000),
    summary_json  TEXT NULL CHECK (summary_json IS NULL OR json_valid(summary_json)),
    UNIQUE (store_id, platform, account_id, hour)
) STRICT;
CREATE INDEX cycle_runs_hour ON cycle_runs (store_id, hour);
