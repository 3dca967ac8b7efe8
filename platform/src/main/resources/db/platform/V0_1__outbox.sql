-- The transactional outbox of the platform (one.mcps.platform.outbox): events written in the same transaction
-- as the change they describe, relayed to Kafka in order and then deleted.
create table outbox (
    seq        bigserial primary key,
    id         uuid        not null unique,
    topic      text        not null,
    event_key  text        not null,
    event_type text        not null,
    payload    text        not null,
    created_at timestamptz not null default now()
);
