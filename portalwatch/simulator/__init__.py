"""A simulator of Hanoi's government news portals, for tests, demos and benchmarks.

See README.md in this package for the URLs and markup of each platform.
"""

from portalwatch.simulator.simulator import Simulator

__all__ = ["Simulator"]
