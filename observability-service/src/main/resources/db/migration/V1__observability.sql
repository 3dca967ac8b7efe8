-- One searchable log fed by every topic of the platform, plus what monitoring, alerts, settings and backups keep.

create table log_entries (
    id          bigint generated always as identity primary key,
    -- The CloudEvents id of the event this entry came from: a redelivered event is stored once.
    event_id    text        not null,
    time        timestamptz not null,
    received_at timestamptz not null default now(),
    level       text        not null,
    category    text        not null,
    source      text        not null,
    message     text        not null,
    user_name   text,
    session_id  text,
    tool        text,
    request_id  text,
    attributes  jsonb       not null default '{}'::jsonb,
    search      tsvector generated always as (
        to_tsvector('english', coalesce(message, '') || ' ' || coalesce(source, '') || ' ' || coalesce(tool, ''))
    ) stored
);
create unique index log_entries_event_id on log_entries (event_id);
create index log_entries_search on log_entries using gin (search);
create index log_entries_time on log_entries (time desc, id desc);
create index log_entries_category_time on log_entries (category, time desc);
create index log_entries_tool_time on log_entries (tool, time desc);
create index log_entries_level_time on log_entries (level, time desc);

-- The last known state of every tool, from mcps.tool.status (tools by state, "a tool failed").
create table tool_states (
    tool           text primary key,
    state          text        not null,
    previous_state text,
    restarts       integer     not null default 0,
    reason         text,
    updated_at     timestamptz not null
);

create table alert_rules (
    id          uuid primary key,
    name        text             not null unique,
    metric      text             not null,
    comparison  text             not null,
    threshold   double precision not null,
    window_s    integer          not null,
    severity    text             not null,
    tool        text,
    webhook_url text,
    enabled     boolean          not null default true,
    builtin     boolean          not null default false,
    created_at  timestamptz      not null default now(),
    updated_at  timestamptz      not null default now()
);

-- One row per rule and subject (a tool, or '' for host-wide metrics): fires once, resolves once.
create table alert_states (
    rule_id     uuid             not null references alert_rules (id) on delete cascade,
    subject     text             not null,
    state       text             not null,
    value       double precision,
    fired_at    timestamptz,
    resolved_at timestamptz,
    primary key (rule_id, subject)
);

create table settings (
    key        text primary key,
    value      jsonb       not null,
    updated_by text,
    updated_at timestamptz not null default now()
);

create table backups (
    id         uuid primary key,
    file_name  text        not null,
    size_bytes bigint      not null,
    sha256     text        not null,
    created_by text,
    created_at timestamptz not null default now(),
    report     text        not null
);

-- The seed's built-in alert rules (README: thresholds cpu_usage 80, memory_usage 85, disk_usage 90).
insert into alert_rules (id, name, metric, comparison, threshold, window_s, severity, builtin) values
    ('00000000-0000-0000-0000-00000000a001', 'Host CPU above 80%', 'host_cpu_percent', 'gt', 80, 60, 'warning', true),
    ('00000000-0000-0000-0000-00000000a002', 'Host memory above 85%', 'host_memory_percent', 'gt', 85, 60, 'warning', true),
    ('00000000-0000-0000-0000-00000000a003', 'Host disk above 90%', 'host_disk_percent', 'gt', 90, 60, 'critical', true),
    ('00000000-0000-0000-0000-00000000a004', 'A tool failed', 'tool_failed', 'gt', 0, 60, 'critical', true),
    ('00000000-0000-0000-0000-00000000a005', 'Tool error rate above 20%', 'tool_error_rate_percent', 'gt', 20, 300, 'warning', true);
