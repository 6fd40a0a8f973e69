-- One database per service (docker-compose.yml and the dev overlay): services meet only on Kafka, never in each other's tables.
CREATE DATABASE inventory;
CREATE DATABASE assignment;
CREATE DATABASE health;
CREATE DATABASE status;
