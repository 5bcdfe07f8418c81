/**
 * The SQL functions the filter compiler's PostgreSQL dialect calls where PostgreSQL's own differ
 * from OData's, with the results of those sql-functions.ts registers in SQLite
 * (docs/decisions/0022-postgresql-store-design.md); the PostgreSQL store's migration creates them.
 */

/** Which version of the PostgreSQL schema this build writes (its own counter, not SQLite's user_version): 1 the state; 2 shared records, fault rules and snapshots. */
export const POSTGRES_SCHEMA_VERSION = 2;

/** What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
const JS_WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const POSTGRES_FUNCTIONS = `
-- JavaScript's toLowerCase/toUpperCase fold all of Unicode; lower() under "C" folds ASCII only
create or replace function syncemu_lower(t text) returns text language sql immutable parallel safe
  as $$ select lower(t collate "und-x-icu") collate "C" $$;
create or replace function syncemu_upper(t text) returns text language sql immutable parallel safe
  as $$ select upper(t collate "und-x-icu") collate "C" $$;
create or replace function syncemu_trim(t text) returns text language sql immutable parallel safe
  as $$ select btrim(t, ${literal(JS_WHITESPACE)}) collate "C" $$;

-- PT1H → 3600; P1DT2H48M5.4775807S → 96485.4775807; not a duration → null
create or replace function syncemu_duration_seconds(t text) returns double precision language plpgsql immutable parallel safe as $$
declare
  m text[];
  total double precision;
begin
  if t is null or t = 'P' or right(t, 1) = 'T' then return null; end if;
  m := regexp_match(t, '^(-)?P(?:(\\d+(?:\\.\\d+)?)D)?(?:T(?:(\\d+(?:\\.\\d+)?)H)?(?:(\\d+(?:\\.\\d+)?)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$');
  if m is null then return null; end if;
  begin
    total := coalesce(m[2]::double precision, 0) * 86400 + coalesce(m[3]::double precision, 0) * 3600
           + coalesce(m[4]::double precision, 0) * 60 + coalesce(m[5]::double precision, 0);
  exception when numeric_value_out_of_range then
    total := 'Infinity'; -- as JavaScript's Number() of a 400-digit count
  end;
  return case when m[1] is null then total else -total end;
end $$;

-- 2025-06-15T13:20:00.5+02:00 → 2025-06-15T11:20:00.5000000Z: the UTC instant to 100 ns as text
-- that sorts in time order; a date is its midnight UTC; fields overflow as JavaScript's Date does
create or replace function syncemu_instant(t text) returns text language plpgsql immutable parallel safe as $$
declare
  m text[];
  at timestamp;
  shift integer := 0;
begin
  if t is null then return null; end if;
  m := regexp_match(t, '^(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,12}))?)?([Zz]|[+-]\\d{2}:\\d{2}))?$');
  if m is null then return null; end if;
  if m[8] is not null and m[8] not in ('Z', 'z') then
    shift := (substr(m[8], 2, 2)::integer * 60 + substr(m[8], 5, 2)::integer) * case when left(m[8], 1) = '-' then -1 else 1 end;
  end if;
  -- computed 400 years later (the Gregorian calendar repeats every 400 years): PostgreSQL has no year 0
  begin
    at := make_timestamp(m[1]::integer + 400, 1, 1, 0, 0, 0)
        + make_interval(months => m[2]::integer - 1, days => m[3]::integer - 1,
                        hours => coalesce(m[4], '00')::integer, mins => coalesce(m[5], '00')::integer - shift,
                        secs => coalesce(m[6], '00')::integer);
  exception when others then
    return null;
  end;
  if extract(year from at) - 400 < 0 or extract(year from at) - 400 > 9999 then return null; end if;
  return lpad((extract(year from at)::integer - 400)::text, 4, '0') || to_char(at, '-MM-DD"T"HH24:MI:SS') || '.' || rpad(left(coalesce(m[7], ''), 7), 7, '0') || 'Z';
end $$;
`;
