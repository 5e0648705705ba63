-- wrk script for bench/pages.sh: autosave POSTs of one text prompt, as
-- app.js sends them.  Each thread numbers its answers "bench-T-N", and
-- done() prints every thread's last N, so pages.sh can check that the
-- last answers were stored and are readable.
local csrf = os.getenv("AP_CSRF")
local pid = os.getenv("AP_PID")
local cookie = os.getenv("AP_COOKIE")
assert(csrf and pid and cookie, "set AP_CSRF, AP_PID and AP_COOKIE")

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-Autosave"] = "1"
  wrk.headers["Cookie"] = cookie
end

function request()
  n = n + 1
  local body = "csrf=" .. csrf .. "&p=" .. pid .. "&a." .. pid ..
               "=bench-" .. tid .. "-" .. n
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("last-answer bench-%d-%d\n", t:get("tid"), t:get("n")))
  end
end
