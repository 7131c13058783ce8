-- A fixed request (wrk's -H flags), with the shared result line.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
