-- POST /auth with correct passwords for user1..userN (N in USERS), spread over the users.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
local users = tonumber(os.getenv("USERS"))
local n = math.random(users)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n % users + 1
  return wrk.format(nil, "/auth", nil,
    string.format('{"username":"user%d","password":"password-%d"}', n, n))
end
