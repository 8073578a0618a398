-- A placement is requested once: a retried request names the first by its Idempotency-Key (unique; many rows have none).
alter table placements add column idempotency_key text null;

create unique index if not exists placements_idempotency_key on placements (idempotency_key);

-- The expiry looks for placements still reserving since before their time.
create index if not exists placements_state_requested_at on placements (state, requested_at);

-- One row per person with placements. Each request for a placement bumps it before it looks for the person's active
-- placements, so two requests for one person at once take turns (PostgreSQL holds the row lock until commit; SQLite lets
-- one writer in at a time anyway) and the second sees the first.
create table if not exists placement_references (
    reference text primary key,
    requests  bigint not null
);
