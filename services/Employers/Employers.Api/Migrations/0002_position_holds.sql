-- One row per placement that asked for a position, with what it holds now: holding for the same placement
-- again is answered from here and takes nothing twice; releasing gives back only once.
create table if not exists position_holds (
    placement_id uuid primary key,
    opening_id   uuid not null,
    agreement_id uuid null,
    state        text not null,
    reason       text null,
    changed_at   timestamptz not null
);

create index if not exists position_holds_opening_id on position_holds (opening_id);
