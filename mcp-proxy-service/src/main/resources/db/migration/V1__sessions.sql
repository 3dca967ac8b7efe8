-- MCP client sessions. The live state is in the proxy's memory; this is the durable copy written in batches
-- (new sessions, state changes, last-seen times), for listing, history and expiry after a restart.
create table mcp_sessions (
    id               varchar(64)  primary key,
    user_id          varchar(128),
    username         varchar(255),
    api_key_id       varchar(128),
    transport        varchar(32)  not null,
    scope_server     varchar(255),
    name             varchar(255),
    client_name      varchar(255),
    client_version   varchar(64),
    protocol_version varchar(32),
    created_at       timestamptz  not null,
    last_seen_at     timestamptz  not null,
    state            varchar(16)  not null,
    closed_at        timestamptz
);

create index mcp_sessions_user_idx on mcp_sessions (user_id, created_at desc);
create index mcp_sessions_active_idx on mcp_sessions (state, last_seen_at) where state = 'active';
