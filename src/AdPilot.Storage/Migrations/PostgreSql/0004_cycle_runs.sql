-- The ledger of the hourly loop: one row per account-hour (an ad account's cycle for one UTC hour), claimed by the worker
-- that runs it. A failed or abandoned run is claimed again (attempts + 1); a succeeded one never is, so a job that Quartz
-- fires twice for one hour, or recovers after its worker died, runs the cycle once. error holds at most 1000 characters of
-- an exception's message, never a token.
CREATE TABLE cycle_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id      bigint NOT NULL REFERENCES stores (id),
    platform      text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    account_id    text NOT NULL,
    hour          timestamptz NOT NULL CHECK (date_trunc('hour', hour AT TIME ZONE 'UTC') = hour AT TIME ZONE 'UTC'),
    status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    worker        text NOT NULL,
    attempts      integer NOT NULL CHECK (attempts >= 1),
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NULL,
    error         text NULL CHECK (length(error) <= 1000),
    summary_json  jsonb NULL,
    UNIQUE (store_id, platform, account_id, hour)
);
CREATE INDEX cycle_runs_hour ON cycle_runs (store_id, hour);
