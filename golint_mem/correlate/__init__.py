"""``golint-mem correlate DUMP [PATH ...]``: confirm static findings with a running
service's goroutine dump, and trace pile-ups in the dump back to code.

Imported only by the ``correlate`` command. Data flows one way: the dump's bytes
-> goroutines (:mod:`.dump`) -> sites joined with the findings of a static run
over PATH (:mod:`.join`) -> a report (:mod:`.report`).
"""

from __future__ import annotations

from golint_mem.correlate.dump import Dump, DumpError, parse
from golint_mem.correlate.join import Site, correlate

__all__ = ["Dump", "DumpError", "Site", "correlate", "parse", "local_files"]


def local_files(paths: list[str], opts) -> list[str]:
    """The Go files a check of ``paths`` analyses: what dump paths may map to."""
    from golint_mem.discover import discover

    units = discover(paths, opts.exclude, force_exclude=opts.force_exclude, tests=opts.tests,
                     build=opts.build, overrides=opts.overrides)
    return [f for u in units for f in u.files + u.test_files]
