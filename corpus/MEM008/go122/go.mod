module golint-mem.example/mem008go122

go 1.22
