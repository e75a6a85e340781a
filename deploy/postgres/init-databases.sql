-- Runs once, when the postgres container initialises an empty data directory
-- (files in /docker-entrypoint-initdb.d are executed by the official image's entrypoint,
-- as the superuser, in alphabetical order). It is NOT re-run on an existing volume:
-- `docker compose down -v` resets it.
--
-- One login role shared by the three services (demo/demo: a local demo, not a secret), and one
-- database per service, each owned by that role, so every service only ever touches its own
-- schema through Flyway.

CREATE ROLE demo WITH LOGIN PASSWORD 'demo';

CREATE DATABASE checkout OWNER demo;
CREATE DATABASE inventory OWNER demo;
CREATE DATABASE payment OWNER demo;
