-- wrk script of the verification benchmark: each request asks for the
-- verification page of a random code of codes.txt (the path of the
-- benchmark's dataset), and the summary prints the 50th, 95th and 99th
-- latency percentiles in milliseconds.
local codes = {}
local file = os.getenv("CODES") or "codes.txt"

function init(args)
  for line in io.lines(file) do
    codes[#codes + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  return wrk.format("GET", "/verify/" .. codes[math.random(#codes)])
end

function done(summary, latency, requests)
  io.write(string.format("p50_ms %.3f\np95_ms %.3f\np99_ms %.3f\nerrors %d\nnon2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
