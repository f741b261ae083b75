module github.com/extsim/extsim

go 1.26.0

require (
	github.com/andybalholm/cascadia v1.3.5
	github.com/coder/websocket v1.8.15
	github.com/evanw/esbuild v0.28.2
	github.com/grafana/sobek v0.0.0-20260908083152-4698bc773ae7
	golang.org/x/net v0.62.0
)

require (
	github.com/dlclark/regexp2/v2 v2.7.2 // indirect
	github.com/go-sourcemap/sourcemap v2.1.4+incompatible // indirect
	github.com/google/pprof v0.0.0-20230207041349-798e818bf904 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
