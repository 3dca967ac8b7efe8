-- Sessions survive the proxy instance that opened them (issue 17): the row is written before the initialize answer
-- leaves, with what another instance needs to continue the session (what the client declared at initialize), and
-- the upstream sessions a per_session tool opened for it, so any instance reaches the same upstream session.
alter table mcp_sessions
    add column client_info         jsonb,
    add column client_capabilities jsonb,
    add column log_level           varchar(16);

-- Instances drop from memory the sessions another instance ended since they last looked.
create index mcp_sessions_closed_idx on mcp_sessions (closed_at) where closed_at is not null;

create table mcp_session_upstreams (
    session_id       varchar(64)  not null references mcp_sessions (id) on delete cascade,
    tool             varchar(255) not null,
    url              text         not null,
    upstream_session varchar(255) not null,
    protocol_version varchar(32)  not null,
    opened_at        timestamptz  not null,
    primary key (session_id, tool)
);
