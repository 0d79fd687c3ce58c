-- Column-to-field mappings saved for reuse: the same supplier sheet arrives every week.
create table trellis_sys.import_mapping (
    app        text        not null,
    object     text        not null,
    name       text        not null,
    columns    jsonb       not null,
    saved_by   bigint      not null,
    saved_at   timestamptz not null default now(),
    primary key (app, object, name)
);
