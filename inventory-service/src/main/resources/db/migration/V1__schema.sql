-- Products and their stock. "available" is what can still be reserved; a CHECK makes overselling impossible
-- even if application code were wrong.
create table product (
    sku        varchar(32)    primary key,
    name       varchar(200)   not null,
    price      numeric(12, 2) not null check (price >= 0),
    currency   varchar(3)        not null,
    available  integer        not null check (available >= 0)
);

create table reservation (
    id          uuid           primary key,
    order_id    varchar(64)    not null unique,
    status      varchar(16)    not null check (status in ('RESERVED', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
    total       numeric(12, 2) not null,
    currency    varchar(3)        not null,
    created_at  timestamptz    not null,
    expires_at  timestamptz    not null,
    updated_at  timestamptz    not null
);

-- The expiry job looks for RESERVED rows past their expiry.
create index reservation_expiring on reservation (expires_at) where status = 'RESERVED';

create table reservation_item (
    id              bigint generated always as identity primary key,
    reservation_id  uuid           not null references reservation (id) on delete cascade,
    sku             varchar(32)    not null references product (sku),
    quantity        integer        not null check (quantity > 0),
    unit_price      numeric(12, 2) not null
);

create index reservation_item_reservation on reservation_item (reservation_id);
