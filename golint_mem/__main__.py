from golint_mem.cli import main

raise SystemExit(main())
