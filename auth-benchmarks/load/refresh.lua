-- POST /auth/refresh: each answer's new refresh token goes back on the stack the next request takes from, so
-- every request spends a live token once (a token spent twice would revoke its family). The tokens in
-- REFRESH_TOKENS (one per line) must outnumber the connections; run with one wrk thread (-t1).
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
local tokens = {}
for line in io.lines(os.getenv("REFRESH_TOKENS")) do tokens[#tokens + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local token = table.remove(tokens)
  return wrk.format(nil, "/auth/refresh", nil, '{"refresh_token":"' .. token .. '"}')
end
response = function(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then tokens[#tokens + 1] = token end
end
