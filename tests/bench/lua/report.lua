-- Prints wrk's figures as one JSON line once the run is over; counts the answers by how
-- the page cache made them (X-Page-Cache: hit, stale, miss) when COUNT_CACHE is set.
-- Used by tests/bench/wrk.py.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

if os.getenv("BENCH_COUNT_CACHE") == "1" then
   function init(args)
      hit, stale, miss, other = 0, 0, 0, 0
   end

   function response(status, headers, body)
      local how = headers["X-Page-Cache"]
      if how == "hit" then hit = hit + 1
      elseif how == "stale" then stale = stale + 1
      elseif how == "miss" then miss = miss + 1
      else other = other + 1 end
   end
end

function done(summary, latency, requests)
   local counts = {hit = 0, stale = 0, miss = 0, other = 0}
   for _, thread in ipairs(threads) do
      for name, _ in pairs(counts) do
         counts[name] = counts[name] + (thread:get(name) or 0)
      end
   end
   local errors = summary.errors
   io.write(string.format(
      '\nBENCH-JSON {"requests": %d, "seconds": %.6f, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"p50_ms": %.3f, "p90_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f, ' ..
      '"cache": {"hit": %d, "stale": %d, "miss": %d, "other": %d}}\n',
      summary.requests, summary.duration / 1e6, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
      counts.hit, counts.stale, counts.miss, counts.other))
end
