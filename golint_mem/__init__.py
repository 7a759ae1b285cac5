"""golint-mem: find memory-leak patterns in Go source."""

__version__ = "0.1.0"
