-- Similar-name search for duplicate partners and customers uses pg_trgm (in the embedded PostgreSQL's contrib,
-- and trusted since PostgreSQL 13, so a database owner may create it). A server without it still starts:
-- duplicate search then matches exact keys and normalised names only.
do $$
begin
    create extension if not exists pg_trgm;
exception when others then
    raise notice 'pg_trgm is not available (%): duplicate search matches exact keys only', sqlerrm;
end
$$;
