-- Trellis platform tables. Records of apps live in one schema per app (app_<name>), created by publishing.

-- Flyway creates the schemas trellis_meta and trellis_sys before this script runs.

-- one row per metadata item; its versions are immutable
create table trellis_meta.metadata_item (
    app               text        not null,
    kind              text        not null,
    name              text        not null,
    latest_version    integer     not null,
    published_version integer,
    created_at        timestamptz not null default now(),
    primary key (app, kind, name)
);

create table trellis_meta.metadata_version (
    app          text        not null,
    kind         text        not null,
    name         text        not null,
    version      integer     not null,
    body         jsonb,                       -- null: this version deletes the item
    author       text        not null,
    created_at   timestamptz not null default now(),
    comment      text,
    published_at timestamptz,                 -- set when this version went live
    primary key (app, kind, name, version),
    foreign key (app, kind, name) references trellis_meta.metadata_item (app, kind, name)
);

-- each publish of an app is a generation; the runtime pins requests to one
create table trellis_meta.app_generation (
    app          text        not null,
    generation   integer     not null,
    published_at timestamptz not null default now(),
    published_by text        not null,
    comment      text,
    plan         jsonb       not null,
    primary key (app, generation)
);

create table trellis_sys.app_user (
    id            bigint generated always as identity primary key,
    username      text        not null unique,
    password_hash text        not null,
    display_name  text,
    enabled       boolean     not null default true,
    created_at    timestamptz not null default now()
);

create table trellis_sys.user_role (
    user_id bigint not null references trellis_sys.app_user (id) on delete cascade,
    role    text   not null,
    primary key (user_id, role)
);

-- the audit log: one row per record write, with every changed field's old and new value
-- append-only: ids come from the identity and are never looked up alone, so no primary-key index to
-- maintain on every write; history reads go through the record index
create table trellis_sys.audit_log (
    id        bigint generated always as identity,
    app       text        not null,
    object    text        not null,
    record_id bigint      not null,
    action    text        not null,
    actor_id  bigint      not null,
    actor     text        not null,
    at        timestamptz not null default now(),
    changes   json        not null   -- {"field": [old, new], …}; json, not jsonb: written far more than read
);
-- record ids repeat across objects; the few entries of other objects with the same id are filtered out
create index audit_log_record_ix on trellis_sys.audit_log (record_id, id);

-- the audit of bulk creates: one row per chunk of records, with every record's values, gzip-compressed JSON
create table trellis_sys.audit_bulk (
    id              bigint generated always as identity primary key,
    app             text        not null,
    object          text        not null,
    actor_id        bigint      not null,
    actor           text        not null,
    at              timestamptz not null default now(),
    first_record_id bigint      not null,
    last_record_id  bigint      not null,
    record_count    integer     not null,
    changes         bytea       not null   -- gzip of [{"id": 17, "changes": {"field": [null, value], …}}, …]
);
-- already compressed: PostgreSQL need not try again
alter table trellis_sys.audit_bulk alter column changes set storage external;
create index audit_bulk_range_ix on trellis_sys.audit_bulk (app, object, first_record_id, last_record_id);
