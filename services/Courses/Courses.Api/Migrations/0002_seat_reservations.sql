-- One row per placement that asked for a seat, with what it holds now: reserving for the same placement
-- again is answered from here and takes no second seat; releasing gives the seat back only once.
create table if not exists seat_reservations (
    placement_id uuid primary key,
    course_id    uuid not null,
    state        text not null,
    reason       text null,
    changed_at   timestamptz not null
);

create index if not exists seat_reservations_course_id on seat_reservations (course_id);
