-- MCP servers ("tools") the service runs or health-checks. Runtime state is kept here too, so a list can be
-- filtered by it and a restarted service knows which tools it should bring back.
create table tools (
    id                 uuid primary key,
    name               varchar(32)  not null unique,
    display_name       varchar(200),
    description        text,
    tags               varchar[]    not null default '{}',
    transport          varchar(20)  not null check (transport in ('stdio', 'streamable_http', 'sse')),
    command            text,
    args               varchar[]    not null default '{}',
    -- values encrypted with AES-GCM (mcps.secrets.key); names stay readable
    env                jsonb        not null default '{}',
    cwd                text,
    url                text,
    headers            jsonb        not null default '{}',
    auto_start         boolean      not null default false,
    restart_policy     varchar(20)  not null default 'on_failure'
                                    check (restart_policy in ('never', 'on_failure', 'always')),
    max_restarts       integer      not null default 5,
    restart_delay_ms   bigint       not null default 1000,
    startup_timeout_ms bigint       not null default 30000,
    call_timeout_ms    bigint       not null default 60000,
    max_concurrency    integer      not null default 32,
    sharing            varchar(20)  not null default 'shared' check (sharing in ('shared', 'per_session')),
    max_instances      integer      not null default 10,
    idle_timeout_ms    bigint       not null default 600000,
    allowed_roles      varchar[]    not null default '{}',
    enabled            boolean      not null default true,
    template           varchar(64),
    -- runtime: what the supervisor last reported, and whether an operator wants it running
    state              varchar(20)  not null default 'stopped',
    desired_running    boolean      not null default false,
    created_by         varchar(200),
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    version            bigint       not null default 0
);

create index tools_state_idx on tools (state);
create index tools_tags_idx on tools using gin (tags);
