-- Files of attachment and image fields. An upload is bound to the object and field it is for; a record
-- claims it when its field is set to the file's id (record_id), and the file is served only to those who
-- can read that record. The bytes live here, in the same database and backups as the records they belong
-- to, written and deleted in the same transactions.
create table trellis_sys.attachment (
    id           bigint generated always as identity primary key,
    app          text        not null,
    object       text        not null,
    field        text        not null,
    record_id    bigint,
    file_name    text        not null,
    content_type text        not null,
    size_bytes   bigint      not null check (size_bytes >= 0),
    sha256       char(64)    not null,
    content      bytea       not null,
    uploaded_by  bigint      not null,
    uploaded_at  timestamptz not null default now()
);
create index attachment_record_ix on trellis_sys.attachment (app, object, record_id);
-- unclaimed uploads, for the purge of old ones
create index attachment_unclaimed_ix on trellis_sys.attachment (uploaded_by, uploaded_at) where record_id is null;
