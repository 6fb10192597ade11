-- wrk -t2 -c8 -s requests.lua: each request creates a meeting request (no time) for a firm and a
-- contact that change with every request, through the API.
local counter = 0
local token = os.getenv("MP_TOKEN")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  counter = counter + 1
  local reg = (counter * 7) % 300 + 1
  local contact = (counter * 13) % 1500 + 1
  local body = string.format('{"registration_id": %d, "contact_id": %d, "status": "requested", "priority": 1, "notes": "wrk"}', reg, contact)
  return wrk.format(nil, "/api/v1/missions/1/meetings", nil, body)
end
