-- Positions left are no longer a number of their own, which an employer's count and a placement's reservation could
-- both change for the same position. An opening has its positions, the positions its employer filled itself
-- (positions_taken_outside) and the positions held for placements (positions_reserved: one per held position
-- reservation); the positions left are what remains, computed by the database.
--
-- SQLite cannot add a stored generated column to a table, so the table is built anew; the same statements run on
-- PostgreSQL.
create table openings_counted (
    id                      uuid primary key,
    version                 bigint not null,
    employer_id             text not null,
    title                   text not null,
    occupation              text not null,
    min_level               text not null,
    positions               integer not null,
    positions_taken_outside integer not null,
    positions_reserved      integer not null,
    positions_left          integer generated always as (positions - positions_taken_outside - positions_reserved) stored,
    starts_on               date not null,
    hours_per_week          integer not null,
    language_support        boolean not null,
    closed                  boolean not null,
    lat                     double precision not null,
    lon                     double precision not null,
    place                   text null,
    postal_code             text null,
    address                 text null,
    check (positions_taken_outside >= 0 and positions_reserved >= 0 and positions_taken_outside + positions_reserved <= positions)
);

-- Until now only placements took positions, so normally every position is either left or held. Whatever the old count
-- lost beside them counts as taken outside, and no held position is ever taken away (an opening that held more than it
-- had grows to hold them all).
insert into openings_counted (id, version, employer_id, title, occupation, min_level, positions, positions_taken_outside,
    positions_reserved, starts_on, hours_per_week, language_support, closed, lat, lon, place, postal_code, address)
select o.id, o.version, o.employer_id, o.title, o.occupation, o.min_level,
    case when coalesce(h.positions, 0) > o.positions then coalesce(h.positions, 0) else o.positions end,
    case when o.positions - o.positions_left - coalesce(h.positions, 0) > 0 then o.positions - o.positions_left - coalesce(h.positions, 0) else 0 end,
    coalesce(h.positions, 0),
    o.starts_on, o.hours_per_week, o.language_support, o.closed, o.lat, o.lon, o.place, o.postal_code, o.address
from openings o
left join (select opening_id, count(*) as positions from position_reservations where state = 'Held' group by opening_id) h
    on h.opening_id = o.id;

drop table openings;

alter table openings_counted rename to openings;

create index if not exists openings_employer_id on openings (employer_id);
