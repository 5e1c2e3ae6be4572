-- The tables that the corpus queries read. The execution test in
-- proxy/enginetest loads this file into PostgreSQL as it is and into a
-- DuckDB file through pgway, which translates it.
create table cities (id int, name text, country text, population bigint,
	lat float8, lng float8, founded date, area numeric(10,2), capital boolean);
insert into cities values
	(1, 'Lisbon', 'PT', 545923, 38.7223, -9.1393, '1147-10-25', 100.05, true),
	(2, 'Porto', 'PT', 231800, 41.1579, -8.6291, null, 41.42, false),
	(3, 'Braga', 'PT', 193333, 41.5454, -8.4265, '0016-01-01', 183.4, false),
	(4, 'Madrid', 'ES', 3223334, 40.4168, -3.7038, '0865-01-01', 604.3, true),
	(5, 'Sevilla', 'ES', 684234, 37.3891, -5.9845, null, 140.8, false),
	(6, 'Paris', 'FR', 2165423, 48.8566, 2.3522, null, 105.4, true),
	(7, null, 'FR', null, null, null, null, null, null);
create table events (id int, city_id int, kind text, at timestamp, amount int, tags text[], payload jsonb);
insert into events values
	(1, 1, 'concert', '2024-03-01 20:00:00', 120, array['music','live'], '{"seats": 300, "artist": {"name": "A"}}'),
	(2, 1, 'fair', '2024-03-02 10:30:00', 15, array['market'], '{"seats": 0}'),
	(3, 2, 'concert', '2024-04-10 21:15:00', 80, array['music'], '{"seats": 120, "artist": {"name": "B"}}'),
	(4, 4, 'match', '2024-05-05 18:00:00', 60, array['sport','live'], null),
	(5, 6, 'fair', '2024-05-06 09:00:00', -7, array[]::text[], '{"seats": 50}');

create table countries (id int, name text, geom geometry);
insert into countries values
	(1, 'Square', ST_GeomFromText('POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))')),
	(2, 'Point', ST_GeomFromText('POINT(5 6)')),
	(3, 'Line', ST_GeomFromText('LINESTRING(1 1, 3 4)')),
	(4, 'Empty', null);
