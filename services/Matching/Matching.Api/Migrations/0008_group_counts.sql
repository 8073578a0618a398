-- The fairness figures, counted per group the system knows (dimension level, childcare or district) and best score in
-- hundredths (-1: no suggestion): the match counts summed over every week and time of day when they are added, so a
-- report reads a few thousand rows instead of every cell. with_course: of those requests, how many some course fitted.
create table if not exists group_counts (
    dimension   text not null,
    grp         text not null,
    top_score   integer not null,
    requests    bigint not null,
    with_course bigint not null,
    primary key (dimension, grp, top_score)
);

insert into group_counts (dimension, grp, top_score, requests, with_course)
select 'level', level, top_score, sum(requests), sum(case when course_fits then requests else 0 end)
from match_counts group by level, top_score;

insert into group_counts (dimension, grp, top_score, requests, with_course)
select 'childcare', case when childcare then 'needed' else 'not needed' end, top_score, sum(requests),
       sum(case when course_fits then requests else 0 end)
from match_counts group by childcare, top_score;

insert into group_counts (dimension, grp, top_score, requests, with_course)
select 'district', district, top_score, sum(requests), sum(case when course_fits then requests else 0 end)
from match_counts group by district, top_score;

-- The demand figures: the requests no course fitted, per week and cell, summed when they are added (as group_counts).
create table if not exists unmet_counts (
    week      text not null,
    district  text not null,
    level     text not null,
    childcare boolean not null,
    schedules text not null,
    requests  bigint not null,
    primary key (week, district, level, childcare, schedules)
);

insert into unmet_counts (week, district, level, childcare, schedules, requests)
select week, district, level, childcare, schedules, sum(requests)
from match_counts where not course_fits group by week, district, level, childcare, schedules;

-- The group of the person a placement is for (the cell of the person's last match request: the district nearest to the
-- person, level, childcare need), so that a confirmed placement counts in its group. Never the pseudonym or a location;
-- erased with its placement, and a confirmed placement erased is added to placed_counts first.
create table if not exists placement_groups (
    placement_id uuid primary key,
    district     text not null,
    level        text not null,
    childcare    boolean not null
);

-- Confirmed placements erased (by a caseworker or the retention), per group: what the fairness figures keep of them.
-- Dimension overall (group all) counts every one, also those whose group was not known.
create table if not exists placed_counts (
    dimension text not null,
    grp       text not null,
    placed    bigint not null,
    primary key (dimension, grp)
);

-- The free seats of each week: the supply sweep writes the current week's rows again and again, so a past week keeps
-- what its last look found. Courses, not people: nothing here is suppressed.
create table if not exists supply_counts (
    week        text not null,
    district    text not null,
    kind        text not null,
    level_from  text not null,
    level_to    text not null,
    courses     integer not null,
    seats_total integer not null,
    seats_free  integer not null,
    primary key (week, district, kind, level_from, level_to)
);
