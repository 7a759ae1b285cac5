module golint-mem.example/mem007go122

go 1.22
