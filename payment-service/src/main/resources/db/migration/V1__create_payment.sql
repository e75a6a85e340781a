-- One row per order: the recorded outcome of its authorization. A failed gateway call (503) is not an
-- outcome and leaves no row, so the client may retry.
create table payment (
    id             uuid          primary key,
    order_id       varchar(64)   not null,
    status         varchar(16)   not null check (status in ('AUTHORIZED', 'DECLINED')),
    decline_reason varchar(32)   check (decline_reason in ('CARD_DECLINED', 'INSUFFICIENT_FUNDS')),
    amount         numeric(12,2) not null check (amount > 0),
    currency       varchar(3)    not null,
    -- Never the full card number.
    card_last4     varchar(4)    not null,
    created_at     timestamptz   not null default now(),
    -- The safety net behind the advisory lock: an order is never authorized twice.
    constraint payment_order_id_key unique (order_id),
    constraint payment_decline_reason_iff_declined check ((status = 'DECLINED') = (decline_reason is not null))
);
