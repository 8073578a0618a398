-- Free seats are no longer a number of their own, which a provider's count and a placement's reservation could both
-- change for the same seat. A course has its seats (seats_total), the seats its provider filled itself
-- (seats_taken_outside) and the seats held for placements (seats_reserved: one per held seat reservation); the free
-- seats are what is left, computed by the database.
--
-- SQLite can neither drop a column that a check names nor add a stored generated column to a table, so the table is
-- built anew; the same statements run on PostgreSQL.
create table courses_counted (
    id                  uuid primary key,
    version             bigint not null,
    provider_id         text not null,
    title               text not null,
    kind                text not null,
    level_from          text not null,
    level_to            text not null,
    lat                 double precision null,
    lon                 double precision null,
    place               text null,
    postal_code         text null,
    address             text null,
    online              boolean not null,
    starts_on           date not null,
    ends_on             date not null,
    hours_per_week      integer not null,
    schedule            text not null,
    childcare           boolean not null,
    seats_total         integer not null,
    seats_taken_outside integer not null,
    seats_reserved      integer not null,
    seats_free          integer generated always as (seats_total - seats_taken_outside - seats_reserved) stored,
    withdrawn           boolean not null,
    check (seats_taken_outside >= 0 and seats_reserved >= 0 and seats_taken_outside + seats_reserved <= seats_total)
);

-- What the old count allowed is kept, never a held seat taken away: where the provider had published a reserved seat
-- as free again, nothing counts as taken outside; where a second placement then took it, the total grows to hold both.
insert into courses_counted (id, version, provider_id, title, kind, level_from, level_to, lat, lon, place, postal_code,
    address, online, starts_on, ends_on, hours_per_week, schedule, childcare, seats_total, seats_taken_outside,
    seats_reserved, withdrawn)
select c.id, c.version, c.provider_id, c.title, c.kind, c.level_from, c.level_to, c.lat, c.lon, c.place, c.postal_code,
    c.address, c.online, c.starts_on, c.ends_on, c.hours_per_week, c.schedule, c.childcare,
    case when coalesce(h.seats, 0) > c.seats_total then coalesce(h.seats, 0) else c.seats_total end,
    case when c.seats_total - c.seats_free - coalesce(h.seats, 0) > 0 then c.seats_total - c.seats_free - coalesce(h.seats, 0) else 0 end,
    coalesce(h.seats, 0),
    c.withdrawn
from courses c
left join (select course_id, count(*) as seats from seat_reservations where state = 'Held' group by course_id) h
    on h.course_id = c.id;

drop table courses;

alter table courses_counted rename to courses;

create index if not exists courses_provider_id on courses (provider_id);
