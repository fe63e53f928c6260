"""Public pages kept for visitors who are not logged in, and told to shared caches (a CDN, Varnish).

- ``pages.CachedForVisitors``: the mixin a page class takes to be kept; it says which query
  parameters change what it shows and what their canonical form is.
- ``middleware.PageCacheMiddleware``: answers a visitor from the cache before any routing, session
  or database work, and keeps what such a page answered.
- ``store``: the cache entries and the *content generation* they are kept under, which any committed
  change to what a page may show replaces (so the next request renders afresh).
"""
