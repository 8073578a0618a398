-- The city's figures about match requests: counted, not kept. One row per cell and week with how many requests fell
-- into it; no request, pseudonym or location of a person is stored. A cell is the district (the gazetteer's place
-- nearest to the person), level, childcare need and the schedules asked for, whether any course fitted, and the best
-- suggestion's score in hundredths (-1: no suggestion), from which the fairness figures take their medians.
create table if not exists match_counts (
    week        text not null,
    district    text not null,
    level       text not null,
    childcare   boolean not null,
    schedules   text not null,
    course_fits boolean not null,
    top_score   integer not null,
    requests    bigint not null,
    primary key (week, district, level, childcare, schedules, course_fits, top_score)
);
