-- The OpenID Connect code flow of a browser with a session: GET /oauth2/authorize (answered by a redirect with a
-- code), then POST /oauth2/token with that code, again and again. Run with one connection per thread (-t N -c N):
-- each thread alternates the two requests on its connection. SESSION (a session cookie), CLIENT_ID, BASIC (the
-- client's "Basic ..." credentials), REDIRECT (its redirect URI, form-encoded) and a PKCE pair (VERIFIER,
-- CHALLENGE) come from run.sh. The result line counts whole flows (two requests each) per second.
local session = os.getenv("SESSION")
local basic = os.getenv("BASIC_RP")
local redirect = os.getenv("REDIRECT")
local verifier = os.getenv("VERIFIER")
local authorize = "/oauth2/authorize?response_type=code&scope=openid%20profile&state=s&nonce=n&client_id="
  .. os.getenv("CLIENT_ID") .. "&redirect_uri=" .. redirect .. "&code_challenge=" .. os.getenv("CHALLENGE")
  .. "&code_challenge_method=S256"
local code = nil

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
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failures = summary.errors.status
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  -- Latency is per request (wrk's); a flow is two of them.
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f p999=%.2f non2xx=%d socket_errors=%d requests=%d\n",
    summary.requests / 2 / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, failures, socket, summary.requests))
end
