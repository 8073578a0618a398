-- Runs unchanged on SQLite and PostgreSQL. Enums are stored by name; seats are checked here too,
-- so no code path can store an impossible count.
create table if not exists courses (
    id             uuid primary key,
    version        bigint not null,
    provider_id    text not null,
    title          text not null,
    kind           text not null,
    level_from     text not null,
    level_to       text not null,
    lat            double precision null,
    lon            double precision null,
    place          text null,
    postal_code    text null,
    address        text null,
    online         boolean not null,
    starts_on      date not null,
    ends_on        date not null,
    hours_per_week integer not null,
    schedule       text not null,
    childcare      boolean not null,
    seats_total    integer not null,
    seats_free     integer not null,
    withdrawn      boolean not null,
    check (seats_free >= 0 and seats_free <= seats_total)
);

create index if not exists courses_provider_id on courses (provider_id);
