-- wrk script of the portal benchmark: every request asks for PAGE (a
-- path), and the summary prints the 50th, 95th and 99th latency
-- percentiles in milliseconds and the errors.
local page = os.getenv("PAGE") or "/"

function request()
  return wrk.format("GET", page)
end

function done(summary, latency, requests)
  io.write(string.format("p50_ms %.3f\np95_ms %.3f\np99_ms %.3f\nerrors %d\nnon2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
