-- Which formula each formula field was last computed with, so a publish that adds or changes a formula
-- computes it for the records that already exist.
create table trellis_sys.formula_state (
    app     text not null,
    object  text not null,
    field   text not null,
    formula text not null,
    primary key (app, object, field)
);
