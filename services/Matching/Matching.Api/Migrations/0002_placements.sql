-- Placements: what a caseworker accepted, where its seat and position stand, and every change of its state.
-- The version guards against two changes of one placement at once (a reply, a cancel, the expiry).
create table if not exists placements (
    id           uuid primary key,
    version      bigint not null,
    reference    text not null,
    course_id    uuid null,
    opening_id   uuid null,
    agreement_id uuid null,
    state        text not null,
    reason       text null,
    seat         text not null,
    position     text not null,
    requested_at timestamptz not null,
    reserved_at  timestamptz null,
    changed_at   timestamptz not null
);

create index if not exists placements_reference on placements (reference);
create index if not exists placements_state_reserved_at on placements (state, reserved_at);

create table if not exists placement_history (
    placement_id uuid not null,
    version      bigint not null,
    state        text not null,
    reason       text null,
    at           timestamptz not null,
    primary key (placement_id, version)
);
