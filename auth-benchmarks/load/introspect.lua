-- POST /oauth2/introspect of one token ($TOKEN) by a gateway client ($BASIC): the cached path.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/oauth2/introspect"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BASIC")
wrk.body = "token=" .. os.getenv("TOKEN")
