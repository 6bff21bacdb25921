-- The reward's explanation beside its totals: attribution source, exact (fractional) conversions, UTM and modelled
-- figures and the shaped reward's components, as one JSON document written by the reward job.
ALTER TABLE rewards ADD COLUMN details TEXT NULL;
