-- Accounts, refresh-token families and API keys of identity-service. Secrets are stored only as hashes.
create table users (
    id                uuid primary key,
    username          text        not null,
    email             text        not null,
    password_hash     text        not null,
    roles             text[]      not null,
    enabled           boolean     not null default true,
    failed_logins     integer     not null default 0,
    locked_until      timestamptz,
    -- Tokens issued at or before this instant are revoked (password change, disable); new ones are issued after it.
    tokens_not_before timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    last_login_at     timestamptz
);
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

-- One row per refresh token; a login starts a family, each refresh spends one token and adds the next.
create table refresh_tokens (
    id          uuid primary key,
    family_id   uuid        not null,
    user_id     uuid        not null references users (id) on delete cascade,
    token_hash  text        not null unique,
    access_jti  text        not null,
    spent       boolean     not null default false,
    revoked     boolean     not null default false,
    expires_at  timestamptz not null,
    created_at  timestamptz not null default now()
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_user on refresh_tokens (user_id);

create table api_keys (
    id          uuid primary key,
    user_id     uuid        not null references users (id) on delete cascade,
    name        text        not null,
    key_hash    text        not null,
    prefix      text        not null,
    servers     text[],
    expires_at  timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz not null default now(),
    last_used_at timestamptz
);
create index api_keys_user on api_keys (user_id);
