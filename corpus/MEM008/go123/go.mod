module golint-mem.example/mem008go123

go 1.23
