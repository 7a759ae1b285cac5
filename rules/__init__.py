"""The rule modules; installed as ``golint_mem.rules``. One module per rule."""
