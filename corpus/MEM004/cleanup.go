package mem004

// Cleanup paths for maps written in other files of this package.

// delete on the package var watchers (written in pkgvar.go).
func unwatch(name string) {
	delete(watchers, name)
}

// Reassignment of reloadHooks outside its declaration.
func resetReloadHooks() {
	reloadHooks = make(map[string]func())
}

// Reassignment of shutdownHooks to nil after running them.
func runShutdownHooks() {
	for _, fn := range shutdownHooks {
		fn()
	}
	shutdownHooks = nil
}

// Reassignment of profileHooks to nil.
func clearProfile() {
	profileHooks = nil
}

// Delete on the sync.Map streams.
func closeStream(id string) {
	streams.Delete(id)
}

// LoadAndDelete on the sync.Map pending.
func runPending(id string) {
	if fn, ok := pending.LoadAndDelete(id); ok {
		fn.(func())()
	}
}

// Delete on the sync.Map field Broker.inflight.
func (b *Broker) Ack(id string) {
	b.inflight.Delete(id)
}

// delete on the field jobs of Janitor (not Scheduler).
func (j *Janitor) Done(id string) {
	delete(j.jobs, id)
}

// delete on the field Cache.loaders.
func (c *Cache) Evict(key string) {
	delete(c.loaders, key)
}

// Reassignment of the field Mux.hooks.
func (m *Mux) Reset() {
	m.hooks = make(map[string]func())
}

// Reassignment of the field Emitter.callbacks to nil.
func (e *Emitter) Close() {
	e.callbacks = nil
}

// Cleanup through a local alias of the field Relay.routes: delete(m, k) after m := r.routes.
func (r *Relay) Drop(id string) {
	m := r.routes
	delete(m, id)
}

// Cleanup through a local alias of the package var aliasHooks.
func dropAliasHook(name string) {
	hooks := aliasHooks
	delete(hooks, name)
}

// Cleanup in a helper that receives the map: dropAllHooks deletes from its parameter.
func dropAllHooks(m map[string]func()) {
	for k := range m {
		delete(m, k)
	}
}

func resetHelperHooks() { dropAllHooks(helperHooks) }
