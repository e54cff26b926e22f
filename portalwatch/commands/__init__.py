"""All sub-commands (`portalwatch --help` lists them in alphabetical order).

To add one: write ``portalwatch/commands/<name>.py`` with a click command and
add it here. Each is imported only when it runs (or for --help): a crawl child
does not pay for the detectors' or the web view's imports.
"""

# name -> (module under portalwatch.commands, attribute)
COMMANDS: dict[str, tuple[str, str]] = {
    "sites": ("sites", "sites"),
    "crawl": ("crawl", "crawl"),
    "recrawl": ("crawl", "recrawl"),
    "import": ("importing", "import_files"),
    "export": ("export", "export"),
    "extract": ("extract", "extract"),
    "events": ("events", "events"),
    "roster": ("events", "roster"),
    "daemon": ("daemon", "daemon"),
    "worker": ("worker", "worker"),
    "status": ("status", "status"),
    "alerts": ("alerts", "alerts"),
    "simulate": ("simulate", "simulate"),
    "demo": ("demo", "demo"),
    "web": ("web", "web"),
}
