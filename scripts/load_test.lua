-- wrk script for scripts/load_test.py: a mix of public reads and editor writes, timed per kind.
--
--   wrk -t C -c C ... -s scripts/load_test.lua URL -- PATHS TOKENS WRITE_SHARE SPEAKER_ID OUTLET OUT_DIR
--
-- PATHS holds "kind<TAB>path" lines (timeline, search, permalink, api_list). Writes create drafts
-- (POST /api/v1/statements/) and edit them (PATCH with the version last seen), with editor tokens.
-- load_test.py runs one connection per thread, so in each thread request() and response()
-- alternate strictly: the thread knows which kind every response answers and times it.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } load_test_timespec;
int clock_gettime(int clock_id, load_test_timespec *tp);
]]
local clock = ffi.new("load_test_timespec")
local CLOCK_MONOTONIC = 1

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local API = "/api/v1/statements/"
local KINDS = { "timeline", "search", "permalink", "api_list" }
local threads = {}

-- Per thread (each wrk thread has its own Lua state).
local paths, token, write_share, speaker_id, outlet = {}, "", 0.05, "1", ""
local draft_ids = {}                   -- this thread's drafts in creation order
local pending_kind, started, counter = nil, 0, 0
local drafts, out = {}, nil          -- id -> last version seen; this thread's result file

function setup(thread)
  thread:set("number", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  for line in io.lines(args[1]) do
    local kind, path = line:match("^(%S+)\t(.+)$")
    paths[kind] = paths[kind] or {}
    table.insert(paths[kind], path)
  end
  local tokens = {}
  for line in io.lines(args[2]) do tokens[#tokens + 1] = line end
  token = tokens[(number - 1) % #tokens + 1]
  write_share, speaker_id, outlet = tonumber(args[3]), args[4], args[5]
  math.randomseed(number * 7919)
  out = assert(io.open(string.format("%s/thread-%d.tsv", args[6], number), "w"))
end

local function write_request()
  local headers = { ["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json" }
  counter = counter + 1
  if #draft_ids == 0 or math.random() < 0.4 then
    pending_kind = "create"
    local body = string.format(
      '{"text":"Load test draft %d.%d: the ministry will publish the figures next week.",'
      .. '"speaker_id":%s,"said_on":"2024-05-%02d","medium":"interview","venue":"load test",'
      .. '"sources":[{"citation":"Load test source %d.%d","outlet":"%s"}]}',
      number, counter, speaker_id, counter % 28 + 1, number, counter, outlet)
    return wrk.format("POST", API, headers, body)
  end
  pending_kind = "edit"
  local id = draft_ids[math.random(#draft_ids)]
  local body = string.format('{"version":%d,"text":"Load test draft %d, edit %d.%d."}', drafts[id], id, number, counter)
  return wrk.format("PATCH", API .. id .. "/", headers, body)
end

function request()
  started = now_us()
  if math.random() < write_share then
    return write_request()
  end
  pending_kind = KINDS[math.random(#KINDS)]
  local list = paths[pending_kind]
  return wrk.format("GET", list[math.random(#list)])
end

-- One line per answer: kind, microseconds, status, cache (hit/miss/-), and for a write the draft and its
-- version. Flushed at once: wrk ends threads without a goodbye.
function response(status, headers, body)
  local kind = pending_kind
  if kind == nil then return end
  pending_kind = nil
  local id, version = "", ""
  if (kind == "create" and status == 201) or (kind == "edit" and status == 200) then
    id, version = body:match('^{"id":(%d+)') or "", body:match('"version":(%d+)') or ""
    local key = tonumber(id)
    if key and drafts[key] == nil then draft_ids[#draft_ids + 1] = key end
    if key then drafts[key] = tonumber(version) end
  end
  out:write(string.format("%s\t%d\t%d\t%s\t%s\t%s\n", kind, math.floor(now_us() - started), status,
    headers["X-Archive-Cache"] or "-", id, version))
  out:flush()
end

-- ---------------------------------------------------------------- the report (main thread)

function done(summary, latency, requests)
  -- Per-kind figures come from the threads' files (thread:get of a table crashes this wrk build).
  local e = summary.errors
  io.write(string.format('LOAD_TEST_REPORT {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,'
    .. '"max_us":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
