-- Scheduled and background tasks. The row is the truth a restarted or second instance works from: next_run_at
-- says when a task is due, lease_owner/lease_until who is running it and until when that claim holds.
create table tasks (
    id              uuid primary key,
    name            varchar(200) not null,
    type            varchar(40)  not null,
    params          jsonb        not null default '{}',
    -- tool names the task touches (params names/server), so the list can be filtered by tool
    tools           varchar[]    not null default '{}',
    schedule        varchar(120),
    run_at          timestamptz,
    timeout_ms      bigint       not null,
    max_attempts    integer      not null check (max_attempts >= 1),
    enabled         boolean      not null default true,
    state           varchar(20)  not null
                    check (state in ('pending', 'scheduled', 'running', 'succeeded', 'failed', 'cancelled')),
    progress        double precision,
    -- attempts at the current due time; runs = finished runs over the task's life
    attempts        integer      not null default 0,
    runs            integer      not null default 0,
    started_at      timestamptz,
    finished_at     timestamptz,
    result          jsonb,
    error           text,
    next_run_at     timestamptz,
    lease_owner     varchar(200),
    lease_until     timestamptz,
    created_by      varchar(200),
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    version         bigint       not null default 0
);

create index tasks_due_idx on tasks (next_run_at) where enabled and next_run_at is not null;
create index tasks_lease_idx on tasks (lease_until) where state = 'running';
create index tasks_type_state_idx on tasks (type, state);
create index tasks_tools_idx on tasks using gin (tools);
