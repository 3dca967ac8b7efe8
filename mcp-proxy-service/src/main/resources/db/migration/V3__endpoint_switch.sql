-- Whether the MCP endpoints take requests (POST /api/v1/mcp/proxy/start|stop): one switch for every instance.
create table proxy_endpoints (
    id         smallint    primary key check (id = 1),
    open       boolean     not null,
    changed_at timestamptz not null
);
