-- With several instances, some jobs must run in one place only.

-- Periodic jobs run by one instance at a time (alert evaluation): the holder renews its lease on every run; another
-- instance takes the job over once the lease has expired (its holder died) or was released (its holder stopped).
create table job_leases (
    job        text primary key,
    holder     text        not null,
    expires_at timestamptz not null
);

-- Daily jobs (log retention, backup pruning): one row per job and scheduled time, inserted in the transaction that
-- does the work, so exactly one instance does each run, and another does it if that one died before committing.
create table job_runs (
    job          text        not null,
    scheduled_at timestamptz not null,
    instance     text        not null,
    done_at      timestamptz not null default now(),
    primary key (job, scheduled_at)
);

-- Task attempts (mcps.task.commands) this service took on: a command redelivered after a rebalance or a crash
-- does not run the attempt a second time.
create table task_attempts (
    task_id    text        not null,
    attempt    integer     not null,
    instance   text        not null,
    claimed_at timestamptz not null default now(),
    primary key (task_id, attempt)
);
