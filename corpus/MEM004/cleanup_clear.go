//go:build go1.21

package mem004

// clear() is a Go 1.21 builtin: the build tag makes older toolchains skip this file
// (the analyzer ignores build tags, so these cleanup paths count).

// clear of the package var metricHooks.
func resetMetrics() {
	clear(metricHooks)
}

// clear of the field Pipeline.stages, through a parameter of resolved type *Pipeline.
func resetPipeline(p *Pipeline) {
	clear(p.stages)
}
