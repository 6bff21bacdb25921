-- Every change of a store's active checkpoint: the version made active, the one it replaced (NULL when none served), how
-- ('promote': any registered version made active; 'rollback': a version that served before made active again), who
-- decided (a person, or the retraining job) and when. checkpoints keeps only each version's current status; this is the
-- history a rollback is checked against and an audit reads. note holds at most 1000 characters of why.
CREATE TABLE checkpoint_promotions (
    id                      INTEGER PRIMARY KEY,
    store_id                INTEGER NOT NULL REFERENCES stores (id),
    checkpoint_id           INTEGER NOT NULL REFERENCES checkpoints (id),
    previous_checkpoint_id  INTEGER NULL REFERENCES checkpoints (id),
    kind                    TEXT NOT NULL CHECK (kind IN ('promote', 'rollback')),
    decided_by              TEXT NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
    decided_at              TEXT NOT NULL,
    note                    TEXT NULL CHECK (length(note) <= 1000)
) STRICT;
CREATE INDEX checkpoint_promotions_by_store ON checkpoint_promotions (store_id, decided_at);
-- Versions promoted before this table existed served too (promoted_at is when they last became active): recorded as
-- promotions by an unrecorded decider, so a rollback to them is allowed.
INSERT INTO checkpoint_promotions (store_id, checkpoint_id, previous_checkpoint_id, kind, decided_by, decided_at)
SELECT store_id, id, NULL, 'promote', 'unrecorded', promoted_at FROM checkpoints WHERE promoted_at IS NOT NULL ORDER BY promoted_at, id;
