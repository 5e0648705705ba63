-- wrk script for bench/signup.sh: sign-up POSTs, each with a new email
-- and, in X-Forwarded-For (the server trusts 127.0.0.1 as its proxy), a
-- new client address, so that none is refused by the per-address limit
-- and every one costs a full argon2id hash.  done() prints how many got
-- each status.
local csrf = os.getenv("AP_CSRF")
assert(csrf, "set AP_CSRF (the ap_pre token)")

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  n, ok, busy, other = 0, 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "ap_pre=" .. csrf
end

function request()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", tid,
    math.floor(n / 256) % 256, n % 256)
  local body = "csrf=" .. csrf .. "&name=Flood&email=flood-" .. tid .. "-" ..
               n .. "%40example.org&password=a+flood+password"
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 303 then ok = ok + 1
  elseif status == 503 then busy = busy + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o, b, x = o + t:get("ok"), b + t:get("busy"), x + t:get("other")
  end
  io.write(string.format("signup-status 303=%d 503=%d other=%d\n", o, b, x))
end
