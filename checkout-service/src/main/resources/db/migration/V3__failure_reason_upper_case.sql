-- The failure reason is stored as its enum constant (EnumType.STRING), and the constants are now upper case
-- like every enum of the three services (DECLINED, OUT_OF_STOCK, ...); the API and the metrics still show
-- the lower-case label. Orders failed before this migration get the new spelling.
update orders set failure_reason = upper(failure_reason) where failure_reason is not null;
