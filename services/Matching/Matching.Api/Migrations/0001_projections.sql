-- The Matching service's copy of what Courses and Employers published: the latest state of each
-- course, opening and agreement as the event carried it, with its version.
create table if not exists courses (
    id      uuid primary key,
    version bigint not null,
    state   text not null
);

create table if not exists openings (
    id      uuid primary key,
    version bigint not null,
    state   text not null
);

create table if not exists agreements (
    id      uuid primary key,
    version bigint not null,
    state   text not null
);
