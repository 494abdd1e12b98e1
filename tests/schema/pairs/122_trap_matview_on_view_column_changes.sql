-- pair: trap — a materialized view (with an index) over a view over a table whose column type changes: matview and view dropped, column altered, view, matview and index recreated
-- @from
CREATE TABLE public.readings (id bigint PRIMARY KEY, sensor text NOT NULL, value integer NOT NULL);
CREATE VIEW public.valid_readings AS SELECT id, sensor, value FROM public.readings WHERE value >= 0;
CREATE MATERIALIZED VIEW public.sensor_stats AS SELECT sensor, avg(value) AS mean, max(value) AS peak FROM public.valid_readings GROUP BY sensor;
CREATE UNIQUE INDEX sensor_stats_sensor_key ON public.sensor_stats (sensor);
-- @to
CREATE TABLE public.readings (id bigint PRIMARY KEY, sensor text NOT NULL, value double precision NOT NULL);
CREATE VIEW public.valid_readings AS SELECT id, sensor, value FROM public.readings WHERE value >= 0;
CREATE MATERIALIZED VIEW public.sensor_stats AS SELECT sensor, avg(value) AS mean, max(value) AS peak FROM public.valid_readings GROUP BY sensor;
CREATE UNIQUE INDEX sensor_stats_sensor_key ON public.sensor_stats (sensor);
