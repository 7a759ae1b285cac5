module golint-mem.example/mem004go122

go 1.22
