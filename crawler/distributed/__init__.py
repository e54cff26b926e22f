"""Scale-out: crawls shared by any number of worker processes through Redis.

With ``PORTALWATCH_REDIS_URL`` set, the daemon does not crawl a due site in a
child process: it opens the crawl run in the store and puts the run on the
site's job list in Redis (``dispatch``). Workers (``portalwatch worker``, one
Scrapy process each, a crawler per site of the registry) take the job, and the
requests of the run go through one shared scrapy-redis queue per site, so any
worker may fetch any of them (``scheduler``). A fingerprint set per run keeps
each URL to one fetch across workers and lets the next run fetch the lists
again; a set of the run's live requests tells when the run is over, and the
worker that takes the last one out records the run's figures (``tracking``).
Redis writes that fail while Redis is away wait in the worker, in order, and
are replayed when it is back (``backlog``).
"""
