-- wrk script for bench/pages.sh: GETs of the exercise page by many
-- readers in turn, each with their own login, as a cohort reading at
-- once sends them (the other GETs are one reader's).  AP_WRITERS names a
-- file of "COOKIE CSRF" lines (bench/lib.sh's sign_up_writers); each
-- request takes the next cookie, each thread starting at its own.
local file = os.getenv("AP_WRITERS")
assert(file, "set AP_WRITERS (a file of 'COOKIE CSRF' lines)")

local cookies = {}
for line in io.lines(file) do
  local cookie = line:match("^(%S+) %x+$")
  assert(cookie, "AP_WRITERS: not a 'COOKIE CSRF' line: " .. line)
  table.insert(cookies, cookie)
end
assert(#cookies > 0, "AP_WRITERS: no readers in " .. file)

local counter = 0

function setup(thread)
  thread:set("first", counter)
  counter = counter + 1
end

function init(args)
  n = first
end

function request()
  n = n + 1
  return wrk.format("GET", nil, { ["Cookie"] = cookies[n % #cookies + 1] })
end
