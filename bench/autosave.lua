-- wrk script for bench/pages.sh and bench/scale.sh: autosave POSTs of one
-- text prompt, as app.js sends them, by many writers, each a participant
-- saving their own answer.  AP_WRITERS names a file of "COOKIE CSRF"
-- lines, one a writer (bench/lib.sh's sign_up_writers); AP_PID is the
-- prompt; AP_THREADS is wrk's -t.  With at least as many writers as
-- threads each thread takes writers of its own (thread t: t, t + T, ...),
-- else every thread takes them all.  A thread sends its writers' saves in
-- turn, so with as many writers as connections a writer's next save
-- leaves only after the thread sent one for each of its other writers:
-- two saves of one writer are in flight together only when one waits a
-- whole turn longer than the others (the tail of the latencies does;
-- wrk's Lua is not told which connection a request goes on, so it cannot
-- hold a writer to one save in flight).  A save's answer is
-- "bench-W-T-K", the K-th save of writer W by thread T, and done()
-- prints "last-save W T K" for each writer and thread, so that the
-- script that ran it can check each writer's page shows one of its last
-- saves.
local file = os.getenv("AP_WRITERS")
local pid = os.getenv("AP_PID")
local nthreads = tonumber(os.getenv("AP_THREADS") or "")
assert(file and pid and nthreads,
       "set AP_WRITERS (a file of 'COOKIE CSRF' lines), AP_PID and AP_THREADS")

local writers = {}
for line in io.lines(file) do
  local cookie, csrf = line:match("^(%S+) (%x+)$")
  assert(cookie, "AP_WRITERS: not a 'COOKIE CSRF' line: " .. line)
  table.insert(writers, { cookie = cookie, csrf = csrf })
end
assert(#writers > 0, "AP_WRITERS: no writers in " .. file)

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  mine = {}
  local first, step = 1, 1
  if #writers >= nthreads then first, step = tid, nthreads end
  for w = first, #writers, step do table.insert(mine, w) end
  n = 0
  sent = {}           -- sent[w]: this thread's saves of writer w so far
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-Autosave"] = "1"
end

function request()
  local w = mine[n % #mine + 1]
  n = n + 1
  sent[w] = (sent[w] or 0) + 1
  wrk.headers["Cookie"] = writers[w].cookie
  local body = "csrf=" .. writers[w].csrf .. "&p=" .. pid .. "&a." .. pid ..
               "=bench-" .. w .. "-" .. tid .. "-" .. sent[w]
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local tid = t:get("tid")
    for w, k in pairs(t:get("sent")) do
      io.write(string.format("last-save %d %d %d\n", w, tid, k))
    end
  end
end
