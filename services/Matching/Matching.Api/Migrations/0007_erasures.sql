-- Erasures: that placements were erased, why, how many, and when each service confirmed it erased its part too.
-- Never whose: an erasure names no person (the pseudonym is gone with the placements).
create table if not exists erasures (
    id                     uuid primary key,
    cause                  text not null,
    placements             integer not null,
    requested_at           timestamptz not null,
    courses_confirmed_at   timestamptz null,
    employers_confirmed_at timestamptz null
);

-- The retention sweep looks for placements that ended before a day.
create index if not exists placements_state_changed_at on placements (state, changed_at);
