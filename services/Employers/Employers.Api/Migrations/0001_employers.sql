-- Runs unchanged on SQLite and PostgreSQL.
create table if not exists openings (
    id               uuid primary key,
    version          bigint not null,
    employer_id      text not null,
    title            text not null,
    occupation       text not null,
    min_level        text not null,
    positions        integer not null,
    positions_left   integer not null,
    starts_on        date not null,
    hours_per_week   integer not null,
    language_support boolean not null,
    closed           boolean not null,
    lat              double precision not null,
    lon              double precision not null,
    place            text null,
    postal_code      text null,
    address          text null
);

create index if not exists openings_employer_id on openings (employer_id);

create table if not exists agreements (
    id               uuid primary key,
    version          bigint not null,
    employer_id      text not null,
    min_level        text not null,
    quota            integer not null,
    quota_left       integer not null,
    valid_from       date not null,
    valid_to         date not null,
    language_support text null,
    -- ISCO-08 prefixes, comma-separated; empty: all of the employer's openings.
    occupations      text not null
);

create index if not exists agreements_employer_id on agreements (employer_id);
