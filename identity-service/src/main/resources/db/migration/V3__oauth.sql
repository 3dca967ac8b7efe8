-- identity-service as the OAuth 2.1 authorization server of MCP clients (issue #19).

-- Clients registered dynamically (RFC 7591). Clients identified by a metadata document (an https client_id) are
-- fetched and cached, never stored here.
create table oauth_clients (
    client_id      text primary key,
    client_name    text        not null,
    redirect_uris  text[]      not null,
    created_at     timestamptz not null default now()
);

-- A user's consent to a client for some scopes, remembered so the next authorization skips the consent page.
-- Revoking it (revoked_at) ends its refresh tokens and, through a grant revocation event, its access tokens; a later
-- consent to the same client makes a new grant with a new id.
create table oauth_grants (
    id            uuid primary key,
    user_id       uuid        not null references users (id) on delete cascade,
    client_id     text        not null,
    client_name   text        not null,
    scopes        text[]      not null,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create unique index oauth_grants_live on oauth_grants (user_id, client_id) where revoked_at is null;

-- An authorization request between GET /oauth/authorize and the consent: what the client asked for, the CSRF
-- token's hash (bound to a cookie) and, once the password was checked, the user. Found by the hash of its id.
create table oauth_pending (
    id_hash         text primary key,
    csrf_hash       text        not null,
    client_id       text        not null,
    client_name     text        not null,
    redirect_uri    text        not null,
    code_challenge  text        not null,
    state           text,
    scopes          text[]      not null,
    resource        text        not null,
    user_id         uuid references users (id) on delete cascade,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null
);
create index oauth_pending_expiry on oauth_pending (expires_at);

-- One-time authorization codes, stored hashed. A code presented twice revokes the refresh family issued from it.
create table oauth_codes (
    code_hash       text primary key,
    client_id       text        not null,
    redirect_uri    text        not null,
    code_challenge  text        not null,
    scopes          text[]      not null,
    resource        text        not null,
    user_id         uuid        not null references users (id) on delete cascade,
    grant_id        uuid        not null references oauth_grants (id) on delete cascade,
    family_id       uuid        not null,
    used_at         timestamptz,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null
);
create index oauth_codes_expiry on oauth_codes (expires_at);

-- OAuth refresh tokens are refresh_tokens rows (the same rotation and reuse rule) that name their grant, client,
-- scopes and resource. /api/v1/auth/refresh refuses them, /oauth/token refuses the others.
alter table refresh_tokens
    add column grant_id  uuid references oauth_grants (id) on delete cascade,
    add column client_id text,
    add column scopes    text[],
    add column resource  text;
create index refresh_tokens_grant on refresh_tokens (grant_id) where grant_id is not null;
