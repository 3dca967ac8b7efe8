-- Several tool-service instances share this database (issue 17); each tool runs in exactly one of them.
-- An instance announces itself here, with the base URL of its own bridge (not the balancer's), and renews its
-- heartbeat; one whose heartbeat is older than the lease TTL counts as gone.
create table tool_instances (
    instance_id     varchar(100) primary key,
    bridge_base_url text         not null,
    started_at      timestamptz  not null default now(),
    heartbeat_at    timestamptz  not null default now()
);

-- Who runs a tool. owner is null once released; generation counts every change of owner and fences writes: a
-- state write of the owner is applied only while its generation is still the lease's, so an owner that was
-- paused past expires_at and lost the lease cannot overwrite its successor. Expiry is judged with the database's
-- clock (now()), never an instance's.
create table tool_leases (
    tool_id    uuid         primary key references tools (id) on delete cascade,
    owner      varchar(100),
    generation bigint       not null,
    expires_at timestamptz
);

create index tool_leases_owner_idx on tool_leases (owner);

-- What the owner's process said at initialize, so any instance can answer /internal/tools/running from here.
alter table tools add column server_info jsonb;
alter table tools add column capabilities jsonb;
