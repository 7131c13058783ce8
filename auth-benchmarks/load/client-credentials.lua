-- POST /oauth2/token, grant_type=client_credentials, with client_secret_basic from $BASIC.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/oauth2/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BASIC")
wrk.body = "grant_type=client_credentials"
