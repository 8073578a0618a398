-- A position held for a placement is a reservation, as a seat is in Courses: one name for one idea.
-- Runs unchanged on SQLite and PostgreSQL (SQLite cannot rename an index, so it is made anew).
alter table position_holds rename to position_reservations;

drop index if exists position_holds_opening_id;

create index if not exists position_reservations_opening_id on position_reservations (opening_id);
