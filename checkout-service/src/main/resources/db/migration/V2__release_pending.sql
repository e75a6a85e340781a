-- A failed order whose reservation could not be released yet (inventory was down). Checkout retries the
-- release until inventory takes it: a reservation that was already confirmed never expires on its own.
alter table orders add column release_pending boolean not null default false;
create index orders_release_pending on orders (updated_at) where release_pending;
