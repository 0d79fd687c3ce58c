-- KPI snapshots: the value of a dashboard's KPI widget kept once per period (day, week or month), for trend
-- lines and target tracking. Dashboards themselves are metadata (kind dashboard); these are the figures.

create table trellis_sys.kpi_snapshot (
    id         bigint generated always as identity primary key,
    app        text          not null,
    dashboard  text          not null,
    widget     text          not null,
    period     date          not null,   -- the first day of the day, week or month the value stands for
    value      numeric,                  -- null when the report had no rows
    target     numeric,
    taken_at   timestamptz   not null default now(),
    unique (app, dashboard, widget, period)
);

-- One row per scheduled job; a node runs the job only while it holds the row's lock (FOR UPDATE SKIP LOCKED),
-- so several nodes never take the same snapshots twice.
create table trellis_sys.report_job_lock (
    job        text primary key,
    last_run   timestamptz
);
insert into trellis_sys.report_job_lock (job) values ('kpi-snapshots');
