-- The demo catalog. Stock is generous so load tests run for a while; the "last units" product runs out fast,
-- so out-of-stock outcomes show up on the dashboards too.
insert into product (sku, name, price, currency, available) values
    ('KB-001',  'Mechanical keyboard',        89.90, 'USD',  5000),
    ('MS-002',  'Wireless mouse',             24.50, 'USD',  8000),
    ('MN-003',  '27" 4K monitor',            329.00, 'USD',  2000),
    ('HS-004',  'Noise-cancelling headset',  149.99, 'USD',  3000),
    ('CB-005',  'USB-C cable, 2 m',            9.99, 'USD', 20000),
    ('DK-006',  'Thunderbolt dock',          219.00, 'USD',  1500),
    ('LT-007',  'Limited edition desk lamp',  59.00, 'USD',    25);
