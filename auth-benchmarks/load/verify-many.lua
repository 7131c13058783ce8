-- GET /auth/verify cycling through many distinct tokens (the file in TOKENS, one per line).
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local i = math.random(#tokens)
request = function()
  i = i % #tokens + 1
  return wrk.format("GET", "/auth/verify", { ["Authorization"] = "Bearer " .. tokens[i] })
end
