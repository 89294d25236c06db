-- Self-hosted geocoding (issue 8): the addresses, streets and places of each configured city's OpenStreetMap extract,
-- replaced city by city by the importer (coop.dispatch.geocoder.GeocoderStore). The *_norm columns hold the text as
-- the geocoder compares it (lower case, no diacritics, canonical abbreviations; see geocoder's AddressText).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE geocoder_import (
    city_key         text PRIMARY KEY,
    -- the fingerprint: an import is redone when any of these change
    file_name        text             NOT NULL,
    file_size        bigint           NOT NULL,
    file_modified    timestamptz      NOT NULL,
    city_name        text             NOT NULL,
    importer_version integer          NOT NULL,
    imported_at      timestamptz      NOT NULL DEFAULT now(),
    addresses        integer          NOT NULL,
    streets          integer          NOT NULL,
    places           integer          NOT NULL,
    seconds          double precision NOT NULL
);

CREATE TABLE geocoder_address (
    id            bigserial PRIMARY KEY,
    city_key      text                  NOT NULL,
    osm_type      char(1)               NOT NULL,
    osm_id        bigint                NOT NULL,
    street        text                  NOT NULL,
    street_norm   text                  NOT NULL,
    housenumber   text                  NOT NULL,
    number_norm   text                  NOT NULL,
    conscription  text,
    street_number text,
    -- the leading integer of the number along the street, to place numbers that are not mapped between their neighbours
    number_value  integer,
    postcode      text,
    postcode_norm text,
    city_name     text,
    place         text,
    location      geometry(Point, 4326) NOT NULL
);
CREATE INDEX geocoder_address_street ON geocoder_address (city_key, street_norm, number_norm);

CREATE TABLE geocoder_street (
    id          bigserial PRIMARY KEY,
    city_key    text                  NOT NULL,
    osm_id      bigint                NOT NULL,
    name        text                  NOT NULL,
    name_norm   text                  NOT NULL,
    length_m    double precision      NOT NULL,
    -- halfway along the way
    location    geometry(Point, 4326) NOT NULL
);
CREATE INDEX geocoder_street_by_name ON geocoder_street (city_key, name_norm);

-- One row per distinct street (or addr:place) name of a city: what the trigram search runs over.
CREATE TABLE geocoder_street_name (
    city_key  text    NOT NULL,
    name_norm text    NOT NULL,
    name      text    NOT NULL,
    addresses integer NOT NULL,
    PRIMARY KEY (city_key, name_norm)
);
CREATE INDEX geocoder_street_name_trgm ON geocoder_street_name USING gin (name_norm gin_trgm_ops);
-- GiST as well: it orders by trigram distance (<->), for the closest names when nothing is similar enough.
CREATE INDEX geocoder_street_name_knn ON geocoder_street_name USING gist (name_norm gist_trgm_ops);

CREATE TABLE geocoder_place (
    id        bigserial PRIMARY KEY,
    city_key  text                  NOT NULL,
    name      text                  NOT NULL,
    name_norm text                  NOT NULL,
    kind      text                  NOT NULL,
    location  geometry(Point, 4326) NOT NULL
);
CREATE INDEX geocoder_place_city ON geocoder_place (city_key);
