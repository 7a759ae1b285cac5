module golint-mem.example/mem007go123

go 1.23
