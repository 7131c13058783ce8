-- POST /login, the sign-in form, with correct passwords for user1..userN (N in USERS), spread over the users.
-- One pre-session cookie and its anti-CSRF token (PRESESSION, CSRF, from one GET /login) serve every request.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
local users = tonumber(os.getenv("USERS"))
local csrf = os.getenv("CSRF")
local n = math.random(users)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "netauth_presession=" .. os.getenv("PRESESSION")
request = function()
  n = n % users + 1
  return wrk.format(nil, "/login", nil,
    string.format("username=user%d&password=password-%d&csrf=%s", n, n, csrf))
end
