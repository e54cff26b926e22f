"""The Lua scripts of the distributed crawl: each step that must not be half
done in Redis is one script, and each is safe to run twice (a command whose
reply was lost to a Redis outage is sent again once Redis is back).

Keys, by name: ``seen`` (hash fingerprint -> enqueue call id), ``live`` (set of
the run's work tokens), ``queue`` (the site's scrapy-redis priority queue),
``held`` (hash member -> lease deadline: requests and jobs a worker has taken
and not finished), ``jobs`` (list of the site's waiting runs).
"""

from __future__ import annotations

# KEYS seen, live, queue, held. ARGV fingerprint, token, filter (1/0), score,
# member, ttl, call id, member this one replaces ('' if none).
# Returns -1 when queued (or queued by an earlier try of this very call), else
# the run's live count after taking out the token of a request the run had.
ENQUEUE = """
if ARGV[8] ~= '' then redis.call('HDEL', KEYS[4], ARGV[8]) end
if ARGV[3] == '1' then
  local first = redis.call('HGET', KEYS[1], ARGV[1])
  if first == ARGV[7] then return -1 end
  if first then
    redis.call('SREM', KEYS[2], ARGV[2])
    return redis.call('SCARD', KEYS[2])
  end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[7])
  redis.call('EXPIRE', KEYS[1], ARGV[6])
end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
return -1
"""

# KEYS live, held. ARGV token, member ('' if none). Returns the live count.
DONE = """
if ARGV[2] ~= '' then redis.call('HDEL', KEYS[2], ARGV[2]) end
redis.call('SREM', KEYS[1], ARGV[1])
return redis.call('SCARD', KEYS[1])
"""

# KEYS queue, held. ARGV lease seconds. The first request, taken on a lease.
POP = """
local member = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if not member then return false end
redis.call('ZREM', KEYS[1], member)
redis.call('HSET', KEYS[2], member, tonumber(redis.call('TIME')[1]) + tonumber(ARGV[1]))
return member
"""

# KEYS jobs, held. ARGV lease seconds. The first waiting run, taken on a lease.
TAKE_JOB = """
local job = redis.call('LPOP', KEYS[1])
if not job then return false end
redis.call('HSET', KEYS[2], 'job:' .. job, tonumber(redis.call('TIME')[1]) + tonumber(ARGV[1]))
return job
"""

# KEYS held. ARGV lease seconds, then the members this worker holds: their
# leases run on while the worker lives (one it no longer holds is left alone).
RENEW = """
local deadline = tonumber(redis.call('TIME')[1]) + tonumber(ARGV[1])
for i = 2, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then redis.call('HSET', KEYS[1], ARGV[i], deadline) end
end
return #ARGV - 1
"""

# KEYS queue, held, jobs. Puts back what a worker took and never finished (it
# died, or lost Redis's answer); returns how many.
RELEASE_EXPIRED = """
local now = tonumber(redis.call('TIME')[1])
local held = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 1, #held, 2 do
  if tonumber(held[i + 1]) < now then
    redis.call('HDEL', KEYS[2], held[i])
    if string.sub(held[i], 1, 4) == 'job:' then
      redis.call('LPUSH', KEYS[3], string.sub(held[i], 5))
    else
      redis.call('ZADD', KEYS[1], 0, held[i])
    end
    n = n + 1
  end
end
return n
"""
