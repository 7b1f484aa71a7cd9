-- Who is evaluating a `running` run, so a later command can tell a run whose process died (kill -9,
-- power loss: it never recorded an ending) from one still under way in another process (two
-- `stoppoint run`s on one store are supported). On the owner's host a dead pid settles it; elsewhere,
-- or when the pid was reused, a heartbeat the runner refreshes while it works goes stale.
-- Rows from before this migration have no owner: only their age (started_at) can speak for them.
ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
ALTER TABLE runs ADD COLUMN owner_host TEXT;
ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER;    -- unix ms of the owner's last sign of life
-- Every command checks the `running` rows when it opens the store: only those, through this index.
CREATE INDEX runs_running ON runs (id) WHERE status = 'running';
