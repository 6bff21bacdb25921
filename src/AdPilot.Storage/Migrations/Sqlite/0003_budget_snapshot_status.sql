-- Whether the ad set delivered when its budget was snapshotted, so the kill switch puts back the status a person left as
-- well as the budget. NULL for snapshots taken before this column existed (the restore then leaves the status alone).
ALTER TABLE budget_snapshots ADD COLUMN status TEXT NULL CHECK (status IN ('active', 'paused'));
