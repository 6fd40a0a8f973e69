-- The newest proxy-inventory record of each proxy, whichever partition holds it, shared by all replicas: after
-- partitions are added a proxy's old records stay in its old partition, and only the replica reading the partition of
-- this row may probe it (see ProxyVersions). Deletion is final (proxy ids are never reused). Never truncate this table:
-- it is what keeps a deleted proxy deleted once compaction has removed its tombstone but an old copy remains.
CREATE TABLE proxy_inventory_head (
    proxy_id     BIGINT  PRIMARY KEY,
    version      BIGINT  NOT NULL,
    partition_no INT     NOT NULL,
    deleted      BOOLEAN NOT NULL
);
