"""The read-only web view: pages, Atom feeds and a JSON API over the store.

``portalwatch web`` serves it; the daemon can serve it beside its work with
``server.serve_in_thread``. Everything is rendered on the server: no page needs
JavaScript and no asset is fetched from anywhere else.
"""
