// Package version holds values the linker sets with -X (GO_LINKER_SYMBOL/VALUE, buildpack.yml ldflags).
package version

// Version is set by GO_LINKER_SYMBOL=example.com/multi/internal/version.Version.
var Version = "dev"

// Commit is set by buildpack.yml's go.ldflags.
var Commit = "none"
