-- wrk script: POST /api/checkout with a new customer each time, over a few products, with the card that
-- approves. Each request is a new order: no Idempotency-Key, so nothing is replayed.
local counter = 0
local skus = { "KB-001", "MS-002", "CB-005", "HS-004" }
local run = tostring(os.time())

request = function()
  counter = counter + 1
  local body = string.format(
    '{"customerId":"bench-%s-%d","items":[{"sku":"%s","quantity":1}],"cardNumber":"4242424242424242"}',
    run, counter, skus[counter % #skus + 1])
  return wrk.format("POST", "/api/checkout", { ["Content-Type"] = "application/json" }, body)
end
