-- The OpenID Connect code flow of a browser with a session: GET /oauth2/authorize (answered by a redirect with a
-- code), then POST /oauth2/token with that code, again and again. Run with one connection per thread (-t N -c N):
-- each thread alternates the two requests on its connection. SESSION (a session cookie), CLIENT_ID, BASIC_RP (the
-- client's "Basic ..." credentials), REDIRECT (its redirect URI, form-encoded) and a PKCE pair (VERIFIER,
-- CHALLENGE) come from run.sh. The result line counts whole flows that ended with tokens, per second; a redirect
-- without a code (an expired session) or a refused exchange counts as a failure.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

local session = os.getenv("SESSION")
local basic = os.getenv("BASIC_RP")
local redirect = os.getenv("REDIRECT")
local verifier = os.getenv("VERIFIER")
local authorize = "/oauth2/authorize?response_type=code&scope=openid%20profile&state=s&nonce=n&client_id="
  .. os.getenv("CLIENT_ID") .. "&redirect_uri=" .. redirect .. "&code_challenge=" .. os.getenv("CHALLENGE")
  .. "&code_challenge_method=S256"
local code = nil
flows = 0
failures = 0

request = function()
  if code == nil then
    return wrk.format("GET", authorize, { ["Cookie"] = "netauth_session=" .. session })
  end
  local body = "grant_type=authorization_code&code=" .. code .. "&redirect_uri=" .. redirect
    .. "&code_verifier=" .. verifier
  code = nil
  return wrk.format("POST", "/oauth2/token",
    { ["Authorization"] = basic, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

response = function(status, headers, body)
  if status == 303 then
    code = string.match(headers["Location"] or "", "[?&]code=([^&]+)")
    if code == nil then
      failures = failures + 1
    end
  elseif status == 200 and string.find(body, "\"id_token\"", 1, true) then
    flows = flows + 1
  else
    failures = failures + 1
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local done_flows, failed = 0, 0
  for _, thread in ipairs(threads) do
    done_flows = done_flows + thread:get("flows")
    failed = failed + thread:get("failures")
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  -- Latency is per request (wrk's); a flow is two of them.
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f p999=%.2f non2xx=%d socket_errors=%d requests=%d\n",
    done_flows / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, failed, socket, summary.requests))
end
