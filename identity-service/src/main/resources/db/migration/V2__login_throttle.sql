-- Failed logins per account name (address = ''), per client address (account = '') and per pair, replacing the
-- per-user lock: anyone could lock any account by failing five times from anywhere. See LoginThrottle.
create table login_failures (
    account         text        not null,
    address         text        not null,
    failures        integer     not null,
    last_failure_at timestamptz not null,
    primary key (account, address)
);
create index login_failures_last on login_failures (last_failure_at);

alter table users drop column failed_logins;
alter table users drop column locked_until;
