-- One row per checkout attempt that passed validation. An order is PENDING while checkout talks to inventory
-- and payment, then CONFIRMED or FAILED (with the reason). It is written before any remote call, so a crash
-- mid-way leaves a PENDING order to investigate, never a charge nobody knows about.
create table orders (
    id               uuid           primary key,
    customer_id      varchar(64)    not null,
    status           varchar(16)    not null check (status in ('PENDING', 'CONFIRMED', 'FAILED')),
    failure_reason   varchar(32),
    decline_reason   varchar(32),
    failure_detail   varchar(500),
    total            numeric(12, 2),
    currency         varchar(3),
    reservation_id   uuid,
    payment_id       varchar(64),
    card_last4       varchar(4)        not null,
    -- Replays the first result for a repeated Idempotency-Key; the hash detects a key reused for another request.
    idempotency_key  varchar(128)   unique,
    request_hash     varchar(64)       not null,
    created_at       timestamptz    not null,
    updated_at       timestamptz    not null
);

create table order_item (
    id          bigint generated always as identity primary key,
    order_id    uuid           not null references orders (id) on delete cascade,
    sku         varchar(32)    not null,
    quantity    integer        not null check (quantity > 0),
    unit_price  numeric(12, 2)
);

create index order_item_order on order_item (order_id);
