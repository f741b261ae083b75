module github.com/extsim/extsim

go 1.26
