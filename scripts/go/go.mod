module concurrencybench/runner-go

go 1.19
